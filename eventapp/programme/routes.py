from flask import abort, render_template

from eventapp import page_cache
from eventapp.events.routes import public_event_or_404
from eventapp.events.services import registration_window_open
from eventapp.page_cache import cached_page
from eventapp.programme import bp
from eventapp.programme.services import (
    PROGRAMME,
    SessionNotFound,
    build_agenda,
    event_sessions,
    get_event_session,
    programme_speakers,
    programme_version,
)

page_cache.keep(r"/events/([^/]+)/agenda", "programme.agenda", PROGRAMME)


@bp.get("/events/<slug>/agenda")
def agenda(slug: str):
    version = programme_version(slug)
    if version is None:
        abort(404)

    def render():
        event = public_event_or_404(slug)
        return render_template(
            "programme/agenda.html", event=event, agenda=build_agenda(event, event_sessions(event))
        )

    return cached_page(version, render)


def public_session_or_404(event, session_id: int):
    try:
        return get_event_session(event, session_id)
    except SessionNotFound:
        abort(404)


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session_page(slug: str, session_id: int):
    event = public_event_or_404(slug)
    session = public_session_or_404(event, session_id)
    return render_template("programme/session.html", event=event, session=session)


@bp.get("/events/<slug>/")
def event_page(slug: str):
    event = public_event_or_404(slug)
    sessions = event_sessions(event)
    return render_template(
        "events/event.html",
        event=event,
        agenda=build_agenda(event, sessions),
        speakers=programme_speakers(sessions),
        registration_open=registration_window_open(event),
    )
