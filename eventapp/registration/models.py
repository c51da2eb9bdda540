"""Registrations, the sessions each one chose, and the per-event policy for each organization type."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db import UTCDateTime, str_enum, utc_now
from eventapp.extensions import db
from eventapp.labels import register_labels


class RegistrationStatus(enum.StrEnum):
    PENDING_CONFIRMATION = "pending_confirmation"
    PENDING_APPROVAL = "pending_approval"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


# Registrations in these states hold (or wait for) places; the others are over.
ACTIVE_STATUSES = frozenset(
    {
        RegistrationStatus.PENDING_CONFIRMATION,
        RegistrationStatus.PENDING_APPROVAL,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    }
)


class ChoiceStatus(enum.StrEnum):
    # A place in the session is counted for this registration.
    HOLDING = "holding"
    # The session was full: first come, first served when a place frees up.
    WAITLISTED = "waitlisted"


class Language(enum.StrEnum):
    VIETNAMESE = "vi"
    ENGLISH = "en"


class CreativeField(enum.StrEnum):
    """The creative fields of the UNESCO Creative Cities Network."""

    CRAFTS_FOLK_ART = "crafts_folk_art"
    DESIGN = "design"
    FILM = "film"
    GASTRONOMY = "gastronomy"
    LITERATURE = "literature"
    MEDIA_ARTS = "media_arts"
    MUSIC = "music"


class TypePolicy(db.Model):
    """How an event treats one organization type: admitted, approval, seat quota."""

    __tablename__ = "type_policy"
    __table_args__ = (
        CheckConstraint("quota IS NULL OR quota >= 0", name="quota_not_negative"),
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint("quota IS NULL OR seats_taken <= quota", name="within_quota"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    organization_type_id: Mapped[int] = mapped_column(
        ForeignKey("organization_type.id", ondelete="CASCADE"), primary_key=True
    )
    admitted: Mapped[bool] = mapped_column(default=True)
    needs_approval: Mapped[bool] = mapped_column(default=False)
    # None: no quota of its own, only the event's capacity applies.
    quota: Mapped[int | None]
    seats_taken: Mapped[int] = mapped_column(default=0)

    organization_type: Mapped["OrganizationType"] = relationship(lazy="joined")  # noqa: F821


class Registration(db.Model):
    __tablename__ = "registration"
    __table_args__ = (
        # One registration per address and event, whatever the case of the address.
        UniqueConstraint("event_id", "email_key"),
        # The workspace's list: one index per sort order, each starting with the event (the
        # filter) and ending with the id (the tiebreaker), so that a keyset page is one range
        # of one index (eventapp/registration/queries.py). The first also serves counting by
        # status.
        Index("ix_registration_event_id_status_id", "event_id", "status", "id"),
        Index("ix_registration_event_id_created_at_id", "event_id", "created_at", "id"),
        Index("ix_registration_event_id_search_text_id", "event_id", "search_text", "id"),
        Index(
            "ix_registration_event_id_organization_name_id", "event_id", "organization_name", "id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    status: Mapped[RegistrationStatus] = mapped_column(
        str_enum(RegistrationStatus, "registration_status"),
        default=RegistrationStatus.PENDING_CONFIRMATION,
    )
    # Whether a place in the event (and the type's quota) is counted for this registration.
    holds_place: Mapped[bool] = mapped_column(default=False)

    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254))
    honorific: Mapped[str] = mapped_column(String(20), default="none")
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    organization_name: Mapped[str] = mapped_column(String(255))
    organization_type_id: Mapped[int] = mapped_column(
        ForeignKey("organization_type.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(120))
    department: Mapped[str | None] = mapped_column(String(255))
    unesco_applicant: Mapped[bool] = mapped_column(default=False)
    unesco_field: Mapped[CreativeField | None] = mapped_column(
        str_enum(CreativeField, "creative_field")
    )
    language: Mapped[Language] = mapped_column(
        str_enum(Language, "registration_language"), default=Language.VIETNAMESE
    )
    needs_accessibility: Mapped[str | None] = mapped_column(Text)
    needs_interpretation: Mapped[bool] = mapped_column(default=False)
    dietary: Mapped[str | None] = mapped_column(String(255))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    publish_consent: Mapped[bool] = mapped_column(default=False)

    # SHA-256 of the single-use confirmation token; the token itself is only in the email.
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirm_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The secret of the manage link, written into every email the attendee receives.
    manage_secret: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_code: Mapped[str] = mapped_column(String(32), unique=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    # Name, email and organization folded to lowercase ASCII ("nguyen" finds "Nguyễn"),
    # kept up to date on every write (see eventapp.registration.search).
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the certificate of attendance was queued for emailing: set once, so that asking
    # again (or twice at the same moment) never sends a second copy.
    certificate_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped["Event"] = relationship(lazy="raise")  # noqa: F821
    organization_type: Mapped["OrganizationType"] = relationship(lazy="joined")  # noqa: F821
    choices: Mapped[list["SessionChoice"]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="SessionChoice.id",
    )
    history: Mapped[list["RegistrationLogEntry"]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        lazy="raise",
        order_by="RegistrationLogEntry.id",
    )


class SessionChoice(db.Model):
    """A session a registration chose: holding a place, or on the session's waiting list."""

    __tablename__ = "session_choice"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id"),
        Index("ix_session_choice_session_id_status", "session_id", "status"),
    )

    # Autoincrementing: the order of the waiting list among equal timestamps.
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE")
    )
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"))
    status: Mapped[ChoiceStatus] = mapped_column(str_enum(ChoiceStatus, "choice_status"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Arrival at this session, for events that check people in per session as well.
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship(back_populates="choices", lazy="raise")
    session: Mapped["WorkshopSession"] = relationship(lazy="joined")  # noqa: F821


class RegistrationLogEntry(db.Model):
    """One step in a registration's history: what happened, when, and who did it."""

    __tablename__ = "registration_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # "attendee", "system", or the organizer's email address.
    actor: Mapped[str] = mapped_column(String(254))
    # e.g. "registered", "confirmed", "waitlisted", "promoted", "cancelled", "email.sent".
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship(back_populates="history", lazy="raise")


# The words shown for these values, in the reader's language.
register_labels(
    RegistrationStatus,
    {
        RegistrationStatus.PENDING_CONFIRMATION: _l("Waiting for email confirmation"),
        RegistrationStatus.PENDING_APPROVAL: _l("Waiting for approval"),
        RegistrationStatus.CONFIRMED: _l("Confirmed"),
        RegistrationStatus.WAITLISTED: _l("On the waiting list"),
        RegistrationStatus.REJECTED: _l("Not accepted"),
        RegistrationStatus.CANCELLED: _l("Cancelled"),
        RegistrationStatus.EXPIRED: _l("Expired (not confirmed in time)"),
    },
)

register_labels(
    ChoiceStatus,
    {
        ChoiceStatus.HOLDING: _l("Seat reserved"),
        ChoiceStatus.WAITLISTED: _l("On the waiting list"),
    },
)

register_labels(
    CreativeField,
    {
        CreativeField.CRAFTS_FOLK_ART: _l("Crafts and folk art"),
        CreativeField.DESIGN: _l("Design"),
        CreativeField.FILM: _l("Film"),
        CreativeField.GASTRONOMY: _l("Gastronomy"),
        CreativeField.LITERATURE: _l("Literature"),
        CreativeField.MEDIA_ARTS: _l("Media arts"),
        CreativeField.MUSIC: _l("Music"),
    },
)
