"""The registrations of an event in the workspace: the list, one registration, the organizers'
actions on it (one at a time or on a selection), and adding someone by hand."""


from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from eventapp.events.access import managed_event_or_404
from eventapp.extensions import db
from eventapp.forms import ButtonForm
from eventapp.mail.models import OutboxStatus
from eventapp.registration import admin, amendments, errors, offers, queries, services
from eventapp.registration.emails import choice_summaries
from eventapp.registration.manage import bp
from eventapp.registration.manage.forms import AddRegistrationForm, BulkForm, MoveForm, RejectForm
from eventapp.registration.models import ACTIVE_STATUSES, RegistrationStatus
from eventapp.registration.queries import PER_PAGE_CHOICES, RegistrationFilter
from eventapp.security import current_account


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _per_page() -> int:
    value = _int_arg("per_page")
    return value if value in PER_PAGE_CHOICES else queries.DEFAULT_PER_PAGE


@bp.get("/events/<int:event_id>/registrations")
def registrations(event_id: int):
    event = managed_event_or_404(event_id)
    filter = RegistrationFilter.from_args(request.args)
    per_page = _per_page()
    page = queries.page(event, filter, after=_int_arg("after"), before=_int_arg("before"),
                        per_page=per_page)
    total, more = queries.count_capped(queries.filtered_query(event, filter))
    page_args = filter.to_args()
    if per_page != queries.DEFAULT_PER_PAGE:
        page_args["per_page"] = per_page
    return render_template(
        "workspace/registrations/list.html",
        event=event,
        filter=filter,
        options=admin.filter_options(event),
        page=page,
        total=total,
        more=more,
        per_page=per_page,
        page_args=page_args,
        bulk_form=BulkForm(back=urlencode(request.args, doseq=True)),
    )


# --- One registration -----------------------------------------------------------------------


def _registration_or_404(event_id: int, registration_id: int):
    event = managed_event_or_404(event_id)
    registration = admin.registration_in_event(event, registration_id)
    if registration is None:
        abort(404)
    return event, registration


def _detail(event, registration, *, reject_form=None, move_form=None, status=200):
    move_form = move_form or MoveForm(formdata=None)
    sessions = offers.selectable_sessions(event)
    move_form.sessions.choices = [SelectChoice(s.id, s.title) for s in sessions]
    if move_form.sessions.data is None or not move_form.is_submitted():
        move_form.sessions.data = [c.session_id for c in registration.choices]
    return render_template(
        "workspace/registrations/detail.html",
        event=event,
        registration=registration,
        choices=choice_summaries(registration),
        position=services.waitlist_position(registration),
        history=admin.history(registration),
        emails=admin.emails_for(registration),
        sessions=sessions,
        action_form=ButtonForm(),
        reject_form=reject_form or RejectForm(formdata=None),
        move_form=move_form,
        is_active=registration.status in ACTIVE_STATUSES,
        OutboxStatus=OutboxStatus,
        describe=admin.describe,
        describe_actor=admin.describe_actor,
        email_kind_label=admin.email_kind_label,
    ), status


@bp.get("/events/<int:event_id>/registrations/<int:registration_id>")
def registration_detail(event_id: int, registration_id: int):
    event, registration = _registration_or_404(event_id, registration_id)
    return _detail(event, registration)


def _back_to(registration):
    return redirect(url_for("workspace.registration.registration_detail", event_id=registration.event_id,
                            registration_id=registration.id))


def _act(registration, change, success) -> bool:
    """Run one organizer action on a registration (the service writes its audit entry) and
    commit, or flash why the rules refuse it.

    Not forms.save: these buttons have no form to show a refusal on (the view goes back to
    the registration's page), and `success`, the message shown after, may be a function of
    the registration giving it.
    """
    try:
        change()
    except errors.RegistrationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    db.session.commit()
    flash(success(registration) if callable(success) else success, "success")
    return True


