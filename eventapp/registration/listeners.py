"""What registration does when the catalogues below it announce a change (eventapp.signals).

Connected when the package is imported; each receiver runs in the sender's transaction.
"""
from sqlalchemy import exists, func, select

from eventapp import signals
from eventapp.extensions import db
from eventapp.programme.editing import SessionCounts
from eventapp.programme.models import WorkshopSession
from eventapp.registration import programme_notices
from eventapp.registration.capacity import take_session_seat
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    SessionChoice,
)
from eventapp.registration.waiting_lists import promote_waiting_lists


@signals.places_added.connect
def _serve_waiting_lists(event, **_):
    promote_waiting_lists(event)


@signals.registered_for.connect
def _anyone_registered(event, **_) -> bool:
    return bool(db.session.scalar(select(exists().where(Registration.event_id == event.id))))


@signals.session_watched.connect
def _remember_choosers(changes, *, session, **_):
    programme_notices.remember_choosers(changes, session)


@signals.programme_changed.connect
def _tell_attendees(changes, *, found, **_) -> int:
    return programme_notices.tell_attendees(changes, found)


@signals.session_cancelled.connect
def _drop_waiting_list(session, **_):
    """People holding a seat keep their choice (shown as cancelled); the queue is no more."""
    for choice in db.session.scalars(
        select(SessionChoice).where(
            SessionChoice.session_id == session.id,
            SessionChoice.status == ChoiceStatus.WAITLISTED,
        )
    ):
        db.session.delete(choice)


@signals.session_reinstated.connect
def _take_kept_seats(session, **_):
    """The choices kept while it was cancelled take their seats again, in the order made."""
    kept = db.session.scalars(
        select(SessionChoice)
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(
            SessionChoice.session_id == session.id,
            SessionChoice.status == ChoiceStatus.HOLDING,
            Registration.status.in_(ACTIVE_STATUSES),
        )
        .order_by(SessionChoice.created_at, SessionChoice.id)
    ).all()
    for choice in kept:
        if not take_session_seat(session.id):
            choice.status = ChoiceStatus.WAITLISTED


@signals.session_chosen.connect
def _anyone_chose(session, **_) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(SessionChoice)
            .where(SessionChoice.session_id == session.id)
        )
    )


@signals.session_counts.connect
def _session_counts(event, **_) -> dict[int, SessionCounts]:
    """Per session: the registrations holding a seat and those on its waiting list (active)."""
    rows = db.session.execute(
        select(SessionChoice.session_id, SessionChoice.status, func.count())
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .join(WorkshopSession, WorkshopSession.id == SessionChoice.session_id)
        .where(WorkshopSession.event_id == event.id, Registration.status.in_(ACTIVE_STATUSES))
        .group_by(SessionChoice.session_id, SessionChoice.status)
    )
    counts: dict[int, SessionCounts] = {}
    for session_id, status, number in rows:
        entry = counts.setdefault(session_id, SessionCounts())
        if status == ChoiceStatus.HOLDING:
            entry.holding = number
        else:
            entry.waiting = number
    return counts
