"""Speaker profiles: one profile can serve several events."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from eventapp.db import UTCDateTime, str_enum, utc_now
from eventapp.extensions import db
from eventapp.labels import Honorific, register_labels


class LinkKind(enum.StrEnum):
    WEBSITE = "website"
    LINKEDIN = "linkedin"
    ORCID = "orcid"
    FACEBOOK = "facebook"
    X = "x"
    OTHER = "other"


class Speaker(db.Model):
    __tablename__ = "speaker"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    honorific: Mapped[Honorific] = mapped_column(
        str_enum(Honorific, "honorific"), default=Honorific.NONE
    )
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(255))
    position_vi: Mapped[str | None] = mapped_column(String(255))
    organization: Mapped[str | None] = mapped_column(String(255))
    organization_vi: Mapped[str | None] = mapped_column(String(255))
    # ISO 3166-1 alpha-2, shown in the visitor's language.
    country: Mapped[str | None] = mapped_column(String(2))
    # Markdown, rendered safely.
    biography: Mapped[str] = mapped_column(Text, default="")
    biography_vi: Mapped[str | None] = mapped_column(Text)
    # Content-addressed images (see eventapp.media): a large one and a square thumbnail.
    photo_key: Mapped[str | None] = mapped_column(
        ForeignKey("stored_image.key", ondelete="SET NULL")
    )
    photo_thumb_key: Mapped[str | None] = mapped_column(
        ForeignKey("stored_image.key", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    links: Mapped[list["SpeakerLink"]] = relationship(
        back_populates="speaker",
        cascade="all, delete-orphan",
        order_by="(SpeakerLink.position, SpeakerLink.id)",
        lazy="raise",
    )
    session_links: Mapped[list["SessionSpeaker"]] = relationship(  # noqa: F821
        back_populates="speaker", cascade="all, delete-orphan", lazy="raise"
    )

    @property
    def initials(self) -> str:
        """Up to two initials for the avatar shown when there is no photo."""
        parts = [p for p in self.full_name.split() if p]
        if not parts:
            return "?"
        if len(parts) == 1:
            return parts[0][0].upper()
        # Vietnamese names put the given name last: "Nguyễn Phương Hoa" -> "NH".
        return (parts[0][0] + parts[-1][0]).upper()

    def __repr__(self) -> str:
        return f"<Speaker {self.slug}>"


class SpeakerLink(db.Model):
    __tablename__ = "speaker_link"
    # Only web links: a javascript: or data: URL would run in a visitor's browser.
    __table_args__ = (
        CheckConstraint("url LIKE 'https://%' OR url LIKE 'http://%'", name="url_is_web"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speaker.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[LinkKind] = mapped_column(str_enum(LinkKind, "link_kind"), default=LinkKind.WEBSITE)
    url: Mapped[str] = mapped_column(String(500))
    label: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    speaker: Mapped[Speaker] = relationship(back_populates="links", lazy="raise")

    @validates("url")
    def _check_url(self, key: str, url: str) -> str:
        url = url.strip()
        if not url.lower().startswith(("https://", "http://")) or len(url) <= len("https://"):
            raise ValueError("A speaker link must be a web address starting with https:// or http://")
        return url


# The words shown for these values, in the reader's language.
register_labels(
    LinkKind,
    {
        LinkKind.WEBSITE: _l("Website"),
        LinkKind.LINKEDIN: _l("LinkedIn"),
        LinkKind.ORCID: _l("ORCID"),
        LinkKind.FACEBOOK: _l("Facebook"),
        LinkKind.X: _l("X"),
        LinkKind.OTHER: _l("Link"),
    },
)
