"""The programme of an event as the public sees it."""
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import select, text
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


# --- Rendered pages, kept while what they show is unchanged ------------------------------------
#
# Rendering the agenda (ORM objects, then Jinja and Babel for every session) costs tens of
# milliseconds; reading the rows it is made of, a fraction of one. So a public page is kept
# as rendered, with a fingerprint of every row it was made from, and served again as long as
# a fresh read of those rows gives the same fingerprint. The rows are read on every request:
# a change (an edit, a seat taken) shows on the very next request, on every host, whoever
# made it and however (the workspace, a command, psql).


def fingerprint(*results: Iterable) -> str:
    """A digest of whole rows (every column, in their order), result set by result set."""
    digest = hashlib.blake2b(digest_size=16)
    for rows in results:
        for row in rows:
            digest.update(repr(tuple(row)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


# Plain SQL on purpose, one statement per database. PostgreSQL gives every row version a new
# xmin (the transaction that wrote it), so the ids and xmins of the rows are an exact and
# small fingerprint, digested in the server. SQLite has no row versions: it hands over whole
# rows (`*`: every column, including any added later), raw as the driver returns them, which
# is cheap in-process. Either way no ORM object is made and no value converted.
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


def on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def digest_on_server(statement, params: dict) -> str | None:
    """Run a PostgreSQL fingerprint query on a connection of its own, in autocommit.

    One round trip instead of three (BEGIN, the query, and the ROLLBACK that ends the
    request's session): on a page served from memory they are most of the work.
    """
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        return conn.execute(statement, params).scalar()


def programme_version(slug: str) -> str | None:
    """The fingerprint of a published event's programme pages, or None when there is none.

    It covers the event, its rooms, its sessions, their speaker links and speakers: a
    change to any column of any of them gives another fingerprint, whatever a template
    chooses to show.
    """
    if on_postgresql():
        return digest_on_server(_PROGRAMME_PG, {"slug": slug})

    def read_rows():
        head = db.session.execute(_EVENT_AND_ROOMS, {"slug": slug}).all()
        if not head:
            return None
        programme = db.session.execute(_SESSIONS_AND_SPEAKERS, {"event_id": head[0][0]}).all()
        return fingerprint(head, programme)

    return unless_sqlite_unchanged(("programme", slug), read_rows)


# The SQLite connection's count of commits by others, and of its own changes.
_SQLITE_STATE = text("SELECT total_changes(), (SELECT data_version FROM pragma_data_version())")


def unless_sqlite_unchanged(key: tuple, compute: Callable[[], str | None]) -> str | None:
    """compute(), or what it gave last time on this connection if the database is unchanged.

    SQLite tells each connection whether anyone else committed since it last asked
    (data_version) and how many rows it changed itself (total_changes): when neither moved,
    no row of the database changed, and reading the page's rows again (the costly part on
    SQLite) would give the same fingerprint. Any write anywhere, even elsewhere in the
    database, makes the next request read them again.
    """
    connection = db.session.connection()
    state = tuple(connection.execute(_SQLITE_STATE).one())
    known = connection.info.setdefault("eventapp.fingerprints", {})
    if key in known and known[key][0] == state:
        return known[key][1]
    value = compute()
    known[key] = (state, value)
    return value


class RenderedPages:
    """Pages as rendered, each under its key with the fingerprint of what it showed.

    One per application in each process (each gunicorn worker keeps its own); bounded,
    least recently used pages go first. Thread-safe: gunicorn's threads share it. Each page
    is also kept as the UTF-8 bytes it is sent as, for `eventapp.kept_pages` to serve.
    """

    def __init__(self, size: int = 512):
        self.size = size
        self._pages: OrderedDict[tuple, tuple[str, str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, version: str, render: Callable[[], str]) -> str:
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None and kept[0] == version:
                self._pages.move_to_end(key)
                return kept[1]
        # Rendered outside the lock; two threads may both render a changed page, once each.
        html = render()
        with self._lock:
            self._pages[key] = (version, html, html.encode("utf-8"))
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return html

    def peek(self, key: tuple) -> tuple[str, bytes] | None:
        """(fingerprint, body) of the page kept under `key`, if any."""
        with self._lock:
            kept = self._pages.get(key)
            if kept is None:
                return None
            self._pages.move_to_end(key)
            return kept[0], kept[2]

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def rendered_pages(app) -> RenderedPages:
    """The application's pages (an application per database: never another's page)."""
    return app.extensions.setdefault("eventapp.rendered_pages", RenderedPages())
