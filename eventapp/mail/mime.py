"""An outbox row as an RFC 5322 email.

Built with the standard library's EmailMessage rather than flask_mail.Message: it nests an
inline image with the HTML in multipart/related (so cid: links work in every client), and
its SMTP policy refuses any header value holding CR or LF, a second wall against header
injection behind the cleaning done in `enqueue`.
"""
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app

from eventapp.mail.models import OutboxAttachment, OutboxMessage

# CRLF line ends as SMTP wants, and bodies in 7-bit encodings so that no server without
# 8BITMIME can mangle Vietnamese text.
SMTP_POLICY = policy.SMTP.clone(cte_type="7bit")


@dataclass(frozen=True)
class Envelope:
    """What the SMTP conversation needs besides the email itself."""

    sender: str
    recipient: str
    data: bytes
    message_id: str


def sender_address() -> Address:
    """MAIL_DEFAULT_SENDER as an Address; it may be "addr", "Name <addr>" or (name, addr)."""
    configured = current_app.config.get("MAIL_DEFAULT_SENDER") or "eventapp@localhost"
    if isinstance(configured, tuple | list):
        name, address = configured
    else:
        name, address = parseaddr(configured)
    return Address(display_name=name or "", addr_spec=address)


def build_email(
    row: OutboxMessage, attachments: list[OutboxAttachment], sent_at: datetime
) -> EmailMessage:
    sender = sender_address()
    msg = EmailMessage(policy=SMTP_POLICY)
    msg["Subject"] = row.subject
    msg["From"] = sender
    msg["To"] = Address(display_name=row.to_name or "", addr_spec=row.to_address)
    if row.reply_to:
        msg["Reply-To"] = Address(addr_spec=row.reply_to)
    msg["Date"] = format_datetime(sent_at)
    msg["Message-ID"] = row.message_id
    # RFC 3834: tells autoresponders (holiday replies) not to answer an automatic email.
    msg["Auto-Submitted"] = "auto-generated"

    msg.set_content(row.text_body, cte="quoted-printable")
    inline = [a for a in attachments if a.is_inline]
    files = [a for a in attachments if not a.is_inline]
    if row.html_body:
        msg.add_alternative(row.html_body, subtype="html", cte="quoted-printable")
        html_part = msg.get_payload()[-1]
        for item in inline:
            maintype, subtype, params = _split_content_type(item.content_type)
            html_part.add_related(
                item.data, maintype, subtype,
                cid=f"<{item.content_id}>", filename=item.filename, params=params,
            )
    else:
        # Without HTML nothing can show an inline image: send it as a plain attachment.
        files = inline + files
    for item in files:
        maintype, subtype, params = _split_content_type(item.content_type)
        msg.add_attachment(item.data, maintype, subtype, filename=item.filename, params=params)
    return msg


def envelope_for(
    row: OutboxMessage, attachments: list[OutboxAttachment], sent_at: datetime
) -> Envelope:
    msg = build_email(row, attachments, sent_at)
    return Envelope(
        sender=sender_address().addr_spec,
        recipient=row.to_address,
        data=msg.as_bytes(),
        message_id=row.message_id,
    )


def _split_content_type(value: str) -> tuple[str, str, dict[str, str]]:
    kind, *raw_params = [part.strip() for part in value.split(";")]
    maintype, _, subtype = kind.partition("/")
    params = {}
    for raw in raw_params:
        name, _, param_value = raw.partition("=")
        params[name.strip().lower()] = param_value.strip().strip('"')
    return maintype.lower(), subtype.lower(), params
