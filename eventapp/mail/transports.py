"""Where delivered email goes: an SMTP server, or .eml files for a developer's machine.

A transport hands one email over and says how it went, in the three outcomes the outbox
needs to keep its promise of never sending an email twice:

- it returns: the server answered 250 to the end of DATA (or the file is in place);
- it raises NotAccepted: the server certainly did not take the email (no connection,
  a refusal at MAIL FROM or RCPT TO, a refusal of DATA, an error reply after the data);
  `permanent` tells a 5xx refusal, not worth retrying, from a 4xx one or a network failure;
- it raises MaybeAccepted: the connection failed while the email itself was on its way
  or waiting for the server's verdict; the server may have it.
"""
import logging
import os
import re
import smtplib
import ssl
import tempfile
from contextlib import contextmanager
from email import message_from_bytes, policy
from hashlib import sha256
from pathlib import Path

from flask import current_app
from flask_mail import Connection

from eventapp.extensions import mail
from eventapp.mail.mime import Envelope

# INFO records for developers (the links in each email) under the app's own logger, so
# Flask's console handler shows them.
file_log = logging.getLogger("eventapp.mail.file")

_URL = re.compile(r"https?://[^\s<>\"')\]]+")


class NotAccepted(Exception):
    """The email certainly did not reach the server: it may be sent again."""

    def __init__(self, reason: str, *, permanent: bool = False, connection_lost: bool = False):
        super().__init__(reason)
        self.permanent = permanent
        # The connection cannot carry another email: the rest of the batch must wait.
        self.connection_lost = connection_lost


class MaybeAccepted(Exception):
    """The email may have reached the server: it must not be sent again automatically."""


class TimeoutConnection(Connection):
    """Flask-Mail's connection with a socket timeout and certificate checks.

    Flask-Mail creates smtplib.SMTP without a timeout (pallets-eco/flask-mail #114), so a
    server that accepts the connection and then says nothing blocks the worker for good. The
    timeout goes to the SMTP constructor, which applies it to every read and write of this
    one socket; socket.setdefaulttimeout would change every socket in the process.
    smtplib's own STARTTLS uses an unverified context; ours checks the server's certificate
    (a private CA can be given with SSL_CERT_FILE).
    """

    def __init__(self, state, timeout: float):
        super().__init__(state)
        self.timeout = timeout

    def __enter__(self):
        # The outbox decides what is sent: Flask-Mail's MAIL_SUPPRESS_SEND (on when TESTING)
        # would make it record emails as sent that went nowhere. Use MAIL_BACKEND=file instead.
        self.host = self.configure_host()
        self.num_emails = 0
        return self

    def configure_host(self):
        state = self.mail
        context = ssl.create_default_context()
        if state.use_ssl:
            host = smtplib.SMTP_SSL(state.server, state.port, timeout=self.timeout, context=context)
        else:
            host = smtplib.SMTP(state.server, state.port, timeout=self.timeout)
        host.set_debuglevel(int(state.debug))
        if state.use_tls:
            host.starttls(context=context)
        if state.username and state.password:
            host.login(state.username, state.password)
        return host


class SMTPTransport:
    """Hands emails to the SMTP server over one connection."""

    def __init__(self, connection: TimeoutConnection):
        self.host = connection.host

    def send(self, envelope: Envelope) -> None:
        host = self.host
        try:
            host.ehlo_or_helo_if_needed()
            code, reply = host.mail(envelope.sender)
            if code != 250:
                self._refused("MAIL FROM", code, reply)
            code, reply = host.rcpt(envelope.recipient)
            if code not in (250, 251):
                self._refused("RCPT TO", code, reply)
        except NotAccepted:
            raise
        except (OSError, smtplib.SMTPException) as error:
            # Before DATA the server has nothing it could deliver.
            raise NotAccepted(_describe(error), connection_lost=True) from error
        try:
            code, reply = host.data(envelope.data)
        except smtplib.SMTPDataError as error:
            # DATA itself was refused (no 354): the email was never transmitted.
            self._refused("DATA", error.smtp_code, error.smtp_error)
        except (OSError, smtplib.SMTPException) as error:
            # The email was being written or its verdict awaited when the line went: the
            # server may have queued it.
            raise MaybeAccepted(_describe(error)) from error
        if code != 250:
            # An explicit refusal after the data: the server does not keep the email.
            self._refused("end of DATA", code, reply)

    def _refused(self, stage: str, code: int, reply: bytes | str):
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        try:
            # Clear the refused transaction so the connection can carry the next email.
            self.host.rset()
            lost = code == 421
        except (OSError, smtplib.SMTPException):
            lost = True
        raise NotAccepted(
            f"SMTP {code} at {stage}: {text}", permanent=500 <= code < 600, connection_lost=lost
        )


class FileTransport:
    """Writes each email as an .eml file in the mail folder and logs its links.

    The file is named after the Message-ID and moved into place whole, so writing the same
    email again replaces it instead of adding a copy.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, envelope: Envelope) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{_file_stem(envelope)}.eml"
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".eml")
            with os.fdopen(fd, "wb") as fh:
                fh.write(envelope.data)
            os.replace(tmp, path)
        except OSError as error:
            raise NotAccepted(f"cannot write to {self.folder}: {error}") from error
        file_log.info("Email to %s written to %s", envelope.recipient, path)
        for url in _links(envelope):
            file_log.info("  link: %s", url)


def _file_stem(envelope: Envelope) -> str:
    digest = sha256(envelope.message_id.encode()).hexdigest()[:16]
    recipient = re.sub(r"[^A-Za-z0-9@._-]", "_", envelope.recipient)
    return f"{recipient}-{digest}"


def _links(envelope: Envelope) -> list[str]:
    """The URLs of the text part, decoded from its quoted-printable transfer encoding."""
    parsed = message_from_bytes(envelope.data, policy=policy.default)
    body = parsed.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    # A full stop or comma after a link ends the sentence, not the link.
    return list(dict.fromkeys(url.rstrip(".,;:!?") for url in _URL.findall(text)))


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".strip()


def mail_folder() -> Path:
    configured = current_app.config.get("MAIL_FILE_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "mail"


@contextmanager
def open_transport():
    """The configured transport, opened once for a batch of emails.

    Raises NotAccepted (connection_lost) when the SMTP server cannot be reached or logged in to.
    """
    backend = current_app.config.get("MAIL_BACKEND", "file")
    if backend == "file":
        yield FileTransport(mail_folder())
        return
    # Read the settings now rather than when the app was made, so that a worker (and a
    # test) uses the current ones.
    state = mail.init_mail(current_app.config, current_app.debug)
    connection = TimeoutConnection(state, float(current_app.config.get("MAIL_TIMEOUT", 10)))
    try:
        connection.__enter__()
    except (OSError, smtplib.SMTPException) as error:
        raise NotAccepted(_describe(error), connection_lost=True) from error
    try:
        yield SMTPTransport(connection)
    finally:
        try:
            connection.host.quit()
        except (OSError, smtplib.SMTPException):
            # The emails are already accounted for; a failed goodbye changes nothing.
            connection.host.close()
