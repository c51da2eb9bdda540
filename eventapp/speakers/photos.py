"""A speaker's photo: a large portrait for the profile page and a square thumbnail for lists."""
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


def set_speaker_photo(speaker: Speaker, data: bytes) -> None:
    """Store the uploaded image as the speaker's photo; raises InvalidImage if it is refused.

    The photo it replaces is deleted unless something else still shows it.
    """
    image = read_image(data, needed_side=max(*LARGE_BOX, THUMBNAIL_SIDE))
    large = store_image(fit_within(image, LARGE_BOX))
    thumbnail = store_image(crop_square(image, THUMBNAIL_SIDE))
    previous = (speaker.photo_key, speaker.photo_thumb_key)
    speaker.photo_key = large.key
    speaker.photo_thumb_key = thumbnail.key
    discard_unused_images(previous)


def remove_speaker_photo(speaker: Speaker) -> None:
    """Take the photo off the profile and delete it from the server unless shown elsewhere."""
    previous = (speaker.photo_key, speaker.photo_thumb_key)
    speaker.photo_key = None
    speaker.photo_thumb_key = None
    discard_unused_images(previous)
