"""Organization types: the taxonomy registration offers."""
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.organizations.models import OrganizationType
from eventapp.organizations.taxonomy import DEFAULT_ORGANIZATION_TYPES


def sync_organization_types() -> list[str]:
    """Add the default types that are missing; never change or remove existing ones.

    Returns the codes added. Flushes; the caller commits.
    """
    existing = set(db.session.scalars(select(OrganizationType.code)))
    added = []
    for position, entry in enumerate(DEFAULT_ORGANIZATION_TYPES):
        if entry["code"] in existing:
            continue
        db.session.add(OrganizationType(position=position, **entry))
        added.append(entry["code"])
    db.session.flush()
    return added


def list_organization_types(active_only: bool = True) -> list[OrganizationType]:
    query = select(OrganizationType).order_by(OrganizationType.position, OrganizationType.id)
    if active_only:
        query = query.where(OrganizationType.active.is_(True))
    return list(db.session.scalars(query))
