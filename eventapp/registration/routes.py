"""The attendee's side of registration: the form, the confirmation link and their own pages."""
import re

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from eventapp.events.models import Event
from eventapp.events.routes import public_event_or_404
from eventapp.extensions import csrf, db, limiter
from eventapp.programme.services import event_sessions
from eventapp.registration import amendments, bp, emails, errors, offers, services
from eventapp.registration.forms import (
    CancelForm,
    ConfirmForm,
    EditForm,
    RegistrationForm,
    ResendForm,
)
from eventapp.registration.models import Registration
from eventapp.schedule.ical import event_calendar
from eventapp.schedule.links import ExternalLinks


def _register_limit() -> str:
    return current_app.config["RATELIMIT_REGISTER"]


def _resend_limit() -> str:
    return current_app.config["RATELIMIT_RESEND"]


def _session_choices(event):
    sessions = offers.selectable_sessions(event)
    return sessions, [SelectChoice(s.id, s.title) for s in sessions]


def _ask_to_send_again(form) -> None:
    """An expired or missing CSRF token: the form comes back with what was typed, and says why."""
    if form.errors.get("csrf_token"):
        form.csrf_token.errors = [
            _("This page was open for a long time, so we need you to send it once more. "
              "Everything you typed is still here.")
        ]


def private_page(response):
    """Pages reached by a secret link: never cached, never indexed, never sent as a referrer."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Flask-WTF still checks the form's CSRF token; exempting the view from the global check only
# means an expired token re-shows the form with everything typed, instead of an error page.
@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(_register_limit, methods=["POST"])
def register(slug: str):
    if request.method == "POST":
        # One write transaction from the first read: what the form offers (types, sessions)
        # is read once, and the service checks the choice against the same rows.
        services.begin_write(db.session)
    event = public_event_or_404(slug)
    types = offers.admitted_types(event)
    form = RegistrationForm(type_codes={t.id: t.code for t in types})
    form.organization_type.choices = [SelectChoice(0, _("Choose…"))] + [
        SelectChoice(t.id, t.name) for t in types
    ]
    sessions, form.sessions.choices = _session_choices(event)
    window_open = services.registration_window_open(event)

    if window_open and form.validate_on_submit():
        if form.website.data:
            # Filled in by a robot: answer as for anyone, keep nothing.
            return redirect(url_for("registration.sent", slug=event.slug))
        try:
            _register(event, form, types, sessions)
            # The slug of the URL: event.slug would be read again after the commit.
            return redirect(url_for("registration.sent", slug=slug))
        except errors.SessionConflict as error:
            form.sessions.errors = [error.message]
        except errors.RegistrationError as error:
            flash(str(error.message), "error")
    else:
        _ask_to_send_again(form)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "registration/form.html", event=event, form=form, sessions=sessions, types=types,
        window_open=window_open,
    ), status


def _register(event, form, types, sessions) -> None:
    details = services.attendee_details(form.data, form.selected_type_code())
    try:
        services.register(
            event, details, form.sessions.data or [], types=types, offered=sessions
        )
        db.session.commit()
    except IntegrityError:
        # The same address submitted twice at the same moment: the other request won;
        # this one now finds it and mails its owner like any repeated registration.
        db.session.rollback()
        services.register(event, details, form.sessions.data or [])
        db.session.commit()


@bp.get("/events/<slug>/register/sent")
def sent(slug: str):
    event = public_event_or_404(slug)
    return render_template("registration/sent.html", event=event)


@bp.route("/events/<slug>/register/resend", methods=["GET", "POST"])
@limiter.limit(_resend_limit, methods=["POST"])
def resend(slug: str):
    event = public_event_or_404(slug)
    form = ResendForm()
    if form.validate_on_submit():
        services.resend_confirmation(event, form.email.data)
        db.session.commit()
        return redirect(url_for("registration.sent", slug=event.slug))
    return render_template("registration/resend.html", event=event, form=form)


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    form = ConfirmForm()
    if not form.validate_on_submit():
        return private_page(render_template("registration/confirm.html", form=form))
    try:
        registration = services.confirm_email(token)
        db.session.commit()
    except (errors.InvalidLink, errors.LinkExpired) as error:
        # An expired hold was just released: keep that.
        db.session.commit()
        return private_page((render_template("registration/link_error.html", message=error.message), 410))
    return private_page(redirect(url_for("registration.manage", secret=registration.manage_secret)))


# Manage secrets are URL-safe base64 (secrets.token_urlsafe). Anything else cannot be one and
# is not looked up: PostgreSQL refuses a NUL byte in a query with an error, not a miss.
_SECRET = re.compile(r"[A-Za-z0-9_-]+")


def own_registration_or_404(secret: str) -> Registration:
    if not _SECRET.fullmatch(secret):
        abort(404)
    registration = services.find_by_manage_secret(secret)
    if registration is None:
        abort(404)
    return registration


@bp.get("/r/<secret>")
def manage(secret: str):
    registration = own_registration_or_404(secret)
    event = db.session.get(Event, registration.event_id)
    return private_page(render_template(
        "registration/manage.html",
        registration=registration,
        event=event,
        position=services.waitlist_position(registration),
        choices=emails.choice_summaries(registration),
        can_change=amendments.can_change(registration, event),
        cancel_form=CancelForm(),
    ))


# Exempt from the global check for the same reason as the registration form: a person who
# edits slowly gets the page back with their changes, not an error page.
@bp.route("/r/<secret>/edit", methods=["GET", "POST"])
@csrf.exempt
def edit(secret: str):
    registration = own_registration_or_404(secret)
    event = db.session.get(Event, registration.event_id)
    if not amendments.can_change(registration, event):
        flash(_("This registration can no longer be changed here."), "error")
        return private_page(redirect(url_for("registration.manage", secret=secret)))
    form = EditForm(obj=registration, type_code=registration.organization_type.code)
    sessions, form.sessions.choices = _session_choices(event)
    if request.method == "GET":
        form.sessions.data = [c.session_id for c in registration.choices]
        form.language.data = registration.language.value
        form.unesco_field.data = registration.unesco_field.value if registration.unesco_field else ""
    if form.validate_on_submit():
        try:
            # Sessions first: change_sessions starts the write transaction (BEGIN IMMEDIATE
            # on SQLite), which would discard details already flushed before it.
            amendments.change_sessions(registration, form.sessions.data or [])
            amendments.update_details(registration, _edited_details(form, registration))
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return private_page(redirect(url_for("registration.manage", secret=secret)))
        except errors.SessionConflict as error:
            db.session.rollback()
            form.sessions.errors = [error.message]
        except errors.RegistrationError as error:
            db.session.rollback()
            flash(str(error.message), "error")
    else:
        _ask_to_send_again(form)
    return private_page((render_template(
        "registration/edit.html", registration=registration, event=event, form=form,
        sessions=sessions,
    ), 400 if request.method == "POST" else 200))


def _edited_details(form, registration: Registration) -> services.AttendeeDetails:
    """The edit page's answers; who the person is (address, organization) stays as registered."""
    answers = {
        **form.data,
        "email": registration.email,
        "organization_name": registration.organization_name,
        "organization_type": registration.organization_type_id,
    }
    return services.attendee_details(answers, form.selected_type_code())


