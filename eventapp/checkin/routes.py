"""The check-in station's views: thin, each answering a page or, when asked, JSON.

Every route needs a signed-in account that may check people in for the event in its URL
(`Account.can_check_in`: administrators and anyone assigned to the event), checked once for all of
them in `_check_access`. The forms work without JavaScript; checkin.js sends the same forms
with fetch and `Accept: application/json` and shows the answer without reloading the page.
"""
from datetime import date

from flask import abort, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf

from eventapp.checkin import answers, bp, services
from eventapp.db import utc_now
from eventapp.errors import render_error
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Registration


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" or request.path.endswith(".json")


@bp.before_request
def _check_access():
    if not current_user.is_authenticated:
        if _wants_json():
            return jsonify(error=_("Please sign in again.")), 401
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    event_id = (request.view_args or {}).get("event_id")
    if event_id is not None:
        event = db.session.get(Event, event_id)
        if event is None:
            abort(404)
        if not current_user.can_check_in(event.id):
            abort(403)
        g.checkin_event = event
    return None


@bp.errorhandler(CSRFError)
def _csrf_error(error):
    """A station left open for hours: its token expired. Ask again, keeping the typed code.

    checkin.js asks for a fresh token (counts.json gives one) and sends the request again.
    """
    message = _("This page has expired. Please reload it.")
    if _wants_json():
        return jsonify(error=message, csrf=True), 400
    event_id = (request.view_args or {}).get("event_id")
    event = db.session.get(Event, event_id) if event_id is not None else None
    if event is None or not current_user.is_authenticated \
            or not current_user.can_check_in(event.id):
        return render_error(400)
    return _station_page(event, _session(event, request.form), code=request.form.get("code", ""),
                         error=_("The page had expired. Please send it again."), status=400)


def _actor():
    return current_user._get_current_object()


def _today_of(event: Event) -> date:
    return event.local(utc_now()).date()


def _session(event: Event, values):
    return services.session_of(event, values.get("session"))


def _registration_or_404(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


# --- Pages -------------------------------------------------------------------------------------


@bp.get("/")
def index():
    events = services.events_for(_actor(), _today_of)
    if len(events) == 1:
        return redirect(url_for("checkin.station", event_id=events[0].id))
    today = {event.id for event in events
             if event.local(event.starts_at).date() <= _today_of(event)
             <= event.local(event.ends_at).date()}
    return render_template("checkin/index.html", events=events, today=today)


@bp.get("/<int:event_id>")
def station(event_id: int):
    event = g.checkin_event
    return _station_page(event, _session(event, request.args))


def _station_page(event: Event, session, answer=None, results=None, more=False, q="",
                  code="", error=None, status=200):
    return render_template(
        "checkin/station.html",
        event=event,
        session=session,
        sessions=services.station_sessions(event),
        counts=services.counters(event, session),
        answer=answer,
        results=results,
        more=more,
        q=q,
        code=code,
        error=error,
        now=utc_now(),
    ), status


# --- Answers -----------------------------------------------------------------------------------


def _answer(event: Event, session, answer: services.Answer):
    """The answer as JSON for checkin.js, or the station page showing it."""
    now = utc_now()
    if _wants_json():
        body = answers.as_json(answer, event, now)
        body["html"] = render_template("checkin/_answer.html", event=event, session=session,
                                       answer=answer, now=now)
        body["counts"] = services.counters(event, session).as_dict()
        return jsonify(body)
    return _station_page(event, session, answer=answer)


@bp.post("/<int:event_id>/scan")
def scan(event_id: int):
    event = g.checkin_event
    session = _session(event, request.form)
    code = request.form.get("code", "")
    if not services.normalize_code(code):
        message = _("Type the code printed under the QR code.")
        if _wants_json():
            return jsonify(error=message), 400
        return _station_page(event, session, code=code, error=message, status=400)
    answer = services.scan(event, code, _actor(), session=session)
    db.session.commit()
    return _answer(event, session, answer)


@bp.post("/<int:event_id>/registrations/<int:registration_id>/check-in")
def check_in(event_id: int, registration_id: int):
    return _act_on(registration_id, services.check_in)


@bp.post("/<int:event_id>/registrations/<int:registration_id>/undo")
def undo(event_id: int, registration_id: int):
    return _act_on(registration_id, services.undo_check_in)


def _act_on(registration_id: int, service):
    """Check in or undo for one registration of the event, at the door or at a session."""
    event = g.checkin_event
    registration = _registration_or_404(event, registration_id)
    session = _session(event, request.form)
    answer = service(registration, _actor(), session=session)
    db.session.commit()
    return _answer(event, session, answer)


# --- Search and counters -------------------------------------------------------------------------


@bp.get("/<int:event_id>/search")
def search(event_id: int):
    event = g.checkin_event
    session = _session(event, request.args)
    q = request.args.get("q", "")[:200]
    results, more = services.search(event, q)
    if _wants_json():
        return jsonify(
            q=q,
            more=more,
            results=[answers.person(r, event) for r in results],
            html=render_template("checkin/_results.html", event=event, session=session,
                                 results=results, more=more, q=q),
        )
    return _station_page(event, session, results=results, more=more, q=q)


@bp.get("/<int:event_id>/counts.json")
def counts(event_id: int):
    event = g.checkin_event
    body = services.counters(event, _session(event, request.args)).as_dict()
    # A fresh token for the page's forms: CSRF tokens expire after an hour, and a station
    # stays open all day. Only a page of this site can read it (same-origin policy).
    body["csrf_token"] = generate_csrf()
    return jsonify(body)


@bp.context_processor
def _template_helpers():
    return {"answers": answers, "arrival": services.arrival,
            "may_check_in": lambda event: current_user.can_check_in(event.id)}
