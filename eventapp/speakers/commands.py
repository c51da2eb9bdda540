from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.media.services import InvalidImage
from eventapp.speakers.models import Speaker
from eventapp.speakers.photos import remove_speaker_photo, set_speaker_photo

speakers_cli = AppGroup("speakers", help="Speaker profiles.")


@speakers_cli.command("photo")
@click.argument("slug")
@click.argument(
    "path",
    required=False,
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
)
@click.option("--remove", is_flag=True, help="Remove the speaker's photo instead.")
def photo_command(slug: str, path: Path | None, remove: bool):
    """Set a speaker's photo from a JPEG, PNG or WebP file, or remove it with --remove."""
    # Outside a request there is no visitor to choose a language: use the default one.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        if remove == (path is not None):
            raise click.UsageError(_("Give either the PATH of an image or --remove."))
        speaker = db.session.scalar(select(Speaker).where(Speaker.slug == slug))
        if speaker is None:
            raise click.ClickException(_("No speaker has the slug “%(slug)s”.", slug=slug))
        if remove:
            remove_speaker_photo(speaker)
            db.session.commit()
            click.echo(_("Removed the photo of %(name)s.", name=speaker.full_name))
            return
        try:
            set_speaker_photo(speaker, _read_at_most(path, current_app.config["PHOTO_MAX_BYTES"]))
        except InvalidImage as error:
            db.session.rollback()
            raise click.ClickException(f"{path}: {error}") from None
        db.session.commit()
        click.echo(_("Set the photo of %(name)s.", name=speaker.full_name))


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, but never more than one past the limit: enough to refuse it."""
    with path.open("rb") as fh:
        return fh.read(limit + 1)
