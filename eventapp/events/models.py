"""An event and the rooms it takes place in."""
import enum
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from eventapp.db import UTCDateTime, str_enum, utc_now
from eventapp.extensions import db
from eventapp.labels import register_labels

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Event(db.Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="not_overbooked"),
        CheckConstraint(
            "registration_opens_at IS NULL OR registration_closes_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_window_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    title_vi: Mapped[str | None] = mapped_column(String(255))
    subtitle: Mapped[str | None] = mapped_column(String(255))
    subtitle_vi: Mapped[str | None] = mapped_column(String(255))
    # Markdown, rendered safely.
    description: Mapped[str] = mapped_column(Text, default="")
    description_vi: Mapped[str | None] = mapped_column(Text)
    organizer: Mapped[str | None] = mapped_column(String(255))
    organizer_vi: Mapped[str | None] = mapped_column(String(255))
    venue: Mapped[str] = mapped_column(String(255), default="")
    venue_vi: Mapped[str | None] = mapped_column(String(255))
    address: Mapped[str] = mapped_column(String(500), default="")
    address_vi: Mapped[str | None] = mapped_column(String(500))
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[EventStatus] = mapped_column(
        str_enum(EventStatus, "event_status"), default=EventStatus.DRAFT
    )
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # Places for attendees in all; None means no limit. seats_taken counts the places held
    # by registrations, taken and given back atomically (eventapp.registration.capacity).
    capacity: Mapped[int | None]
    seats_taken: Mapped[int] = mapped_column(default=0, server_default="0")
    # Organizers told of each new registration: addresses separated by commas or lines.
    notification_emails: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    rooms: Mapped[list["Room"]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(Room.position, Room.id)",
        lazy="selectin",
    )
    sessions: Mapped[list["WorkshopSession"]] = relationship(  # noqa: F821
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(WorkshopSession.starts_at, WorkshopSession.id)",
        lazy="raise",
    )

    @validates("timezone")
    def _check_timezone(self, key: str, name: str) -> str:
        if name not in available_timezones():
            raise ValueError(f"Unknown time zone {name!r}; use an IANA name such as Asia/Ho_Chi_Minh")
        return name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def notification_addresses(self) -> list[str]:
        parts = self.notification_emails.replace("\n", ",").replace(";", ",").split(",")
        return [part.strip() for part in parts if part.strip()]

    def local(self, moment: datetime) -> datetime:
        """A stored UTC moment in the event's own time zone."""
        return moment.astimezone(self.tz)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Room(db.Model):
    __tablename__ = "room"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_vi: Mapped[str | None] = mapped_column(String(120))
    # Where to find it: floor, building, directions.
    location: Mapped[str | None] = mapped_column(String(255))
    location_vi: Mapped[str | None] = mapped_column(String(255))
    capacity: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="rooms", lazy="raise")

    def __repr__(self) -> str:
        return f"<Room {self.name}>"


# The words shown for these values, in the reader's language.
register_labels(
    EventStatus,
    {
        EventStatus.DRAFT: _l("Draft"),
        EventStatus.PUBLISHED: _l("Published"),
    },
)
