"""Many people racing for the last places: nobody is overbooked, the waiting list keeps order.

Real threads, each with its own app context, database connection and transaction, as
concurrent requests would have, on SQLite (BEGIN IMMEDIATE) and on PostgreSQL
(conditional UPDATEs and row locks).
"""
import threading
from datetime import UTC, datetime

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import Registration
from eventapp.registration import services
from eventapp.registration.models import ChoiceStatus, SessionChoice
from tests.factories import make_event, make_session
from tests.registration.helpers import details

NOW = datetime(2030, 6, 1, 3, 0, tzinfo=UTC)


def race(app, count: int, work) -> list[BaseException]:
    """Run work(i) in `count` threads released at the same moment; return their errors."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i):
        with app.app_context():
            try:
                barrier.wait()
                work(i)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_registrations_never_overbook(app, db):
    event = make_event(capacity=5)
    workshop = make_session(event, capacity=3)
    db.session.commit()
    event_id, session_id = event.id, workshop.id

    def register(i):
        current = db.session.get(type(event), event_id)
        services.register(current, details(f"p{i}@example.org"), [session_id], now=NOW)

    errors = race(app, 16, register)

    assert errors == []
    db.session.rollback()  # a fresh transaction sees what the threads committed
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 16
    holding = db.session.scalar(
        select(func.count()).select_from(Registration).where(Registration.holds_place.is_(True))
    )
    seats = db.session.scalar(
        select(func.count()).select_from(SessionChoice).where(
            SessionChoice.session_id == session_id, SessionChoice.status == ChoiceStatus.HOLDING
        )
    )
    event, workshop = db.session.get(type(event), event_id), db.session.get(type(workshop), session_id)
    assert holding == event.seats_taken == 5
    assert seats == workshop.seats_taken == 3


def test_concurrent_cancellations_promote_each_waiting_person_once(app, db):
    event = make_event(capacity=3)
    db.session.commit()
    people = []
    for i in range(8):
        people.append(services.register(event, details(f"p{i}@example.org"), now=NOW))
        db.session.commit()
    for person in people:
        token = services._new_confirm_token(person)
        db.session.commit()
        services.confirm_email(token, now=NOW)
        db.session.commit()
    holder_ids = [p.id for p in people if p.holds_place]
    waiting_ids = sorted(
        (p for p in people if not p.holds_place), key=lambda p: (p.waitlisted_at, p.id)
    )
    waiting_ids = [p.id for p in waiting_ids]
    assert len(holder_ids) == 3 and len(waiting_ids) == 5

    def cancel(i):
        services.cancel(db.session.get(Registration, holder_ids[i]), now=NOW)

    errors = race(app, 3, cancel)

    assert errors == []
    db.session.rollback()  # a fresh transaction sees what the threads committed
    now_holding = db.session.scalars(
        select(Registration.id).where(Registration.holds_place.is_(True)).order_by(Registration.id)
    ).all()
    # The first three on the waiting list, in order, and nobody twice.
    assert sorted(now_holding) == sorted(waiting_ids[:3])
    assert db.session.get(type(event), event.id).seats_taken == 3
