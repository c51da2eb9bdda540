"""Shared pieces of the programme-editing tests: an event with attendees, and its emails."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from eventapp.audit.models import AuditEntry
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.models import (
    Registration,
    RegistrationLogEntry,
    RegistrationStatus,
    SessionKind,
)
from eventapp.registration.programme_notices import EMAIL_KIND
from eventapp.registration import services as registration
from tests.factories import make_event, make_room, make_session
from tests.registration.helpers import details

# Registration is open: well before the events of tests.factories (18 March 2031).
NOW = datetime(2030, 6, 1, 3, 0, tzinfo=UTC)


def make_workshop(**overrides):
    """A published event with two rooms and a workshop of 2 seats at 10:00 in Room A."""
    event = make_event(
        title="Cultural and creative industries",
        capacity=overrides.pop("capacity", 50),
        contact_email="contact@example.org",
        **overrides,
    )
    hall = make_room(event, name="Hall A")
    other = make_room(event, name="Room B")
    film = make_session(
        event,
        title="Film and streaming",
        title_vi="Điện ảnh và phát trực tuyến",
        kind=SessionKind.WORKSHOP,
        room=hall,
        capacity=2,
        starts_at=event.starts_at + timedelta(hours=1),
    )
    music = make_session(
        event,
        title="Music rights",
        kind=SessionKind.WORKSHOP,
        room=other,
        starts_at=event.starts_at + timedelta(hours=3),
    )
    db.session.commit()
    return event, hall, other, film, music


def attend(event, email: str, session_ids=(), language="en", now=NOW) -> Registration:
    """A registration confirmed through its emailed link, choosing the given sessions."""
    found = registration.register(
        event, details(email, language=language), list(session_ids), now=now
    )
    token = registration._new_confirm_token(found)
    db.session.commit()
    registration.confirm_email(token, now=now)
    db.session.commit()
    assert found.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    return found


def change_emails(address: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.kind == EMAIL_KIND)
    if address:
        query = query.where(OutboxMessage.to_address == address)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def emails_of_kind(address: str, kind: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id)
        )
    )


def audit_log(action: str) -> list[AuditEntry]:
    """The audit entries of one action, oldest first."""
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def history_step(registration: Registration, action: str) -> RegistrationLogEntry:
    """The one step of the registration's history with this action."""
    return db.session.scalars(
        select(RegistrationLogEntry).where(
            RegistrationLogEntry.registration_id == registration.id,
            RegistrationLogEntry.action == action,
        )
    ).one()
