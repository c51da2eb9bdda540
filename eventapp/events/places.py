"""Limits on places: an event's or a session's capacity, or a type's quota, changed safely."""
from sqlalchemy import and_, update

from eventapp.extensions import db


class BelowTaken(ValueError):
    """A limit lower than the places already taken; `taken` says how many those are."""

    def __init__(self, taken: int):
        super().__init__(taken)
        self.taken = taken


def set_limit(row, where, limit: int | None, column: str = "capacity") -> bool:
    """Set an event's or a session's capacity, or a type's quota, never below the places taken.

    The check and the change are one conditional UPDATE (`… WHERE seats_taken <= :limit`),
    so a place taken at the same moment cannot slip between them. `where` picks the row.
    Returns True when the limit grew (or went), so that the waiting list may move; raises
    BelowTaken when it would fall below the places taken.
    """
    model, old = type(row), getattr(row, column)
    if limit == old:
        return False
    condition = where if limit is None else and_(where, model.seats_taken <= limit)
    result = db.session.execute(
        update(model).where(condition).values({column: limit}),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(row, [column, "seats_taken"])
    if result.rowcount != 1:
        raise BelowTaken(row.seats_taken)
    return limit is None or (old is not None and limit > old)
