"""Composing email: render it in the reader's language and put it in the outbox.

Nothing here sends anything. `enqueue` adds a row in the caller's transaction and only
flushes: the email exists if and only if the caller's change is committed, and it is
delivered after that commit (see `eventapp.mail.delivery`).
"""
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import TemplateNotFound
from sqlalchemy import func, select

from eventapp.db import utc_now
from eventapp.extensions import db
from eventapp.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus


class InvalidEmail(ValueError):
    """An email cannot be written as asked: the message says why, for the person who asked."""


class InvalidAddress(InvalidEmail):
    pass


@dataclass(frozen=True)
class Attachment:
    """A file to send; give a content_id to show it inline in the HTML (<img src="cid:ID">)."""

    filename: str
    content_type: str
    data: bytes
    content_id: str | None = None


# type/subtype, then optional ;name=value parameters: enough for text/calendar; method=...
_CONTENT_TYPE = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9.+-]*/[A-Za-z0-9][A-Za-z0-9.+-]*"
    r"(\s*;\s*[A-Za-z0-9-]+=(\"[^\"\r\n]*\"|[A-Za-z0-9._+-]+))*$"
)
# A Content-ID goes between angle brackets in a header: keep it to plain characters.
_CONTENT_ID = re.compile(r"^[A-Za-z0-9._-]+(@[A-Za-z0-9.-]+)?$")


def one_line(value: str | None) -> str:
    """The text on a single line, every run of whitespace (CR and LF included) one space.

    Subjects and names come from what people type; a line break in a header would let
    them write headers of their own (a Bcc:, say), so none survives. Other control
    characters are dropped: they have no place in a header, and PostgreSQL refuses NUL.
    """
    printable = "".join(
        ch for ch in (value or "") if ch.isspace() or unicodedata.category(ch) != "Cc"
    )
    return " ".join(printable.split())


def _body(value: str) -> str:
    # The one character PostgreSQL cannot store in text.
    return value.replace("\x00", "")


def normalize_address(address: str) -> str:
    """A syntactically valid address, as mail servers want it (ASCII domain), or InvalidAddress.

    No DNS lookup, and no demand for a public domain: there may be no internet, and
    attendees may use intranet domains (even one-word ones).
    """
    address = (address or "").strip()
    if any(ch in address for ch in "\r\n"):
        raise InvalidAddress(_("An email address cannot contain a line break."))
    try:
        valid = validate_email(
            address, check_deliverability=False, globally_deliverable=False, allow_smtputf8=False
        )
    except EmailNotValidError as error:
        raise InvalidAddress(
            _("“%(address)s” is not a valid email address: %(reason)s",
              address=address, reason=error)
        ) from None
    return valid.ascii_email or valid.normalized


def enqueue(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    reply_to: str | None = None,
    to_name: str | None = None,
    kind: str = "",
    attachments: Iterable[Attachment] = (),
    ref_type: str | None = None,
    ref_id: int | None = None,
) -> OutboxMessage:
    """Put an email in the outbox, in the caller's transaction (flushed, never committed).

    Raises InvalidAddress for a bad recipient or Reply-To address and InvalidEmail for an
    unusable attachment. CR/LF in the subject and name are turned into spaces.
    """
    message = OutboxMessage(
        to_address=normalize_address(to),
        to_name=_limited(one_line(to_name), 200) or None,
        reply_to=normalize_address(reply_to) if reply_to else None,
        subject=_limited(one_line(subject), 500),
        text_body=_body(text),
        html_body=_body(html) if html else None,
        kind=_limited(one_line(kind), 60),
        ref_type=ref_type,
        ref_id=ref_id,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=utc_now(),
    )
    message.attachments = [_attachment_row(item) for item in attachments]
    db.session.add(message)
    db.session.flush()
    return message


def _limited(value: str, length: int) -> str:
    return value[:length]


def _attachment_row(item: Attachment) -> OutboxAttachment:
    content_type = (item.content_type or "").strip()
    if not _CONTENT_TYPE.match(content_type):
        raise InvalidEmail(_("“%(type)s” is not a valid attachment type.", type=content_type))
    if item.content_id is not None and not _CONTENT_ID.match(item.content_id):
        raise InvalidEmail(_("“%(cid)s” is not a valid inline image name.", cid=item.content_id))
    filename = one_line(item.filename).replace("/", "_").replace("\\", "_")
    return OutboxAttachment(
        filename=_limited(filename or "attachment", 255),
        content_type=content_type,
        content_id=item.content_id,
        data=bytes(item.data),
    )


def render_email(template: str, locale: str | None, **context) -> tuple[str, str, str | None]:
    """(subject, text, html) from templates/email/<template>.txt and .html, in `locale`.

    The .txt template defines `{% block subject %}`; the subject is rendered first and then
    given to both bodies as `subject` (the HTML layout uses it as the document title). The
    .html template is optional. Dates, numbers and gettext all follow `locale`.
    """
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = one_line(_render_block(f"email/{template}.txt", "subject", context))
        context = {**context, "subject": subject, "email_locale": locale}
        text = render_template(f"email/{template}.txt", **context)
        html = None
        if _template_exists(f"email/{template}.html"):
            html = render_template(f"email/{template}.html", **context)
    return subject, text.strip() + "\n", html


def _render_block(name: str, block: str, context: dict) -> str:
    template = current_app.jinja_env.get_template(name)
    if block not in template.blocks:
        raise LookupError(f"{name} has no {{% block {block} %}}")
    full_context = dict(context)
    current_app.update_template_context(full_context)
    return "".join(template.blocks[block](template.new_context(full_context)))


def _template_exists(name: str) -> bool:
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return False
    return True


def resend(message_id: int) -> OutboxMessage:
    """An organizer's decision: send an uncertain or failed message again (flushed only).

    It keeps its Message-ID, so a mail client that did get the first copy can tell the two
    are the same email.
    """
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise LookupError(message_id)
    if message.status not in (OutboxStatus.UNCERTAIN, OutboxStatus.FAILED):
        raise InvalidEmail(
            _("Only an uncertain or failed email can be sent again; this one is %(status)s.",
              status=message.status.value)
        )
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = utc_now()
    message.claimed_by = None
    message.locked_until = None
    db.session.flush()
    return message


def counts_by_status() -> dict[OutboxStatus, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    counts = dict.fromkeys(OutboxStatus, 0)
    counts.update({status: number for status, number in rows})
    return counts
