"""Delivering the outbox: at most once, retried while it is safe, over one connection per batch.

How a message moves
-------------------
::

    pending ──claim──> pending + lease ──start──> sending ──250──> sent
       ^                    │                        │ refused / no connection
       │   lease expires    │                        ├──> pending (later, backoff) or failed
       └────────────────────┘                        │ line lost during DATA, or lease expired
                                                     └──> uncertain (a person decides)

1. **Claim.** A deliverer takes up to `limit` due messages (pending, next_attempt_at come,
   no live lease) by writing its own token in `claimed_by` and a lease in `locked_until`,
   and commits. On PostgreSQL the candidates are selected FOR UPDATE SKIP LOCKED, so that
   deliverers running side by side take different rows without waiting for each other; on
   SQLite the claim is one conditional UPDATE in a BEGIN IMMEDIATE transaction, and SQLite
   runs one writer at a time. In both, the UPDATE re-checks that each row is still due, so
   two deliverers can never hold the same row at once. A claimed row is still `pending`:
   if its deliverer stops now, nothing was sent, and the row is simply claimed again once
   the lease has expired.

2. **Start.** Before handing messages to the server the deliverer moves the next few
   (OUTBOX_START_GROUP, 5 by default) from pending to `sending`, on the condition that it
   still holds their claim, and commits, durably, before the first of them goes out. Only
   one deliverer can win this conditional UPDATE for a given claim, so at most one ever
   sends a given message, even if its claim expired and another deliverer re-claimed it.
   `attempts` counts this start. A message started but not yet handed over when the
   connection fails or the deliverer is told to stop is certainly unsent: it goes back to
   pending at once, its attempt uncounted.

3. **Finish.** When the server answers 250 to the end of DATA the message is marked
   `sent`. These marks are gathered and committed together, every SENT_BATCH emails or
   SENT_BATCH_SECONDS, and always before the deliverer returns (see "Why never twice" for
   why this is safe). When the server
   certainly did not take it (connection refused or lost before DATA, a 4xx or 5xx reply
   at MAIL FROM, RCPT TO or DATA, or after the data), it goes back to `pending` with an
   exponential backoff, or to `failed` after a 5xx refusal or OUTBOX_MAX_ATTEMPTS attempts.

The durable commit of a start is what a deliverer waits for most (the disk), and it is
shared by the group; the price is paid only if a deliverer dies outright (killed, power
cut): the messages of its group not yet sent become uncertain with the one in flight, so
a person may have up to OUTBOX_START_GROUP emails to check instead of one. A deliverer
stopped by SIGTERM (a deploy) finishes the email in flight and puts the rest back.
OUTBOX_START_GROUP=1 starts each message on its own.

Why never twice
---------------
The only moment at which we cannot know the outcome is between the server receiving the
end of the data and our commit of `sent`: the line may drop before the server's reply, or
the deliverer may be killed (crash, deploy, power cut) right after the 250. A message in
that window is `sending`. We never resend a `sending` message automatically:

- if the line drops while the data is on its way or its reply is awaited, the message
  becomes `uncertain` at once (the server may have queued it);
- if the deliverer dies, the message stays `sending` until its lease has expired; the next
  deliverer then turns it `uncertain` instead of sending it.

An `uncertain` message waits for an organizer to look (did the attendee get it?) and
send it again (`services.resend`) if not. We accept that a rare message may need a person's
decision, never that a person gets the same email twice. The lease (OUTBOX_LEASE_SECONDS)
must be longer than one message can take to send (a few MAIL_TIMEOUT periods), so that a
slow but living deliverer is not taken for a dead one; if it were, its message would still
only become uncertain, and the late `sent` is recorded if the deliverer finishes after all.

The `sent` marks may therefore wait a moment, and on PostgreSQL their commit does not wait
for the disk (synchronous_commit off). Losing one changes nothing above: a `sent` that never
became durable (the deliverer or the database stopped first) leaves the message `sending`,
which turns uncertain after its lease and is never resent. What must be durable before a
message goes out is its `sending`, and that commit (one per group, see Start) still
waits for the disk.

Every state change is a conditional UPDATE committed on its own, on one connection the
deliverer holds for its batch, so deliver_due never touches the caller's session or its
transaction.
"""
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Connection, bindparam, or_, select, text, update
from sqlalchemy.orm import Session, selectinload

from eventapp.db import begin_write_transaction, utc_now
from eventapp.extensions import db
from eventapp.mail.mime import envelope_for
from eventapp.mail.models import OutboxMessage, OutboxStatus
from eventapp.mail.transports import MaybeAccepted, NotAccepted, open_transport

