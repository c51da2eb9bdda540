"""Delivery over a real SMTP server: what arrives, how often, and what happens on failure."""
import socket
import threading
from datetime import timedelta

from sqlalchemy import select

from eventapp.db import utc_now
from eventapp.mail.delivery import deliver_due
from eventapp.mail.models import OutboxMessage, OutboxStatus
from eventapp.mail.services import Attachment, enqueue
from tests.mail.conftest import use_smtp

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//eventapp//EN\r\nEND:VCALENDAR\r\n"


def queue(db, n: int = 1, **kwargs) -> list[OutboxMessage]:
    messages = [
        enqueue(kwargs.pop("to", f"attendee{i}@example.org"), f"Hello {i}", f"Text {i}\n", **kwargs)
        for i in range(n)
    ]
    db.session.commit()
    return messages


def text_of(part) -> str:
    # Line ends travel as CRLF.
    return part.get_content().replace("\r\n", "\n")


def status_of(db, message: OutboxMessage) -> OutboxMessage:
    # End the test's own transaction: on SQLite it would keep reading its old snapshot.
    db.session.rollback()
    return db.session.get(OutboxMessage, message.id)


def test_a_delivered_email_has_every_part_and_header(smtp_app, smtp_server, db):
    message = enqueue(
        "nguyen.hoa@example.gov.vn",
        "Xác nhận đăng ký – Hội thảo công nghiệp văn hóa",
        "Xin chào,\n\nhttps://events.example.org/r/abc\n",
        '<p>Xin chào</p><img src="cid:qr-code" alt="QR">',
        to_name="Nguyễn Phương Hoa",
        reply_to="contact@example.org",
        kind="registration.confirmed",
        attachments=[
            Attachment("workshop.ics", "text/calendar; method=PUBLISH", ICS),
            Attachment("qr.png", "image/png", PNG, content_id="qr-code"),
        ],
    )
    db.session.commit()

    report = deliver_due()

    assert (report.claimed, report.sent) == (1, 1)
    [received] = smtp_server.received
    assert received.mail_from == "secretariat@example.org"
    assert received.rcpt_tos == ["nguyen.hoa@example.gov.vn"]
    email = received.message
    assert email["Message-ID"] == message.message_id
    assert email["Date"] is not None
    assert email["Reply-To"] == "contact@example.org"
    assert email["From"].addresses[0].addr_spec == "secretariat@example.org"
    assert email["To"].addresses[0].display_name == "Nguyễn Phương Hoa"
    assert email["Subject"] == "Xác nhận đăng ký – Hội thảo công nghiệp văn hóa"
    assert text_of(email.get_body(("plain",))) == "Xin chào,\n\nhttps://events.example.org/r/abc\n"
    html = email.get_body(("html",))
    assert 'src="cid:qr-code"' in html.get_content()
    # The inline image travels with the HTML, in multipart/related, under its Content-ID.
    related = next(p for p in email.walk() if p.get_content_type() == "multipart/related")
    [image] = [p for p in related.iter_parts() if p.get_content_type() == "image/png"]
    assert image["Content-ID"] == "<qr-code>"
    assert image.get_content() == PNG
    [calendar] = list(email.iter_attachments())
    assert calendar.get_filename() == "workshop.ics"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "PUBLISH"
    assert calendar.get_content().encode() == ICS
    stored = status_of(db, message)
    assert stored.status == OutboxStatus.SENT
    assert stored.sent_at is not None and stored.attempts == 1
    assert stored.claimed_by is not None and stored.locked_until is None


def test_a_text_only_email_is_plain_text(smtp_app, smtp_server, db):
    queue(db)
    deliver_due()
    [received] = smtp_server.received
    assert received.message.get_content_type() == "text/plain"
    assert received.message["Reply-To"] is None


def test_many_emails_travel_over_one_connection(smtp_app, smtp_server, db):
    queue(db, 12)

    report = deliver_due()

    assert report.sent == 12
    assert len(smtp_server.received) == 12
    assert smtp_server.handler.sessions == 1


def test_the_batch_limit_is_respected_oldest_first(smtp_app, smtp_server, db):
    messages = queue(db, 5)
    assert deliver_due(limit=2).sent == 2
    assert smtp_server.handler.message_ids() == [m.message_id for m in messages[:2]]


def test_nothing_due_opens_no_connection(smtp_app, smtp_server, db):
    assert deliver_due().claimed == 0
    assert smtp_server.handler.sessions == 0


def test_server_down_then_up_delivers_exactly_once(smtp_app, smtp_server, db):
    [message] = queue(db)
    smtp_server.stop()
    before = utc_now()

    report = deliver_due()

    assert (report.sent, report.deferred) == (0, 1)
    stored = status_of(db, message)
    assert stored.status == OutboxStatus.PENDING
    assert stored.attempts == 1
    assert "Connection refused" in stored.last_error or "ConnectionRefused" in stored.last_error
    assert stored.next_attempt_at >= before + timedelta(seconds=59)
    assert stored.claimed_by is None and stored.locked_until is None

    smtp_server.start()
    # Not yet due: the backoff holds it back.
    assert deliver_due().claimed == 0
    later = stored.next_attempt_at + timedelta(seconds=1)
    assert deliver_due(now=later).sent == 1
    assert deliver_due(now=later + timedelta(hours=1)).claimed == 0

    assert smtp_server.handler.message_ids() == [message.message_id]
    stored = status_of(db, message)
    assert stored.status == OutboxStatus.SENT
    assert stored.attempts == 2 and stored.last_error is None