@bp.route("/r/<secret>/cancel", methods=["GET", "POST"])
def cancel(secret: str):
    registration = own_registration_or_404(secret)
    event = db.session.get(Event, registration.event_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel(registration)
            db.session.commit()
            flash(_("Your registration is cancelled."), "success")
        except errors.NotChangeable as error:
            db.session.rollback()
            flash(str(error.message), "error")
        return private_page(redirect(url_for("registration.manage", secret=secret)))
    return private_page(render_template(
        "registration/cancel.html", registration=registration, event=event, form=form
    ))


@bp.get("/r/<secret>/ticket.png")
def ticket_qr(secret: str):
    registration = own_registration_or_404(secret)
    if not amendments.has_ticket(registration):
        abort(404)
    return private_page(Response(emails.ticket_qr_png(registration.ticket_code), mimetype="image/png"))


@bp.get("/r/<secret>/calendar.ics")
def calendar(secret: str):
    registration = own_registration_or_404(secret)
    event = db.session.get(Event, registration.event_id)
    chosen = {c.session_id for c in registration.choices}
    sessions = [s for s in event_sessions(event) if s.id in chosen] or event_sessions(event)
    response = Response(event_calendar(event, sessions, ExternalLinks()), mimetype="text/calendar")
    response.headers.set("Content-Disposition", "attachment", filename=f"{event.slug}.ics")
    return private_page(response)
