"""The numbers on an event's dashboard, each counted by the database in one GROUP BY query.

However many registrations an event has, the dashboard costs the same four queries:
registrations by status, by organization type, by day, and the sessions with their waiting
lists. Nothing here writes.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, Integer, case, cast, func, literal, select

from eventapp.events.models import Event, Room
from eventapp.extensions import db
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import WorkshopSession
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.registration.offers import NOT_SELECTABLE

# The order statuses are shown in: the path of a registration, then how it can end.
STATUS_ORDER = (
    RegistrationStatus.PENDING_CONFIRMATION,
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.REJECTED,
    RegistrationStatus.CANCELLED,
    RegistrationStatus.EXPIRED,
)

# SQLite keeps no time zone: registrations are counted per quarter of an hour in UTC and
# each quarter is given to its day in the event's zone here. Every zone in use is a whole
# number of quarter hours away from UTC (Nepal +05:45, Chatham +12:45), so no quarter
# straddles two local days.
_QUARTER = timedelta(minutes=15)


@dataclass(frozen=True)
class TypeCount:
    organization_type: OrganizationType
    # Registrations still in play (waiting for confirmation or approval, confirmed, waitlisted).
    active: int
    confirmed: int


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int
    # Registrations received up to and including this day.
    running_total: int


@dataclass(frozen=True)
class SessionFill:
    session: WorkshopSession
    room_name: str | None
    waiting: int
    room_name_vi: str | None = None

    @property
    def taken(self) -> int:
        return self.session.seats_taken

    @property
    def capacity(self) -> int | None:
        return self.session.capacity

    @property
    def percent(self) -> int | None:
        if not self.capacity:
            return None
        return round(100 * self.taken / self.capacity)


@dataclass(frozen=True)
class Dashboard:
    event: Event
    by_status: dict[RegistrationStatus, int]
    by_type: list[TypeCount]
    per_day: list[DayCount]
    sessions: list[SessionFill]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def active(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in ACTIVE_STATUSES)

    @property
    def confirmed(self) -> int:
        return self.by_status[RegistrationStatus.CONFIRMED]

    @property
    def waitlisted(self) -> int:
        return self.by_status[RegistrationStatus.WAITLISTED]

    @property
    def pending_approval(self) -> int:
        return self.by_status[RegistrationStatus.PENDING_APPROVAL]

    @property
    def places_taken(self) -> int:
        return self.event.seats_taken

    @property
    def capacity(self) -> int | None:
        return self.event.capacity

    @property
    def percent_full(self) -> int | None:
        if not self.capacity:
            return None
        return round(100 * self.places_taken / self.capacity)


def event_dashboard(event: Event) -> Dashboard:
    return Dashboard(
        event=event,
        by_status=registrations_by_status(event.id),
        by_type=registrations_by_type(event.id),
        per_day=registrations_per_day(event),
        sessions=session_fill(event.id),
    )


def registrations_by_status(event_id: int) -> dict[RegistrationStatus, int]:
    """Every status, in the order shown, with its count (0 when none)."""
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    )
    counts = dict(rows.all())
    return {status: counts.get(status, 0) for status in STATUS_ORDER}


def registrations_by_type(event_id: int) -> list[TypeCount]:
    """Organization types with registrations still in play, the most represented first."""
    confirmed = func.sum(
        case((Registration.status == RegistrationStatus.CONFIRMED, 1), else_=0)
    )
    active = func.count(Registration.id)
    rows = db.session.execute(
        select(OrganizationType, active, confirmed)
        .join(Registration, Registration.organization_type_id == OrganizationType.id)
        .where(Registration.event_id == event_id, Registration.status.in_(ACTIVE_STATUSES))
        .group_by(OrganizationType.id)
        .order_by(active.desc(), OrganizationType.position, OrganizationType.id)
    )
    return [TypeCount(org_type, n, int(n_confirmed or 0)) for org_type, n, n_confirmed in rows]


def registrations_per_day(event: Event) -> list[DayCount]:
    """Registrations received each day (in the event's zone), from the first day to the last.

    Days without any registration in between are there with 0, so that a chart of them
    shows time as it passed.
    """
    per_day = _counts_by_local_day(event)
    if not per_day:
        return []
    first, last = min(per_day), max(per_day)
    days, running = [], 0
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        running += per_day.get(day, 0)
        days.append(DayCount(day, per_day.get(day, 0), running))
    return days


def _counts_by_local_day(event: Event) -> Counter:
    created = Registration.created_at
    in_event = Registration.event_id == event.id
    if db.session.get_bind().dialect.name == "postgresql":
        local_day = cast(func.timezone(literal(event.timezone), created), Date)
        rows = db.session.execute(
            select(local_day, func.count()).where(in_event).group_by(local_day)
        )
        return Counter(dict(rows.all()))

    quarter = func.strftime("%Y-%m-%d %H:", created).concat(
        func.printf("%02d", cast(func.strftime("%M", created), Integer) // 15 * 15)
    )
    rows = db.session.execute(select(quarter, func.count()).where(in_event).group_by(quarter))
    days: Counter = Counter()
    for start, count in rows:
        moment = datetime.strptime(start, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        days[event.local(moment).date()] += count
    return days


def session_fill(event_id: int) -> list[SessionFill]:
    """The sessions people sign up for, in programme order, with their waiting lists.

    A choice counts as waiting while its registration is still in play, as in the waiting
    list positions the attendees are told (eventapp.registration.positions).
    """
    waiting = (
        select(SessionChoice.session_id, func.count().label("waiting"))
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(
            Registration.event_id == event_id,
            SessionChoice.status == ChoiceStatus.WAITLISTED,
            Registration.status.in_(ACTIVE_STATUSES),
        )
        .group_by(SessionChoice.session_id)
        .subquery()
    )
    rows = db.session.execute(
        select(WorkshopSession, Room.name, Room.name_vi, func.coalesce(waiting.c.waiting, 0))
        .outerjoin(Room, Room.id == WorkshopSession.room_id)
        .outerjoin(waiting, waiting.c.session_id == WorkshopSession.id)
        .where(
            WorkshopSession.event_id == event_id,
            WorkshopSession.kind.not_in(NOT_SELECTABLE),
        )
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    return [
        SessionFill(session, room, int(n), room_vi) for session, room, room_vi, n in rows
    ]
