"""The programme of an event as the public sees it."""
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import select, text
from sqlalchemy.orm import joinedload, selectinload

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.page_cache import Fingerprint
from eventapp.programme.models import SessionSpeaker, WorkshopSession
from eventapp.text import name_sort_key


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


def programme_speakers(sessions: list[WorkshopSession]) -> list:
    """Everyone who takes part in these sessions, in the order Vietnamese readers expect.

    The sessions come with their speakers loaded (`event_sessions`): nothing more is read.
    """
    speakers = {link.speaker for session in sessions for link in session.speaker_links}
    return sorted(speakers, key=lambda s: (name_sort_key(s.full_name), s.id))


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


def session_speakers(session: WorkshopSession) -> list[SessionSpeaker]:
    return list(
        db.session.scalars(
            select(SessionSpeaker)
            .where(SessionSpeaker.session_id == session.id)
            .options(joinedload(SessionSpeaker.speaker))
            .order_by(SessionSpeaker.position, SessionSpeaker.speaker_id)
        )
    )


def get_event_session(event: Event, session_id: int) -> WorkshopSession:
    query = select(WorkshopSession).where(
        WorkshopSession.id == session_id, WorkshopSession.event_id == event.id
    )
    session = db.session.scalars(_with_room_and_speakers(query)).unique().first()
    if session is None:
        raise SessionNotFound(session_id)
    return session


# --- The fingerprint of the programme's kept pages ---------------------------------------------
#
# The agenda and the speakers page are kept as rendered (eventapp.page_cache) while these
# rows are unchanged: the event, its rooms, its sessions, their speaker links and speakers.
# A change to any column of any of them gives another fingerprint, whatever a template
# chooses to show.

_PROGRAMME_PG = text(
    "SELECT md5(event.id || ':' || event.xmin::text"
    " || '|' || coalesce((SELECT string_agg(r.id || ':' || r.xmin::text, ',' ORDER BY r.id)"
    "   FROM room r WHERE r.event_id = event.id), '')"
    " || '|' || coalesce((SELECT string_agg(s.id || ':' || s.xmin::text, ',' ORDER BY s.id)"
    "   FROM workshop_session s WHERE s.event_id = event.id), '')"
    " || '|' || coalesce((SELECT string_agg(ss.session_id || '/' || ss.speaker_id || ':'"
    "     || ss.xmin::text || ':' || sp.xmin::text, ',' ORDER BY ss.session_id, ss.speaker_id)"
    "   FROM session_speaker ss JOIN workshop_session s ON s.id = ss.session_id"
    "   JOIN speaker sp ON sp.id = ss.speaker_id WHERE s.event_id = event.id), ''))"
    " FROM event WHERE event.slug = :slug AND event.status = 'published'"
)
_EVENT_AND_ROOMS = text(
    "SELECT event.*, room.* FROM event LEFT OUTER JOIN room ON room.event_id = event.id"
    " WHERE event.slug = :slug AND event.status = 'published' ORDER BY room.id"
)
_SESSIONS_AND_SPEAKERS = text(
    "SELECT workshop_session.*, session_speaker.*, speaker.* FROM workshop_session"
    " LEFT OUTER JOIN session_speaker ON session_speaker.session_id = workshop_session.id"
    " LEFT OUTER JOIN speaker ON speaker.id = session_speaker.speaker_id"
    " WHERE workshop_session.event_id = :event_id"
    " ORDER BY workshop_session.id, session_speaker.speaker_id"
)

PROGRAMME = Fingerprint(
    name="programme",
    postgresql=_PROGRAMME_PG,
    head=_EVENT_AND_ROOMS,
    rest=_SESSIONS_AND_SPEAKERS,
    key="event_id",
)


def programme_version(slug: str) -> str | None:
    """The fingerprint of a published event's programme pages, or None when there is none."""
    return PROGRAMME.version(slug)
