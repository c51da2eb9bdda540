"""With no mail server set: emails become .eml files, delivered right after each commit."""
import logging
from email import message_from_bytes, policy

import pytest
from flask import abort
from sqlalchemy import func, select

from eventapp.extensions import db as _db
from eventapp.mail.delivery import deliver_due
from eventapp.mail.models import OutboxMessage, OutboxStatus
from eventapp.mail.services import enqueue


def read_eml(folder):
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def outbox_rows(db) -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_without_mail_server_the_file_backend_is_the_default(app):
    assert app.config["MAIL_BACKEND"] == "file"


def test_the_file_backend_writes_an_eml_and_logs_its_links(app, db, mail_dir, caplog):
    message = enqueue(
        "hoa@example.org", "Confirm your registration",
        "Please confirm: https://events.example.org/confirm/abc123\n"
        "Or cancel: https://events.example.org/cancel/abc123.\n",
        "<p>Please confirm</p>",
    )
    db.session.commit()

    with caplog.at_level(logging.INFO, logger="eventapp.mail.file"):
        report = deliver_due()

    assert report.sent == 1
    [email] = read_eml(mail_dir)
    assert email["Message-ID"] == message.message_id
    assert email["Subject"] == "Confirm your registration"
    assert email.get_body(("html",)) is not None
    assert "https://events.example.org/confirm/abc123" in caplog.text
    # The full stop ending the sentence is not part of the link.
    assert "https://events.example.org/cancel/abc123\n" in caplog.text + "\n"
    assert "https://events.example.org/cancel/abc123." not in caplog.text
    assert outbox_rows(db)[0].status == OutboxStatus.SENT


def test_writing_the_same_email_again_replaces_its_file(app, db, mail_dir):
    from datetime import UTC, datetime

    from eventapp.mail.mime import envelope_for
    from eventapp.mail.transports import FileTransport

    message = enqueue("hoa@example.org", "Hi", "Hi\n")
    envelope = envelope_for(message, [], datetime.now(UTC))
    FileTransport(mail_dir).send(envelope)
    FileTransport(mail_dir).send(envelope)
    assert len(list(mail_dir.glob("*.eml"))) == 1


def test_without_a_configured_folder_mail_goes_to_the_instance_folder(app, db, tmp_path):
    enqueue("hoa@example.org", "Hi", "Hi\n")
    db.session.commit()
    deliver_due()
    assert len(list((tmp_path / "instance" / "mail").glob("*.eml"))) == 1


@pytest.fixture
def views(app):
    """Views that enqueue as registration will: then commit, roll back, or fail."""

    @app.get("/_test/mail/commit")
    def commit_view():
        enqueue("hoa@example.org", "Committed", "Hello\n")
        _db.session.commit()
        return "ok"

    @app.get("/_test/mail/rollback")
    def rollback_view():
        enqueue("hoa@example.org", "Rolled back", "Hello\n")
        _db.session.rollback()
        return "rolled back"

    @app.get("/_test/mail/error")
    def error_view():
        enqueue("hoa@example.org", "Never committed", "Hello\n")
        abort(409)

    @app.get("/_test/mail/savepoints")
    def savepoint_view():
        enqueue("hoa@example.org", "Kept", "Hello\n")
        with _db.session.begin_nested() as savepoint:
            enqueue("hoa@example.org", "Undone", "Hello\n")
            savepoint.rollback()
        _db.session.commit()
        return "ok"

    return app


def test_an_email_is_delivered_right_after_the_request_commits(views, client, db, mail_dir):
    assert client.get("/_test/mail/commit").status_code == 200

    [email] = read_eml(mail_dir)
    assert email["Subject"] == "Committed"
    [row] = outbox_rows(db)
    assert row.status == OutboxStatus.SENT


def test_a_rolled_back_request_delivers_nothing(views, client, db, mail_dir):
    assert client.get("/_test/mail/rollback").status_code == 200
    assert client.get("/_test/mail/error").status_code == 409

    assert read_eml(mail_dir) == []
    assert outbox_rows(db) == []


def test_a_savepoint_rolled_back_inside_a_committed_request(views, client, db, mail_dir):
    assert client.get("/_test/mail/savepoints").status_code == 200

    assert [e["Subject"] for e in read_eml(mail_dir)] == ["Kept"]
    assert [r.subject for r in outbox_rows(db)] == ["Kept"]


def test_delivery_after_request_can_be_turned_off(views, client, db, mail_dir):
    views.config["OUTBOX_DELIVER_AFTER_REQUEST"] = False
    client.get("/_test/mail/commit")

    assert read_eml(mail_dir) == []
    assert [r.status for r in outbox_rows(db)] == [OutboxStatus.PENDING]


def test_with_smtp_the_request_leaves_delivery_to_the_worker(views, client, db, smtp_server):
    from tests.mail.conftest import use_smtp

    use_smtp(views, smtp_server.port)
    client.get("/_test/mail/commit")

    assert smtp_server.handler.sessions == 0
    assert [r.status for r in outbox_rows(db)] == [OutboxStatus.PENDING]


def test_a_failed_delivery_does_not_fail_the_request(views, client, db, mail_dir, caplog):
    # A file where the folder should be: the .eml cannot be written.
    mail_dir.parent.mkdir(parents=True, exist_ok=True)
    mail_dir.write_text("not a folder")

    response = client.get("/_test/mail/commit")

    assert response.status_code == 200
    [row] = outbox_rows(db)
    assert row.status == OutboxStatus.PENDING
    assert row.attempts == 1 and "cannot write" in row.last_error
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
