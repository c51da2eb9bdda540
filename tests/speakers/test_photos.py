"""A speaker's photo: a large portrait and a square thumbnail, replaced and removed cleanly."""
import pytest
from PIL import Image
from sqlalchemy import func, select

from eventapp.audit.models import AuditEntry
from eventapp.media.models import StoredImage
from eventapp.media.services import InvalidImage, find_image
from eventapp.speakers.photos import remove_speaker_photo, set_speaker_photo
from tests.factories import make_speaker
from tests.media import images


def count_images(db) -> int:
    return db.session.scalar(select(func.count()).select_from(StoredImage))


def stored(db, key: str):
    """The image as read back from the database, decoded."""
    db.session.expire_all()
    return images.open_stored(find_image(key, with_data=True).data)


def test_photo_gets_a_large_version_and_a_square_thumbnail(db):
    speaker = make_speaker()
    set_speaker_photo(speaker, images.jpeg((3000, 2000)))
    db.session.commit()

    large, thumbnail = stored(db, speaker.photo_key), stored(db, speaker.photo_thumb_key)
    assert large.size == (800, 533)
    assert thumbnail.size == (240, 240)
    assert speaker.photo_key != speaker.photo_thumb_key


def test_small_photo_keeps_its_size_and_thumbnail_is_still_240(db):
    speaker = make_speaker()
    set_speaker_photo(speaker, images.jpeg((150, 100)))
    db.session.commit()

    assert stored(db, speaker.photo_key).size == (150, 100)
    assert stored(db, speaker.photo_thumb_key).size == (240, 240)


def test_thumbnail_is_cut_from_the_middle(db):
    # A tall photo: blue, then a red square in the middle, then blue again.
    tall = Image.new("RGB", (300, 900), "blue")
    tall.paste(Image.new("RGB", (300, 300), "red"), (0, 300))
    speaker = make_speaker()
    set_speaker_photo(speaker, images.encode(tall, "PNG"))
    db.session.commit()

    thumbnail = stored(db, speaker.photo_thumb_key)
    for y in (5, 120, 234):
        red, _, blue = thumbnail.getpixel((120, y))
        assert red > 200 and blue < 60


def test_phone_photo_is_upright_and_without_location_in_both_versions(db):
    speaker = make_speaker()
    set_speaker_photo(speaker, images.phone_jpeg(orientation=6))
    db.session.commit()

    large = stored(db, speaker.photo_key)
    assert large.size == (200, 400)
    thumbnail = stored(db, speaker.photo_thumb_key)
    # Upright, the photo is red above blue; its middle square is too.
    assert thumbnail.getpixel((120, 10))[0] > 200
    assert thumbnail.getpixel((120, 230))[2] > 200
    for key in (speaker.photo_key, speaker.photo_thumb_key):
        data = find_image(key, with_data=True).data
        assert b"Exif" not in data
        assert images.CAMERA_MAKER.encode() not in data
        assert len(images.open_stored(data).getexif()) == 0


def test_same_photo_for_two_speakers_is_stored_once(db):
    upload = images.jpeg((1000, 1000))
    first, second = make_speaker(), make_speaker()
    set_speaker_photo(first, upload)
    set_speaker_photo(second, upload)
    db.session.commit()

    assert (first.photo_key, first.photo_thumb_key) == (second.photo_key, second.photo_thumb_key)
    assert count_images(db) == 2


def test_replaced_photo_leaves_the_server(db, client):
    speaker = make_speaker()
    set_speaker_photo(speaker, images.jpeg(colour="green"))
    db.session.commit()
    old_keys = (speaker.photo_key, speaker.photo_thumb_key)

    set_speaker_photo(speaker, images.jpeg(colour="orange"))
    db.session.commit()

    assert speaker.photo_key not in old_keys
    assert count_images(db) == 2
    for key in old_keys:
        assert client.get(f"/media/{key}").status_code == 404


def test_removed_photo_leaves_the_server(db, client):
    speaker = make_speaker()
    set_speaker_photo(speaker, images.jpeg())
    db.session.commit()
    keys = (speaker.photo_key, speaker.photo_thumb_key)
    assert client.get(f"/media/{keys[0]}").status_code == 200

    remove_speaker_photo(speaker)
    db.session.commit()

    assert speaker.photo_key is None and speaker.photo_thumb_key is None
    assert count_images(db) == 0
    for key in keys:
        assert client.get(f"/media/{key}").status_code == 404


def test_photo_shown_by_another_speaker_is_kept(db):
    upload = images.jpeg()
    first, second = make_speaker(), make_speaker()
    set_speaker_photo(first, upload)
    set_speaker_photo(second, upload)
    db.session.commit()

    remove_speaker_photo(first)
    db.session.commit()

    assert count_images(db) == 2
    assert find_image(second.photo_key) is not None


def test_removing_when_there_is_no_photo_does_nothing(db):
    speaker = make_speaker()
    remove_speaker_photo(speaker)
    db.session.commit()
    assert speaker.photo_key is None


def test_refused_photo_keeps_the_previous_one(db):
    speaker = make_speaker()
    set_speaker_photo(speaker, images.jpeg())
    db.session.commit()
    keys = (speaker.photo_key, speaker.photo_thumb_key)

    with pytest.raises(InvalidImage):
        set_speaker_photo(speaker, images.gif())

    assert (speaker.photo_key, speaker.photo_thumb_key) == keys
    assert count_images(db) == 2


def test_setting_a_photo_only_flushes(db):
    speaker = make_speaker()
    db.session.commit()
    set_speaker_photo(speaker, images.jpeg())
    db.session.rollback()

    assert speaker.photo_key is None
    assert count_images(db) == 0


def test_a_photo_set_or_removed_on_its_own_is_in_the_audit_log(db, organizer):
    speaker = make_speaker()
    set_speaker_photo(speaker, images.jpeg(), actor=organizer)
    key = speaker.photo_key
    remove_speaker_photo(speaker, actor=organizer)
    db.session.commit()

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.before, e.after) for e in entries] == [
        ("organizer@example.org", "speaker.update", {"photo_key": None}, {"photo_key": key}),
        ("organizer@example.org", "speaker.update", {"photo_key": key}, {"photo_key": None}),
    ]
