"""Places in an event, a type's quota and a session, taken and given back atomically.

Every place is taken with a conditional UPDATE (`… SET seats_taken = seats_taken + 1 WHERE
seats_taken < capacity`): the database checks and counts in one step under its own row lock,
so two requests can never both take the last place. On SQLite the transaction is also started
with BEGIN IMMEDIATE (eventapp.db.begin_write_transaction) so that it never reads a stale count
or fails to upgrade its lock halfway.
"""
import enum

from sqlalchemy import and_, or_, select, update

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import WorkshopSession
from eventapp.registration.models import TypePolicy


def _take(table_update) -> bool:
    result = db.session.execute(table_update, execution_options={"synchronize_session": False})
    return result.rowcount == 1


class PlaceRefused(enum.Enum):
    EVENT_FULL = "event_full"
    QUOTA_FULL = "quota_full"


def take_event_place(event_id: int, organization_type_id: int) -> PlaceRefused | None:
    """Count one place in the event and in the type's quota, or neither; None when taken."""
    if not _take(
        update(Event)
        .where(Event.id == event_id, or_(Event.capacity.is_(None), Event.seats_taken < Event.capacity))
        .values(seats_taken=Event.seats_taken + 1)
    ):
        return PlaceRefused.EVENT_FULL
    quota_taken = _take(
        update(TypePolicy)
        .where(
            TypePolicy.event_id == event_id,
            TypePolicy.organization_type_id == organization_type_id,
            or_(TypePolicy.quota.is_(None), TypePolicy.seats_taken < TypePolicy.quota),
        )
        .values(seats_taken=TypePolicy.seats_taken + 1)
    )
    # No policy row for the type means no quota of its own.
    if not quota_taken and _has_quota(event_id, organization_type_id):
        release_event_place(event_id, organization_type_id, quota=False)
        return PlaceRefused.QUOTA_FULL
    return None


def _has_quota(event_id: int, organization_type_id: int) -> bool:
    quota = db.session.scalar(
        select(TypePolicy.quota).where(
            TypePolicy.event_id == event_id,
            TypePolicy.organization_type_id == organization_type_id,
        )
    )
    return quota is not None


def release_event_place(event_id: int, organization_type_id: int, quota: bool = True) -> None:
    db.session.execute(
        update(Event)
        .where(Event.id == event_id, Event.seats_taken > 0)
        .values(seats_taken=Event.seats_taken - 1),
        execution_options={"synchronize_session": False},
    )
    if quota:
        db.session.execute(
            update(TypePolicy)
            .where(
                TypePolicy.event_id == event_id,
                TypePolicy.organization_type_id == organization_type_id,
                TypePolicy.seats_taken > 0,
            )
            .values(seats_taken=TypePolicy.seats_taken - 1),
            execution_options={"synchronize_session": False},
        )


def take_session_seat(session_id: int) -> bool:
    return _take(
        update(WorkshopSession)
        .where(
            WorkshopSession.id == session_id,
            or_(
                WorkshopSession.capacity.is_(None),
                WorkshopSession.seats_taken < WorkshopSession.capacity,
            ),
        )
        .values(seats_taken=WorkshopSession.seats_taken + 1)
    )


def release_session_seat(session_id: int) -> None:
    db.session.execute(
        update(WorkshopSession)
        .where(and_(WorkshopSession.id == session_id, WorkshopSession.seats_taken > 0))
        .values(seats_taken=WorkshopSession.seats_taken - 1),
        execution_options={"synchronize_session": False},
    )