def test_waits_double_between_attempts_then_it_fails(smtp_app, smtp_server, db):
    smtp_app.config.update(OUTBOX_MAX_ATTEMPTS=4, OUTBOX_RETRY_BASE_SECONDS=60)
    [message] = queue(db)
    smtp_server.stop()
    now = utc_now()
    waits = []
    for _attempt in range(4):
        deliver_due(now=now)
        stored = status_of(db, message)
        waits.append(round((stored.next_attempt_at - now).total_seconds()))
        now = stored.next_attempt_at
    assert waits[:3] == [60, 120, 240]
    assert stored.status == OutboxStatus.FAILED
    assert stored.attempts == 4
    assert deliver_due(now=now + timedelta(days=1)).claimed == 0


def test_a_silent_server_times_out_instead_of_hanging(smtp_app, db):
    # Accepts the TCP connection (the kernel's backlog) but never says a word.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    try:
        use_smtp(smtp_app, listener.getsockname()[1], MAIL_TIMEOUT=0.5)
        [message] = queue(db)
        started = utc_now()
        report = deliver_due()
        elapsed = (utc_now() - started).total_seconds()
    finally:
        listener.close()
    assert elapsed < 5
    assert report.deferred == 1
    stored = status_of(db, message)
    assert stored.status == OutboxStatus.PENDING
    assert "timed out" in stored.last_error


def test_a_recipient_refused_for_good_fails_without_retry(smtp_app, smtp_server, db):
    smtp_server.handler.rcpt_replies["gone@example.org"] = "550 5.1.1 No such user"
    [bad] = queue(db, to="gone@example.org")
    [good] = queue(db, to="here@example.org")

    report = deliver_due()

    assert (report.sent, report.failed) == (1, 1)
    assert status_of(db, bad).status == OutboxStatus.FAILED
    assert "550" in status_of(db, bad).last_error
    # The refusal did not spoil the connection for the next email.
    assert smtp_server.handler.sessions == 1
    assert smtp_server.handler.message_ids() == [good.message_id]


def test_a_temporary_refusal_is_retried(smtp_app, smtp_server, db):
    smtp_server.handler.rcpt_replies["busy@example.org"] = "450 4.2.1 Mailbox busy"
    [message] = queue(db, to="busy@example.org")

    assert deliver_due().deferred == 1
    assert status_of(db, message).status == OutboxStatus.PENDING

    del smtp_server.handler.rcpt_replies["busy@example.org"]
    assert deliver_due(now=utc_now() + timedelta(minutes=5)).sent == 1
    assert len(smtp_server.received) == 1


def test_a_refusal_after_the_data_is_retried(smtp_app, smtp_server, db):
    smtp_server.handler.data_reply = "451 4.3.0 Try again later"
    [message] = queue(db)
    assert deliver_due().deferred == 1
    smtp_server.handler.data_reply = None
    assert deliver_due(now=utc_now() + timedelta(minutes=5)).sent == 1
    assert smtp_server.handler.message_ids() == [message.message_id]


def test_a_lost_reply_to_the_data_makes_the_email_uncertain_not_resent(smtp_app, smtp_server, db):
    """The server keeps the email but answers too late: resending would send it twice."""
    smtp_app.config["MAIL_TIMEOUT"] = 0.5
    smtp_server.handler.data_delay = 1.5
    [message, other] = queue(db, 2)

    report = deliver_due()

    assert (report.sent, report.uncertain, report.released) == (0, 1, 1)
    stored = status_of(db, message)
    assert stored.status == OutboxStatus.UNCERTAIN
    assert "timed out" in stored.last_error
    smtp_server.handler.data_delay = 0
    # The other email, never tried, goes with the next run; the uncertain one never does.
    assert deliver_due(now=utc_now() + timedelta(days=1)).sent == 1
    assert deliver_due(now=utc_now() + timedelta(days=2)).claimed == 0
    expected = sorted([message.message_id, other.message_id])
    assert sorted(smtp_server.handler.message_ids()) == expected


def test_an_email_left_sending_by_a_stopped_deliverer_is_not_resent(smtp_app, smtp_server, db):
    [message] = queue(db)
    # As a deliverer leaves it when killed between handing it over and recording it.
    message.status = OutboxStatus.SENDING
    message.claimed_by = "dead-worker"
    message.attempts = 1
    message.locked_until = utc_now() + timedelta(minutes=5)
    db.session.commit()

    # While the lease runs, nobody touches it.
    assert deliver_due().claimed == 0
    assert status_of(db, message).status == OutboxStatus.SENDING

    report = deliver_due(now=utc_now() + timedelta(minutes=6))

    assert (report.recovered, report.claimed) == (1, 0)
    stored = status_of(db, message)
    assert stored.status == OutboxStatus.UNCERTAIN
    assert "lease expired" in stored.last_error
    assert deliver_due(now=utc_now() + timedelta(days=1)).claimed == 0
    assert smtp_server.received == []


