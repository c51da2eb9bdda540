"""The programme as JSON for apps, screens and other sites (documented in docs/schedule.md)."""
import json
from datetime import datetime

from flask_babel import get_locale

from eventapp.db import utc_now
from eventapp.events.models import Event, Room
from eventapp.i18n import localized
from eventapp.labels import speaker_name
from eventapp.programme.models import SessionSpeaker, WorkshopSession
from eventapp.schedule.links import Links
from eventapp.schedule.services import content_version, duration_minutes, session_guid

# Raised only when a field changes meaning or is removed; new fields keep the number.
FORMAT_VERSION = 1


def schedule_json(
    event: Event, sessions: list[WorkshopSession], links: Links, now: datetime | None = None
) -> str:
    """The document as UTF-8 text: keys in a fixed order, Vietnamese letters as they are."""
    return _dumps(schedule_document(event, sessions, links, now))


def schedule_document(
    event: Event, sessions: list[WorkshopSession], links: Links, now: datetime | None = None
) -> dict:
    content = {
        "event": _event(event, links),
        "rooms": [_room(room) for room in event.rooms],
        "sessions": [_session(event, session, links) for session in sessions],
    }
    return {
        "format_version": FORMAT_VERSION,
        "version": content_version(_dumps(content).encode()),
        "generated_at": event.local(now or utc_now()).isoformat(timespec="seconds"),
        "language": str(get_locale() or "en"),
        **content,
    }


def _dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def _bilingual(obj, field: str, missing: str | None = None) -> dict:
    """`field` in the document's language (or the other one), then as written in each.

    {"title": …, "title_en": …, "title_vi": …}: the first is `missing` when neither language
    has the text, the other two are null for a language it is not written in.
    """
    return {
        field: localized(obj, field) or missing,
        f"{field}_en": (getattr(obj, field) or "").strip() or None,
        f"{field}_vi": (getattr(obj, f"{field}_vi") or "").strip() or None,
    }


def _moment(event: Event, moment: datetime) -> str:
    """ISO 8601 in the event's zone, offset included: 2031-03-18T09:00:00+07:00."""
    return event.local(moment).isoformat(timespec="seconds")


def _event(event: Event, links: Links) -> dict:
    return {
        "slug": event.slug,
        **_bilingual(event, "title"),
        **_bilingual(event, "subtitle"),
        **_bilingual(event, "organizer"),
        **_bilingual(event, "venue", missing=""),
        **_bilingual(event, "address", missing=""),
        "timezone": event.timezone,
        "start": _moment(event, event.starts_at),
        "end": _moment(event, event.ends_at),
        "url": links.event(event),
        "ics_url": links.event_ics(event),
    }


def _room(room: Room) -> dict:
    return {
        "id": room.id,
        **_bilingual(room, "name", missing=""),
        **_bilingual(room, "location"),
        "capacity": room.capacity,
    }


def _session(event: Event, session: WorkshopSession, links: Links) -> dict:
    room = session.room
    return {
        "id": session.id,
        "guid": str(session_guid(event, session)),
        **_bilingual(session, "title"),
        **_bilingual(session, "description", missing=""),
        "kind": session.kind.value,
        "start": _moment(event, session.starts_at),
        "end": _moment(event, session.ends_at),
        "duration_minutes": duration_minutes(session),
        "room": {"id": room.id, **_bilingual(room, "name", missing="")} if room else None,
        "capacity": session.capacity,
        "seats_left": session.seats_left,
        "language": session.language.value,
        **_bilingual(session, "track"),
        "url": links.session(event, session),
        "ics_url": links.session_ics(event, session),
        "speakers": [_speaker(link, links) for link in session.speaker_links],
    }


def _speaker(link: SessionSpeaker, links: Links) -> dict:
    speaker = link.speaker
    return {
        "slug": speaker.slug,
        "name": speaker_name(speaker),
        "full_name": speaker.full_name,
        "honorific": speaker.honorific.value,
        "role": link.role.value,
        "position": localized(speaker, "position") or None,
        "organization": localized(speaker, "organization") or None,
        "url": links.speaker(speaker),
    }
