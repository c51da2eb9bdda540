"""Uploaded images: what is refused, what is stored, and how it is served."""
import hashlib
import time
from datetime import UTC, datetime

import pytest
from flask import url_for
from flask_babel import force_locale
from PIL import Image, ImageCms
from sqlalchemy import func, insert, select

from eventapp.media.models import StoredImage
from eventapp.media.services import (
    InvalidImage,
    encode_jpeg,
    find_image,
    fit_within,
    read_image,
    store_image,
    store_upload,
)
from eventapp.speakers.models import Speaker
from tests.factories import make_speaker
from tests.media import images

BOX = (800, 800)


def count_images(db) -> int:
    return db.session.scalar(select(func.count()).select_from(StoredImage))


def stored_bytes(db, key: str) -> bytes:
    """The bytes as a web host reads them back from the database."""
    db.session.expire_all()
    return find_image(key, with_data=True).data


def refusal(data: bytes) -> InvalidImage:
    with pytest.raises(InvalidImage) as caught:
        read_image(data)
    return caught.value


def english(error: InvalidImage) -> str:
    with force_locale("en"):
        return str(error)


# What is stored


def test_phone_photo_is_stored_upright_without_exif_or_gps(db):
    stored = store_upload(images.phone_jpeg(orientation=6), BOX)
    db.session.commit()

    data = stored_bytes(db, stored.key)
    image = images.open_stored(data)
    assert image.format == "JPEG"
    assert (stored.width, stored.height) == image.size == (200, 400)
    red_top, blue_bottom = image.getpixel((100, 20)), image.getpixel((100, 380))
    assert red_top[0] > 200 and red_top[2] < 60
    assert blue_bottom[2] > 200 and blue_bottom[0] < 60
    assert len(image.getexif()) == 0
    assert "exif" not in image.info and "icc_profile" not in image.info
    assert b"Exif" not in data
    assert images.CAMERA_MAKER.encode() not in data


def test_stored_row_describes_its_bytes(db):
    stored = store_upload(images.jpeg((640, 480)), BOX)
    db.session.commit()

    data = stored_bytes(db, stored.key)
    assert stored.key == hashlib.sha256(data).hexdigest()
    assert stored.content_type == "image/jpeg"
    assert stored.size == len(data)
    assert stored.created_at.tzinfo is not None


def test_large_photo_is_shrunk_to_fit_the_box(db):
    stored = store_upload(images.jpeg((3000, 2000)), BOX)
    assert (stored.width, stored.height) == (800, 533)


def test_small_photo_is_never_enlarged(db):
    stored = store_upload(images.jpeg((120, 90)), BOX)
    assert (stored.width, stored.height) == (120, 90)


def test_transparent_png_is_flattened_onto_white(db):
    stored = store_upload(images.png_with_alpha((300, 300)), BOX)
    db.session.commit()

    image = images.open_stored(stored_bytes(db, stored.key))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert min(image.getpixel((40, 150))) > 245  # was transparent: now white, not black
    blue = image.getpixel((260, 150))
    assert blue[2] > 200 and blue[0] < 40


def test_webp_is_accepted_and_stored_as_jpeg(db):
    stored = store_upload(images.webp((500, 300)), BOX)
    db.session.commit()
    assert images.open_stored(stored_bytes(db, stored.key)).format == "JPEG"
    assert (stored.width, stored.height) == (500, 300)


def test_sixteen_bit_greyscale_png_keeps_its_greys(db):
    stored = store_upload(images.encode(Image.new("I;16", (64, 48), 32768), "PNG"), BOX)
    db.session.commit()
    grey = images.open_stored(stored_bytes(db, stored.key)).getpixel((10, 10))
    assert all(120 <= channel <= 136 for channel in grey)  # mid-grey, not clipped to white


def test_colour_profile_is_applied_then_dropped(db):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    upload = images.encode(Image.new("RGB", (64, 48), (10, 200, 30)), "JPEG", icc_profile=srgb)
    stored = store_upload(upload, BOX)
    db.session.commit()

    image = images.open_stored(stored_bytes(db, stored.key))
    assert "icc_profile" not in image.info
    red, green, blue = image.getpixel((10, 10))
    assert red < 30 and green > 180 and blue < 50


def test_broken_colour_profile_does_not_cost_the_photo(db):
    upload = images.encode(Image.new("RGB", (64, 48), "green"), "JPEG", icc_profile=b"junk" * 40)
    assert read_image(upload).size == (64, 48)


def test_animated_webp_keeps_its_first_frame(db):
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "blue")]
    upload = images.encode(frames[0], "WEBP", save_all=True, append_images=frames[1:])
    red, _, blue = read_image(upload).getpixel((10, 10))
    assert red > 200 and blue < 40


def test_same_upload_twice_is_stored_once(db):
    upload = images.jpeg((640, 480))
    first_key = store_upload(upload, BOX).key
    db.session.commit()
    db.session.expunge_all()

    second = store_upload(upload, BOX)
    db.session.commit()
    assert second.key == first_key
    assert count_images(db) == 1


def test_same_bytes_stored_meanwhile_by_another_host_are_reused(db, monkeypatch):
    image = fit_within(read_image(images.jpeg((640, 480))), BOX)
    data = encode_jpeg(image)
    key = hashlib.sha256(data).hexdigest()
    # Another web host commits the same image, and our look-up below will not see it.
    with db.engine.begin() as other_host:
        other_host.execute(
            insert(StoredImage).values(
                key=key, content_type="image/jpeg", width=image.width, height=image.height,
                size=len(data), data=data, created_at=datetime.now(UTC),
            )
        )
    speaker = make_speaker()  # work of this transaction that must survive the conflict
    real_get, missed = db.session.get, []

    def get_missing_once(*args, **kwargs):
        if not missed:
            missed.append(args)
            return None
        return real_get(*args, **kwargs)

    monkeypatch.setattr(db.session, "get", get_missing_once)

    stored = store_image(image)
    db.session.commit()

    assert stored.key == key
    assert count_images(db) == 1
    assert db.session.get(Speaker, speaker.id) is not None


