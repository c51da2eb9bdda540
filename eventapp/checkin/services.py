"""Checking people in at the door: reading a ticket, letting them in once, finding them by name.

Plain functions working through db.session: they flush and never commit (the view does).

A check-in is a conditional UPDATE (`… SET checked_in_at = now WHERE checked_in_at IS NULL AND
status = 'confirmed'`), started as a writer (BEGIN IMMEDIATE on SQLite): when two phones scan
the same ticket at once, or a nervous tap sends the form twice, exactly one request takes it
and writes the history and the audit entry; every other one reads the time the first one
wrote and answers "already checked in at …".
"""
import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select, update

from eventapp.accounts.models import Account
from eventapp.audit.services import record
from eventapp.db import begin_write, utc_now
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import WorkshopSession
from eventapp.registration import history, offers
from eventapp.registration.models import (
    ChoiceStatus,
    Registration,
    RegistrationLogEntry,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.registration.queries import search_terms, walked_in
from eventapp.text import name_sort_key

# Ticket codes are 16 characters of base32 (A–Z, 2–7); anything longer is no code of ours.
MAX_CODE_LENGTH = 32
SEARCH_LIMIT = 20

# History actions written here (walk-ins added by an organizer also write "checked_in").
CHECKED_IN = "checked_in"
CHECK_IN_UNDONE = "check_in.undone"
SESSION_CHECKED_IN = "session.checked_in"
SESSION_CHECK_IN_UNDONE = "session.check_in_undone"


class Outcome(enum.StrEnum):
    """What the station says about a ticket or a person."""

    # Confirmed and not in yet: may come in (a lookup that checked nobody in).
    VALID = "valid"
    # Let in by this very request.
    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    # This request took a check-in back.
    UNDONE = "undone"
    # Confirmed, but no seat in the session the station checks people into.
    NO_SEAT = "no_seat"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"
    WAITLISTED = "waitlisted"
    PENDING = "pending"
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"


# What a registration that is not confirmed answers, by status.
_REFUSALS = {
    RegistrationStatus.CANCELLED: Outcome.CANCELLED,
    RegistrationStatus.REJECTED: Outcome.REJECTED,
    RegistrationStatus.EXPIRED: Outcome.EXPIRED,
    RegistrationStatus.WAITLISTED: Outcome.WAITLISTED,
    RegistrationStatus.PENDING_CONFIRMATION: Outcome.PENDING,
    RegistrationStatus.PENDING_APPROVAL: Outcome.PENDING,
}


@dataclass
class Answer:
    """The station's answer: the outcome, whom it is about, and when they came in."""

    outcome: Outcome
    registration: Registration | None = None
    # The session the station checks people into, if any.
    session: WorkshopSession | None = None
    # For "already checked in": when (the first time), and who let them in if known.
    checked_in_at: datetime | None = None
    checked_in_by: str | None = None
    # For a ticket of another event: that event.
    other_event: Event | None = None
    code: str = ""

    @property
    def may_enter(self) -> bool:
        return self.outcome in (Outcome.VALID, Outcome.CHECKED_IN, Outcome.ALREADY_CHECKED_IN)


# --- Reading a ticket ------------------------------------------------------------------------

# Characters base32 never uses, read or typed in place of the letters they look like.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def normalize_code(raw: str | None) -> str:
    """The code as stored: "abcd efgh-ijkl mnop " -> "ABCDEFGHIJKLMNOP"."""
    if not raw:
        return ""
    return "".join(raw.split()).replace("-", "").upper()


def find_by_code(raw: str | None) -> tuple[str, Registration | None]:
    """The normalised code and the registration it belongs to, whatever the event."""
    code = normalize_code(raw)
    if not code or len(code) > MAX_CODE_LENGTH or not code.isalnum():
        return code, None
    for candidate in dict.fromkeys((code, code.translate(_LOOKALIKES))):
        registration = db.session.scalar(
            select(Registration).where(Registration.ticket_code == candidate)
        )
        if registration is not None:
            return candidate, registration
    return code, None


def classify(event: Event, registration: Registration | None,
             session: WorkshopSession | None = None) -> Answer:
    """Whether this registration may come in to the event (or the session), without writing."""
    if registration is None:
        return Answer(Outcome.UNKNOWN, session=session)
    if registration.event_id != event.id:
        return Answer(Outcome.OTHER_EVENT, session=session,
                      other_event=db.session.get(Event, registration.event_id))
    answer = Answer(Outcome.VALID, registration, session)
    if registration.status != RegistrationStatus.CONFIRMED:
        answer.outcome = _REFUSALS[registration.status]
        return answer
    if session is not None:
        choice = seat_in(registration, session)
        if choice is None:
            answer.outcome = Outcome.NO_SEAT
        elif choice.checked_in_at is not None:
            _already(answer, choice.checked_in_at, registration, SESSION_CHECKED_IN)
        return answer
    if registration.checked_in_at is not None:
        _already(answer, registration.checked_in_at, registration, CHECKED_IN)
    return answer


def look_up(event: Event, raw_code: str | None, session: WorkshopSession | None = None) -> Answer:
    code, registration = find_by_code(raw_code)
    answer = classify(event, registration, session)
    answer.code = code
    return answer


def scan(event: Event, raw_code: str | None, actor, now: datetime | None = None,
         session: WorkshopSession | None = None) -> Answer:
    """A ticket shown at the door: checked in if it may come in, otherwise why not."""
    answer = look_up(event, raw_code, session)
    if answer.outcome != Outcome.VALID:
        return answer
    checked = check_in(answer.registration, actor, now, session)
    checked.code = answer.code
    return checked


def seat_in(registration: Registration, session: WorkshopSession) -> SessionChoice | None:
    """The registration's choice of the session, if it holds a seat there."""
    for choice in registration.choices:
        if choice.session_id == session.id and choice.status == ChoiceStatus.HOLDING:
            return choice
    return None


def _already(answer: Answer, moment: datetime, registration: Registration, action: str) -> None:
    answer.outcome = Outcome.ALREADY_CHECKED_IN
    answer.checked_in_at = moment
    answer.checked_in_by = _who_checked_in(registration, action)


def _who_checked_in(registration: Registration, action: str) -> str | None:
    """The name of whoever wrote the latest check-in into the history, if it says."""
    actor = db.session.scalar(
        select(RegistrationLogEntry.actor)
        .where(RegistrationLogEntry.registration_id == registration.id,
               RegistrationLogEntry.action == action)
        .order_by(RegistrationLogEntry.id.desc())
        .limit(1)
    )
    if not actor or actor in (history.ATTENDEE, history.SYSTEM):
        return None
    return db.session.scalar(select(Account.name).where(Account.email == actor)) or actor


# --- Checking in and taking it back ----------------------------------------------------------


def check_in(registration: Registration, actor, now: datetime | None = None,
             session: WorkshopSession | None = None) -> Answer:
    """Let a confirmed registration in, once; into a session too when one is given.

    Checking into a session checks into the event as well when that is not done yet.
    """
    now = now or utc_now()
    begin_write(db.session)
    event = db.session.get(Event, registration.event_id)
    # Read again as a writer: another request may have changed it since it was loaded.
    db.session.refresh(registration)
    answer = classify(event, registration, None)
    if answer.outcome not in (Outcome.VALID, Outcome.ALREADY_CHECKED_IN):
        answer.session = session
        return answer
    choice = seat_in(registration, session) if session is not None else None
    if session is not None and choice is None:
        return Answer(Outcome.NO_SEAT, registration, session)
    took_event = _take_event_check_in(registration, actor, now)
    if session is None:
        return _answer_after(event, registration, took_event, None)
    took_session = _take_session_check_in(registration, choice, session, actor, now)
    return _answer_after(event, registration, took_session, session)


def _answer_after(event: Event, registration: Registration, took: bool,
                  session: WorkshopSession | None) -> Answer:
    if took:
        return Answer(Outcome.CHECKED_IN, registration, session,
                      checked_in_at=arrival(registration, session))
    # Someone else was first: answer with their time, read back from the database.
    return classify(event, registration, session)


def arrival(registration: Registration, session: WorkshopSession | None) -> datetime | None:
    if session is None:
        return registration.checked_in_at
    choice = seat_in(registration, session)
    return choice.checked_in_at if choice else None


def _set_arrival(model, row_id: int, value: datetime | None, *conditions) -> bool:
    """`UPDATE model SET checked_in_at = value WHERE id = row_id AND conditions`: whether this
    request changed the row (another one may have been first)."""
    result = db.session.execute(
        update(model)
        .where(model.id == row_id, *conditions)
        .values(checked_in_at=value)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _take_event_check_in(registration: Registration, actor, now: datetime) -> bool:
    took = _set_arrival(Registration, registration.id, now, Registration.checked_in_at.is_(None),
                        Registration.status == RegistrationStatus.CONFIRMED)
    if took:
        history.log(registration, CHECKED_IN, actor, now=now)
        record(actor, "registration.check_in", "registration", registration.id,
               event_id=registration.event_id, after={"checked_in_at": now.isoformat()})
    db.session.flush()
    db.session.refresh(registration)
    return took


def _take_session_check_in(registration: Registration, choice: SessionChoice,
                           session: WorkshopSession, actor, now: datetime) -> bool:
    took = _set_arrival(SessionChoice, choice.id, now, SessionChoice.checked_in_at.is_(None),
                        SessionChoice.status == ChoiceStatus.HOLDING)
    if took:
        history.log(registration, SESSION_CHECKED_IN, actor, session.title, now)
        record(actor, "registration.session_check_in", "registration", registration.id,
               event_id=registration.event_id,
               after={"session_id": session.id, "checked_in_at": now.isoformat()})
    db.session.flush()
    db.session.refresh(choice)
    return took


def undo_check_in(registration: Registration, actor, now: datetime | None = None,
                  session: WorkshopSession | None = None) -> Answer:
    """Take a check-in back: the session's only, or the event's (and with it every session's).

    Answers UNDONE when this request took something back, otherwise where the registration
    stands (undoing twice changes nothing more).
    """
    now = now or utc_now()
    begin_write(db.session)
    event = db.session.get(Event, registration.event_id)
    db.session.refresh(registration)
    undone = False
    choices = [c for c in registration.choices if session is None or c.session_id == session.id]
    for choice in choices:
        undone |= _clear_session_check_in(registration, choice, actor, now)
    if session is None:
        undone |= _clear_event_check_in(registration, actor, now)
    db.session.flush()
    db.session.refresh(registration)
    if undone:
        return Answer(Outcome.UNDONE, registration, session)
    return classify(event, registration, session)


def _clear_event_check_in(registration: Registration, actor, now: datetime) -> bool:
    before = registration.checked_in_at
    if not _set_arrival(Registration, registration.id, None,
                        Registration.checked_in_at.is_not(None)):
        return False
    history.log(registration, CHECK_IN_UNDONE, actor, now=now)
    record(actor, "registration.check_in_undo", "registration", registration.id,
           event_id=registration.event_id, before={"checked_in_at": _iso(before)},
           after={"checked_in_at": None})
    return True


def _clear_session_check_in(registration: Registration, choice: SessionChoice, actor,
                            now: datetime) -> bool:
    before = choice.checked_in_at
    if not _set_arrival(SessionChoice, choice.id, None, SessionChoice.checked_in_at.is_not(None)):
        return False
    history.log(registration, SESSION_CHECK_IN_UNDONE, actor, choice.session.title, now)
    record(actor, "registration.session_check_in_undo", "registration", registration.id,
           event_id=registration.event_id,
           before={"session_id": choice.session_id, "checked_in_at": _iso(before)},
           after={"session_id": choice.session_id, "checked_in_at": None})
    db.session.refresh(choice)
    return True


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# --- Finding people by name --------------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(event: Event, q: str | None,
           limit: int = SEARCH_LIMIT) -> tuple[list[Registration], bool]:
    """Registrations whose name, organization or email holds every word of `q`.

    Diacritics and case do not matter ("nguyen thi" finds "Nguyễn Thị Hoa", "dang" finds
    "Đặng"). Confirmed registrations come first, then the others; within each, Vietnamese
    name order. Returns at most `limit` of them, and whether there were more.
    """
    terms = search_terms(q or "")
    if not terms:
        return [], False
    confirmed_first = case((Registration.status == RegistrationStatus.CONFIRMED, 0), else_=1)
    query = (
        select(Registration)
        .where(Registration.event_id == event.id)
        .where(*(Registration.search_text.like(f"%{_escape_like(t)}%", escape="\\")
                 for t in terms))
        .order_by(confirmed_first, Registration.search_text, Registration.id)
        .limit(limit + 1)
    )
    found = list(db.session.scalars(query))
    more = len(found) > limit
    found = found[:limit]
    found.sort(key=lambda r: (r.status != RegistrationStatus.CONFIRMED,
                              name_sort_key(r.full_name), r.id))
    return found, more


# --- Counting arrivals -------------------------------------------------------------------------


@dataclass
class TypeCount:
    organization_type: OrganizationType
    confirmed: int
    arrived: int

    @property
    def expected(self) -> int:
        return self.confirmed - self.arrived


@dataclass
class Counters:
    confirmed: int = 0
    arrived: int = 0
    walk_ins: int = 0
    by_type: list[TypeCount] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return self.confirmed - self.arrived

    def as_dict(self) -> dict:
        return {"confirmed": self.confirmed, "arrived": self.arrived,
                "expected": self.expected, "walk_ins": self.walk_ins}


def counters(event: Event, session: WorkshopSession | None = None) -> Counters:
    """Confirmed people, those who arrived, those still expected and walk-ins, by type too.

    For a session: the confirmed registrations holding a seat in it, and their arrival
    in the session. One GROUP BY query.
    """
    if session is None:
        arrival = Registration.checked_in_at
        query = select(Registration.organization_type_id)
    else:
        arrival = SessionChoice.checked_in_at
        query = (
            select(Registration.organization_type_id)
            .join(SessionChoice, SessionChoice.registration_id == Registration.id)
            .where(SessionChoice.session_id == session.id,
                   SessionChoice.status == ChoiceStatus.HOLDING)
        )
    query = (
        query.add_columns(
            func.count(),
            func.count(arrival),
            func.count(case((walked_in(), 1))),
        )
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.organization_type_id)
    )
    rows = db.session.execute(query).all()
    types = {t.id: t for t in db.session.scalars(
        select(OrganizationType).where(OrganizationType.id.in_([r[0] for r in rows])))}
    result = Counters()
    for type_id, confirmed, arrived, walk_ins in rows:
        result.confirmed += confirmed
        result.arrived += arrived
        result.walk_ins += walk_ins
        result.by_type.append(TypeCount(types[type_id], confirmed, arrived))
    result.by_type.sort(key=lambda c: (c.organization_type.position, c.organization_type.id))
    return result


