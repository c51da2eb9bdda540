"""Reading the audit log: newest first, filtered by event and by who acted, a page at a time.

Pages are cut by id (keyset pagination): `before` shows the entries older than an id,
`after` the ones newer than it. Unlike OFFSET, a page costs the same however deep in the
log it is, and an entry written meanwhile does not shift the pages.
"""


from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.audit.models import AuditEntry
from eventapp.extensions import db

PAGE_SIZE = 50


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    event: object | None
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    # Ids to pass as `after` / `before` for the neighbouring pages; None when there is none.
    newer_than: int | None
    older_than: int | None


@dataclass(frozen=True)
class AuditFilter:
    event_id: int | None = None
    actor: str | None = None

    def apply(self, query):
        if self.event_id is not None:
            query = query.where(AuditEntry.event_id == self.event_id)
        if self.actor:
            query = query.where(AuditEntry.actor == self.actor)
        return query


def audit_page(
    filters: AuditFilter,
    *,
    before: int | None = None,
    after: int | None = None,
    page_size: int | None = None,
) -> AuditPage:
    page_size = page_size or PAGE_SIZE
    query = filters.apply(select(AuditEntry)).options(selectinload(AuditEntry.event))
    if after is not None and before is None:
        # Going back towards the newest: the page just above `after`, shown newest first.
        found = list(db.session.scalars(
            query.where(AuditEntry.id > after).order_by(AuditEntry.id).limit(page_size)
        ))
        found.reverse()
    else:
        if before is not None:
            query = query.where(AuditEntry.id < before)
        found = list(db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(page_size)))
    if not found:
        return AuditPage([], None, None)
    newest, oldest = found[0].id, found[-1].id
    return AuditPage(
        rows=_rows(found),
        newer_than=newest if _exists(filters, AuditEntry.id > newest) else None,
        older_than=oldest if _exists(filters, AuditEntry.id < oldest) else None,
    )


def _exists(filters: AuditFilter, condition) -> bool:
    query = filters.apply(select(AuditEntry.id)).where(condition).limit(1)
    return db.session.scalar(query) is not None


def _rows(entries: list[AuditEntry]) -> list[AuditRow]:
    return [AuditRow(e, e.event, changes(e.before, e.after)) for e in entries]


def changes(before: dict | None, after: dict | None) -> list[Change]:
    """Each field named in either side, in the order it was written, with both values."""
    before, after = before or {}, after or {}
    names = list(before) + [name for name in after if name not in before]
    return [Change(name, before.get(name), after.get(name)) for name in names]


def actors() -> list[str]:
    """Everyone who appears in the log, accounts since deleted included."""
    return list(db.session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))
