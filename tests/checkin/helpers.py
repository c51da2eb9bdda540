"""Building an event day for the check-in tests: registrations in every state."""
import secrets
from datetime import UTC, datetime

from eventapp.extensions import db
from eventapp.registration.models import (
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.registration.history import log
from tests.registration.helpers import type_id

CONSENTED = datetime(2031, 1, 5, 3, 0, tzinfo=UTC)


def ticket_code() -> str:
    import base64

    return base64.b32encode(secrets.token_bytes(10)).decode()


def make_registration(event, full_name="Nguyễn Thị Hoa", status=RegistrationStatus.CONFIRMED,
                      organization="Ministry of Culture, Sports and Tourism", type_code="ministry",
                      sessions=(), waitlisted_sessions=(), walk_in=False, **overrides):
    email = overrides.pop("email", f"{secrets.token_hex(4)}@example.org")
    registration = Registration(
        event_id=event.id,
        status=RegistrationStatus(status),
        holds_place=status == RegistrationStatus.CONFIRMED,
        email=email,
        email_key=email.lower(),
        full_name=full_name,
        organization_name=organization,
        organization_type_id=type_id(type_code),
        country="VN",
        consented_at=CONSENTED,
        manage_secret=secrets.token_urlsafe(24),
        ticket_code=overrides.pop("ticket_code", ticket_code()),
        **overrides,
    )
    db.session.add(registration)
    db.session.flush()
    for session in sessions:
        db.session.add(SessionChoice(registration_id=registration.id, session_id=session.id,
                                     status=ChoiceStatus.HOLDING))
    for session in waitlisted_sessions:
        db.session.add(SessionChoice(registration_id=registration.id, session_id=session.id,
                                     status=ChoiceStatus.WAITLISTED))
    if walk_in:
        log(registration, "added_by_organizer", "organizer@example.org", "walk_in")
    # Committed: a check-in starts a write transaction of its own (BEGIN IMMEDIATE on SQLite).
    db.session.commit()
    return registration
