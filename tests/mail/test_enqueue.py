"""Putting email in the outbox: in the caller's transaction, and safe from header injection."""
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from eventapp.mail.delivery import deliver_due
from eventapp.mail.mime import envelope_for
from eventapp.mail.models import OutboxMessage, OutboxStatus
from eventapp.mail.services import Attachment, InvalidAddress, InvalidEmail, enqueue, one_line


def count_rows(db) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def built(message: OutboxMessage):
    envelope = envelope_for(message, message.attachments, datetime.now(UTC))
    return envelope, message_from_bytes(envelope.data, policy=policy.default)


def test_enqueue_writes_a_pending_row_without_committing(db):
    message = enqueue("hoa@example.org", "Welcome", "Hello\n", kind="registration.confirm")

    assert message.id is not None
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 0
    assert message.kind == "registration.confirm"
    assert message.message_id.startswith("<") and message.message_id.endswith("@example.org>")
    # Not committed: another connection does not see it.
    with db.engine.connect() as other:
        assert other.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    db.session.rollback()
    assert count_rows(db) == 0


def test_every_email_gets_its_own_message_id(db):
    first = enqueue("a@example.org", "One", "1")
    second = enqueue("b@example.org", "Two", "2")
    assert first.message_id != second.message_id


def test_an_email_enqueued_in_a_rolled_back_transaction_is_never_delivered(
    smtp_app, smtp_server, db
):
    enqueue("hoa@example.org", "Welcome", "Hello\n")
    db.session.rollback()

    assert deliver_due().claimed == 0
    assert smtp_server.received == []
    assert smtp_server.handler.sessions == 0


def test_addresses_are_checked_without_dns_and_kept_in_ascii(db):
    message = enqueue(
        "  Someone@Bộ-Văn-Hóa.vn ", "Hi", "Hi", reply_to="contact@mailhub"
    )
    assert message.to_address.startswith("Someone@xn--") and message.to_address.endswith(".vn")
    assert message.to_address.isascii()
    assert message.reply_to == "contact@mailhub"
    assert enqueue("office@bo.intranet", "Hi", "Hi").to_address == "office@bo.intranet"


@pytest.mark.parametrize(
    "address",
    ["not an address", "hoa@", "victim@example.org\r\nBcc: evil@attacker.example",
     "victim@example.org\nBcc: evil@attacker.example", ""],
)
def test_a_bad_recipient_is_refused(db, address):
    with pytest.raises(InvalidAddress):
        enqueue(address, "Hi", "Hi")


def test_a_bad_reply_to_is_refused(db):
    with pytest.raises(InvalidAddress):
        enqueue(
            "hoa@example.org", "Hi", "Hi", reply_to="x@example.org\r\nBcc: evil@attacker.example"
        )


def test_line_breaks_in_subject_and_name_cannot_add_a_header(smtp_app, smtp_server, db):
    enqueue(
        "hoa@example.org",
        "Welcome\r\nBcc: evil@attacker.example\r\n\r\nInjected body",
        "Hello\n",
        to_name="Hoa\r\nBcc: evil2@attacker.example",
    )
    db.session.commit()

    deliver_due()

    [received] = smtp_server.received
    assert received.rcpt_tos == ["hoa@example.org"]
    email = received.message
    assert "Bcc" not in email
    assert email["Subject"] == "Welcome Bcc: evil@attacker.example Injected body"
    assert email["To"].addresses[0].display_name == "Hoa Bcc: evil2@attacker.example"
    assert email["To"].addresses[0].addr_spec == "hoa@example.org"


# No example database: nothing written into the working tree.
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(subject=st.text(max_size=120), name=st.text(max_size=60), filename=st.text(max_size=40))
def test_no_subject_name_or_file_name_can_add_a_header(db, subject, name, filename):
    message = enqueue(
        "hoa@example.org", subject, "Hello\n", to_name=name,
        attachments=[Attachment(filename, "application/pdf", b"%PDF-1.4")],
    )
    try:
        envelope, email = built(message)
        assert set(email.keys()) == {
            "Subject", "From", "To", "Date", "Message-ID", "Auto-Submitted",
            "Content-Type", "MIME-Version",
        }
        assert envelope.recipient == "hoa@example.org"
        assert [a.addr_spec for a in email["To"].addresses] == ["hoa@example.org"]
        assert email["Subject"] == one_line(subject)[:500]
        [attachment] = list(email.iter_attachments())
        assert "\n" not in (attachment.get_filename() or "")
    finally:
        db.session.rollback()


@pytest.mark.parametrize(
    "attachment",
    [
        Attachment("a.txt", "text/plain\r\nBcc: evil@attacker.example", b"x"),
        Attachment("a.txt", "not a type", b"x"),
        Attachment("qr.png", "image/png", b"x", content_id="qr>\r\nBcc: evil@attacker.example"),
    ],
)
def test_an_unusable_attachment_is_refused(db, attachment):
    with pytest.raises(InvalidEmail):
        enqueue("hoa@example.org", "Hi", "Hi", attachments=[attachment])


def test_a_file_name_cannot_point_elsewhere_or_break_a_line(db):
    message = enqueue(
        "hoa@example.org", "Hi", "Hi",
        attachments=[Attachment("../../etc/pass\r\nwd", "text/plain", b"x")],
    )
    assert message.attachments[0].filename == ".._.._etc_pass wd"
