"""Finding an event's registrations: the filter the workspace's list, exports, bulk actions
and emails share, its sort orders, and pages that stay fast at 100,000 registrations.

Pagination is by keyset ("the 50 after registration 1234 in this order"), not by offset: an
offset makes the database walk past every earlier row, so page 2,000 costs 2,000 pages,
whereas a keyset reads one index range, as cheap on the last page as on the first. Each sort
order has an index that starts with the event and ends with the registration id (the
tiebreaker), declared below. The list does not count every match on each view either: it
counts up to COUNT_CAP and then says "more than"; only an email's recipients are counted
exactly, once, when it is prepared and when it is sent.
"""
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, exists, func, select, tuple_
from sqlalchemy.orm import raiseload, selectinload

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import (
    ChoiceStatus,
    Registration,
    RegistrationLogEntry,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.text import fold

# Each sort order reads its own index (declared with the model, see the migration 0005).
# Sort orders: the column, and whether the newest/largest comes first. "name" sorts by the
# folded search text, which starts with the full name: family name first, as written.
SORTS = {
    "newest": (Registration.created_at, True),
    "oldest": (Registration.created_at, False),
    "name": (Registration.search_text, False),
    "organization": (Registration.organization_name, False),
    "status": (Registration.status, False),
}
DEFAULT_SORT = "newest"
PER_PAGE_CHOICES = (25, 50, 100, 200)
DEFAULT_PER_PAGE = 50
# The list counts matches up to this number, then says "more than".
COUNT_CAP = 10_000
MAX_QUERY_LENGTH = 200
_MAX_SEARCH_WORDS = 8


def _ints(values) -> tuple[int, ...]:
    found = []
    for value in values:
        value = str(value).strip()
        if value.isdigit() and len(value) < 10 and int(value) not in found:
            found.append(int(value))
    return tuple(found)


def _int_or_none(value) -> int | None:
    ints = _ints([value]) if value not in (None, "") else ()
    return ints[0] if ints else None


@dataclass(frozen=True)
class RegistrationFilter:
    """Which registrations to show, export, act on or write to; empty means all of them.

    Parsed from a query string (or a form) leniently: a value that means nothing is ignored,
    never an error, so that an edited or outdated link still shows a list.
    """

    statuses: tuple[RegistrationStatus, ...] = ()
    organization_type_ids: tuple[int, ...] = ()
    session_id: int | None = None
    # With a session: only those holding a seat in it, or only those waiting for one.
    seat: ChoiceStatus | None = None
    # True: checked in at the door; False: not (yet).
    checked_in: bool | None = None
    q: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def from_args(cls, args: Mapping) -> "RegistrationFilter":
        """From request.args or request.form (a MultiDict), or a plain dict of lists/values."""
        getlist = args.getlist if hasattr(args, "getlist") else lambda key: _as_list(args.get(key))
        statuses = []
        for value in getlist("status"):
            try:
                status = RegistrationStatus(value)
            except ValueError:
                continue
            if status not in statuses:
                statuses.append(status)
        seat = None
        try:
            seat = ChoiceStatus(args.get("seat") or "")
        except ValueError:
            pass
        session_id = _int_or_none(args.get("session"))
        checked_in = {"yes": True, "no": False}.get(args.get("checked_in") or "")
        sort = args.get("sort") if args.get("sort") in SORTS else DEFAULT_SORT
        q = " ".join(str(args.get("q") or "").split())[:MAX_QUERY_LENGTH]
        return cls(
            statuses=tuple(statuses),
            organization_type_ids=_ints(getlist("type")),
            session_id=session_id,
            seat=seat if session_id is not None else None,
            checked_in=checked_in,
            q=q,
            sort=sort,
        )

    def to_args(self, with_sort: bool = True) -> dict:
        """The query-string arguments that give this filter back (for url_for and JSON)."""
        args: dict = {}
        if self.statuses:
            args["status"] = [s.value for s in self.statuses]
        if self.organization_type_ids:
            args["type"] = list(self.organization_type_ids)
        if self.session_id is not None:
            args["session"] = self.session_id
            if self.seat is not None:
                args["seat"] = self.seat.value
        if self.checked_in is not None:
            args["checked_in"] = "yes" if self.checked_in else "no"
        if self.q:
            args["q"] = self.q
        if with_sort and self.sort != DEFAULT_SORT:
            args["sort"] = self.sort
        return args

    def to_json(self) -> dict:
        return self.to_args()

    @classmethod
    def from_json(cls, data: dict | None) -> "RegistrationFilter":
        return cls.from_args(data or {})

    @property
    def is_empty(self) -> bool:
        return not self.to_args(with_sort=False)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_terms(q: str) -> list[str]:
    """The words of a search, folded as search_text is: "Nguyễn  Hoà" -> ["nguyen", "hoa"]."""
    return fold(q).split()[:_MAX_SEARCH_WORDS]


def filtered_query(event: Event | int, filter: RegistrationFilter) -> Select:
    """SELECT the event's registrations that match the filter (not ordered)."""
    event_id = event if isinstance(event, int) else event.id
    query = select(Registration).where(Registration.event_id == event_id)
    if filter.statuses:
        query = query.where(Registration.status.in_(filter.statuses))
    if filter.organization_type_ids:
        query = query.where(Registration.organization_type_id.in_(filter.organization_type_ids))
    if filter.session_id is not None:
        chose = [
            SessionChoice.registration_id == Registration.id,
            SessionChoice.session_id == filter.session_id,
        ]
        if filter.seat is not None:
            chose.append(SessionChoice.status == filter.seat)
        query = query.where(exists().where(*chose))
    if filter.checked_in is True:
        query = query.where(Registration.checked_in_at.is_not(None))
    elif filter.checked_in is False:
        query = query.where(Registration.checked_in_at.is_(None))
    # Each word anywhere in the name, email or organization, diacritics ignored.
    for term in search_terms(filter.q):
        query = query.where(Registration.search_text.like(f"%{_escape_like(term)}%", escape="\\"))
    return query


def ordered(query: Select, sort: str) -> Select:
    column, descending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if descending:
        return query.order_by(column.desc(), Registration.id.desc())
    return query.order_by(column.asc(), Registration.id.asc())


def count(query: Select) -> int:
    """The exact number of rows of a filtered query."""
    return db.session.scalar(
        select(func.count()).select_from(query.with_only_columns(Registration.id).subquery())
    )


def count_capped(query: Select, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, more): the count up to `cap`, and whether there are more than that."""
    limited = query.with_only_columns(Registration.id).limit(cap + 1).subquery()
    n = db.session.scalar(select(func.count()).select_from(limited))
    return min(n, cap), n > cap


def matching_ids(event: Event | int, filter: RegistrationFilter) -> list[int]:
    """Every matching id, in the filter's order: for emails and exports that work in batches."""
    query = ordered(filtered_query(event, filter), filter.sort).with_only_columns(Registration.id)
    return list(db.session.scalars(query))


@dataclass
class Page:
    items: list[Registration]
    # The id to pass as `after` for the next page, or `before` for the previous one.
    next_after: int | None
    prev_before: int | None


def _sort_key(registration: Registration, sort: str) -> tuple:
    column, _ = SORTS.get(sort, SORTS[DEFAULT_SORT])
    return getattr(registration, column.key), registration.id


def page(
    event: Event,
    filter: RegistrationFilter,
    *,
    after: int | None = None,
    before: int | None = None,
    per_page: int = DEFAULT_PER_PAGE,
) -> Page:
    """One page of matches in the filter's order: the first, or the one after/before an id.

    A cursor that is not a registration of this event (edited by hand, say) gives the
    first page.
    """
    column, descending = SORTS.get(filter.sort, SORTS[DEFAULT_SORT])
    # The organization type in a query of its own, not joined: a join would make
    # PostgreSQL, which estimates row comparisons badly, sort every remaining match
    # instead of reading the index in order up to the LIMIT.
    query = filtered_query(event, filter).options(
        raiseload(Registration.choices), selectinload(Registration.organization_type)
    )
    cursor_id, backwards = (before, True) if before is not None else (after, False)
    cursor = db.session.get(Registration, cursor_id) if cursor_id is not None else None
    if cursor is not None and cursor.event_id != event.id:
        cursor = None
    if cursor is None:
        backwards = False
    # Walking backwards reads the order reversed, then turns the page the right way round.
    reverse = descending != backwards
    key = tuple_(column, Registration.id)
    if cursor is not None:
        bound = _sort_key(cursor, filter.sort)
        query = query.where(key < bound if reverse else key > bound)
    if reverse:
        query = query.order_by(column.desc(), Registration.id.desc())
    else:
        query = query.order_by(column.asc(), Registration.id.asc())
    rows = list(db.session.scalars(query.limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        return Page(rows, next_after=rows[-1].id if rows else None,
                    prev_before=rows[0].id if more and rows else None)
    return Page(
        rows,
        next_after=rows[-1].id if more and rows else None,
        prev_before=rows[0].id if cursor is not None and rows else None,
    )


def batches(event: Event, filter: RegistrationFilter, columns, size: int = 1000):
    """Every match as rows of `columns` (plus the sort key and the id, last), in the
    filter's order, `size` at a time: each batch is one keyset range, as a page is.

    For exports: plain rows cost a fraction of full objects at 100,000 registrations.
    """
    column, descending = SORTS.get(filter.sort, SORTS[DEFAULT_SORT])
    query = filtered_query(event, filter).with_only_columns(*columns, column, Registration.id)
    if descending:
        query = query.order_by(column.desc(), Registration.id.desc())
    else:
        query = query.order_by(column.asc(), Registration.id.asc())
    key = tuple_(column, Registration.id)
    bound = None
    while True:
        batch = query if bound is None else query.where(key < bound if descending else key > bound)
        rows = db.session.execute(batch.limit(size)).all()
        if rows:
            yield rows
        if len(rows) < size:
            return
        bound = tuple(rows[-1][-2:])


def in_event(event: Event, ids) -> list[Registration]:
    """The registrations of the event among `ids` (others are ignored), in id order."""
    wanted = _ints(ids)
    if not wanted:
        return []
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.id.in_(wanted))
            .order_by(Registration.id)
        )
    )


def walked_in():
    """SQL: the registration was entered by an organizer as a walk-in at the door (its
    history says so; see services.add_by_organizer)."""
    return exists().where(
        RegistrationLogEntry.registration_id == Registration.id,
        RegistrationLogEntry.action == "added_by_organizer",
        RegistrationLogEntry.detail == "walk_in",
    )