log = logging.getLogger("eventapp.mail.delivery")

# `sent` marks committed together: at most this many, or this old.
SENT_BATCH = 20
SENT_BATCH_SECONDS = 1.0

T = OutboxMessage.__table__
PENDING, SENDING, SENT, FAILED, UNCERTAIN = (
    OutboxStatus.PENDING,
    OutboxStatus.SENDING,
    OutboxStatus.SENT,
    OutboxStatus.FAILED,
    OutboxStatus.UNCERTAIN,
)


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    # Not accepted this time, to be tried again later.
    deferred: int = 0
    failed: int = 0
    uncertain: int = 0
    # Found `sending` with an expired lease (a deliverer stopped) and turned uncertain.
    recovered: int = 0
    # Claimed but not tried (the connection was lost): back in the queue at once.
    released: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Nothing was left for this deliverer: no need to call again straight away."""
        return self.claimed == 0


def deliver_due(
    limit: int = 100,
    now: datetime | None = None,
    *,
    should_stop: Callable[[], bool] | None = None,
) -> DeliveryReport:
    """Send the messages that are due, at most `limit`, and report what happened.

    `now` fixes the clock (for tests); by default each step reads the real time.
    `should_stop` is asked before each message: a worker told to stop gives the rest of
    its batch back at once instead of sending it first.
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utc_now
    settings = _Settings.from_config()
    report = DeliveryReport()
    with _holding_connection():
        report.recovered = _recover_expired_sending(clock())
        report.uncertain += report.recovered
        token = f"{uuid.uuid4().hex[:12]}"
        ids = _claim(token, limit, clock(), settings)
        report.claimed = len(ids)
        if not ids:
            return report
        with Session(_held.get(), expire_on_commit=False) as session:
            rows = list(
                session.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.id.in_(ids))
                    .options(selectinload(OutboxMessage.attachments))
                    .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                )
            )
            session.commit()
        _send_claimed(rows, token, clock, settings, report, should_stop or (lambda: False))
    if report.claimed:
        log.info(
            "outbox: %d claimed, %d sent, %d deferred, %d failed, %d uncertain",
            report.claimed, report.sent, report.deferred, report.failed, report.uncertain,
        )
    return report


@dataclass(frozen=True)
class _Settings:
    lease: timedelta
    max_attempts: int
    retry_base: float
    retry_max: float
    start_group: int

    @classmethod
    def from_config(cls) -> "_Settings":
        cfg = current_app.config
        return cls(
            lease=timedelta(seconds=float(cfg.get("OUTBOX_LEASE_SECONDS", 300))),
            max_attempts=int(cfg.get("OUTBOX_MAX_ATTEMPTS", 10)),
            retry_base=float(cfg.get("OUTBOX_RETRY_BASE_SECONDS", 60)),
            retry_max=float(cfg.get("OUTBOX_RETRY_MAX_SECONDS", 3600)),
            start_group=max(1, int(cfg.get("OUTBOX_START_GROUP", 5))),
        )

    def backoff(self, attempts: int) -> timedelta:
        """60 s, 2 min, 4 min, ... up to the cap, after the given number of attempts."""
        exponent = min(max(attempts - 1, 0), 30)
        return timedelta(seconds=min(self.retry_base * 2**exponent, self.retry_max))


# The connection a deliver_due call does all its steps on: one pool checkout (and, with
# pool_pre_ping, one ping) per batch instead of one per step.
_held: ContextVar[Connection | None] = ContextVar("outbox_connection", default=None)


@contextmanager
def _holding_connection() -> Iterator[None]:
    with db.engine.connect() as conn:
        token = _held.set(conn)
        try:
            yield
        finally:
            _held.reset(token)


@contextmanager
def _write(*, durable: bool = True) -> Iterator[Connection]:
    """A short write transaction of its own, committed on exit.

    On SQLite it begins IMMEDIATE, taking the write lock before its first statement, so
    that two deliverers wait for each other (busy_timeout) instead of failing to upgrade a
    read lock. With durable=False, PostgreSQL answers the commit without waiting for the
    disk; only for the `sent` marks, whose loss can never send an email twice.
    """
    with Session(_held.get() or db.engine) as session:
        begin_write_transaction(session)
        conn = session.connection()
        if not durable and conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL synchronous_commit = off"))
        yield conn
        session.commit()


