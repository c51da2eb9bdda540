"""`flask registrations expire` run on several hosts at once releases each place once.

Two expiry passes start together in threads, each with its own connection and transaction
as two hosts' cron jobs would have. Afterwards every expired registration's places are
back exactly once: the counts of taken places equal the people holding them, nobody is
over capacity, and each person waiting was promoted (and emailed) once.
"""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import func, select

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.programme.models import WorkshopSession
from eventapp.registration import services
from eventapp.registration.models import (
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
)
from tests.factories import make_event, make_session
from tests.registration.helpers import details, last_email, link, token_from


def _register(event, email, sessions, when, confirm):
    registration = services.register(event, details(email), sessions, now=when)
    db.session.commit()
    if confirm:
        token = token_from(link(last_email(email, "confirm_request"), "/confirm/"))
        services.confirm_email(token, now=when + timedelta(minutes=1))
        db.session.commit()
    return registration.id


@pytest.fixture
def full_event(db):
    """12 places: 4 confirmed, 8 unconfirmed holds now overdue; 10 people waiting.

    The workshop (4 seats) is full too: 2 seats held by confirmed people, 2 by overdue ones.
    Everyone waiting wants the workshop.
    """
    event = make_event(capacity=12)
    workshop = make_session(event, capacity=4)
    db.session.commit()
    start = event.starts_at - timedelta(days=20)
    people = {"confirmed": [], "overdue": [], "waiting": []}
    for n in range(4):
        sessions = [workshop.id] if n < 2 else []
        people["confirmed"].append(
            _register(event, f"c{n}@example.org", sessions, start + timedelta(minutes=n), True)
        )
    for n in range(8):
        people["overdue"].append(
            _register(
                event,
                f"o{n}@example.org",
                [workshop.id],
                start + timedelta(hours=1, minutes=n),
                False,
            )
        )
    for n in range(10):
        people["waiting"].append(
            _register(
                event,
                f"w{n}@example.org",
                [workshop.id],
                start + timedelta(hours=2, minutes=n),
                True,
            )
        )
    # Long after every hold has run out.
    now = start + timedelta(days=5)
    return event.id, workshop.id, people, now


def _one_pass(app, now, expired: list, errors: list, before=None, after=None) -> None:
    """What `flask registrations expire` does on one host, in its own context and session."""
    with app.app_context():
        try:
            if before:
                before()
            expired.append(services.expire_holds(now=now))
            db.session.commit()
        except BaseException as error:  # noqa: BLE001 -- reported by the test
            errors.append(error)
            db.session.rollback()
        finally:
            db.session.remove()
            if after:
                after()


