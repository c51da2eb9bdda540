"""The outbox draining to an SMTP server on loopback (aiosmtpd), through `flask outbox work`.

The outbox is filled with copies of the emails a real registration writes (the please-
confirm request, the ticket with its QR code and calendar file, the organizers' notice), each
to its own address with its own Message-ID. One and then two deliverers run as they do in
production; the rate is taken from the sent_at timestamps, first to last, so process
start-up does not count.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

from bench.servers import (
    ROOT,
    app_environment,
    flask,
    free_port,
    fresh_database,
    postgres_backends_cpu_seconds,
    process_cpu_seconds,
)


class CountingHandler:
    def __init__(self):
        self.received = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.received += 1
        return "250 Message accepted for delivery"


def _fill(database_url: str, count: int) -> int:
    """Write `count` emails into the outbox, cloned from a real registration's emails."""
    from sqlalchemy import func, insert, select

    from bench.rush import _app, _create_event
    from eventapp.extensions import db
    from eventapp.mail.models import OutboxAttachment, OutboxMessage, new_message_id
    from eventapp.organizations.services import sync_organization_types
    from eventapp.registration import services

    _create_event(database_url)
    app = _app(database_url)
    with app.app_context():
        sync_organization_types()
        from eventapp.events.models import Event
        from eventapp.organizations.models import OrganizationType

        event = db.session.scalar(select(Event).where(Event.slug == "rush"))
        event.notification_emails = "secretariat@example.org"
        db.session.commit()
        ministry = db.session.scalar(
            select(OrganizationType.id).where(OrganizationType.code == "ministry")
        )
        when = event.starts_at - timedelta(days=10)
        details = services.AttendeeDetails(
            full_name="Nguyễn Thị Hoa",
            email="hoa@example.org",
            organization_name="Bộ Văn hoá",
            organization_type_id=ministry,
            country="VN",
        )
        services.register(event, details, now=when)
        db.session.commit()
        token_body = db.session.scalar(select(OutboxMessage.text_body))
        token = token_body.split("/register/confirm/")[1].split()[0].strip(".")
        services.confirm_email(token, now=when + timedelta(minutes=5))
        db.session.commit()
        originals = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        attachments = {
            m.id: list(
                db.session.scalars(
                    select(OutboxAttachment).where(OutboxAttachment.outbox_message_id == m.id)
                )
            )
            for m in originals
        }
        for n in range(count):
            original = originals[n % len(originals)]
            new_id = db.session.scalar(
                insert(OutboxMessage)
                .returning(OutboxMessage.id)
                .values(
                    message_id=new_message_id(),
                    kind=original.kind,
                    ref_type=original.ref_type,
                    ref_id=original.ref_id,
                    to_address=f"person{n}@example.org",
                    to_name=original.to_name,
                    reply_to=original.reply_to,
                    subject=original.subject,
                    text_body=original.text_body,
                    html_body=original.html_body,
                    status="pending",
                    attempts=0,
                    next_attempt_at=original.next_attempt_at,
                    created_at=original.created_at,
                )
            )
            for item in attachments[original.id]:
                db.session.execute(
                    insert(OutboxAttachment).values(
                        outbox_message_id=new_id,
                        filename=item.filename,
                        content_type=item.content_type,
                        content_id=item.content_id,
                        data=item.data,
                    )
                )
        # The originals go too: exactly `count` emails are left to send.
        db.session.execute(
            OutboxMessage.__table__.delete().where(OutboxMessage.id.in_([m.id for m in originals]))
        )
        db.session.commit()
        pending = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        db.engine.dispose()
    return pending


def _sent_span(database_url: str) -> tuple[int, float]:
    from sqlalchemy import func, select

    from bench.rush import _app
    from eventapp.extensions import db
    from eventapp.mail.models import OutboxMessage, OutboxStatus

    app = _app(database_url)
    with app.app_context():
        sent, first, last = db.session.execute(
            select(
                func.count(), func.min(OutboxMessage.sent_at), func.max(OutboxMessage.sent_at)
            ).where(OutboxMessage.status == OutboxStatus.SENT)
        ).one()
        others = db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status != OutboxStatus.SENT)
        )
        db.engine.dispose()
    if isinstance(first, str):  # SQLite without the type's processing in an aggregate
        from datetime import datetime

        first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
    return sent, others, (last - first).total_seconds() if sent > 1 else 0.0


def run(kind: str, emails: int, deliverers: int, tmp_dir) -> dict:
    from aiosmtpd.controller import Controller

    # aiosmtpd logs every SMTP command at INFO: thousands of lines.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = CountingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with fresh_database(kind, tmp_dir) as database_url:
            env = app_environment(
                database_url,
                tmp_dir,
                MAIL_PORT=port,
                MAIL_TIMEOUT=10,
                MAIL_DEFAULT_SENDER="Workshop Secretariat <secretariat@example.org>",
            )
            flask(env, "db", "upgrade")
            queued = _fill(database_url, emails)
            started = time.monotonic()
            workers = [
                subprocess.Popen(
                    [sys.executable, "-m", "flask", "outbox", "work", "--interval", "0.2"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                for _ in range(deliverers)
            ]
            first = None
            try:
                while handler.received < queued and time.monotonic() - started < 600:
                    if any(w.poll() is not None for w in workers):
                        raise RuntimeError(workers[0].stderr.read().decode())
                    if first is None and handler.received:
                        # Start-up (loading the app) is over: count CPU from here.
                        first = (handler.received, _cpu(workers, database_url))
                    time.sleep(0.05)
                last = (handler.received, _cpu(workers, database_url))
            finally:
                for worker in workers:
                    worker.send_signal(signal.SIGTERM)
                for worker in workers:
                    worker.wait(60)
            sent, not_sent, span = _sent_span(database_url)
    finally:
        controller.stop()
    emails_measured = last[0] - first[0] if first else 0
    cpu_ms = (last[1] - first[1]) / emails_measured * 1000 if emails_measured else None
    return {
        "name": "outbox to SMTP",
        "database": kind,
        "deliverers": deliverers,
        "queued": queued,
        "sent": sent,
        "received_by_server": handler.received,
        # More received than queued would mean an email sent twice.
        "duplicates": max(0, handler.received - queued),
        "not_sent": not_sent,
        "seconds": round(span, 2),
        "per_second": round((sent - 1) / span, 1) if span else 0.0,
        "cpu_ms_per_request": round(cpu_ms, 3) if cpu_ms else None,
        "capacity_per_second": round((os.cpu_count() or 1) * 1000 / cpu_ms) if cpu_ms else None,
    }


def _cpu(workers, database_url: str) -> float:
    """CPU time of the deliverers and of the database backends serving them."""
    database = postgres_backends_cpu_seconds(database_url) or 0.0
    return sum(process_cpu_seconds(w.pid) for w in workers) + database
