"""Every model, imported in one place so that the metadata and migrations see them all."""
from eventapp.events.models import Event, EventStatus, Room
from eventapp.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from eventapp.media.models import StoredImage
from eventapp.organizations.models import OrganizationGroup, OrganizationType
from eventapp.programme.models import (
    SessionKind,
    SessionLanguage,
    SessionSpeaker,
    SpeakerRole,
    WorkshopSession,
)
from eventapp.registration.models import (
    ChoiceStatus,
    CreativeField,
    Language,
    Registration,
    RegistrationStatus,
    SessionChoice,
    TypePolicy,
)
from eventapp.speakers.models import Honorific, LinkKind, Speaker, SpeakerLink

__all__ = [
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
