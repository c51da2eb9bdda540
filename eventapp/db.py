"""The declarative base, its constraint naming convention, and database-wide behaviour."""
import enum
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session
from sqlalchemy.types import TypeDecorator

# Named constraints make migrations reproducible on every database (SQLite included).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utc_now() -> datetime:
    return datetime.now(UTC)


def str_enum(enum_class: type[enum.Enum], name: str) -> Enum:
    """A Python enum kept as its values in a VARCHAR with a CHECK constraint, on every database."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_class),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL keeps the zone itself (timestamptz); SQLite has no zone, so the value is
    stored as naive UTC and given its zone back when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: eventapp stores aware UTC timestamps only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    """Turn on foreign keys for SQLite and let SQLAlchemy issue BEGIN itself.

    pysqlite's own transaction handling begins transactions late and in ways SQLAlchemy
    cannot see; taking it over (SQLAlchemy's documented recipe) makes BEGIN explicit, so
    that a write transaction can later be started as BEGIN IMMEDIATE.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Readers never wait for a writer in WAL mode (a no-op for in-memory databases).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


# Set in session.info once the current transaction has flushed changes to the database.
_WROTE = "eventapp.wrote"


@event.listens_for(Session, "after_flush")
def _note_written(session, flush_context):
    session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_written(session):
    session.info.pop(_WROTE, None)


_sqlite_immediate: ContextVar[bool] = ContextVar("sqlite_immediate", default=False)


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _sqlite_immediate.get() else "BEGIN")


def begin_write_transaction(session) -> None:
    """Start the session's transaction as a writer that no other writer can interleave with.

    On SQLite a plain (deferred) transaction reads first and locks later, so two requests
    can read the same count of free places and both take the last one, or one of them fails
    to upgrade its lock. BEGIN IMMEDIATE takes the write lock before the first read. On
    PostgreSQL nothing is needed here: places are taken by conditional UPDATEs and row locks.
    Call it before the transaction has written anything.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
            # Restarting the transaction would silently throw these changes away.
            raise RuntimeError("begin_write_transaction() must come before any change")
        session.rollback()
    token = _sqlite_immediate.set(True)
    try:
        session.connection()
    finally:
        _sqlite_immediate.reset(token)


_WRITE_TRANSACTION = "eventapp.write_transaction"


def begin_write(session) -> None:
    """Start the session's transaction as a writer (BEGIN IMMEDIATE on SQLite), once per
    transaction.

    Several services may run in one transaction (an organizer's bulk action, a change of
    sessions then of details): the first starts it; the others must not start it again,
    which would roll back what the first ones did.
    """
    if isinstance(session, scoped_session):
        session = session()
    current = session.get_transaction()
    if current is not None and session.info.get(_WRITE_TRANSACTION) is current:
        return
    begin_write_transaction(session)
    session.info[_WRITE_TRANSACTION] = session.get_transaction()
