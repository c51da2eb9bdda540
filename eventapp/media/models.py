"""Images kept in the database, so that every web host can serve them."""
from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db import UTCDateTime, utc_now
from eventapp.extensions import db


class StoredImage(db.Model):
    """An image re-encoded by eventapp, addressed by the SHA-256 of its bytes.

    The address never changes for given bytes, so browsers and proxies may cache it forever.
    """

    __tablename__ = "stored_image"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]
    # Loaded only when the image itself is served.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