def _recover_expired_sending(now: datetime) -> int:
    """Messages left `sending` by a deliverer that stopped: uncertain, never resent."""
    with _write() as conn:
        result = conn.execute(
            update(T)
            .where(T.c.status == SENDING, T.c.locked_until <= now)
            .values(
                status=UNCERTAIN,
                locked_until=None,
                last_error=(
                    "The deliverer stopped while sending this email (its lease expired): "
                    "it may or may not have reached the mail server."
                ),
            )
        )
    if result.rowcount:
        log.warning("outbox: %d message(s) found sending after their lease: now uncertain",
                    result.rowcount)
    return result.rowcount


def _due(now: datetime):
    return (
        T.c.status == PENDING,
        T.c.next_attempt_at <= now,
        or_(T.c.locked_until.is_(None), T.c.locked_until <= now),
    )


def _claim(token: str, limit: int, now: datetime, settings: _Settings) -> list[int]:
    candidates = (
        select(T.c.id)
        .where(*_due(now))
        .order_by(T.c.next_attempt_at, T.c.id)
        .limit(limit)
        # PostgreSQL: rows another deliverer is claiming are skipped, not waited for.
        # SQLite has no row locks and renders nothing here; BEGIN IMMEDIATE serializes.
        .with_for_update(skip_locked=True)
    )
    with _write() as conn:
        # Two statements, not UPDATE ... WHERE id IN (SELECT ... LIMIT): PostgreSQL may run
        # such a subquery more than once and so claim more than `limit` rows.
        ids = list(conn.scalars(candidates))
        if not ids:
            return []
        conn.execute(
            update(T)
            # Re-checked: on SQLite nothing was locked by the SELECT.
            .where(T.c.id.in_(ids), *_due(now))
            .values(claimed_by=token, locked_until=now + settings.lease)
        )
        claimed = conn.scalars(
            select(T.c.id)
            .where(T.c.claimed_by == token, T.c.status == PENDING)
            .order_by(T.c.next_attempt_at, T.c.id)
        ).all()
    return list(claimed)


def _send_claimed(rows, token, clock, settings: _Settings, report: DeliveryReport,
                  should_stop: Callable[[], bool]) -> None:
    sent = _SentMarks(token)
    try:
        _send_each(rows, token, clock, settings, report, should_stop, sent)
    finally:
        # Whatever happened next, the emails the server took are recorded as sent.
        sent.commit()


def _send_each(rows, token, clock, settings: _Settings, report: DeliveryReport,
               should_stop: Callable[[], bool], sent: "_SentMarks") -> None:
    try:
        with open_transport() as transport:
            waiting = list(rows)
            while waiting:
                group, waiting = waiting[: settings.start_group], waiting[settings.start_group:]
                started = _start_group(group, token, clock, settings, report)
                for index, (row, envelope) in enumerate(started):
                    rest = [r for r, _envelope in started[index:]]
                    if should_stop():
                        report.released += _unstart(rest, token) + _release(waiting, token)
                        return
                    try:
                        transport.send(envelope)
                    except NotAccepted as error:
                        _failed_attempt(row, token, clock(), settings, error, report, started=True)
                        report.errors.append(str(error))
                        if error.connection_lost:
                            report.released += _unstart(rest[1:], token)
                            report.released += _release(waiting, token)
                            return
                    except MaybeAccepted as error:
                        _mark_uncertain(row, token, str(error))
                        report.uncertain += 1
                        report.errors.append(str(error))
                        # The connection is in an unknown state: the rest waits for the next run.
                        report.released += _unstart(rest[1:], token)
                        report.released += _release(waiting, token)
                        return
                    except Exception as error:
                        # Whatever went wrong, the message was started: treat it as possibly sent.
                        _mark_uncertain(row, token, f"unexpected error: {error!r}")
                        _unstart(rest[1:], token)
                        _release(waiting, token)
                        raise
                    else:
                        sent.add(row, clock())
                        report.sent += 1
    except NotAccepted as error:
        # Could not connect (or log in): no message was started, each one failed an attempt.
        report.errors.append(str(error))
        for row in rows:
            _failed_attempt(row, token, clock(), settings, error, report, started=False)


