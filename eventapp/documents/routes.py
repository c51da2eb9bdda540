"""The documents' views: the attendee's ticket and certificate by their secret link, and
badges for the staff of an event."""
from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.documents import bp, services
from eventapp.documents.badges import LAYOUTS
from eventapp.documents.badges import badges_pdf as build_badges
from eventapp.documents.certificate import certificate_number
from eventapp.documents.certificate import certificate_pdf as build_certificate
from eventapp.documents.ticket import ticket_pdf as build_ticket
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.queries import RegistrationFilter
from eventapp.registration.routes import own_registration_or_404, private_page
from eventapp.urls import public_url


def pdf_response(data: bytes, filename: str) -> Response:
    """A PDF shown in the browser (it can be saved or printed from there), never cached:
    every document holds a person's name and ticket code."""
    response = Response(data, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "inline", filename=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _not_available(event, registration, message: str, status: int = 404):
    back = url_for("registration.manage", secret=registration.manage_secret)
    return private_page((render_template(
        "documents/message.html", event=event, message=message, back=back, private=True,
    ), status))


@bp.get("/r/<secret>/ticket.pdf")
def ticket_pdf(secret: str):
    registration = own_registration_or_404(secret)
    event = db.session.get(Event, registration.event_id)
    if not services.ticket_available(registration):
        return _not_available(event, registration, _(
            "There is no ticket for this registration: a ticket is issued once the "
            "registration is confirmed."))
    return private_page(pdf_response(build_ticket(registration, event),
                                 f"ticket-{event.slug}.pdf"))


@bp.get("/r/<secret>/certificate.pdf")
def certificate_pdf(secret: str):
    registration = own_registration_or_404(secret)
    event = db.session.get(Event, registration.event_id)
    if not services.certificate_available(registration, event):
        return _not_available(event, registration, _(
            "There is no certificate of attendance for this registration yet: it is issued "
            "to people who were checked in at the event, once the event has started."))
    number = certificate_number(registration, event)
    return private_page(pdf_response(build_certificate(registration, event),
                                 f"certificate-{number}.pdf"))


@bp.app_template_global()
def ticket_pdf_url(registration) -> str:
    """The ticket's absolute address, for emails."""
    return public_url("documents.ticket_pdf", secret=registration.manage_secret)


@bp.app_template_global()
def certificate_ready(registration, event) -> bool:
    return services.certificate_available(registration, event)


# --- Badges, for the event's staff ------------------------------------------------------------


@bp.get("/events/<int:event_id>/badges.pdf")
def badges_pdf(event_id: int):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    event = db.get_or_404(Event, event_id)
    if not current_user.can_check_in(event.id):
        abort(403)
    layout = request.args.get("layout") if request.args.get("layout") in LAYOUTS else "a6"
    # ids= names the registrations (check-in staff print one badge); else the list's filter.
    ids = services.parse_ids(request.args.getlist("ids")) if "ids" in request.args else None
    try:
        registrations = services.badge_registrations(
            event, ids=ids, filter=RegistrationFilter.from_args(request.args)
        )
    except services.TooManyBadges as error:
        back = url_for("workspace.documents.badges", event_id=event.id, **request.args)
        return render_template("documents/message.html", event=event, message=error.message,
                               back=back), 400
    return pdf_response(build_badges(registrations, event, layout), f"badges-{event.slug}.pdf")
