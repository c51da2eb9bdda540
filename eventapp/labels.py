"""Words shown for the values of stored enumerations, in the visitor's language."""
from flask_babel import lazy_gettext as _l

from eventapp.models import (
    EventStatus,
    Role,
    SessionStatus,
    ChoiceStatus,
    CreativeField,
    Honorific,
    LinkKind,
    OrganizationGroup,
    RegistrationStatus,
    SessionKind,
    SessionLanguage,
    SpeakerRole,
)

# Per enumeration: values of different enumerations may be equal strings ("other").
LABELS: dict[type, dict] = {
    EventStatus: {
        EventStatus.DRAFT: _l("Draft"),
        EventStatus.PUBLISHED: _l("Published"),
    },
    SessionStatus: {
        SessionStatus.SCHEDULED: _l("Scheduled"),
        SessionStatus.CANCELLED: _l("Cancelled"),
    },
    Role: {
        Role.ADMIN: _l("Administrator"),
        Role.ORGANIZER: _l("Organizer"),
        Role.CHECKIN: _l("Check-in staff"),
    },
    SessionKind: {
        SessionKind.OPENING: _l("Opening"),
        SessionKind.KEYNOTE: _l("Keynote"),
        SessionKind.PRESENTATION: _l("Presentation"),
        SessionKind.PANEL: _l("Panel discussion"),
        SessionKind.WORKSHOP: _l("Workshop"),
        SessionKind.BREAK: _l("Break"),
        SessionKind.NETWORKING: _l("Networking"),
        SessionKind.CLOSING: _l("Closing"),
    },
    SessionLanguage: {
        SessionLanguage.VIETNAMESE: _l("Vietnamese"),
        SessionLanguage.ENGLISH: _l("English"),
        SessionLanguage.BILINGUAL: _l("Vietnamese and English, with interpretation"),
    },
    SpeakerRole: {
        SpeakerRole.SPEAKER: _l("Speaker"),
        SpeakerRole.MODERATOR: _l("Moderator"),
        SpeakerRole.PANELIST: _l("Panelist"),
        SpeakerRole.CHAIR: _l("Chair"),
    },
    LinkKind: {
        LinkKind.WEBSITE: _l("Website"),
        LinkKind.LINKEDIN: _l("LinkedIn"),
        LinkKind.ORCID: _l("ORCID"),
        LinkKind.FACEBOOK: _l("Facebook"),
        LinkKind.X: _l("X"),
        LinkKind.OTHER: _l("Link"),
    },
    OrganizationGroup: {
        OrganizationGroup.GOVERNMENT: _l("Government"),
        OrganizationGroup.INTERNATIONAL: _l("International"),
        OrganizationGroup.BUSINESS: _l("Business"),
        OrganizationGroup.CULTURE: _l("Culture and the arts"),
        OrganizationGroup.KNOWLEDGE: _l("Research and media"),
        OrganizationGroup.INDIVIDUAL: _l("Individuals"),
        OrganizationGroup.OTHER: _l("Other"),
    },
    RegistrationStatus: {
        RegistrationStatus.PENDING_CONFIRMATION: _l("Waiting for email confirmation"),
        RegistrationStatus.PENDING_APPROVAL: _l("Waiting for approval"),
        RegistrationStatus.CONFIRMED: _l("Confirmed"),
        RegistrationStatus.WAITLISTED: _l("On the waiting list"),
        RegistrationStatus.REJECTED: _l("Not accepted"),
        RegistrationStatus.CANCELLED: _l("Cancelled"),
        RegistrationStatus.EXPIRED: _l("Expired (not confirmed in time)"),
    },
    ChoiceStatus: {
        ChoiceStatus.HOLDING: _l("Seat reserved"),
        ChoiceStatus.WAITLISTED: _l("On the waiting list"),
    },
    CreativeField: {
        CreativeField.CRAFTS_FOLK_ART: _l("Crafts and folk art"),
        CreativeField.DESIGN: _l("Design"),
        CreativeField.FILM: _l("Film"),
        CreativeField.GASTRONOMY: _l("Gastronomy"),
        CreativeField.LITERATURE: _l("Literature"),
        CreativeField.MEDIA_ARTS: _l("Media arts"),
        CreativeField.MUSIC: _l("Music"),
    },
}

# Honorifics as they are written before a name; "none" writes nothing.
HONORIFICS = {
    Honorific.NONE: "",
    Honorific.MR: _l("Mr."),
    Honorific.MS: _l("Ms."),
    Honorific.DR: _l("Dr."),
    Honorific.ASSOC_PROF: _l("Assoc. Prof."),
    Honorific.ASSOC_PROF_DR: _l("Assoc. Prof. Dr."),
    Honorific.PROF: _l("Prof."),
    Honorific.PROF_DR: _l("Prof. Dr."),
}


def label(value) -> str:
    return str(LABELS.get(type(value), {}).get(value, value))


def speaker_name(speaker) -> str:
    """The name as it is introduced: "Dr. Nguyễn Phương Hoa"."""
    title = str(HONORIFICS.get(speaker.honorific, ""))
    return f"{title} {speaker.full_name}".strip()
