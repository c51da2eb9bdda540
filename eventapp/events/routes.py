from flask import abort, render_template

from eventapp.events import bp
from eventapp.events.services import EventNotFound, get_public_event, public_events


def public_event_or_404(slug: str):
    try:
        return get_public_event(slug)
    except EventNotFound:
        abort(404)


@bp.get("/")
def home():
    return render_template("events/home.html", listing=public_events())
