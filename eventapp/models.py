"""Every model, imported in one place so that the metadata and migrations see them all."""
from eventapp.accounts.models import Account, EventAssignment, Role
from eventapp.audit.models import AuditEntry
from eventapp.events.models import Event, EventStatus, Room
from eventapp.labels import Honorific
from eventapp.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from eventapp.mailings.models import Mailing
from eventapp.media.models import StoredImage
from eventapp.organizations.models import OrganizationGroup, OrganizationType
from eventapp.programme.models import (
    SessionKind,
    SessionLanguage,
    SessionSpeaker,
    SessionStatus,
    SpeakerRole,
    WorkshopSession,
)
from eventapp.registration import queries, search  # noqa: F401  (list indexes; search_text)
from eventapp.registration.models import (
    ChoiceStatus,
    CreativeField,
    Language,
    Registration,
    RegistrationLogEntry,
    RegistrationStatus,
    SessionChoice,
    TypePolicy,
)
from eventapp.speakers.models import LinkKind, Speaker, SpeakerLink

__all__ = [
    "Account",
    "AuditEntry",
    "EventAssignment",
    "RegistrationLogEntry",
    "Role",
    "SessionStatus",
    "ChoiceStatus",
    "CreativeField",
    "Language",
    "Registration",
    "RegistrationStatus",
    "SessionChoice",
    "TypePolicy",
    "Event",
    "EventStatus",
    "Honorific",
    "LinkKind",
    "Mailing",
    "OrganizationGroup",
    "OrganizationType",
    "OutboxAttachment",
    "OutboxMessage",
    "OutboxStatus",
    "Room",
    "SessionKind",
    "SessionLanguage",
    "SessionSpeaker",
    "Speaker",
    "SpeakerLink",
    "SpeakerRole",
    "StoredImage",
    "WorkshopSession",
]