def _expire_concurrently(app, passes: int, now) -> tuple[list[int], list[BaseException]]:
    barrier = threading.Barrier(passes)
    expired: list[int] = []
    errors: list[BaseException] = []

    def one_host():
        _one_pass(app, now, expired, errors, before=lambda: barrier.wait(10))

    threads = [threading.Thread(target=one_host) for _ in range(passes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return expired, errors


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _assert_each_place_released_once(event_id, workshop_id, people):
    db.session.rollback()
    statuses = dict(
        db.session.execute(
            select(Registration.id, Registration.status).where(Registration.event_id == event_id)
        ).all()
    )
    assert {statuses[i] for i in people["overdue"]} == {RegistrationStatus.EXPIRED}
    # The 8 places went to the first 8 people waiting, in order; 2 still wait.
    assert [statuses[i] for i in people["waiting"]] == (
        [RegistrationStatus.CONFIRMED] * 8 + [RegistrationStatus.WAITLISTED] * 2
    )
    event = db.session.get(Event, event_id)
    holders = _count(
        select(Registration.id).where(
            Registration.event_id == event_id, Registration.holds_place.is_(True)
        )
    )
    assert event.seats_taken == holders == 12
    workshop = db.session.get(WorkshopSession, workshop_id)
    seated = _count(
        select(SessionChoice.id).where(
            SessionChoice.session_id == workshop_id, SessionChoice.status == ChoiceStatus.HOLDING
        )
    )
    assert workshop.seats_taken == seated == 4
    # Each promotion was made, and mailed, once.
    promoted_mail = db.session.scalars(
        select(OutboxMessage.ref_id).where(OutboxMessage.kind == "registration.promoted")
    ).all()
    assert sorted(promoted_mail) == sorted(people["waiting"][:8])


@pytest.mark.parametrize("round_", range(3))
def test_two_expiry_passes_at_once_release_each_place_exactly_once(app, full_event, round_):
    event_id, workshop_id, people, now = full_event

    expired, errors = _expire_concurrently(app, 2, now)

    assert errors == []
    assert sum(expired) == 8
    _assert_each_place_released_once(event_id, workshop_id, people)


def _split_passes(
    app, now, held_back: list[int], second_is_slow: bool = False
) -> tuple[list[int], list[BaseException]]:
    """Two passes that took different overdue registrations at the same moment.

    Forced: a third transaction holds `held_back` while the first pass selects (SKIP LOCKED
    passes them over) and lets go just before the second pass selects them; the first
    pass waits until then, so the two run side by side. `second_is_slow`: the second pass
    then stalls, having read its registrations, until the first has committed (a host
    descheduled, a slow network).
    """
    first_selected, second_selected, first_done = (threading.Event() for _ in range(3))
    selected_in = set()

    def after_select(conn, cursor, statement, parameters, context, executemany):
        me = threading.current_thread().name
        if "SKIP LOCKED" in statement and "registration" in statement and me not in selected_in:
            selected_in.add(me)
            if me == "first":
                first_selected.set()
                second_selected.wait(10)
            elif me == "second":
                second_selected.set()
        elif (
            me == "second"
            and second_is_slow
            and statement.lstrip().startswith("SELECT")
            and "FROM session_choice" in statement
        ):
            first_done.wait(3)

    expired, errors = [], []

    def one_host():
        first = threading.current_thread().name == "first"
        _one_pass(app, now, expired, errors, after=first_done.set if first else None)

    sqlalchemy_event.listen(db.engine, "after_cursor_execute", after_select)
    try:
        holder = db.engine.connect()
        holder.begin()
        holder.execute(
            select(Registration.id).where(Registration.id.in_(held_back)).with_for_update()
        )
        first = threading.Thread(target=one_host, name="first")
        first.start()
        assert first_selected.wait(10)
        holder.rollback()
        holder.close()
        second = threading.Thread(target=one_host, name="second")
        second.start()
        first.join(120)
        second.join(120)
    finally:
        sqlalchemy_event.remove(db.engine, "after_cursor_execute", after_select)
    return expired, errors


def _next_run_after_a_deadlock(app, now, expired, errors) -> None:
    """PostgreSQL may end one of two passes with a deadlock; the next run does its work.

    Nothing the failed pass did remains (its transaction is rolled back), so no place is
    released twice; any other error is a failure.
    """
    assert all("deadlock detected" in str(error) for error in errors), errors
    if errors:
        again, more = _expire_concurrently(app, 1, now)
        assert more == []
        expired.extend(again)


def _postgresql_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writer at a time: two passes cannot split the work")


@pytest.mark.parametrize("round_", range(3))
def test_passes_that_split_the_overdue_registrations_between_them(app, full_event, round_):
    _postgresql_only()
    event_id, workshop_id, people, now = full_event

    expired, errors = _split_passes(app, now, held_back=people["overdue"][1::2])
    _next_run_after_a_deadlock(app, now, expired, errors)

    assert sum(expired) == 8
    _assert_each_place_released_once(event_id, workshop_id, people)


@pytest.mark.parametrize("second_is_slow", [False, True], ids=["together", "second-slow"])
def test_a_seat_one_pass_frees_for_a_registration_the_other_pass_expires(app, db, second_is_slow):
    """The freed seat goes, in waiting-list order, to a hold the other pass is ending."""
    _postgresql_only()
    event = make_event()
    workshop = make_session(event, capacity=2)
    db.session.commit()
    start = event.starts_at - timedelta(days=20)
    early = _register(event, "early@example.org", [workshop.id], start, True)
    overdue_seated = _register(
        event, "o1@example.org", [workshop.id], start + timedelta(hours=1), False
    )
    overdue_waiting = _register(
        event, "o2@example.org", [workshop.id], start + timedelta(hours=2), False
    )
    waiting = _register(event, "late@example.org", [workshop.id], start + timedelta(hours=3), True)
    now = start + timedelta(days=5)

    expired, errors = _split_passes(app, now, [overdue_waiting], second_is_slow)
    _next_run_after_a_deadlock(app, now, expired, errors)

    assert sum(expired) == 2
    db.session.rollback()
    seated = db.session.scalars(
        select(SessionChoice.registration_id).where(
            SessionChoice.session_id == workshop.id, SessionChoice.status == ChoiceStatus.HOLDING
        )
    ).all()
    assert sorted(seated) == sorted([early, waiting])
    assert db.session.get(WorkshopSession, workshop.id).seats_taken == 2
    assert overdue_seated not in seated
