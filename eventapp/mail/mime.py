"""An outbox row as an RFC 5322 email, written straight to bytes.

The standard library's EmailMessage (default or SMTP policy) parses every header it is given
into a header object and folds it again on output: measured on the outbox, that was about
half of the deliverer's CPU per email, more than the two commits around it. The emails we
send have one fixed shape, so they are written here directly:

    multipart/mixed                       only when there are attachments
      multipart/alternative               only when there is an HTML body
        text/plain                        quoted-printable, UTF-8
        multipart/related                 only when the HTML shows inline images
          text/html                       quoted-printable, UTF-8
          image/...                       base64, Content-ID, inline
      attachment ...                      base64

Bodies are 7-bit (quoted-printable or base64), so no server without 8BITMIME can mangle
Vietnamese text; lines end in CRLF as SMTP wants. Header values are written only in three
ways, none of which can carry a line break: plain printable ASCII, a quoted string of
printable ASCII, or RFC 2047 encoded words. Values taken as they are (addresses,
Message-ID, Content-ID, content types) are refused if they hold CR or LF, a second wall
against header injection behind the cleaning done in `enqueue`.
"""
import base64
import binascii
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parseaddr
from urllib.parse import quote

from flask import current_app

from eventapp.mail.models import OutboxAttachment, OutboxMessage

