from flask import abort, current_app, render_template, request
from flask_babel import get_locale

from eventapp.events.routes import public_event_or_404
from eventapp.programme import bp
from eventapp.programme.services import (
    SessionNotFound,
    build_agenda,
    event_sessions,
    get_event_session,
    programme_version,
    rendered_pages,
)


def cached_page(version: str, render) -> str:
    """The page as rendered for this version of its rows, rendering it only when needed.

    Keyed by the path (the language links in the header point back to it) and the
    visitor's language. No ETag: the same rows give the same fingerprint after a deploy
    that changed the templates, and a browser would keep the old page.
    """
    key = (request.endpoint, request.full_path, str(get_locale()))
    return rendered_pages(current_app).get(key, version, render)


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
