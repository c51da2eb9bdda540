"""Plain functions that build valid objects for tests; each takes overrides as keywords."""
from datetime import UTC, datetime, timedelta
from itertools import count

from eventapp.extensions import db
from eventapp.models import (
    Event,
    EventStatus,
    Room,
    SessionKind,
    SessionSpeaker,
    Speaker,
    SpeakerRole,
    WorkshopSession,
)

_sequence = count(1)

# 09:00 in Hanoi, a date safely in the future.
DEFAULT_START = datetime(2031, 3, 18, 2, 0, tzinfo=UTC)


def make_event(**overrides) -> Event:
    n = next(_sequence)
    starts_at = overrides.pop("starts_at", DEFAULT_START)
    values = {
        "slug": f"event-{n}",
        "title": f"Workshop {n}",
        "venue": "Hanoi Opera House",
        "address": "1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=8),
        "status": EventStatus.PUBLISHED,
        "contact_email": "contact@example.org",
    }
    values.update(overrides)
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def make_room(event: Event, **overrides) -> Room:
    n = next(_sequence)
    values = {"event_id": event.id, "name": f"Room {n}", "position": n}
    values.update(overrides)
    room = Room(**values)
    db.session.add(room)
    db.session.flush()
    return room


def make_session(event: Event, **overrides) -> WorkshopSession:
    n = next(_sequence)
    starts_at = overrides.pop("starts_at", event.starts_at)
    values = {
        "event_id": event.id,
        "title": f"Session {n}",
        "kind": SessionKind.PRESENTATION,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=45),
    }
    if "room" in overrides:
        room = overrides.pop("room")
        values["room_id"] = room.id if room else None
    values.update(overrides)
    session = WorkshopSession(**values)
    db.session.add(session)
    db.session.flush()
    return session


def make_speaker(**overrides) -> Speaker:
    n = next(_sequence)
    values = {"slug": f"speaker-{n}", "full_name": f"Nguyễn Văn {n}"}
    values.update(overrides)
    speaker = Speaker(**values)
    db.session.add(speaker)
    db.session.flush()
    return speaker


def add_speaker(session: WorkshopSession, speaker: Speaker, role=SpeakerRole.SPEAKER, position=0):
    link = SessionSpeaker(
        session_id=session.id, speaker_id=speaker.id, role=role, position=position
    )
    db.session.add(link)
    db.session.flush()
    return link
