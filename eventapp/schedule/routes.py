"""Schedule exports: iCalendar, JSON and frab XML, for published events only."""
from flask import Response

from eventapp.events.routes import public_event_or_404
from eventapp.programme.routes import public_session_or_404
from eventapp.programme.services import event_sessions
from eventapp.schedule import bp
from eventapp.schedule.frab import frab_schedule
from eventapp.schedule.ical import event_calendar, session_calendar
from eventapp.schedule.json_schedule import schedule_json
from eventapp.schedule.links import ExternalLinks
from eventapp.schedule.services import google_calendar_url

ICS_TYPE = "text/calendar; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"

# Templates: {{ google_calendar_url(event, session, url_for(...)) }}
bp.add_app_template_global(google_calendar_url, "google_calendar_url")


@bp.get("/events/<slug>/schedule.ics")
def event_ics(slug: str):
    event = public_event_or_404(slug)
    body = event_calendar(event, event_sessions(event), ExternalLinks())
    return _export(body, ICS_TYPE, download_as=f"{event.slug}.ics")


@bp.get("/events/<slug>/sessions/<int:session_id>.ics")
def session_ics(slug: str, session_id: int):
    event = public_event_or_404(slug)
    session = public_session_or_404(event, session_id)
    body = session_calendar(event, session, ExternalLinks())
    return _export(body, ICS_TYPE, download_as=f"{event.slug}-session-{session.id}.ics")


@bp.get("/events/<slug>/schedule.json")
def event_json(slug: str):
    event = public_event_or_404(slug)
    return _export(schedule_json(event, event_sessions(event), ExternalLinks()), JSON_TYPE)


@bp.get("/events/<slug>/schedule.xml")
def event_frab(slug: str):
    event = public_event_or_404(slug)
    return _export(frab_schedule(event, event_sessions(event), ExternalLinks()), XML_TYPE)


def _export(body: str | bytes, content_type: str, download_as: str | None = None) -> Response:
    response = Response(body, content_type=content_type)
    if download_as:
        # Werkzeug quotes the name and adds an RFC 2231 form when it is not plain ASCII.
        response.headers.set("Content-Disposition", "attachment", filename=download_as)
    # The schedule of a published event is public: let other sites' pages and apps read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
