"""What a kept page is made of, as one digest of its rows, read again on every request.

Rendering the agenda (ORM objects, then Jinja and Babel for every session) costs tens of
milliseconds; reading the rows it is made of, a fraction of one. So a public page is kept
as rendered, with a fingerprint of every row it was made from, and served again as long as
a fresh read of those rows gives the same fingerprint. The rows are read on every request:
a change (an edit, a seat taken) shows on the very next request, on every host, whoever
made it and however (the workspace, a command, psql).

Each capability describes its pages' rows as a `Fingerprint` in plain SQL, one statement
per database. PostgreSQL gives every row version a new xmin (the transaction that wrote
it), so the ids and xmins of the rows are an exact and small fingerprint, digested in the
server. SQLite has no row versions: it hands over whole rows (`*`: every column, including
any added later), raw as the driver returns them, which is cheap in-process. Either way no
ORM object is made and no value converted.
"""
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import TextClause, text

from eventapp.extensions import db


def fingerprint(*results: Iterable) -> str:
    """A digest of whole rows (every column, in their order), result set by result set."""
    digest = hashlib.blake2b(digest_size=16)
    for rows in results:
        for row in rows:
            digest.update(repr(tuple(row)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """How to fingerprint the rows of one kind of page, found by a slug.

    `postgresql` digests the rows' ids and xmins in the server, in one statement. On SQLite,
    `head` (by :slug) gives the page's main rows, whose first column is the id that `rest`
    takes as its parameter `key`; both result sets are digested here.
    """

    name: str
    postgresql: TextClause
    head: TextClause
    rest: TextClause
    key: str

    def version(self, slug: str) -> str | None:
        """The fingerprint of the page for `slug`, or None when it has no rows (no page)."""
        if on_postgresql():
            return digest_on_server(self.postgresql, {"slug": slug})

        def read_rows():
            head = db.session.execute(self.head, {"slug": slug}).all()
            if not head:
                return None
            rest = db.session.execute(self.rest, {self.key: head[0][0]}).all()
            return fingerprint(head, rest)

        return unless_sqlite_unchanged((self.name, slug), read_rows)


def on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def digest_on_server(statement, params: dict) -> str | None:
    """Run a PostgreSQL fingerprint query on a connection of its own, in autocommit.

    One round trip instead of three (BEGIN, the query, and the ROLLBACK that ends the
    request's session): on a page served from memory they are most of the work.
    """
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        return conn.execute(statement, params).scalar()


# The SQLite connection's count of commits by others, and of its own changes.
SQLITE_STATE = text("SELECT total_changes(), (SELECT data_version FROM pragma_data_version())")


def unless_sqlite_unchanged(key: tuple, compute: Callable[[], str | None]) -> str | None:
    """compute(), or what it gave last time on this connection if the database is unchanged.

    SQLite tells each connection whether anyone else committed since it last asked
    (data_version) and how many rows it changed itself (total_changes): when neither moved,
    no row of the database changed, and reading the page's rows again (the costly part on
    SQLite) would give the same fingerprint. Any write anywhere, even elsewhere in the
    database, makes the next request read them again.
    """
    connection = db.session.connection()
    state = tuple(connection.execute(SQLITE_STATE).one())
    known = connection.info.setdefault("eventapp.fingerprints", {})
    if key in known and known[key][0] == state:
        return known[key][1]
    value = compute()
    known[key] = (state, value)
    return value