CRLF = b"\r\n"
# Printable ASCII words separated by single spaces: safe to write as they are.
_PLAIN = re.compile(r"[\x21-\x7e]+( [\x21-\x7e]+)*")
# A display name that needs no quoting (RFC 5322 atoms and spaces).
_ATOMS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+( [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_PRINTABLE = re.compile(r"[\x20-\x7e]*")
# A file name that can go in a quoted parameter as it is.
_PLAIN_FILENAME = re.compile(r"[\x20-\x21\x23-\x5b\x5d-\x7e]+")
# UTF-8 bytes per encoded word: 42 bytes are 56 base64 characters, and with the
# "=?utf-8?b?...?=" around them and a header name the line stays under 78 characters.
_WORD_BYTES = 42
# Longest header value written on one line without folding.
_SHORT = 60


@dataclass(frozen=True)
class Envelope:
    """What the SMTP conversation needs besides the email itself."""

    sender: str
    recipient: str
    data: bytes
    message_id: str


def sender_address() -> tuple[str, str]:
    """MAIL_DEFAULT_SENDER as (name, address); it may be "addr", "Name <addr>" or (name, addr)."""
    configured = current_app.config.get("MAIL_DEFAULT_SENDER") or "eventapp@localhost"
    if isinstance(configured, tuple | list):
        name, address = configured
    else:
        name, address = parseaddr(configured)
    return name or "", address


def envelope_for(
    row: OutboxMessage, attachments: list[OutboxAttachment], sent_at: datetime
) -> Envelope:
    """The email ready for SMTP. Raises ValueError for a row no email can be made of."""
    sender_name, sender = sender_address()
    return Envelope(
        sender=sender,
        recipient=row.to_address,
        data=email_bytes(row, attachments, sent_at, sender_name, sender),
        message_id=row.message_id,
    )


def email_bytes(
    row: OutboxMessage,
    attachments: list[OutboxAttachment],
    sent_at: datetime,
    sender_name: str,
    sender: str,
) -> bytes:
    headers = [
        ("Subject", unstructured(row.subject or "")),
        ("From", mailbox(sender_name, sender)),
        ("To", mailbox(row.to_name or "", row.to_address)),
    ]
    if row.reply_to:
        headers.append(("Reply-To", _raw(row.reply_to)))
    headers += [
        ("Date", format_datetime(sent_at)),
        ("Message-ID", _raw(row.message_id)),
        # RFC 3834: tells autoresponders (holiday replies) not to answer an automatic email.
        ("Auto-Submitted", "auto-generated"),
        ("MIME-Version", "1.0"),
    ]
    part_headers, body = _body_tree(row, attachments)
    return _join(headers + part_headers, body)


def _body_tree(row: OutboxMessage, attachments: list[OutboxAttachment]):
    """The MIME structure of the message: (headers of the top part, its encoded body)."""
    inline = [a for a in attachments if a.content_id is not None]
    files = [a for a in attachments if a.content_id is None]
    part = _text_part("plain", row.text_body)
    if row.html_body:
        html = _text_part("html", row.html_body)
        if inline:
            html = _multipart("related", [html, *(_file_part(a, inline=True) for a in inline)])
        part = _multipart("alternative", [part, html])
    else:
        # Without HTML nothing can show an inline image: send it as a plain attachment.
        files = inline + files
    if files:
        part = _multipart("mixed", [part, *(_file_part(a) for a in files)])
    return part


# --- parts ------------------------------------------------------------------------------------


def _text_part(subtype: str, text: str):
    # Line ends made uniform the way the email package does it (only CR and LF break a line),
    # and a final line end always present.
    lines = text.encode("utf-8").splitlines()
    encoded = binascii.b2a_qp(b"\n".join(lines) + b"\n", quotetabs=False, istext=True)
    return (
        [
            ("Content-Type", f'text/{subtype}; charset="utf-8"'),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ],
        encoded.replace(b"\n", CRLF),
    )


def _file_part(item: OutboxAttachment, *, inline: bool = False):
    headers = [
        ("Content-Type", _content_type(item.content_type)),
        ("Content-Transfer-Encoding", "base64"),
        ("Content-Disposition", ("inline" if inline else "attachment") + _filename(item.filename)),
    ]
    if inline:
        headers.append(("Content-ID", f"<{_raw(item.content_id)}>"))
    return headers, base64.encodebytes(item.data).replace(b"\n", CRLF)


def _multipart(subtype: str, parts):
    # QP escapes every "=" and base64 never writes "=_": no body can contain this boundary.
    boundary = f"=_{uuid.uuid4().hex}"
    delimiter = b"--" + boundary.encode()
    chunks = []
    for headers, body in parts:
        chunks += [delimiter, CRLF, _join(headers, body), CRLF]
    chunks += [delimiter, b"--", CRLF]
    return [("Content-Type", f'multipart/{subtype};\r\n boundary="{boundary}"')], b"".join(chunks)


def _join(headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return lines.encode("ascii") + CRLF + body


# --- header values ----------------------------------------------------------------------------


def unstructured(value: str) -> str:
    """A Subject: as it is when plain and short, else as encoded words."""
    if not value or (len(value) <= _SHORT and _PLAIN.fullmatch(value) and "=?" not in value):
        return value
    return _encoded_words(value)


def mailbox(name: str, address: str) -> str:
    """`Name <address>`, the name plain, quoted or encoded as it needs."""
    address = _raw(address)
    if not name:
        return address
    if len(name) <= _SHORT and "=?" not in name and _ATOMS.fullmatch(name):
        phrase = name
    elif len(name) <= _SHORT and "=?" not in name and _PRINTABLE.fullmatch(name):
        phrase = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        phrase = _encoded_words(name)
    return f"{phrase} <{address}>"


def _encoded_words(value: str) -> str:
    """RFC 2047 base64 words of whole characters, one per folded line."""
    words, chunk, size = [], [], 0
    for char in value:
        length = len(char.encode("utf-8"))
        if size + length > _WORD_BYTES:
            words.append(chunk)
            chunk, size = [], 0
        chunk.append(char)
        size += length
    words.append(chunk)
    return "\r\n ".join(
        "=?utf-8?b?" + base64.b64encode("".join(w).encode("utf-8")).decode("ascii") + "?="
        for w in words
    )


def _filename(name: str) -> str:
    """The filename parameter: quoted when plain, else RFC 2231 UTF-8 in pieces."""
    if not name:
        return ""
    if len(name) <= _SHORT and _PLAIN_FILENAME.fullmatch(name):
        return f'; filename="{name}"'
    encoded = quote(name, safe="!#$&+-.^_`|~", encoding="utf-8")
    pieces = []
    while encoded:
        # Never cut a %XX escape in two.
        cut = min(len(encoded), 60)
        while cut < len(encoded) and "%" in encoded[cut - 2 : cut]:
            cut -= 1
        pieces.append(encoded[:cut])
        encoded = encoded[cut:]
    if len(pieces) == 1:
        return f"; filename*=utf-8''{pieces[0]}"
    first, *rest = pieces
    return f";\r\n filename*0*=utf-8''{first}" + "".join(
        f";\r\n filename*{n}*={piece}" for n, piece in enumerate(rest, start=1)
    )


def _content_type(value: str) -> str:
    """type/subtype; name="value" from what `enqueue` checked."""
    kind, *raw_params = [part.strip() for part in _raw(value).split(";")]
    maintype, _, subtype = kind.partition("/")
    written = f"{maintype.lower()}/{subtype.lower()}"
    for raw in raw_params:
        name, _, param_value = raw.partition("=")
        param_value = param_value.strip().strip('"').replace("\\", "\\\\").replace('"', '\\"')
        written += f'; {name.strip().lower()}="{param_value}"'
    return written


def _raw(value: str) -> str:
    """A value written as it is: it must be one line of ASCII."""
    if not value.isascii() or "\r" in value or "\n" in value:
        raise ValueError(f"{value!r} cannot be written in an email header")
    return value
