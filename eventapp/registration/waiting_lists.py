"""Waiting lists: every place given back goes at once to the next person waiting for one.

First come, first served; the person promoted is emailed. SKIP LOCKED lets two requests
that free places at the same moment each take a different person."""


from datetime import datetime

from sqlalchemy import or_, select

from eventapp.db import utc_now
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration import emails
from eventapp.registration.capacity import (
    PlaceRefused,
    take_event_place,
    take_session_seat,
)
from eventapp.registration.history import SYSTEM, log, mail_and_log
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.registration.offers import selectable_sessions

# --- Waiting lists --------------------------------------------------------------------------


def promote_waiting_lists(event: Event, now: datetime | None = None) -> None:
    """Give free places to the people waiting; call after a capacity was raised."""
    now = now or utc_now()
    promote_event(event, now)
    for session in selectable_sessions(event):
        promote_session(session.id, event)


def promote_event(event: Event, now: datetime) -> None:
    """Admit waitlisted registrations in order while places are free.

    A person whose type's quota is full is passed over, not blocking those behind them.
    SKIP LOCKED: two requests freeing places at once each take a different person.
    """
    waiting = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.holds_place.is_(False),
        )
        .order_by(Registration.waitlisted_at, Registration.id)
        .with_for_update(skip_locked=True, of=Registration)
    ).all()
    for registration in waiting:
        refused = take_event_place(event.id, registration.organization_type_id)
        if refused is PlaceRefused.EVENT_FULL:
            return
        if refused is PlaceRefused.QUOTA_FULL:
            continue
        registration.holds_place = True
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlisted_at = None
        log(registration, "promoted", SYSTEM, now=now)
        for choice in registration.choices:
            if choice.status == ChoiceStatus.WAITLISTED and take_session_seat(choice.session_id):
                choice.status = ChoiceStatus.HOLDING
                log(registration, "session.seat_taken", SYSTEM, choice.session.title, now)
        db.session.flush()
        mail_and_log(emails.promoted, registration, event)


def promote_session(session_id: int, event: Event) -> None:
    """Give the session's free seats to the registrations waiting for it, in order."""
    while True:
        choice = db.session.scalar(
            select(SessionChoice)
            .join(Registration, Registration.id == SessionChoice.registration_id)
            .where(
                SessionChoice.session_id == session_id,
                SessionChoice.status == ChoiceStatus.WAITLISTED,
                # As _may_sit: a place in the event, or a guest confirmed beyond capacity.
                or_(
                    Registration.holds_place.is_(True),
                    Registration.status == RegistrationStatus.CONFIRMED,
                ),
                Registration.status.in_(ACTIVE_STATUSES),
            )
            .order_by(SessionChoice.created_at, SessionChoice.id)
            .limit(1)
            .with_for_update(skip_locked=True, of=SessionChoice)
        )
        if choice is None or not take_session_seat(session_id):
            return
        choice.status = ChoiceStatus.HOLDING
        db.session.flush()
        registration = db.session.get(Registration, choice.registration_id)
        log(registration, "session.promoted", SYSTEM, choice.session.title)
        if registration.status == RegistrationStatus.CONFIRMED:
            mail_and_log(emails.session_promoted, registration, event, choice.session)
