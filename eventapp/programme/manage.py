"""Workspace: the rooms and the sessions of an event; attendees are told of what changes."""


from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.errors import id_or_404
from eventapp.events.access import managed_event_or_404
from eventapp.extensions import db
from eventapp.forms import ButtonForm, as_local, ask_to_send_again, save, stale_button, status_of
from eventapp.programme import editing
from eventapp.programme.editing import (
    ProgrammeError,
    RoomData,
    SessionData,
    event_room_or_none,
)
from eventapp.programme.forms import RoomForm, SessionForm
from eventapp.programme.models import SessionKind, SessionLanguage
from eventapp.programme.services import (
    SessionNotFound,
    build_agenda,
    event_sessions,
    get_event_session,
    session_speakers,
)
from eventapp.security import current_account

# Attached under /workspace by the workspace, whose guard admits organizers only.
bp = Blueprint("programme", __name__)


def _flash_emailed(count: int) -> None:
    if count:
        flash(
            ngettext(
                "%(num)d attendee was emailed about the change.",
                "%(num)d attendees were emailed about the change.",
                count,
            ),
            "success",
        )


# --- Rooms ----------------------------------------------------------------------------------


def _room_data(form: RoomForm) -> RoomData:
    return RoomData(
        name=form.name.data or "",
        name_vi=form.name_vi.data,
        location=form.location.data,
        location_vi=form.location_vi.data,
        capacity=form.capacity.data,
    )