def _approved(registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("The registration is approved and confirmed; the person is told by email.")
    return _("The registration is approved, but the event is full: the person is on the "
             "waiting list and is told by email.")


def _checked(form) -> bool:
    if form.validate_on_submit():
        return True
    flash(_("This page was open for too long: please try again."), "error")
    return False


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/approve")
def registration_approve(event_id: int, registration_id: int):
    event, registration = _registration_or_404(event_id, registration_id)
    if _checked(ButtonForm()):
        _act(registration, lambda: services.approve(registration, actor=current_account()),
             _approved)
    return _back_to(registration)


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/reject")
def registration_reject(event_id: int, registration_id: int):
    event, registration = _registration_or_404(event_id, registration_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _detail(event, registration, reject_form=form, status=400)
    _act(registration,
         lambda: services.reject(registration, form.reason.data, actor=current_account()),
         _("The registration is rejected; the reason was emailed to the person."))
    return _back_to(registration)


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/cancel")
def registration_cancel(event_id: int, registration_id: int):
    event, registration = _registration_or_404(event_id, registration_id)
    if _checked(ButtonForm()):
        _act(registration,
             lambda: services.cancel_by_organizer(registration, actor=current_account()),
             _("The registration is cancelled and its places went to the people waiting."))
    return _back_to(registration)


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/sessions")
def registration_move(event_id: int, registration_id: int):
    event, registration = _registration_or_404(event_id, registration_id)
    form = MoveForm()
    form.sessions.choices = [
        SelectChoice(s.id, s.title) for s in offers.selectable_sessions(event)
    ]
    if not form.validate_on_submit():
        return _detail(event, registration, move_form=form, status=400)
    done = _act(
        registration,
        lambda: amendments.move_sessions(
            registration, form.sessions.data or [], actor=current_account(),
            waitlist_if_full=form.waitlist_if_full.data,
        ),
        _("The sessions are changed."),
    )
    if not done:
        db.session.refresh(registration)
        return _detail(event, registration, move_form=form, status=400)
    return _back_to(registration)


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/resend")
def registration_resend(event_id: int, registration_id: int):
    event, registration = _registration_or_404(event_id, registration_id)
    if _checked(ButtonForm()):
        _act(registration,
             lambda: services.resend_latest_email(registration, actor=current_account()),
             _("The email is on its way again, written afresh."))
    return _back_to(registration)


# --- Bulk actions ---------------------------------------------------------------------------


def _names(registrations, shown: int = 5) -> str:
    names = [r.full_name for r in registrations[:shown]]
    if len(registrations) > shown:
        names.append(ngettext("%(num)d more", "%(num)d more", len(registrations) - shown))
    return ", ".join(names)


_DONE = {
    admin.BulkAction.APPROVE: lambda n: ngettext("%(num)d registration approved.",
                                                 "%(num)d registrations approved.", n),
    admin.BulkAction.REJECT: lambda n: ngettext("%(num)d registration rejected.",
                                                "%(num)d registrations rejected.", n),
    admin.BulkAction.CANCEL: lambda n: ngettext("%(num)d registration cancelled.",
                                                "%(num)d registrations cancelled.", n),
    admin.BulkAction.RESEND: lambda n: ngettext("%(num)d email sent again.",
                                                "%(num)d emails sent again.", n),
}


@bp.post("/events/<int:event_id>/registrations/bulk")
def registrations_bulk(event_id: int):
    event = managed_event_or_404(event_id)
    form = BulkForm()
    back = url_for("workspace.registration.registrations", event_id=event.id) + (
        "?" + form.back.data if form.back.data else ""
    )
    if not form.validate_on_submit():
        for messages in form.errors.values():
            flash(messages[0], "error")
        return redirect(back)
    action = admin.BulkAction(form.action.data)
    try:
        result = admin.bulk(event, form.ids.data, action, actor=current_account(),
                            reason=form.reason.data or "")
    except errors.RegistrationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(back)
    db.session.commit()
    flash(_DONE[action](len(result.done)), "success" if result.done else "error")
    for reason, refused in result.refused_by_reason().items():
        flash(
            ngettext("%(num)d refused: %(reason)s (%(names)s)",
                     "%(num)d refused: %(reason)s (%(names)s)",
                     len(refused), reason=reason, names=_names(refused)),
            "error",
        )
    return redirect(back)


# --- Adding someone by hand -----------------------------------------------------------------


@bp.route("/events/<int:event_id>/registrations/new", methods=["GET", "POST"])
def registration_new(event_id: int):
    event = managed_event_or_404(event_id)
    types = admin.active_organization_types()
    form = AddRegistrationForm(type_codes={t.id: t.code for t in types})
    form.organization_type.choices = [SelectChoice(0, _("Choose…"))] + [
        SelectChoice(t.id, t.name) for t in types
    ]
    sessions = offers.selectable_sessions(event)
    form.sessions.choices = [SelectChoice(s.id, s.title) for s in sessions]
    if form.validate_on_submit():
        try:
            registration = services.add_by_organizer(
                event, services.attendee_details(form.data, form.selected_type_code()),
                form.email.data, form.sessions.data or [],
                actor=current_account(), walk_in=form.kind.data == "walk_in",
                skip_capacity=form.skip_capacity.data, notify=form.notify.data,
            )
            db.session.commit()
        except errors.AlreadyRegistered as error:
            db.session.rollback()
            form.email.errors = [error.message]
            existing = error.registration
            return _new_page(event, form, sessions, existing=existing)
        except errors.SessionConflict as error:
            db.session.rollback()
            form.sessions.errors = [error.message]
            return _new_page(event, form, sessions)
        except errors.RegistrationError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return _new_page(event, form, sessions)
        except IntegrityError:
            db.session.rollback()
            form.email.errors = [
                _("This address was registered at the same moment; look for it in the list.")
            ]
            return _new_page(event, form, sessions)
        if registration.status == RegistrationStatus.CONFIRMED:
            flash(_("%(name)s is registered and confirmed.", name=registration.full_name),
                  "success")
        else:
            flash(_("The event is full: %(name)s is on the waiting list.",
                    name=registration.full_name), "error")
        return _back_to(registration)
    return _new_page(event, form, sessions)


def _new_page(event, form, sessions, existing=None):
    return render_template(
        "workspace/registrations/new.html", event=event, form=form, sessions=sessions,
        existing=existing,
    ), 400 if request.method == "POST" else 200
