"""`flask speakers photo SLUG PATH` and `flask speakers photo SLUG --remove`."""
import pytest
from sqlalchemy import select

from eventapp.audit.models import AuditEntry
from eventapp.media.services import find_image
from eventapp.speakers.models import Speaker
from tests.factories import make_speaker
from tests.media import images


@pytest.fixture
def speaker(db):
    speaker = make_speaker(slug="nguyen-phuong-hoa", full_name="Nguyễn Phương Hoa")
    db.session.commit()
    return speaker


def committed_keys(db, slug: str):
    """The speaker's photo keys as another connection sees them: only what was committed."""
    with db.engine.connect() as conn:
        row = conn.execute(
            select(Speaker.photo_key, Speaker.photo_thumb_key).where(Speaker.slug == slug)
        ).one()
    return tuple(row)


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def photo(runner, *args):
    return runner.invoke(args=["speakers", "photo", *map(str, args)])


def test_sets_the_photo_from_a_file_and_commits(runner, db, speaker, tmp_path):
    result = photo(runner, speaker.slug, write(tmp_path, "hoa.jpg", images.jpeg((1200, 900))))

    assert result.exit_code == 0, result.output
    assert "Set the photo of Nguyễn Phương Hoa." in result.output
    large_key, thumb_key = committed_keys(db, speaker.slug)
    assert find_image(large_key).width == 800
    assert (find_image(thumb_key).width, find_image(thumb_key).height) == (240, 240)


def test_format_is_read_from_the_bytes_not_the_file_name(runner, db, speaker, tmp_path):
    result = photo(runner, speaker.slug, write(tmp_path, "hoa.jpg", images.png_with_alpha()))
    assert result.exit_code == 0, result.output
    assert committed_keys(db, speaker.slug)[0] is not None


def test_svg_named_jpg_is_refused(runner, db, speaker, tmp_path):
    result = photo(runner, speaker.slug, write(tmp_path, "hoa.jpg", images.SVG_WITH_SCRIPT))

    assert result.exit_code == 1
    assert "The photo must be a JPEG, PNG or WebP image." in result.output
    assert committed_keys(db, speaker.slug) == (None, None)


def test_oversized_file_is_refused(runner, app, db, speaker, tmp_path):
    app.config["PHOTO_MAX_BYTES"] = 100_000
    result = photo(runner, speaker.slug, write(tmp_path, "big.jpg", images.noisy_jpeg((600, 400))))

    assert result.exit_code == 1
    assert "The photo is larger than 0.1 MB." in result.output
    assert committed_keys(db, speaker.slug) == (None, None)


def test_refused_file_keeps_the_previous_photo(runner, db, speaker, tmp_path):
    assert photo(runner, speaker.slug, write(tmp_path, "ok.jpg", images.jpeg())).exit_code == 0
    before = committed_keys(db, speaker.slug)

    result = photo(runner, speaker.slug, write(tmp_path, "cut.jpg", images.truncated_jpeg()))

    assert result.exit_code == 1
    assert "damaged or incomplete" in result.output
    assert committed_keys(db, speaker.slug) == before


def test_unknown_slug_is_an_error(runner, db, tmp_path):
    result = photo(runner, "nobody", write(tmp_path, "hoa.jpg", images.jpeg()))

    assert result.exit_code == 1
    assert "No speaker has the slug “nobody”." in result.output


def test_remove_takes_the_photo_off_and_commits(runner, db, speaker, tmp_path):
    photo(runner, speaker.slug, write(tmp_path, "hoa.jpg", images.jpeg()))
    keys = committed_keys(db, speaker.slug)

    result = photo(runner, speaker.slug, "--remove")

    assert result.exit_code == 0, result.output
    assert "Removed the photo of Nguyễn Phương Hoa." in result.output
    assert committed_keys(db, speaker.slug) == (None, None)
    db.session.expire_all()
    assert all(find_image(key) is None for key in keys)


def test_remove_for_unknown_slug_is_an_error(runner, db):
    result = photo(runner, "nobody", "--remove")
    assert result.exit_code == 1
    assert "nobody" in result.output


@pytest.mark.parametrize("with_path, with_remove", [(False, False), (True, True)])
def test_needs_exactly_one_of_path_and_remove(runner, speaker, tmp_path, with_path, with_remove):
    args = [speaker.slug]
    if with_path:
        args.append(write(tmp_path, "hoa.jpg", images.jpeg()))
    if with_remove:
        args.append("--remove")

    result = photo(runner, *args)

    assert result.exit_code == 2
    assert "Give either the PATH of an image or --remove." in result.output


def test_missing_file_is_a_usage_error(runner, speaker, tmp_path):
    result = photo(runner, speaker.slug, tmp_path / "missing.jpg")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_the_command_leaves_its_changes_in_the_audit_log(runner, db, speaker, tmp_path):
    assert photo(runner, speaker.slug, write(tmp_path, "hoa.jpg", images.jpeg())).exit_code == 0
    large_key, _ = committed_keys(db, speaker.slug)
    assert photo(runner, speaker.slug, "--remove").exit_code == 0

    db.session.rollback()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.target_id) for e in entries] == [
        ("system", "speaker.update", speaker.id),
        ("system", "speaker.update", speaker.id),
    ]
    assert [(e.before, e.after) for e in entries] == [
        ({"photo_key": None}, {"photo_key": large_key}),
        ({"photo_key": large_key}, {"photo_key": None}),
    ]
