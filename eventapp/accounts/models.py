"""Organizer accounts: who may use the workspace, with which role, for which events."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.db import UTCDateTime, str_enum, utc_now
from eventapp.extensions import db
from eventapp.labels import register_labels


class Role(enum.StrEnum):
    # Everything, accounts included.
    ADMIN = "admin"
    # The events they are assigned to.
    ORGANIZER = "organizer"
    # Check-in at the door only, for the events they are assigned to.
    CHECKIN = "checkin"


class Account(UserMixin, db.Model):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lowercased: one account per address, whatever its case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "account_role"), default=Role.ORGANIZER)
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the id kept in the session cookie: raising it ends every session of the
    # account (logout, password change), where a signed cookie alone would stay valid.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignments: Mapped[list["EventAssignment"]] = relationship(
        back_populates="account", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def event_ids(self) -> set[int]:
        return {a.event_id for a in self.assignments}

    # What the rest of the application asks of the signed-in account (flask_login's
    # current_user), without depending on this package.

    def can_manage_event(self, event_id: int) -> bool:
        if self.role == Role.ADMIN:
            return True
        return self.role == Role.ORGANIZER and event_id in self.event_ids

    def can_check_in(self, event_id: int) -> bool:
        return self.role == Role.ADMIN or event_id in self.event_ids

    def assign(self, event_id: int) -> None:
        """Give the account access to the event (flushed with the caller's changes)."""
        if event_id not in self.event_ids:
            self.assignments.append(EventAssignment(event_id=event_id))

    def __repr__(self) -> str:
        return f"<Account {self.email} {self.role}>"


class EventAssignment(db.Model):
    """An organizer or check-in staff member working on an event."""

    __tablename__ = "event_assignment"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    account: Mapped[Account] = relationship(back_populates="assignments", lazy="raise")


# The words shown for these values, in the reader's language.
register_labels(
    Role,
    {
        Role.ADMIN: _l("Administrator"),
        Role.ORGANIZER: _l("Organizer"),
        Role.CHECKIN: _l("Check-in staff"),
    },
)
