"""Writing the audit log: who did what, when, and what it looked like before and after."""
import enum
from datetime import date, datetime

from sqlalchemy import select

from eventapp.audit.models import AuditEntry
from eventapp.extensions import db


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(obj, fields) -> dict:
    """The named attributes of an object as JSON-ready values, for `before` and `after`."""
    return {field: _plain(getattr(obj, field)) for field in fields}


def record(
    actor,
    action: str,
    target_type: str,
    target_id: int | None = None,
    *,
    event_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Add an entry in the caller's transaction (flushed, not committed).

    Only what changed is kept when both sides are given.
    """
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    entry = AuditEntry(
        account_id=getattr(actor, "id", None),
        actor=getattr(actor, "email", None) or str(actor),
        action=action,
        event_id=event_id,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def recent_entries(event_id: int | None = None, limit: int = 100, before_id: int | None = None):
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if event_id is not None:
        query = query.where(AuditEntry.event_id == event_id)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return list(db.session.scalars(query))