def test_storing_only_flushes_the_caller_decides_to_commit(db):
    store_upload(images.jpeg(), BOX)
    assert count_images(db) == 1
    db.session.rollback()
    assert count_images(db) == 0


# What is refused


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(images.gif(), id="gif"),
        pytest.param(images.SVG_WITH_SCRIPT, id="svg-named-jpg"),
        pytest.param(images.HTML_PAGE, id="html-named-jpg"),
        pytest.param(b"", id="empty"),
    ],
)
def test_anything_but_jpeg_png_or_webp_is_refused(db, data):
    error = refusal(data)
    assert error.reason == InvalidImage.FORMAT
    assert english(error) == "The photo must be a JPEG, PNG or WebP image."
    assert count_images(db) == 0


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(images.truncated_jpeg(), id="truncated-jpeg"),
        pytest.param(b"\xff\xd8\xff\xe0 then no jpeg at all", id="jpeg-signature-then-junk"),
    ],
)
def test_damaged_image_is_refused(db, data):
    error = refusal(data)
    assert error.reason == InvalidImage.DAMAGED
    assert "damaged or incomplete" in english(error)


def test_file_over_the_limit_is_refused_before_decoding(app):
    limit = app.config["PHOTO_MAX_BYTES"]
    assert limit == 5 * 1024 * 1024
    upload = images.jpeg()
    error = refusal(upload + b"\0" * (limit + 1 - len(upload)))
    assert error.reason == InvalidImage.TOO_LARGE
    assert english(error) == "The photo is larger than 5 MB."


def test_file_at_the_limit_is_accepted(app):
    limit = app.config["PHOTO_MAX_BYTES"]
    upload = images.jpeg()
    # JPEG decoders ignore what follows the end-of-image marker.
    image = read_image(upload + b"\0" * (limit - len(upload)))
    assert image.size == (400, 300)


def test_limit_comes_from_the_configuration(app):
    app.config["PHOTO_MAX_BYTES"] = 1024 * 1024
    upload = images.jpeg()
    assert refusal(upload + b"\0" * (1024 * 1024 + 1 - len(upload))).reason == InvalidImage.TOO_LARGE
    error = refusal(images.noisy_jpeg((1200, 1000)))
    assert error.reason == InvalidImage.TOO_LARGE
    assert english(error) == "The photo is larger than 1 MB."


def test_decompression_bomb_is_refused_quickly(db):
    bomb = images.png_declaring(100_000, 100_000)
    assert len(bomb) < 100
    started = time.perf_counter()
    error = refusal(bomb)
    assert time.perf_counter() - started < 1
    assert error.reason == InvalidImage.TOO_MANY_PIXELS
    assert "megapixels" in english(error)


def test_more_pixels_than_our_own_limit_is_refused_without_decoding(db):
    # 50 megapixels: under Pillow's bomb limit, over ours. The file holds no pixel data at
    # all, so a refusal for size (not for damage) shows that nothing was decoded.
    error = refusal(images.png_declaring(10_000, 5_000))
    assert error.reason == InvalidImage.TOO_MANY_PIXELS


def test_refused_upload_stores_nothing(db):
    with pytest.raises(InvalidImage):
        store_upload(images.gif(), BOX)
    assert count_images(db) == 0


# How it is served


@pytest.fixture
def stored_key(db):
    key = store_upload(images.jpeg((320, 240)), BOX).key
    db.session.commit()
    return key


def test_image_address(app, stored_key):
    with app.test_request_context():
        assert url_for("media.image", key=stored_key) == f"/media/{stored_key}"


def test_image_is_served_with_caching_and_safety_headers(client, db, stored_key):
    response = client.get(f"/media/{stored_key}")
    assert response.status_code == 200
    assert response.data == stored_bytes(db, stored_key)
    assert response.mimetype == "image/jpeg"
    assert response.headers["ETag"] == f'"{stored_key}"'
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == "inline"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("if_none_match", ['"{key}"', 'W/"{key}"', '"other", "{key}"', "*"])
def test_browser_that_has_the_image_gets_304(client, stored_key, if_none_match):
    response = client.get(
        f"/media/{stored_key}", headers={"If-None-Match": if_none_match.format(key=stored_key)}
    )
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == f'"{stored_key}"'
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_other_etag_gets_the_image(client, stored_key):
    response = client.get(f"/media/{stored_key}", headers={"If-None-Match": '"0123"'})
    assert response.status_code == 200
    assert response.data


def test_unknown_key_is_404(client, stored_key):
    assert client.get(f"/media/{'0' * 64}").status_code == 404
    response = client.get(f"/media/{'0' * 64}", headers={"If-None-Match": f'"{"0" * 64}"'})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/abc",
        "/media/{upper}",
        "/media/{key}0",
        "/media/{short}",
        "/media/{key}.jpg",
        "/media/{nonhex}",
        "/media/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_malformed_key_is_404(client, stored_key, path):
    path = path.format(
        key=stored_key,
        upper=stored_key.upper(),
        short=stored_key[:-1],
        nonhex="g" * 64,
    )
    assert client.get(path).status_code == 404