# --- The attendance report as a file ----------------------------------------------------------


def record_attendance_download(event: Event, kind: str, *, actor) -> None:
    """Note in the audit log that `actor` took the attendance report as a file (`kind`: "csv"
    or "xlsx"): it lists the arrivals one by one, personal data, as the registration
    exports do. In the caller's transaction: commit it before building the file, so that a
    long download holds no write lock."""
    record(actor, f"attendance.export_{kind}", "event", event.id, event_id=event.id)


# --- What the station offers -------------------------------------------------------------------


def station_sessions(event: Event) -> list[WorkshopSession]:
    """The sessions people take seats in, which a station can check people into."""
    return offers.selectable_sessions(event)


def session_of(event: Event, session_id) -> WorkshopSession | None:
    """The event's session with this id (from a form or the address), or None."""
    try:
        wanted = int(session_id)
    except (TypeError, ValueError):
        return None
    return next((s for s in station_sessions(event) if s.id == wanted), None)


def events_for(account: Account, today_of) -> list[Event]:
    """The events the account may check people in for: today's first, then the coming ones
    (soonest first), then the past ones (latest first). `today_of(event)` is the event's
    local date today."""
    query = select(Event)
    if not account.is_admin:
        query = query.where(Event.id.in_(account.event_ids or {-1}))
    events = list(db.session.scalars(query))

    def order(event: Event):
        today = today_of(event)
        first, last = event.local(event.starts_at).date(), event.local(event.ends_at).date()
        if first <= today <= last:
            return (0, event.starts_at.timestamp())
        if first > today:
            return (1, event.starts_at.timestamp())
        return (2, -event.starts_at.timestamp())

    return sorted(events, key=order)
