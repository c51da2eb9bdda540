"""Uploaded images checked, cleaned, re-encoded and kept in the database.

Nothing a person uploads is ever served as sent. Each image is decoded by Pillow, checked,
turned upright, stripped of every piece of metadata (EXIF with GPS positions, camera serial
numbers, comments, colour profiles), resized and encoded anew as a JPEG. The stored bytes
are addressed by their SHA-256, so the same picture is kept once and every web host can
serve it from the database with caching headers that never need revalidation.

Why JPEG and not WebP: every browser, mail client, office suite and PDF or badge printer
reads JPEG, and organizers copy speaker photos into programmes and press material. WebP
would save about a quarter of a photo that is already small (an 800-pixel portrait at
quality 85 is about 100 KB), which matters little on an event site.
"""
import hashlib
import io
from collections.abc import Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from eventapp.extensions import db
from eventapp.media.models import StoredImage

# Pillow detects the format from the bytes; only these decoders ever see an upload.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# 40 megapixels holds any camera or phone photo that fits in the byte limit, and keeps the
# memory one decoded upload can take below about 160 MB. Pillow's own bomb check
# (Image.MAX_IMAGE_PIXELS, about 89 megapixels) is the second line.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85
STORED_CONTENT_TYPE = "image/jpeg"
# Transparent areas (a PNG logo, a cut-out portrait) become white, like the page behind them.
BACKGROUND = (255, 255, 255)


class InvalidImage(ValueError):
    """An upload that eventapp will not store, with a message to show to the person."""

    FORMAT = "format"
    TOO_LARGE = "too_large"
    TOO_MANY_PIXELS = "too_many_pixels"
    DAMAGED = "damaged"

    def __init__(self, reason: str, message):
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def _megabytes(size: int) -> str:
    """5242880 -> "5", 1572864 -> "1.5", 100000 -> "0.1"."""
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _wrong_format() -> InvalidImage:
    return InvalidImage(InvalidImage.FORMAT, _l("The photo must be a JPEG, PNG or WebP image."))


def _damaged() -> InvalidImage:
    return InvalidImage(
        InvalidImage.DAMAGED,
        _l("The photo could not be read: the file is damaged or incomplete. Please send it again."),
    )


def _too_many_pixels() -> InvalidImage:
    return InvalidImage(
        InvalidImage.TOO_MANY_PIXELS,
        _l(
            "The photo has too many pixels (more than %(megapixels)d megapixels). "
            "Please send a smaller version.",
            megapixels=MAX_PIXELS // 1_000_000,
        ),
    )


# Errors Pillow raises on data it cannot decode, whatever the plugin.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError)


def read_image(data: bytes, *, needed_side: int | None = None) -> Image.Image:
    """Check uploaded bytes and decode them into a clean, upright RGB image without metadata.

    `needed_side` is the largest side the caller will produce: a large JPEG may then be
    decoded at a reduced scale, which is faster and takes far less memory.
    Raises InvalidImage saying what is wrong.
    """
    max_bytes = current_app.config["PHOTO_MAX_BYTES"]
    if len(data) > max_bytes:
        raise InvalidImage(
            InvalidImage.TOO_LARGE,
            _l(
                "The photo is larger than %(megabytes)s MB.",
                megabytes=_megabytes(max_bytes),
            ),
        )
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError:
        raise _wrong_format() from None
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except _DECODE_ERRORS:
        raise _damaged() from None
    if image.format not in ACCEPTED_FORMATS:
        raise _wrong_format()
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels()
    if needed_side and image.format == "JPEG":
        # Decodes at 1/2, 1/4 or 1/8 scale while both sides stay at least needed_side.
        image.draft("RGB", (needed_side, needed_side))
    try:
        # Truncated files fail here: Pillow refuses them unless LOAD_TRUNCATED_IMAGES is set.
        image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except _DECODE_ERRORS:
        raise _damaged() from None
    return _clean(image)


def _clean(image: Image.Image) -> Image.Image:
    """Upright, in sRGB, flattened onto white, as a new RGB image that carries no metadata."""
    image = _upright(image)
    image = _to_srgb(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: scale to 8 bits instead of letting every light grey clip to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or image.has_transparency_data:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    clean = image.convert("RGB")
    clean.info = {}
    return clean


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001
        # A damaged EXIF block only costs the orientation, never the speaker's photo.
        return image


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert from an embedded colour profile (a phone's Display P3, a printer's CMYK).

    The profile is dropped with the rest of the metadata, and browsers show untagged images
    as sRGB: without this, such photos would look washed out or shifted.
    """
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    output_mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken or unusual profile: keep the colours as decoded.
        return image


def fit_within(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """A copy shrunk (never enlarged) to fit within box, keeping its proportions."""
    resized = image.copy()
    resized.thumbnail(box, Image.Resampling.LANCZOS)
    return resized


def crop_square(image: Image.Image, side: int) -> Image.Image:
    """A side×side square cut from the middle of the image and scaled to size."""
    return ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def encode_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Explicit empty exif and no icc_profile: nothing but pixels goes into the file.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, exif=b"")
    return out.getvalue()


def store_image(image: Image.Image) -> StoredImage:
    """Encode the image and keep it, reusing the row when the same bytes are already stored."""
    data = encode_jpeg(image)
    key = hashlib.sha256(data).hexdigest()
    existing = db.session.get(StoredImage, key)
    if existing is not None:
        return existing
    stored = StoredImage(
        key=key,
        content_type=STORED_CONTENT_TYPE,
        width=image.width,
        height=image.height,
        size=len(data),
        data=data,
    )
    try:
        with db.session.begin_nested():
            db.session.add(stored)
    except IntegrityError:
        # Another request stored the same bytes between our look-up and our insert.
        stored = db.session.get(StoredImage, key)
        if stored is None:
            raise
    return stored


def store_upload(data: bytes, box: tuple[int, int]) -> StoredImage:
    """Check uploaded bytes and store them re-encoded to fit within box."""
    image = read_image(data, needed_side=max(box))
    return store_image(fit_within(image, box))


def find_image(key: str, *, with_data: bool = False) -> StoredImage | None:
    """The stored image with this key; its bytes are loaded only when asked for."""
    options = [undefer(StoredImage.data)] if with_data else []
    return db.session.get(StoredImage, key, options=options)


def _referencing_columns():
    """Every column in the schema that holds a StoredImage key (speaker photos, ...)."""
    table = StoredImage.__table__
    return [
        fk.parent
        for other in db.metadata.tables.values()
        for fk in other.foreign_keys
        if fk.references(table)
    ]


def is_image_used(key: str) -> bool:
    conditions = [exists().where(column == key) for column in _referencing_columns()]
    if not conditions:
        return False
    return bool(db.session.scalar(select(or_(*conditions))))


def discard_unused_images(keys: Iterable[str | None]) -> None:
    """Delete those images that nothing refers to any more.

    A removed or replaced photo then really leaves the server: its address answers 404.
    """
    db.session.flush()
    for key in {key for key in keys if key}:
        if is_image_used(key):
            continue
        image = db.session.get(StoredImage, key)
        if image is not None:
            db.session.delete(image)
    db.session.flush()
