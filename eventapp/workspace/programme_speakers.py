"""Workspace: speaker profiles, shared by every event (any organizer may edit them)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventapp.accounts.routes import safe_next
from eventapp.accounts.services import can_manage_event
from eventapp.extensions import db
from eventapp.labels import Honorific
from eventapp.media.services import InvalidImage
from eventapp.speakers import editing
from eventapp.speakers.editing import LinkData, SpeakerData, SpeakerError
from eventapp.speakers.models import LinkKind
from eventapp.speakers.photos import remove_speaker_photo, set_speaker_photo
from eventapp.workspace import bp
from eventapp.workspace.access import actor
from eventapp.workspace.programme_common import (
    ask_to_send_again,
    audit,
    id_or_404,
    refuse,
    status_of,
)
from eventapp.workspace.programme_forms import SpeakerForm


@bp.get("/speakers")
def speakers():
    query = (request.args.get("q") or "").strip()[:200]
    return render_template(
        "workspace/programme/speakers.html",
        speakers=editing.search_speakers(query),
        query=query,
    )


def _speaker_data(form: SpeakerForm) -> SpeakerData:
    return SpeakerData(
        honorific=Honorific(form.honorific.data or Honorific.NONE.value),
        full_name=form.full_name.data or "",
        slug=form.slug.data or "",
        position=form.position.data,
        position_vi=form.position_vi.data,
        organization=form.organization.data,
        organization_vi=form.organization_vi.data,
        country=form.country.data or None,
        biography=form.biography.data or "",
        biography_vi=form.biography_vi.data,
        links=[
            LinkData(
                url=entry.form.url.data or "",
                kind=LinkKind(entry.form.kind.data or LinkKind.WEBSITE.value),
                label=entry.form.label.data,
            )
            for entry in form.links
        ],
    )


def _photo_upload(form: SpeakerForm) -> bytes | None:
    """The uploaded photo's bytes (never more than one past the limit), or None."""
    upload = form.photo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return upload.stream.read(current_app.config["PHOTO_MAX_BYTES"] + 1)


def _apply_photo(form: SpeakerForm, speaker) -> bool:
    """Set or remove the photo as the form says; False (with the field's error) if refused."""
    data = _photo_upload(form)
    if data is not None:
        try:
            set_speaker_photo(speaker, data)
        except InvalidImage as error:
            db.session.rollback()
            form.photo.errors = [error.message]
            return False
    elif form.remove_photo.data and speaker.photo_key:
        remove_speaker_photo(speaker)
    return True


def _back_to(default: str) -> str:
    """Where to go after saving: the page that sent the organizer here, if one of ours."""
    target = request.args.get("next")
    return safe_next(target) if target else default


@bp.route("/speakers/new", methods=["GET", "POST"])
def speaker_new():
    form = SpeakerForm()
    if form.validate_on_submit():
        try:
            speaker = editing.create_speaker(_speaker_data(form))
        except SpeakerError as error:
            refuse(form, error)
        else:
            if _apply_photo(form, speaker):
                db.session.flush()
                audit(
                    "speaker.create", "speaker", speaker.id, after=editing.audit_snapshot(speaker)
                )
                db.session.commit()
                flash(_("The profile of %(name)s is created.", name=speaker.full_name), "success")
                return redirect(_back_to(url_for("workspace.speaker_edit", speaker_id=speaker.id)))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/speaker_form.html", form=form, speaker=None, appearances=[]
    ), status_of(form)


@bp.route("/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
def speaker_edit(speaker_id: int):
    speaker = editing.speaker_with_links(id_or_404(speaker_id))
    if speaker is None:
        abort(404)
    form = SpeakerForm(obj=speaker)
    if form.validate_on_submit():
        before = editing.audit_snapshot(speaker)
        try:
            editing.update_speaker(speaker, _speaker_data(form))
        except SpeakerError as error:
            refuse(form, error)
        else:
            if _apply_photo(form, speaker):
                db.session.flush()
                audit(
                    "speaker.update",
                    "speaker",
                    speaker.id,
                    before=before,
                    after=editing.audit_snapshot(speaker),
                )
                db.session.commit()
                flash(_("The profile is saved."), "success")
                return redirect(_back_to(url_for("workspace.speaker_edit", speaker_id=speaker.id)))
        # After a rollback the profile is read again as it is stored.
        speaker = editing.speaker_with_links(speaker_id)
    ask_to_send_again(form)
    account = actor()
    appearances = [
        (appearance, can_manage_event(account, appearance.event.id))
        for appearance in editing.appearances(speaker)
    ]
    return render_template(
        "workspace/programme/speaker_form.html", form=form, speaker=speaker, appearances=appearances
    ), status_of(form)
