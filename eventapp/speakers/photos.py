"""A speaker's photo: a large portrait for the profile page and a square thumbnail for lists.

`set_speaker_photo` and `remove_speaker_photo` change the photo alone, and write the change
to the audit log (`actor`: an organizer's Account, or "system" for a command). The profile
form changes the photo with the rest of the profile, in one entry
(`eventapp.speakers.editing`), through `store_photo` and `drop_photo`.
"""
from eventapp.audit.services import record, snapshot
from eventapp.media.services import (
    crop_square,
    discard_unused_images,
    fit_within,
    read_image,
    store_image,
)
from eventapp.speakers.models import Speaker

LARGE_BOX = (800, 800)
THUMBNAIL_SIDE = 240

# What the audit log keeps of a photo: the large image's key (the thumbnail follows it).
PHOTO_AUDIT_FIELDS = ("photo_key",)


def set_speaker_photo(speaker: Speaker, data: bytes, *, actor="system") -> None:
    """Store the uploaded image as the speaker's photo; raises InvalidImage if it is refused.

    The photo it replaces is deleted unless something else still shows it.
    """
    before = snapshot(speaker, PHOTO_AUDIT_FIELDS)
    store_photo(speaker, data)
    _record(actor, speaker, before)


def remove_speaker_photo(speaker: Speaker, *, actor="system") -> None:
    """Take the photo off the profile and delete it from the server unless shown elsewhere."""
    before = snapshot(speaker, PHOTO_AUDIT_FIELDS)
    drop_photo(speaker)
    _record(actor, speaker, before)


def store_photo(speaker: Speaker, data: bytes) -> None:
    """`set_speaker_photo` without its audit entry, for a caller that writes its own."""
    image = read_image(data, needed_side=max(*LARGE_BOX, THUMBNAIL_SIDE))
    large = store_image(fit_within(image, LARGE_BOX))
    thumbnail = store_image(crop_square(image, THUMBNAIL_SIDE))
    previous = (speaker.photo_key, speaker.photo_thumb_key)
    speaker.photo_key = large.key
    speaker.photo_thumb_key = thumbnail.key
    discard_unused_images(previous)


def drop_photo(speaker: Speaker) -> None:
    """`remove_speaker_photo` without its audit entry, for a caller that writes its own."""
    previous = (speaker.photo_key, speaker.photo_thumb_key)
    speaker.photo_key = None
    speaker.photo_thumb_key = None
    discard_unused_images(previous)


def _record(actor, speaker: Speaker, before: dict) -> None:
    # As the profile form records a change of photo: a "speaker.update" of its photo_key.
    record(actor, "speaker.update", "speaker", speaker.id,
           before=before, after=snapshot(speaker, PHOTO_AUDIT_FIELDS))