def _start_group(group, token, clock, settings: _Settings, report: DeliveryReport):
    """Build the group's emails, then move those built to sending in one durable commit.

    Returns [(row, envelope)] of the messages this deliverer now holds as sending, in order.
    """
    built = []
    for row in group:
        try:
            built.append((row, envelope_for(row, row.attachments, clock())))
        except (ValueError, TypeError) as error:
            # A row no email can be made of will not improve with time.
            problem = NotAccepted(f"cannot build the email: {error}", permanent=True)
            _failed_attempt(row, token, clock(), settings, problem, report, started=False)
            report.errors.append(str(problem))
    if not built:
        return []
    ids = [row.id for row, _envelope in built]
    with _write() as conn:
        conn.execute(
            update(T)
            .where(T.c.id.in_(ids), T.c.claimed_by == token, T.c.status == PENDING)
            .values(
                status=SENDING, attempts=T.c.attempts + 1, locked_until=clock() + settings.lease
            )
        )
        ours = set(
            conn.scalars(
                select(T.c.id).where(
                    T.c.id.in_(ids), T.c.claimed_by == token, T.c.status == SENDING
                )
            )
        )
    started = []
    for row, envelope in built:
        if row.id in ours:
            row.attempts += 1
            started.append((row, envelope))
        else:
            # Another deliverer took the row over after our claim expired.
            report.claimed -= 1
    return started


def _unstart(rows: list[OutboxMessage], token: str) -> int:
    """Messages moved to sending but never handed to the server: pending again, at once.

    Known not sent (the connection failed on an earlier message, or the deliverer was told
    to stop), so they may be sent later without any risk of a second copy.
    """
    if not rows:
        return 0
    with _write() as conn:
        result = conn.execute(
            update(T)
            .where(T.c.id.in_([r.id for r in rows]), T.c.claimed_by == token, T.c.status == SENDING)
            .values(
                status=PENDING,
                attempts=T.c.attempts - 1,
                claimed_by=None,
                locked_until=None,
            )
        )
    for row in rows:
        row.attempts -= 1
    return result.rowcount


class _SentMarks:
    """`sent` marks waiting to be committed together (see "Why never twice" above)."""

    def __init__(self, token: str):
        self.token = token
        self.waiting: list[dict] = []
        self.since = 0.0

    def add(self, row: OutboxMessage, now: datetime) -> None:
        if not self.waiting:
            self.since = time.monotonic()
        self.waiting.append({"b_id": row.id, "b_sent_at": now})
        if len(self.waiting) >= SENT_BATCH or time.monotonic() - self.since >= SENT_BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        if not self.waiting:
            return
        with _write(durable=False) as conn:
            # Also from uncertain: a slow deliverer whose lease was declared expired may
            # still finish, and then it is known that the message went.
            conn.execute(
                update(T)
                .where(
                    T.c.id == bindparam("b_id"),
                    T.c.claimed_by == self.token,
                    # Not IN (...): an expanding parameter cannot go with executemany.
                    or_(T.c.status == SENDING, T.c.status == UNCERTAIN),
                )
                .values(
                    status=SENT,
                    sent_at=bindparam("b_sent_at", type_=T.c.sent_at.type),
                    locked_until=None,
                    last_error=None,
                ),
                self.waiting,
            )
        self.waiting = []


def _mark_uncertain(row: OutboxMessage, token: str, error: str) -> None:
    log.warning("outbox: message %s may or may not have been sent: %s", row.id, error)
    with _write() as conn:
        conn.execute(
            update(T)
            .where(T.c.id == row.id, T.c.claimed_by == token, T.c.status == SENDING)
            .values(status=UNCERTAIN, locked_until=None, last_error=_clip(error))
        )


def _failed_attempt(row, token, now, settings: _Settings, error: NotAccepted, report,
                    *, started: bool) -> None:
    """An attempt the server certainly did not accept: try again after a wait, or give up.

    `started`: the message was moved to sending, which counted the attempt; otherwise
    (no connection, or no email could be built) it is still pending and counted here.
    """
    attempts = row.attempts if started else row.attempts + 1
    give_up = error.permanent or attempts >= settings.max_attempts
    with _write() as conn:
        result = conn.execute(
            update(T)
            .where(
                T.c.id == row.id,
                T.c.claimed_by == token,
                T.c.status == (SENDING if started else PENDING),
            )
            .values(
                # We hold the claim: nobody else changes the row meanwhile.
                attempts=attempts,
                status=FAILED if give_up else PENDING,
                next_attempt_at=now + settings.backoff(attempts),
                last_error=_clip(str(error)),
                claimed_by=None,
                locked_until=None,
            )
        )
    if not result.rowcount:
        return
    if give_up:
        report.failed += 1
    else:
        report.deferred += 1


def _release(rows: list[OutboxMessage], token: str) -> int:
    """Give back claimed messages that were not tried, for the next run to take at once."""
    if not rows:
        return 0
    with _write() as conn:
        result = conn.execute(
            update(T)
            .where(T.c.id.in_([r.id for r in rows]), T.c.claimed_by == token, T.c.status == PENDING)
            .values(claimed_by=None, locked_until=None)
        )
    return result.rowcount


def _clip(error: str) -> str:
    return error[:2000]