@bp.route("/events/<int:event_id>/rooms", methods=["GET", "POST"])
def rooms(event_id: int):
    event = managed_event_or_404(event_id)
    form = RoomForm()
    if form.validate_on_submit():
        saved = save(
            form, lambda: editing.add_room(event, _room_data(form), actor=current_account())
        )
        if saved:
            flash(_("The room “%(name)s” is added.", name=saved.value.name), "success")
            return redirect(url_for("workspace.programme.rooms", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/rooms.html",
        event=event,
        rooms=editing.event_rooms(event),
        counts=_sessions_per_room(event),
        form=form,
        button=ButtonForm(),
    ), status_of(form)


def _sessions_per_room(event) -> dict[int, int]:
    counts: dict[int, int] = {}
    for session in event_sessions(event):
        if session.room_id is not None:
            counts[session.room_id] = counts.get(session.room_id, 0) + 1
    return counts


@bp.route("/events/<int:event_id>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def room_edit(event_id: int, room_id: int):
    event = managed_event_or_404(event_id)
    room = room_or_404(event, room_id)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        saved = save(
            form,
            lambda: editing.update_room(room, _room_data(form), actor=current_account()),
            done=_("The room is saved."),
        )
        if saved:
            return redirect(url_for("workspace.programme.rooms", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/room_edit.html", event=event, room=room, form=form
    ), status_of(form)


@bp.route("/events/<int:event_id>/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def room_delete(event_id: int, room_id: int):
    event = managed_event_or_404(event_id)
    room = room_or_404(event, room_id)
    form = ButtonForm()
    if form.validate_on_submit():
        saved = save(
            form,
            lambda: editing.delete_room(room, actor=current_account()),
            done=_("The room is deleted; its sessions have no room for now."),
        )
        if saved:
            _flash_emailed(saved.value)
            return redirect(url_for("workspace.programme.rooms", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/room_delete.html",
        event=event,
        room=room,
        sessions=editing.sessions_in_room(room),
        form=form,
    ), status_of(form)


@bp.post("/events/<int:event_id>/rooms/<int:room_id>/move")
def room_move(event_id: int, room_id: int):
    event = managed_event_or_404(event_id)
    room = room_or_404(event, room_id)
    if not ButtonForm().validate_on_submit():
        stale_button()
        return redirect(url_for("workspace.programme.rooms", event_id=event.id))
    offset = -1 if request.form.get("direction") == "up" else 1
    editing.move_room(room, offset, actor=current_account())
    db.session.commit()
    return redirect(url_for("workspace.programme.rooms", event_id=event.id) + f"#room-{room.id}")


# --- Sessions -------------------------------------------------------------------------------


@bp.get("/events/<int:event_id>/sessions")
def sessions(event_id: int):
    event = managed_event_or_404(event_id)
    return render_template(
        "workspace/programme/sessions.html",
        event=event,
        agenda=build_agenda(event, event_sessions(event)),
        counts=editing.session_counts(event),
    )


def _session_form(event, **kwargs) -> SessionForm:
    return SessionForm(zone=event.timezone, rooms=editing.event_rooms(event), **kwargs)


def _session_data(form: SessionForm) -> SessionData:
    return SessionData(
        title=form.title.data or "",
        title_vi=form.title_vi.data,
        kind=SessionKind(form.kind.data),
        starts_at=form.aware("starts_at"),
        ends_at=form.aware("ends_at"),
        room_id=form.room_id.data,
        capacity=form.capacity.data,
        language=SessionLanguage(form.language.data),
        track=form.track.data,
        track_vi=form.track_vi.data,
        description=form.description.data or "",
        description_vi=form.description_vi.data,
    )


def _session_initial(session, event) -> dict:
    values = {name: getattr(session, name) for name in editing.SESSION_FIELDS}
    values["kind"] = session.kind.value
    values["language"] = session.language.value
    values["starts_at"] = as_local(session.starts_at, event.timezone)
    values["ends_at"] = as_local(session.ends_at, event.timezone)
    return values


@bp.route("/events/<int:event_id>/sessions/new", methods=["GET", "POST"])
def session_new(event_id: int):
    event = managed_event_or_404(event_id)
    # A first guess the organizer corrects: an hour from the event's start.
    start = event.starts_at
    form = _session_form(
        event,
        data={
            "starts_at": as_local(start, event.timezone),
            "ends_at": as_local(min(start + timedelta(hours=1), event.ends_at), event.timezone),
        },
    )
    if form.validate_on_submit():
        saved = save(
            form,
            lambda: editing.create_session(event, _session_data(form), actor=current_account()),
            done=_("The session is added to the programme."),
        )
        if saved:
            return redirect(
                url_for(
                    "workspace.programme.session_edit", event_id=event.id, session_id=saved.value.id
                )
            )
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/session_form.html", event=event, session=None, form=form
    ), status_of(form)


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def session_edit(event_id: int, session_id: int):
    event = managed_event_or_404(event_id)
    session = session_or_404(event, session_id)
    form = _session_form(event, data=_session_initial(session, event))
    if form.validate_on_submit():
        saved = save(
            form,
            lambda: editing.update_session(session, _session_data(form), actor=current_account()),
            done=_("The session is saved."),
        )
        if saved:
            _flash_emailed(saved.value)
            return redirect(
                url_for("workspace.programme.session_edit", event_id=event.id, session_id=session.id)
            )
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/session_form.html",
        event=event,
        session=session,
        form=form,
        speakers=session_speakers(session),
        counts=editing.session_counts(event).get(session.id, editing.SessionCounts()),
    ), status_of(form)


def _status_change(event_id: int, session_id: int, *, cancel: bool):
    """The confirmation page (GET) and the change (POST) of cancelling or reinstating."""
    event = managed_event_or_404(event_id)
    session = session_or_404(event, session_id)
    form = ButtonForm()
    if form.validate_on_submit():
        change = editing.cancel_session if cancel else editing.reinstate_session
        try:
            emailed = change(session, actor=current_account())
        except ProgrammeError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _("The session is cancelled.")
                if cancel
                else _("The session is back in the programme."),
                "success",
            )
            _flash_emailed(emailed)
        return redirect(url_for("workspace.programme.session_edit", event_id=event.id, session_id=session.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/session_status.html",
        event=event,
        session=session,
        form=form,
        cancel=cancel,
        counts=editing.session_counts(event).get(session.id, editing.SessionCounts()),
    ), status_of(form)


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
def session_cancel(event_id: int, session_id: int):
    return _status_change(event_id, session_id, cancel=True)


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/reinstate", methods=["GET", "POST"])
def session_reinstate(event_id: int, session_id: int):
    return _status_change(event_id, session_id, cancel=False)


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def session_delete(event_id: int, session_id: int):
    event = managed_event_or_404(event_id)
    session = session_or_404(event, session_id)
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            editing.delete_session(session, actor=current_account())
        except ProgrammeError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(
                url_for("workspace.programme.session_edit", event_id=event.id, session_id=session_id)
            )
        db.session.commit()
        flash(_("The session is deleted."), "success")
        return redirect(url_for("workspace.programme.sessions", event_id=event.id))
    ask_to_send_again(form)
    counts = editing.session_counts(event).get(session.id, editing.SessionCounts())
    return render_template(
        "workspace/programme/session_delete.html",
        event=event,
        session=session,
        form=form,
        counts=counts,
    ), status_of(form)


def session_or_404(event, session_id: int):
    """The event's session, with its room and speakers loaded for the page."""
    id_or_404(session_id)
    try:
        return get_event_session(event, session_id)
    except SessionNotFound:
        abort(404)


def room_or_404(event, room_id: int):
    room = event_room_or_none(event, id_or_404(room_id))
    if room is None:
        abort(404)
    return room
