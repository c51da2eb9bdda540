"""What the programme-editing views share: the audit entry, form errors, lookups."""

from flask import abort, flash
from flask_babel import gettext as _

from eventapp.audit.services import record
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.editing import event_room_or_none
from eventapp.programme.services import SessionNotFound, get_event_session
from eventapp.workspace import bp
from eventapp.workspace.access import actor


def audit(
    action: str, target_type: str, target_id: int | None, *, event_id=None, before=None, after=None
) -> None:
    record(actor(), action, target_type, target_id, event_id=event_id, before=before, after=after)


def actor_name() -> str:
    """The signed-in organizer as registration histories name them."""
    return actor().email


def refuse(form, error) -> None:
    """Put a service's refusal on the field it is about (or above the form), after a rollback."""
    db.session.rollback()
    field = find_field(form, getattr(error, "field", None))
    target = field if field is not None else form.csrf_token
    target.errors = (
        [*target.errors, error.message] if isinstance(target.errors, list) else [error.message]
    )


def find_field(form, name: str | None):
    """The field called `name`, nested ones included ("links-2-url")."""
    if not name:
        return None
    for field in form:
        if field.name == name:
            return field
        if hasattr(field, "entries"):
            for entry in field.entries:
                found = find_field(entry.form, name) if hasattr(entry, "form") else None
                if found is not None:
                    return found
                if entry.name == name:
                    return entry
    return None


def ask_to_send_again(form) -> None:
    """An expired CSRF token: the form comes back with what was typed, and says why."""
    if form.errors.get("csrf_token"):
        form.csrf_token.errors = [
            _(
                "This page was open for a long time, so we need you to send it once more. "
                "Everything you typed is still here."
            )
        ]


def stale_button() -> None:
    flash(_("This page was open for a long time: please press the button again."), "error")


def status_of(form) -> int:
    return 400 if form_errors(form) else 200


def form_errors(form) -> list[tuple[str, str]]:
    """(field id, first message) of every field in error, rows of nested forms included.

    WTForms keeps a list's errors as they were when it validated; an error a service adds
    later to one field of a row is found here all the same.
    """
    found = []
    for field in form:
        if field.type == "FieldList":
            for entry in field.entries:
                found += form_errors(entry.form) if entry.type == "FormField" else _first(entry)
        elif field.type == "FormField":
            found += form_errors(field.form)
        else:
            found += _first(field)
    return found


def _first(field) -> list[tuple[str, str]]:
    return [(field.id, field.errors[0])] if field.errors else []


# For the error summary macro of templates/workspace/programme/_macros.html.
bp.add_app_template_global(form_errors, "programme_form_errors")


# Ids beyond a 32-bit INTEGER exist nowhere; PostgreSQL would refuse to even look them up.
LARGEST_ID = 2**31 - 1


def id_or_404(value: int) -> int:
    if not 0 < value <= LARGEST_ID:
        abort(404)
    return value


def session_or_404(event: Event, session_id: int):
    """The event's session, with its room and speakers loaded for the page."""
    id_or_404(session_id)
    try:
        return get_event_session(event, session_id)
    except SessionNotFound:
        abort(404)


def room_or_404(event: Event, room_id: int):
    room = event_room_or_none(event, id_or_404(room_id))
    if room is None:
        abort(404)
    return room
