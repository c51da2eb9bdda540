"""What every schedule export shares: stable identities, places, people and plain text.

The documents themselves are built in `ical`, `json_schedule` and `frab`; each takes the
event, its sessions (from `eventapp.programme.services.event_sessions`, rooms and speakers
loaded) and a `Links` object, and never touches `session.event`.
"""
import hashlib
import uuid
from datetime import UTC
from urllib.parse import quote, urlencode

from flask_babel import gettext as _

from eventapp.events.models import Event
from eventapp.i18n import localized
from eventapp.labels import label, speaker_name
from eventapp.programme.models import WorkshopSession
from eventapp.text import plain_text

# Fixed for ever: it seeds every session's UID and guid. Changing it would give each session
# a new identity, and calendars and apps that imported the schedule would show it twice.
_IDENTITY_NAMESPACE = uuid.UUID("20a4d8fb-b9ad-4091-b1b7-a30fac2965d2")

GOOGLE_CALENDAR_URL = "https://calendar.google.com/calendar/render"
# Browsers and Google refuse very long addresses; the session page has the full text.
_GOOGLE_DETAILS_LIMIT = 1200


def event_guid(event: Event) -> uuid.UUID:
    return uuid.uuid5(_IDENTITY_NAMESPACE, f"event/{event.slug}")


def session_guid(event: Event, session: WorkshopSession) -> uuid.UUID:
    """The same for a session on every request and every host, as long as the slug stays."""
    return uuid.uuid5(_IDENTITY_NAMESPACE, f"event/{event.slug}/session/{session.id}")


def duration_minutes(session: WorkshopSession) -> int:
    return int(session.duration.total_seconds() // 60)


def session_location(event: Event, session: WorkshopSession) -> str:
    """Room, where to find it, venue and address: "Phòng A, Tầng 2, Nhà hát Lớn, 1 Tràng Tiền".

    In the reader's language, each part in the other one where it is not written in theirs.
    """
    room = session.room
    parts = [localized(room, "name"), localized(room, "location")] if room else []
    parts += [localized(event, "venue"), localized(event, "address")]
    return ", ".join(part for part in parts if part)


def speaker_lines(session: WorkshopSession) -> list[str]:
    """Who takes part, in the session's order: "Moderator: Dr. Nguyễn Phương Hoa, Director, …"."""
    lines = []
    for link in session.speaker_links:
        speaker = link.speaker
        parts = (
            speaker_name(speaker),
            localized(speaker, "position"),
            localized(speaker, "organization"),
        )
        person = ", ".join(part for part in parts if part)
        lines.append(_("%(role)s: %(person)s", role=label(link.role), person=person))
    return lines


def session_details(session: WorkshopSession, session_url: str | None = None) -> str:
    """The plain text a calendar shows for a session: description, speakers, link."""
    blocks = [plain_text(localized(session, "description")), "\n".join(speaker_lines(session))]
    if session_url:
        blocks.append(session_url)
    return "\n\n".join(block for block in blocks if block)


def content_version(content: bytes) -> str:
    """A short fingerprint that changes whenever the content of an export changes."""
    return hashlib.sha256(content).hexdigest()[:16]


def google_calendar_url(event: Event, session: WorkshopSession, session_url: str) -> str:
    """An "add to Google Calendar" link that opens a filled-in event for the session."""
    text = plain_text(localized(session, "description"))
    if len(text) > _GOOGLE_DETAILS_LIMIT:
        text = text[:_GOOGLE_DETAILS_LIMIT].rsplit(" ", 1)[0] + " …"
    details = "\n\n".join(
        block for block in (text, "\n".join(speaker_lines(session)), session_url) if block
    )
    params = {
        "action": "TEMPLATE",
        "text": f"{localized(session, 'title')} · {localized(event, 'title')}",
        # UTC times are unambiguous; ctz makes Google show them in the event's own zone.
        "dates": f"{_google_time(session.starts_at)}/{_google_time(session.ends_at)}",
        "ctz": event.timezone,
        "details": details,
        "location": session_location(event, session),
    }
    return f"{GOOGLE_CALENDAR_URL}?{urlencode(params, quote_via=quote)}"


def _google_time(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
