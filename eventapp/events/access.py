"""The event a management page is about, refused to whoever may not manage it."""
from flask import abort
from flask_login import current_user

from eventapp.events.models import Event
from eventapp.extensions import db


def managed_event_or_404(event_id: int) -> Event:
    """The event, if the signed-in account may manage it (`can_manage_event`); else 404/403."""
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if not current_user.can_manage_event(event.id):
        abort(403)
    return event
