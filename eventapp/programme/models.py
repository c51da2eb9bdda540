"""The programme: workshop sessions and who speaks in them."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db import UTCDateTime, str_enum, utc_now
from eventapp.extensions import db
from eventapp.labels import register_labels


class SessionKind(enum.StrEnum):
    OPENING = "opening"
    KEYNOTE = "keynote"
    PRESENTATION = "presentation"
    PANEL = "panel"
    WORKSHOP = "workshop"
    BREAK = "break"
    NETWORKING = "networking"
    CLOSING = "closing"


class SessionLanguage(enum.StrEnum):
    VIETNAMESE = "vi"
    ENGLISH = "en"
    # Spoken in either, with simultaneous interpretation between the two.
    BILINGUAL = "vi-en"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    # Kept in the programme, marked as cancelled, so that nobody looks for it in vain.
    CANCELLED = "cancelled"


class SpeakerRole(enum.StrEnum):
    SPEAKER = "speaker"
    MODERATOR = "moderator"
    PANELIST = "panelist"
    CHAIR = "chair"


class WorkshopSession(db.Model):
    """One item of an event's programme (named so as not to clash with a database session)."""

    __tablename__ = "workshop_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="not_overbooked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(255))
    title_vi: Mapped[str | None] = mapped_column(String(255))
    # Markdown, rendered safely.
    description: Mapped[str] = mapped_column(Text, default="")
    description_vi: Mapped[str | None] = mapped_column(Text)
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus, "session_status"),
        default=SessionStatus.SCHEDULED,
        server_default=SessionStatus.SCHEDULED.value,
    )
    kind: Mapped[SessionKind] = mapped_column(
        str_enum(SessionKind, "session_kind"), default=SessionKind.PRESENTATION
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("room.id", ondelete="SET NULL"), index=True
    )
    # None means unlimited.
    capacity: Mapped[int | None]
    # Places held or taken; kept beside capacity so that it can be taken atomically.
    seats_taken: Mapped[int] = mapped_column(default=0)
    language: Mapped[SessionLanguage] = mapped_column(
        str_enum(SessionLanguage, "session_language"), default=SessionLanguage.VIETNAMESE
    )
    track: Mapped[str | None] = mapped_column(String(120))
    track_vi: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    event: Mapped["Event"] = relationship(back_populates="sessions", lazy="raise")  # noqa: F821
    room: Mapped["Room | None"] = relationship(lazy="raise")  # noqa: F821
    speaker_links: Mapped[list["SessionSpeaker"]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="(SessionSpeaker.position, SessionSpeaker.speaker_id)",
        lazy="raise",
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def duration(self):
        return self.ends_at - self.starts_at

    def __repr__(self) -> str:
        return f"<WorkshopSession {self.id} {self.title!r}>"


class SessionSpeaker(db.Model):
    """A speaker's part in a session: their role and their place in the order of speakers."""

    __tablename__ = "session_speaker"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), primary_key=True
    )
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speaker.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[SpeakerRole] = mapped_column(
        str_enum(SpeakerRole, "speaker_role"), default=SpeakerRole.SPEAKER
    )
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[WorkshopSession] = relationship(back_populates="speaker_links", lazy="raise")
    speaker: Mapped["Speaker"] = relationship(back_populates="session_links", lazy="raise")  # noqa: F821


# The words shown for these values, in the reader's language.
register_labels(
    SessionStatus,
    {
        SessionStatus.SCHEDULED: _l("Scheduled"),
        SessionStatus.CANCELLED: _l("Cancelled"),
    },
)

register_labels(
    SessionKind,
    {
        SessionKind.OPENING: _l("Opening"),
        SessionKind.KEYNOTE: _l("Keynote"),
        SessionKind.PRESENTATION: _l("Presentation"),
        SessionKind.PANEL: _l("Panel discussion"),
        SessionKind.WORKSHOP: _l("Workshop"),
        SessionKind.BREAK: _l("Break"),
        SessionKind.NETWORKING: _l("Networking"),
        SessionKind.CLOSING: _l("Closing"),
    },
)

register_labels(
    SessionLanguage,
    {
        SessionLanguage.VIETNAMESE: _l("Vietnamese"),
        SessionLanguage.ENGLISH: _l("English"),
        SessionLanguage.BILINGUAL: _l("Vietnamese and English, with interpretation"),
    },
)

register_labels(
    SpeakerRole,
    {
        SpeakerRole.SPEAKER: _l("Speaker"),
        SpeakerRole.MODERATOR: _l("Moderator"),
        SpeakerRole.PANELIST: _l("Panelist"),
        SpeakerRole.CHAIR: _l("Chair"),
    },
)
