"""Workspace: speaker profiles, and the speakers of each session with their role and order."""


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventapp.errors import id_or_404
from eventapp.events.access import managed_event_or_404
from eventapp.extensions import db
from eventapp.forms import ButtonForm, ask_to_send_again, save, stale_button, status_of
from eventapp.labels import Honorific
from eventapp.programme.editing import ProgrammeError
from eventapp.programme.manage import session_or_404
from eventapp.programme.models import SpeakerRole
from eventapp.security import current_account
from eventapp.speakers import assignment, editing
from eventapp.speakers.editing import LinkData, SpeakerData, search_speakers
from eventapp.speakers.forms import SessionSpeakerForm, SessionSpeakersForm, SpeakerForm
from eventapp.speakers.models import LinkKind, Speaker
from eventapp.urls import same_site_path

# Attached under /workspace by the workspace, whose guard admits organizers only.
bp = Blueprint("speakers", __name__)


# --- Speakers in a session ------------------------------------------------------------------


def _speaker_rows_form(links) -> SessionSpeakersForm:
    return SessionSpeakersForm(
        data={
            "rows": [
                {"speaker_id": str(link.speaker_id), "role": link.role.value, "position": index + 1}
                for index, link in enumerate(links)
            ]
        },
    )


def _speakers_page(event, session, add_form, rows_form, status=200):
    links = assignment.session_speakers(session)
    return render_template(
        "workspace/programme/session_speakers.html",
        event=event,
        session=session,
        rows=list(zip(links, rows_form.rows, strict=False)),
        add_form=add_form,
        rows_form=rows_form,
        button=ButtonForm(),
    ), status


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/speakers", methods=["GET", "POST"])
def session_speakers(event_id: int, session_id: int):
    event = managed_event_or_404(event_id)
    session = session_or_404(event, session_id)
    add_form = SessionSpeakerForm(speakers=search_speakers())
    if add_form.validate_on_submit():
        speaker = db.session.get(Speaker, add_form.speaker_id.data)
        saved = save(
            add_form,
            lambda: assignment.add_session_speaker(
                session,
                speaker,
                SpeakerRole(add_form.role.data),
                add_form.position.data,
                actor=current_account(),
            ),
            done=_("%(name)s is added to the session.", name=speaker.full_name),
        )
        if saved:
            return redirect(
                url_for("workspace.speakers.session_speakers", event_id=event.id, session_id=session.id)
            )
    ask_to_send_again(add_form)
    rows_form = _speaker_rows_form(assignment.session_speakers(session))
    return _speakers_page(event, session, add_form, rows_form, status_of(add_form))


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/speakers/order")
def session_speakers_order(event_id: int, session_id: int):
    event = managed_event_or_404(event_id)
    session = session_or_404(event, session_id)
    links = assignment.session_speakers(session)
    rows_form = _speaker_rows_form(links)
    if rows_form.validate_on_submit():
        wanted = {}
        for row in rows_form.rows:
            try:
                wanted[int(row.speaker_id.data)] = (SpeakerRole(row.role.data), row.position.data)
            except (TypeError, ValueError):
                continue
        assignment.update_session_speakers(session, wanted, actor=current_account())
        db.session.commit()
        flash(_("The speakers' roles and order are saved."), "success")
        return redirect(
            url_for("workspace.speakers.session_speakers", event_id=event.id, session_id=session.id)
        )
    ask_to_send_again(rows_form)
    add_form = SessionSpeakerForm(speakers=search_speakers(), formdata=None)
    return _speakers_page(event, session, add_form, rows_form, 400)


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/speakers/<int:speaker_id>/remove")
def session_speaker_remove(event_id: int, session_id: int, speaker_id: int):
    event = managed_event_or_404(event_id)
    session = session_or_404(event, session_id)
    if not ButtonForm().validate_on_submit():
        stale_button()
    else:
        try:
            assignment.remove_session_speaker(session, speaker_id, actor=current_account())
        except ProgrammeError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The speaker is removed from the session (the profile stays)."), "success")
    return redirect(url_for("workspace.speakers.session_speakers", event_id=event.id, session_id=session.id))


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


def _back_to(default: str) -> str:
    """Where to go after saving: the page that sent the organizer here, if one of ours."""
    target = request.args.get("next")
    return same_site_path(target, default)


@bp.route("/speakers/new", methods=["GET", "POST"])
def speaker_new():
    form = SpeakerForm()
    if form.validate_on_submit():
        saved = save(
            form,
            lambda: editing.create_speaker(
                _speaker_data(form), photo=_photo_upload(form), actor=current_account()
            ),
        )
        if saved:
            speaker = saved.value
            flash(_("The profile of %(name)s is created.", name=speaker.full_name), "success")
            return redirect(_back_to(url_for("workspace.speakers.speaker_edit", speaker_id=speaker.id)))
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
        saved = save(
            form,
            lambda: editing.update_speaker(
                speaker,
                _speaker_data(form),
                photo=_photo_upload(form),
                remove_photo=form.remove_photo.data,
                actor=current_account(),
            ),
            done=_("The profile is saved."),
        )
        if saved:
            return redirect(_back_to(url_for("workspace.speakers.speaker_edit", speaker_id=speaker.id)))
        # After a rollback the profile is read again as it is stored.
        speaker = editing.speaker_with_links(speaker_id)
    ask_to_send_again(form)
    account = current_account()
    appearances = [
        (appearance, account.can_manage_event(appearance.event.id))
        for appearance in editing.appearances(speaker)
    ]
    return render_template(
        "workspace/programme/speaker_form.html", form=form, speaker=speaker, appearances=appearances
    ), status_of(form)
