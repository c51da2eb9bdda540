"""The programme of an event as the public sees it."""
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import SessionSpeaker, WorkshopSession


class SessionNotFound(LookupError):
    """The event has no session with this id."""


@dataclass
class TimeSlot:
    starts_at: datetime
    sessions: list[WorkshopSession] = field(default_factory=list)

    @property
    def is_parallel(self) -> bool:
        return len(self.sessions) > 1


@dataclass
class AgendaDay:
    date: date
    slots: list[TimeSlot]

    @property
    def starts_at(self) -> datetime:
        return self.slots[0].starts_at


def _with_room_and_speakers(query):
    """Load what the programme shows of a session in a fixed number of queries."""
    return query.options(
        joinedload(WorkshopSession.room),
        selectinload(WorkshopSession.speaker_links).joinedload(SessionSpeaker.speaker),
    )


def event_sessions(event: Event) -> list[WorkshopSession]:
    query = (
        select(WorkshopSession)
        .where(WorkshopSession.event_id == event.id)
        .order_by(WorkshopSession.starts_at, WorkshopSession.room_id, WorkshopSession.id)
    )
    return list(db.session.scalars(_with_room_and_speakers(query)).unique())


def build_agenda(event: Event, sessions: list[WorkshopSession]) -> list[AgendaDay]:
    """Sessions grouped by day (in the event's zone) and then by starting time."""
    tz = event.tz
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.room.position if s.room else -1, s.id))
    days = []
    for day, day_sessions in groupby(ordered, key=lambda s: s.starts_at.astimezone(tz).date()):
        slots = [
            TimeSlot(starts_at=start, sessions=list(group))
            for start, group in groupby(day_sessions, key=lambda s: s.starts_at)
        ]
        days.append(AgendaDay(date=day, slots=slots))
    return days


def get_event_session(event: Event, session_id: int) -> WorkshopSession:
    query = select(WorkshopSession).where(
        WorkshopSession.id == session_id, WorkshopSession.event_id == event.id
    )
    session = db.session.scalars(_with_room_and_speakers(query)).unique().first()
    if session is None:
        raise SessionNotFound(session_id)
    return session
