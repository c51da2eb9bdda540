"""Many phones scan one ticket at the same moment: one check-in, and every answer agrees.

Real threads, each with its own connection and transaction, as gunicorn's workers would have,
on SQLite (BEGIN IMMEDIATE) and on PostgreSQL (the conditional UPDATE waits for the first
one's row lock, then finds the row already checked in).
"""
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from eventapp.audit.models import AuditEntry
from eventapp.checkin import services
from eventapp.checkin.services import Outcome
from eventapp.extensions import db
from eventapp.registration.models import Registration, RegistrationLogEntry
from tests.checkin.helpers import make_registration
from tests.registration.test_races import race

THREADS = 12
NOW = datetime(2031, 3, 18, 1, 42, tzinfo=UTC)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_simultaneous_scans_of_one_ticket_check_in_once(app, event):
    hoa = make_registration(event)
    registration_id, code = hoa.id, hoa.ticket_code

    answers = [None] * THREADS

    def scan(n):
        # Each phone has its own clock: the answers must all give the first one's time.
        answer = services.scan(db.session.get(type(event), event.id), code,
                               f"door{n}@example.org", NOW + timedelta(seconds=n))
        answers[n] = answer.outcome, answer.checked_in_at

    assert race(app, THREADS, scan) == []

    db.session.rollback()  # a fresh snapshot, after the threads' commits
    taken = db.session.get(Registration, registration_id).checked_in_at
    outcomes = [outcome for outcome, _ in answers]
    assert outcomes.count(Outcome.CHECKED_IN) == 1
    assert outcomes.count(Outcome.ALREADY_CHECKED_IN) == THREADS - 1
    assert {moment for _, moment in answers} == {taken}
    assert count(RegistrationLogEntry, RegistrationLogEntry.registration_id == registration_id,
                 RegistrationLogEntry.action == "checked_in") == 1
    assert count(AuditEntry, AuditEntry.action == "registration.check_in",
                 AuditEntry.target_id == registration_id) == 1


def test_simultaneous_session_check_ins_take_it_once(app, event, workshop):
    hoa = make_registration(event, sessions=[workshop])
    registration_id, session_id = hoa.id, workshop.id

    answers = [None] * THREADS

    def check_in(n):
        registration = db.session.get(Registration, registration_id)
        session = db.session.get(type(workshop), session_id)
        answer = services.check_in(registration, f"door{n}@example.org",
                                   NOW + timedelta(seconds=n), session=session)
        answers[n] = answer.outcome, answer.checked_in_at

    assert race(app, THREADS, check_in) == []

    db.session.rollback()

    outcomes = [outcome for outcome, _ in answers]
    assert outcomes.count(Outcome.CHECKED_IN) == 1
    assert len({moment for _, moment in answers}) == 1
    for action in ("checked_in", "session.checked_in"):
        assert count(RegistrationLogEntry, RegistrationLogEntry.registration_id == registration_id,
                     RegistrationLogEntry.action == action) == 1
    assert count(AuditEntry, AuditEntry.action == "registration.session_check_in") == 1
