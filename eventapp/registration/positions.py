"""Places in the waiting lists, first come, first served."""
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
)


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            (Registration.waitlisted_at < registration.waitlisted_at)
            | (
                (Registration.waitlisted_at == registration.waitlisted_at)
                & (Registration.id < registration.id)
            ),
        )
    )
    return ahead + 1


def session_waitlist_position(choice: SessionChoice) -> int | None:
    if choice.status != ChoiceStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(SessionChoice)
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(
            SessionChoice.session_id == choice.session_id,
            SessionChoice.status == ChoiceStatus.WAITLISTED,
            Registration.status.in_(ACTIVE_STATUSES),
            (SessionChoice.created_at < choice.created_at)
            | ((SessionChoice.created_at == choice.created_at) & (SessionChoice.id < choice.id)),
        )
    )
    return ahead + 1
