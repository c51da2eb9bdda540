"""`flask outbox ...`: status, a delivery round, a test email, resending, and a clean stop."""
import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from eventapp.mail.models import OutboxMessage, OutboxStatus
from eventapp.mail.services import enqueue

ROOT = Path(__file__).resolve().parents[2]


def test_status_counts_emails_by_state(runner, db):
    enqueue("a@example.org", "One", "1")
    enqueue("b@example.org", "Two", "2").status = OutboxStatus.UNCERTAIN
    db.session.commit()

    result = runner.invoke(args=["outbox", "status"])

    assert result.exit_code == 0, result.output
    lines = dict(line.split() for line in result.stdout.splitlines())
    assert lines == {"pending": "1", "sending": "0", "sent": "0", "failed": "0", "uncertain": "1"}
    assert "flask outbox resend" in result.stderr


def test_work_once_delivers_what_is_due(runner, db, mail_dir):
    enqueue("a@example.org", "One", "1")
    enqueue("b@example.org", "Two", "2")
    db.session.commit()

    result = runner.invoke(args=["outbox", "work", "--once"])

    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    assert len(list(mail_dir.glob("*.eml"))) == 2


def test_the_test_email_checks_the_settings(runner, db, mail_dir):
    result = runner.invoke(args=["outbox", "test", "organizer@example.org", "--locale", "vi"])

    assert result.exit_code == 0, result.output
    [path] = mail_dir.glob("*.eml")
    email = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert email["To"].addresses[0].addr_spec == "organizer@example.org"
    assert "tháng" in email.get_body(("plain",)).get_content()
    db.session.rollback()
    [row] = db.session.scalars(select(OutboxMessage))
    assert (row.kind, row.status) == ("outbox.test", OutboxStatus.SENT)


def test_the_test_email_refuses_a_bad_address(runner, db):
    result = runner.invoke(args=["outbox", "test", "not an address"])
    assert result.exit_code != 0
    assert "not a valid email address" in result.output


def test_resend_queues_an_uncertain_email_again(runner, db):
    message = enqueue("a@example.org", "One", "1")
    message.status = OutboxStatus.UNCERTAIN
    message.attempts = 1
    db.session.commit()

    result = runner.invoke(args=["outbox", "resend", str(message.id)])

    assert result.exit_code == 0, result.output
    db.session.rollback()
    stored = db.session.get(OutboxMessage, message.id)
    assert (stored.status, stored.attempts) == (OutboxStatus.PENDING, 0)


def test_resend_refuses_an_email_already_sent(runner, db):
    message = enqueue("a@example.org", "One", "1")
    db.session.commit()
    result = runner.invoke(args=["outbox", "resend", str(message.id), "999999"])
    assert result.exit_code != 0
    assert "pending" in result.output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_worker_delivers_until_stopped_and_stops_cleanly(database_url, db, tmp_path, signum):
    mail_dir = tmp_path / "worker-mail"
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("MAIL_", "OUTBOX_", "FLASK_"))
    }
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="worker-test-secret",
        MAIL_FILE_DIR=str(mail_dir),
        PYTHONUNBUFFERED="1",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "work", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert "Delivering the outbox" in worker.stdout.readline()
        enqueue("a@example.org", "While running", "1")
        db.session.commit()
        deadline = time.monotonic() + 20
        while not list(mail_dir.glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list(mail_dir.glob("*.eml"))

        worker.send_signal(signum)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output
    assert "Stopped." in output
