"""The registration rules of an event for each kind of organization, as organizers set them.

For every active organization type: admitted or not, approval by an organizer or not, and a
quota of places (none: only the event's capacity applies). A type without a `TypePolicy`
row follows the defaults (admitted, no approval, no quota); a row is written only when a
rule differs from them or a row already exists.

Changing a rule acts on what comes next, never retroactively: registrations already made by
a type that is no longer admitted stay, and those already waiting for approval still wait
for an organizer's decision when approval is turned off. A quota is never set below the
places that type already holds, and a larger (or removed) quota hands places to the waiting
list at once.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from eventapp.audit.services import record
from eventapp.db import begin_write
from eventapp.errors import Refused
from eventapp.events.models import Event
from eventapp.events.places import BelowTaken, set_limit
from eventapp.extensions import db
from eventapp.organizations.models import OrganizationType
from eventapp.registration.models import Registration, TypePolicy
from eventapp.registration.waiting_lists import promote_waiting_lists


class PolicyError(Refused):
    """A rule refused for one organization type (`organization_type_id`)."""

    def __init__(self, message, organization_type_id: int | None = None):
        super().__init__(message)
        self.organization_type_id = organization_type_id


@dataclass
class TypeRule:
    """One row of the rules page: the type, its rule, and the places it holds."""

    organization_type: OrganizationType
    admitted: bool = True
    needs_approval: bool = False
    quota: int | None = None
    seats_taken: int = 0

    @property
    def organization_type_id(self) -> int:
        return self.organization_type.id


@dataclass
class RuleChoice:
    """What the form says for one type."""

    organization_type_id: int
    admitted: bool = True
    needs_approval: bool = False
    quota: int | None = None

    def is_default(self) -> bool:
        return self.admitted and not self.needs_approval and self.quota is None


AUDIT_FIELDS = ("admitted", "needs_approval", "quota")


def active_types() -> list[OrganizationType]:
    return list(
        db.session.scalars(
            select(OrganizationType)
            .where(OrganizationType.active.is_(True))
            .order_by(OrganizationType.position, OrganizationType.id)
        )
    )


def _policies(event: Event) -> dict[int, TypePolicy]:
    rows = db.session.scalars(select(TypePolicy).where(TypePolicy.event_id == event.id))
    return {row.organization_type_id: row for row in rows}


def type_rules(event: Event) -> list[TypeRule]:
    """The rule of every active type, with the places its registrations hold."""
    policies = _policies(event)
    held = _places_held(event)
    rules = []
    for organization_type in active_types():
        policy = policies.get(organization_type.id)
        rule = TypeRule(
            organization_type=organization_type, seats_taken=held.get(organization_type.id, 0)
        )
        if policy is not None:
            rule.admitted = policy.admitted
            rule.needs_approval = policy.needs_approval
            rule.quota = policy.quota
        rules.append(rule)
    return rules


def _places_held(event: Event) -> dict[int, int]:
    """Places held per type, counted from the registrations themselves.

    A policy row keeps its own count only from the moment it exists; counting the
    registrations is right whether a row exists or not.
    """
    rows = db.session.execute(
        select(Registration.organization_type_id, func.count())
        .where(Registration.event_id == event.id, Registration.holds_place.is_(True))
        .group_by(Registration.organization_type_id)
    )
    return dict(rows.all())


def audit_snapshot(event: Event) -> dict:
    """The rules of every type that has a row, keyed by type code, for the audit log."""
    return {
        policy.organization_type.code: {name: getattr(policy, name) for name in AUDIT_FIELDS}
        for policy in _policies(event).values()
    }


def save_rules(event: Event, choices: list[RuleChoice], *, actor) -> bool:
    """Apply the rules; returns True when the waiting list was given a chance.

    Raises PolicyError (nothing changed: the caller rolls back) when a quota is below the
    places that type holds. Audited as "policies.update", the rules before and after.
    """
    begin_write(db.session)
    # Lock the event row: registrations take their place in the event (UPDATE event …)
    # before their type's quota, so none can take a place uncounted while a new policy
    # row gets its count below.
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    before = audit_snapshot(event)
    known = {t.id: t for t in active_types()}
    policies = _policies(event)
    held = _places_held(event)
    more_places = False
    for choice in choices:
        organization_type = known.get(choice.organization_type_id)
        if organization_type is None:
            continue
        if choice.quota is not None and choice.quota < 0:
            raise PolicyError(_l("A quota cannot be negative."), organization_type.id)
        policy = policies.get(organization_type.id)
        if policy is None:
            if choice.is_default():
                continue
            policy = TypePolicy(
                event_id=event.id,
                organization_type_id=organization_type.id,
                seats_taken=held.get(organization_type.id, 0),
                quota=None,
            )
            db.session.add(policy)
            db.session.flush()
        more_places |= _set_quota(policy, choice.quota, organization_type)
        policy.admitted = choice.admitted
        policy.needs_approval = choice.needs_approval
    db.session.flush()
    if more_places:
        promote_waiting_lists(event)
    record(actor, "policies.update", "event", event.id, event_id=event.id, before=before,
           after=audit_snapshot(event))
    return more_places


def _set_quota(policy: TypePolicy, quota: int | None, organization_type: OrganizationType) -> bool:
    try:
        return set_limit(
            policy,
            and_(
                TypePolicy.event_id == policy.event_id,
                TypePolicy.organization_type_id == policy.organization_type_id,
            ),
            quota,
            column="quota",
        )
    except BelowTaken as refused:
        raise PolicyError(
            _l(
                "%(type)s already hold %(taken)d places: the quota cannot be lower than that.",
                type=organization_type.name,
                taken=refused.taken,
            ),
            organization_type.id,
        ) from None
