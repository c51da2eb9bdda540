"""Who came to an event: the numbers of the attendance report, each counted by the database.

Whatever the number of registrations, the report costs the same three queries: confirmed
registrations and arrivals by organization type (walk-ins included), the sessions with their
places and arrivals, and the arrivals per quarter of an hour. Only confirmed registrations
count: a registration cancelled after arriving is no longer part of the event. Nothing here
writes.

Arrivals are `Registration.checked_in_at` (at the door). A session's arrivals are its
`SessionChoice.checked_in_at` when the check-in staff recorded any for it; for the sessions
nobody was checked into, the report falls back on the people holding a place who arrived at
the event, and says so.
"""


from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Integer, and_, case, cast, func, select

from eventapp.db import utc_now
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import WorkshopSession
from eventapp.registration.models import (
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.registration.offers import NOT_SELECTABLE
from eventapp.registration.queries import walked_in

# Arrivals are counted per UTC quarter of an hour; every time zone in use is a whole number of
# quarters away from UTC, so each quarter falls into exactly one local slot of 15 or 30 minutes.
QUARTER_SECONDS = 15 * 60


# Arrivals spread over more than this are shown per half hour rather than per quarter.
_FINE_SPAN = timedelta(hours=4)


class Phase(StrEnum):
    UPCOMING = "upcoming"
    RUNNING = "running"
    OVER = "over"


class Basis(StrEnum):
    """What a session's arrival figure counts."""

    # People checked into the session itself.
    SESSION = "session"
    # People holding a place in it who arrived at the event (no session check-in recorded).
    EVENT = "event"


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class TypeAttendance:
    organization_type: OrganizationType
    confirmed: int
    arrived: int
    walk_ins: int

    @property
    def no_shows(self) -> int:
        return self.confirmed - self.arrived

    @property
    def no_show_rate(self) -> float | None:
        return _rate(self.no_shows, self.confirmed)


@dataclass(frozen=True)
class SessionAttendance:
    session: WorkshopSession
    # Places held by confirmed registrations.
    held: int
    # Checked into the session (any confirmed registration that chose it).
    checked_in: int
    # Holding a place and arrived at the event.
    arrived_at_event: int

    @property
    def basis(self) -> Basis:
        return Basis.SESSION if self.checked_in else Basis.EVENT

    @property
    def arrived(self) -> int:
        return self.checked_in if self.basis == Basis.SESSION else self.arrived_at_event

    @property
    def absent(self) -> int:
        """Holding a place and not counted as arrived (never below 0: someone on the
        session's waiting list may have been let in)."""
        return max(self.held - self.arrived, 0)

    @property
    def absent_rate(self) -> float | None:
        return _rate(self.absent, self.held)


@dataclass(frozen=True)
class Slot:
    """Arrivals in one stretch of time, in the event's zone."""

    starts: datetime
    ends: datetime
    count: int
    running_total: int


@dataclass(frozen=True)
class AttendanceReport:
    event: Event
    phase: Phase
    by_type: list[TypeAttendance]
    sessions: list[SessionAttendance]
    arrivals: list[Slot]

    @property
    def confirmed(self) -> int:
        return sum(row.confirmed for row in self.by_type)

    @property
    def arrived(self) -> int:
        return sum(row.arrived for row in self.by_type)

    @property
    def walk_ins(self) -> int:
        return sum(row.walk_ins for row in self.by_type)

    @property
    def no_shows(self) -> int:
        return self.confirmed - self.arrived

    @property
    def no_show_rate(self) -> float | None:
        return _rate(self.no_shows, self.confirmed)

    @property
    def arrived_rate(self) -> float | None:
        return _rate(self.arrived, self.confirmed)

    @property
    def still_expected(self) -> int | None:
        """Confirmed people not arrived yet, while the event runs (None otherwise)."""
        return self.no_shows if self.phase == Phase.RUNNING else None

    @property
    def slot_minutes(self) -> int:
        if not self.arrivals:
            return 15
        first = self.arrivals[0]
        return int((first.ends - first.starts).total_seconds() // 60)


def attendance_report(event: Event, now: datetime | None = None) -> AttendanceReport:
    return AttendanceReport(
        event=event,
        phase=phase(event, now),
        by_type=attendance_by_type(event.id),
        sessions=session_attendance(event.id),
        arrivals=arrivals_over_time(event),
    )


def phase(event: Event, now: datetime | None = None) -> Phase:
    now = now or utc_now()
    if now < event.starts_at:
        return Phase.UPCOMING
    return Phase.RUNNING if now < event.ends_at else Phase.OVER


def confirmed_in(event_id: int):
    """The registrations the report counts: the event's confirmed ones."""
    return and_(Registration.event_id == event_id,
                Registration.status == RegistrationStatus.CONFIRMED)


def has_arrived():
    """Checked in at the door."""
    return Registration.checked_in_at.is_not(None)


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def attendance_by_type(event_id: int) -> list[TypeAttendance]:
    """Organization types with confirmed registrations, the most represented first.

    A walk-in is an arrival an organizer entered as one (its history says so).
    """
    confirmed = func.count(Registration.id)
    rows = db.session.execute(
        select(OrganizationType, confirmed, _count_if(has_arrived()),
               _count_if(and_(has_arrived(), walked_in())))
        .join(Registration, Registration.organization_type_id == OrganizationType.id)
        .where(confirmed_in(event_id))
        .group_by(OrganizationType.id)
        .order_by(confirmed.desc(), OrganizationType.position, OrganizationType.id)
    )
    return [TypeAttendance(org_type, int(n), int(arrived), int(walk_ins))
            for org_type, n, arrived, walk_ins in rows]


def session_attendance(event_id: int) -> list[SessionAttendance]:
    """The sessions people sign up for, in programme order, with places held and arrivals."""
    holding = SessionChoice.status == ChoiceStatus.HOLDING
    counts = (
        select(
            SessionChoice.session_id,
            _count_if(holding).label("held"),
            _count_if(SessionChoice.checked_in_at.is_not(None)).label("checked_in"),
            _count_if(and_(holding, has_arrived())).label("arrived"),
        )
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(confirmed_in(event_id))
        .group_by(SessionChoice.session_id)
        .subquery()
    )
    rows = db.session.execute(
        select(WorkshopSession, func.coalesce(counts.c.held, 0),
               func.coalesce(counts.c.checked_in, 0), func.coalesce(counts.c.arrived, 0))
        .outerjoin(counts, counts.c.session_id == WorkshopSession.id)
        .where(
            WorkshopSession.event_id == event_id,
            WorkshopSession.kind.not_in(NOT_SELECTABLE),
        )
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    return [SessionAttendance(session, int(held), int(checked_in), int(arrived))
            for session, held, checked_in, arrived in rows]


def arrivals_over_time(event: Event) -> list[Slot]:
    """Arrivals per 15 minutes (30 when they spread over more than four hours), in the
    event's zone, from the first slot with an arrival to the last; empty slots in between
    are there with 0, so that a chart of them shows time as it passed."""
    quarters = _arrivals_per_quarter(event.id)
    if not quarters:
        return []
    first, last = min(quarters), max(quarters)
    minutes = 15 if last - first < _FINE_SPAN else 30
    per_slot: Counter = Counter()
    for quarter, count in quarters.items():
        per_slot[_slot_start(event.local(quarter), minutes)] += count
    step = timedelta(minutes=minutes)
    slots, running = [], 0
    start, end = min(per_slot), max(per_slot)
    while start <= end:
        # Steps are taken in UTC, so that a change of clocks keeps every slot its length.
        following = event.local(start.astimezone(UTC) + step)
        running += per_slot.get(start, 0)
        slots.append(Slot(start, following, per_slot.get(start, 0), running))
        start = following
    return slots


def _slot_start(local: datetime, minutes: int) -> datetime:
    return local.replace(minute=local.minute // minutes * minutes, second=0, microsecond=0)


def _arrivals_per_quarter(event_id: int) -> Counter:
    """{UTC start of a quarter of an hour: arrivals in it} for the confirmed registrations."""
    moment = Registration.checked_in_at
    if db.session.get_bind().dialect.name == "postgresql":
        quarter = cast(func.floor(func.extract("epoch", moment) / QUARTER_SECONDS), Integer)
    else:
        # Stored as naive UTC text, which strftime('%s') reads as UTC; `//` is SQLite's
        # integer division (SQLAlchemy 2 makes `/` a true division).
        quarter = cast(func.strftime("%s", moment), Integer) // QUARTER_SECONDS
    rows = db.session.execute(
        select(quarter, func.count())
        .where(confirmed_in(event_id), has_arrived())
        .group_by(quarter)
    )
    return Counter({
        datetime.fromtimestamp(int(index) * QUARTER_SECONDS, UTC): count
        for index, count in rows
    })
