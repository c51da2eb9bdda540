"""Every step of a registration's life is written into its history, with who took it."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import RegistrationLogEntry, RegistrationStatus, SessionKind, TypePolicy
from eventapp.registration import amendments
from eventapp.registration import offers
from eventapp.registration import admin, services
from tests.factories import make_event, make_session
from tests.registration.helpers import details, last_email, link, token_from, type_id

NOW = datetime(2030, 6, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def event(db):
    event = make_event(title="Cultural and creative industries", capacity=1)
    make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP, capacity=1,
                 starts_at=event.starts_at + timedelta(hours=1))
    db.session.commit()
    return event


def film(event):
    return offers.selectable_sessions(event)[0]


def steps(registration) -> list[tuple[str, str, str]]:
    rows = db.session.scalars(
        select(RegistrationLogEntry)
        .where(RegistrationLogEntry.registration_id == registration.id)
        .order_by(RegistrationLogEntry.id)
    )
    return [(row.action, row.actor, row.detail) for row in rows]


def register(event, email, sessions=()):
    registration = services.register(event, details(email), sessions, now=NOW)
    db.session.commit()
    return registration


def confirm(email):
    token = token_from(link(last_email(email, "confirm_request"), "/confirm/"))
    registration = services.confirm_email(token, now=NOW)
    db.session.commit()
    return registration


def test_registering_confirming_and_cancelling_are_recorded(event):
    hoa = register(event, "hoa@example.org", [film(event).id])
    confirm("hoa@example.org")
    services.cancel(hoa, now=NOW)
    db.session.commit()

    assert steps(hoa) == [
        ("registered", "attendee", ""),
        ("session.seat_taken", "attendee", "Film and streaming"),
        ("email.sent", "system", "registration.confirm_request"),
        ("email_confirmed", "attendee", ""),
        ("confirmed", "system", ""),
        ("email.sent", "system", "registration.confirmed"),
        ("cancelled", "attendee", ""),
        ("email.sent", "system", "registration.cancelled"),
    ]


def test_waiting_lists_and_promotions_are_recorded(event):
    first = register(event, "first@example.org", [film(event).id])
    confirm("first@example.org")
    second = register(event, "second@example.org", [film(event).id])
    confirm("second@example.org")

    assert ("waitlisted", "system", "1") in steps(second)
    assert ("session.waitlisted", "attendee", "Film and streaming") in steps(second)

    services.cancel_by_organizer(first, now=NOW, actor="organizer@example.org")
    db.session.commit()

    assert ("cancelled", "organizer@example.org", "") in steps(first)
    # The place freed goes to the next person, with the session seat they waited for.
    assert steps(second)[-3:] == [
        ("promoted", "system", ""),
        ("session.seat_taken", "system", "Film and streaming"),
        ("email.sent", "system", "registration.promoted"),
    ]


def test_approval_and_rejection_say_who_decided_and_why(event):
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("ministry"),
                              needs_approval=True))
    event.capacity = 10
    db.session.commit()
    hoa = register(event, "hoa@example.org")
    confirm("hoa@example.org")
    lan = register(event, "lan@example.org")
    confirm("lan@example.org")

    services.approve(hoa, now=NOW, actor="organizer@example.org")
    services.reject(lan, "The workshop is for ministries' delegates only.", now=NOW,
                    actor="organizer@example.org")
    db.session.commit()

    assert ("pending_approval", "system", "") in steps(hoa)
    assert steps(hoa)[-3:] == [
        ("approved", "organizer@example.org", ""),
        ("confirmed", "system", ""),
        ("email.sent", "system", "registration.confirmed"),
    ]
    assert steps(lan)[-2:] == [
        ("rejected", "organizer@example.org", "The workshop is for ministries' delegates only."),
        ("email.sent", "system", "registration.rejected"),
    ]


def test_changes_of_sessions_and_details_are_recorded(event):
    event.capacity = None
    other = make_session(event, title="Music rights", kind=SessionKind.WORKSHOP,
                         starts_at=event.starts_at + timedelta(hours=3))
    db.session.commit()
    hoa = register(event, "hoa@example.org", [film(event).id])
    confirm("hoa@example.org")

    amendments.change_sessions(hoa, [other.id], now=NOW)
    amendments.update_details(hoa, details("hoa@example.org", phone="+84 24 3943 8231",
                                         position="Director"), now=NOW)
    db.session.commit()

    assert ("sessions.changed", "attendee", "+Music rights; −Film and streaming") in steps(hoa)
    assert ("session.seat_taken", "attendee", "Music rights") in steps(hoa)
    assert ("details.changed", "attendee", "phone, position") in steps(hoa)


def test_expiry_is_recorded(event):
    hoa = register(event, "hoa@example.org")
    services.expire_holds(now=NOW + timedelta(days=3))
    db.session.commit()
    assert steps(hoa)[-1] == ("expired", "system", "")


def test_the_history_reads_as_sentences():
    entry = RegistrationLogEntry(action="rejected", actor="organizer@example.org",
                                 detail="Places are for delegates.")
    assert admin.describe(entry) == "Not accepted. Reason: Places are for delegates."
    entry = RegistrationLogEntry(action="waitlisted", actor="system", detail="3")
    assert admin.describe(entry) == "On the event's waiting list, position 3"
    entry = RegistrationLogEntry(action="email.sent", actor="system",
                                 detail="registration.confirmed")
    assert admin.describe(entry) == "Email sent: confirmation with ticket"
    # Steps written by other parts of the application read as they were written.
    entry = RegistrationLogEntry(action="badge.printed", actor="door@example.org", detail="")
    assert admin.describe(entry) == "badge.printed"
    assert admin.describe_actor("attendee") == "the attendee"


def test_several_steps_in_one_transaction_keep_each_other(event):
    """A second service in the same transaction must not undo the first (SQLite restarts
    its transaction as BEGIN IMMEDIATE only once)."""
    event.capacity = 10
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("ministry"),
                              needs_approval=True))
    db.session.commit()
    a = register(event, "a@example.org")
    confirm("a@example.org")
    b = register(event, "b@example.org")
    confirm("b@example.org")

    services.approve(a, now=NOW, actor="organizer@example.org")
    services.approve(b, now=NOW, actor="organizer@example.org")
    db.session.commit()
    db.session.rollback()

    assert a.status == RegistrationStatus.CONFIRMED
    assert b.status == RegistrationStatus.CONFIRMED
