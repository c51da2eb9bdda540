"""The outbox: one row per email, written in the transaction of the change that causes it.

A row is the whole email as it will be sent (addresses, subject, bodies, attachments), so
that delivery needs nothing but the row, whenever and wherever it runs. The states and how
a row moves between them are explained in `eventapp.mail.delivery`.
"""
import enum
import uuid
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db import UTCDateTime, str_enum, utc_now
from eventapp.extensions import db


class OutboxStatus(enum.StrEnum):
    # Waiting to be sent (for the first time or again, once next_attempt_at has come).
    PENDING = "pending"
    # Being handed to the mail server by the deliverer named in claimed_by.
    SENDING = "sending"
    # The mail server (or the mail folder) accepted it.
    SENT = "sent"
    # Given up: refused for good, or too many attempts. Only a person sends it again.
    FAILED = "failed"
    # It may or may not have reached the mail server; never resent automatically.
    UNCERTAIN = "uncertain"


def message_id_domain() -> str:
    """The right-hand side of our Message-IDs: the sender's own domain.

    email.utils.make_msgid() would ask the resolver for this host's name, which can hang on
    a network without DNS; the sender's domain is ours to use and needs no lookup.
    """
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") if has_app_context() else None
    if isinstance(sender, tuple | list):
        sender = sender[-1]
    domain = (sender or "").rpartition("@")[2].strip(" >")
    return domain or "eventapp.invalid"


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{message_id_domain()}>"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # A message is only ever "sending" under a lease, so that a stopped deliverer's
        # message can be told from one still being sent.
        CheckConstraint(
            "status <> 'sending' OR (locked_until IS NOT NULL AND claimed_by IS NOT NULL)",
            name="sending_is_leased",
        ),
        CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
        # What the deliverers look for: due messages, oldest first.
        Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_message_ref", "ref_type", "ref_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The RFC 5322 Message-ID, fixed when the row is written: every attempt (and a resend an
    # organizer asks for) carries the same one, so mail clients can recognise a duplicate.
    message_id: Mapped[str] = mapped_column(String(255), unique=True, default=new_message_id)
    # What the email is for, e.g. "registration.confirm": for organizers and statistics.
    kind: Mapped[str] = mapped_column(String(60), default="", index=True)
    # An optional pointer to what the email is about, e.g. ("registration", 42).
    ref_type: Mapped[str | None] = mapped_column(String(40))
    ref_id: Mapped[int | None]

    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str | None] = mapped_column(String(200))
    reply_to: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(500))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)

    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The lease: which deliverer holds the message, and until when.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        back_populates="message",
        cascade="all, delete-orphan",
        order_by="OutboxAttachment.id",
        # Needed only to build the email; a list of messages never loads them by accident.
        lazy="raise",
    )

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind or '-'} {self.status}>"


class OutboxAttachment(db.Model):
    """A file sent with a message; with a content_id it is an inline image for the HTML."""

    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    # e.g. "image/png" or "text/calendar; method=PUBLISH".
    content_type: Mapped[str] = mapped_column(String(120))
    # Set for an inline image the HTML body shows as <img src="cid:...">.
    content_id: Mapped[str | None] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments", lazy="raise")

    @property
    def is_inline(self) -> bool:
        return self.content_id is not None

    def __repr__(self) -> str:
        return f"<OutboxAttachment {self.filename}>"
