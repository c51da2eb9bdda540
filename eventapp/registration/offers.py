"""What the registration form offers: the kinds of organization admitted and the sessions
one may choose, and the checks of a choice against them."""


from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import SessionKind, SessionStatus, WorkshopSession
from eventapp.registration.errors import RegistrationError, SessionConflict, TypeNotAdmitted
from eventapp.registration.models import (
    TypePolicy,
)

# Sessions nobody signs up for: everyone is welcome at breaks and networking.
NOT_SELECTABLE = frozenset({SessionKind.BREAK, SessionKind.NETWORKING})


# --- What the form offers -------------------------------------------------------------------


def policies(event: Event) -> dict[int, TypePolicy]:
    rows = db.session.scalars(select(TypePolicy).where(TypePolicy.event_id == event.id))
    return {policy.organization_type_id: policy for policy in rows}


def admitted_types(event: Event) -> list[OrganizationType]:
    """The organization types the event admits (every active type unless a policy says no)."""
    by_type = policies(event)
    types = db.session.scalars(
        select(OrganizationType)
        .where(OrganizationType.active.is_(True))
        .order_by(OrganizationType.position, OrganizationType.id)
    )
    return [t for t in types if by_type.get(t.id) is None or by_type[t.id].admitted]


def selectable_sessions(event: Event) -> list[WorkshopSession]:
    return list(
        db.session.scalars(
            select(WorkshopSession)
            .where(
                WorkshopSession.event_id == event.id,
                WorkshopSession.kind.not_in(NOT_SELECTABLE),
                WorkshopSession.status != SessionStatus.CANCELLED,
            )
            .order_by(WorkshopSession.starts_at, WorkshopSession.id)
        )
    )


def chosen_sessions(event: Event, session_ids, offered=None) -> list[WorkshopSession]:
    ids = set(session_ids)
    if not ids:
        return []
    offered = selectable_sessions(event) if offered is None else offered
    sessions = [s for s in offered if s.id in ids]
    if len(sessions) != len(ids):
        raise RegistrationError(_l("One of the chosen sessions is not part of this event."))
    for earlier, later in zip(sessions, sessions[1:]):
        if earlier.ends_at > later.starts_at:
            raise SessionConflict(
                _l(
                    "“%(first)s” and “%(second)s” take place at the same time: choose one.",
                    first=earlier.title,
                    second=later.title,
                )
            )
    return sessions


def type_policy(event_id: int, organization_type_id: int) -> TypePolicy | None:
    return db.session.get(TypePolicy, (event_id, organization_type_id))


def check_type(event: Event, organization_type_id: int, types=None) -> None:
    types = admitted_types(event) if types is None else types
    if organization_type_id not in {t.id for t in types}:
        raise TypeNotAdmitted(
            _l("This event does not take registrations from this kind of organization.")
        )
