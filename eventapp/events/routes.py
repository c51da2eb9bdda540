from flask import abort, render_template

from eventapp.events import bp
from eventapp.events.services import EventNotFound, get_public_event, public_events
from eventapp.programme.services import build_agenda, event_sessions
from eventapp.registration.services import registration_window_open
from eventapp.speakers.services import event_speakers


def public_event_or_404(slug: str):
    try:
        return get_public_event(slug)
    except EventNotFound:
        abort(404)


@bp.get("/")
def home():
    return render_template("events/home.html", listing=public_events())


@bp.get("/events/<slug>/")
def event_page(slug: str):
    event = public_event_or_404(slug)
    sessions = event_sessions(event)
    return render_template(
        "events/event.html",
        event=event,
        agenda=build_agenda(event, sessions),
        speakers=event_speakers(event),
        registration_open=registration_window_open(event),
    )
