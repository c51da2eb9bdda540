"""Test images made on the spot with Pillow, including the hostile ones."""
import io
import os
import struct
import zlib

from PIL import ExifTags, Image

CAMERA_MAKER = "SecretCam 3000"
GPS_LATITUDE = (21.0, 1.0, 42.0)  # Hanoi


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def two_colour(size=(400, 200), first="red", second="blue") -> Image.Image:
    """Left half `first`, right half `second`: shows which way an image was turned."""
    width, height = size
    image = Image.new("RGB", size, first)
    image.paste(Image.new("RGB", (width - width // 2, height), second), (width // 2, 0))
    return image


def jpeg(size=(400, 300), colour="green") -> bytes:
    return encode(Image.new("RGB", size, colour), "JPEG", quality=90)


def noisy_jpeg(size=(600, 400)) -> bytes:
    """A JPEG that compresses badly, so that its bytes are many and cutting it hurts."""
    width, height = size
    return encode(Image.frombytes("RGB", size, os.urandom(width * height * 3)), "JPEG", quality=95)


def phone_jpeg(orientation: int = 6) -> bytes:
    """A 400×200 photo stored sideways, as phones do, with its orientation, GPS and maker.

    Orientation 6 means "turn 90° clockwise to show": shown upright it is 200×400, red on
    top and blue at the bottom.
    """
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = CAMERA_MAKER
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (105.0, 51.0, 12.0),
    }
    return encode(two_colour((400, 200)), "JPEG", quality=95, exif=exif.tobytes())


def png_with_alpha(size=(300, 300)) -> bytes:
    """Left half fully transparent, right half opaque blue."""
    width, height = size
    image = Image.new("RGBA", size, (255, 0, 0, 0))
    image.paste(Image.new("RGBA", (width - width // 2, height), (0, 0, 255, 255)), (width // 2, 0))
    return encode(image, "PNG")


def webp(size=(500, 300)) -> bytes:
    return encode(two_colour(size, "yellow", "purple"), "WEBP", quality=90)


def gif(size=(100, 100)) -> bytes:
    return encode(Image.new("RGB", size, "red"), "GIF")


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def truncated_jpeg() -> bytes:
    data = noisy_jpeg()
    return data[: len(data) * 2 // 3]


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width×height pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def open_stored(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