def test_a_claim_left_by_a_stopped_deliverer_is_taken_over_after_its_lease(
    smtp_app, smtp_server, db
):
    """Claimed but never started: nothing was sent, so it is safe to send."""
    [message] = queue(db)
    message.claimed_by = "dead-worker"
    message.locked_until = utc_now() + timedelta(minutes=5)
    db.session.commit()

    assert deliver_due().claimed == 0
    assert deliver_due(now=utc_now() + timedelta(minutes=6)).sent == 1
    assert smtp_server.handler.message_ids() == [message.message_id]


def test_an_organizer_can_resend_an_uncertain_email(smtp_app, smtp_server, db):
    from eventapp.mail.services import resend

    [message] = queue(db)
    message.status = OutboxStatus.UNCERTAIN
    db.session.commit()

    resend(message.id)
    db.session.commit()

    assert deliver_due().sent == 1
    # The same Message-ID, so a client that has the first copy can tell.
    assert smtp_server.handler.message_ids() == [message.message_id]


def test_deliverers_running_side_by_side_never_send_an_email_twice(smtp_app, smtp_server, db):
    messages = queue(db, 40)
    errors = []
    start_together = threading.Barrier(4)

    def deliverer():
        try:
            start_together.wait(10)
            with smtp_app.app_context():
                while not deliver_due(limit=3).done:
                    pass
        except Exception as error:  # noqa: BLE001 -- reported to the main thread
            errors.append(error)

    threads = [threading.Thread(target=deliverer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    received = smtp_server.handler.message_ids()
    assert sorted(received) == sorted(m.message_id for m in messages)
    assert len(received) == len(set(received)) == 40
    db.session.rollback()
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.SENT, 1)}
    # Several deliverers really took part.
    assert smtp_server.handler.sessions > 1


def test_a_deliverer_told_to_stop_gives_the_rest_of_its_batch_back(smtp_app, smtp_server, db):
    queue(db, 5)
    asked = []

    def stop_after_two():
        asked.append(1)
        return len(asked) > 2

    report = deliver_due(should_stop=stop_after_two)

    assert (report.sent, report.released) == (2, 3)
    assert deliver_due().sent == 3
    assert len(smtp_server.received) == 5


def test_emails_started_together_but_not_sent_are_put_back_when_the_line_fails(
    smtp_app, smtp_server, db
):
    """Moved to sending as a group; the server closes the line on the second: the two that
    never went out are pending again at once, their attempt uncounted, and go next time."""
    smtp_app.config["OUTBOX_START_GROUP"] = 4
    messages = queue(db, 4)
    smtp_server.handler.rcpt_replies["attendee1@example.org"] = "421 4.3.2 Closing connection"

    report = deliver_due()

    assert (report.sent, report.deferred, report.released) == (1, 1, 2)
    db.session.rollback()
    states = {
        m.id: (row.status, row.attempts, row.claimed_by)
        for m in messages
        for row in [db.session.get(OutboxMessage, m.id)]
    }
    assert states[messages[2].id] == (OutboxStatus.PENDING, 0, None)
    assert states[messages[3].id] == (OutboxStatus.PENDING, 0, None)
    assert states[messages[1].id][:2] == (OutboxStatus.PENDING, 1)

    del smtp_server.handler.rcpt_replies["attendee1@example.org"]
    assert deliver_due().sent == 2
    assert deliver_due(now=utc_now() + timedelta(hours=1)).sent == 1
    received = smtp_server.handler.message_ids()
    assert sorted(received) == sorted(m.message_id for m in messages)


def test_a_group_left_sending_by_a_killed_deliverer_becomes_uncertain_never_resent(
    smtp_app, smtp_server, db
):
    messages = queue(db, 3)
    for message in messages:
        # As a killed deliverer leaves its group: started together, one maybe in flight.
        message.status = OutboxStatus.SENDING
        message.claimed_by = "killed-worker"
        message.attempts = 1
        message.locked_until = utc_now() + timedelta(minutes=5)
    db.session.commit()

    report = deliver_due(now=utc_now() + timedelta(minutes=6))

    assert (report.recovered, report.claimed) == (3, 0)
    assert deliver_due(now=utc_now() + timedelta(days=1)).claimed == 0
    assert smtp_server.received == []


def test_one_at_a_time_when_asked(smtp_app, smtp_server, db):
    smtp_app.config["OUTBOX_START_GROUP"] = 1
    messages = queue(db, 3)
    assert deliver_due().sent == 3
    assert smtp_server.handler.message_ids() == [m.message_id for m in messages]
