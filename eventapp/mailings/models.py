"""An email the organizers write to a filtered set of an event's registrations."""


from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db import UTCDateTime, utc_now
from eventapp.extensions import db


class Mailing(db.Model):
    """A draft until it is queued; then one outbox message per recipient (ref "mailing", id).

    The recipients are chosen by `filter`, the registration list's filter as JSON
    (eventapp.registration.queries.RegistrationFilter): they are the registrations that match
    it when the mailing is queued, counted in `recipient_count`.
    """

    __tablename__ = "mailing"
    __table_args__ = (
        CheckConstraint("recipient_count >= 0", name="recipient_count_not_negative"),
        # Queued once, to at least one person; a draft has nobody yet.
        CheckConstraint(
            "(queued_at IS NULL AND recipient_count = 0)"
            " OR (queued_at IS NOT NULL AND recipient_count > 0)",
            name="queued_has_recipients",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    # Markdown with placeholders ({name}, {manage_link}...: eventapp.workspace.mailing_services).
    body: Mapped[str] = mapped_column(Text)
    filter: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    # Kept as written, so that the mailing still says who wrote it after the account is gone.
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recipient_count: Mapped[int] = mapped_column(default=0)

    @property
    def is_draft(self) -> bool:
        return self.queued_at is None

    def __repr__(self) -> str:
        return f"<Mailing {self.id} {self.subject!r}>"
