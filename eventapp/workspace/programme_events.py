"""Workspace: creating and editing events, publishing them, and their registration rules."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.audit.services import snapshot
from eventapp.events import editing
from eventapp.events.editing import AUDIT_FIELDS, EventData, EventError
from eventapp.extensions import db
from eventapp.registration import policies
from eventapp.registration.policies import PolicyError, RuleChoice
from eventapp.workspace import bp
from eventapp.workspace.access import actor, managed_event_or_404
from eventapp.workspace.programme_common import (
    actor_name,
    ask_to_send_again,
    audit,
    refuse,
    stale_button,
    status_of,
)
from eventapp.workspace.programme_forms import ButtonForm, EventForm, RulesForm, as_local


def _event_data(form: EventForm) -> EventData:
    return EventData(
        slug=form.slug.data or "",
        title=form.title.data or "",
        title_vi=form.title_vi.data,
        subtitle=form.subtitle.data,
        subtitle_vi=form.subtitle_vi.data,
        description=form.description.data or "",
        description_vi=form.description_vi.data,
        organizer=form.organizer.data,
        organizer_vi=form.organizer_vi.data,
        venue=form.venue.data or "",
        venue_vi=form.venue_vi.data,
        address=form.address.data or "",
        address_vi=form.address_vi.data,
        timezone=form.zone_name(),
        starts_at=form.aware("starts_at"),
        ends_at=form.aware("ends_at"),
        capacity=form.capacity.data,
        registration_opens_at=form.aware("registration_opens_at"),
        registration_closes_at=form.aware("registration_closes_at"),
        contact_email=form.contact_email.data,
        notification_emails=form.notification_emails.data or "",
    )


def _initial(event) -> dict:
    """The event as its form shows it: times in its own zone."""
    values = {name: getattr(event, name) for name in editing.EVENT_FIELDS}
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        values[name] = as_local(values[name], event.timezone)
    return values


@bp.route("/events/new", methods=["GET", "POST"])
def event_new():
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = editing.create_event(_event_data(form), actor())
        except EventError as error:
            refuse(form, error)
        else:
            audit(
                "event.create",
                "event",
                event.id,
                event_id=event.id,
                after=snapshot(event, AUDIT_FIELDS),
            )
            db.session.commit()
            flash(
                _("The event is created as a draft. Add its rooms and programme, then publish it."),
                "success",
            )
            return redirect(url_for("workspace.event_edit", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/event_form.html", form=form, event=None, slug_frozen=False
    ), status_of(form)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def event_edit(event_id: int):
    event = managed_event_or_404(event_id)
    form = EventForm(data=_initial(event))
    if form.validate_on_submit():
        before = snapshot(event, AUDIT_FIELDS)
        try:
            emailed = editing.update_event(
                event, _event_data(form), move_sessions=form.move_sessions.data, actor=actor_name()
            )
        except EventError as error:
            refuse(form, error)
        else:
            after = snapshot(event, AUDIT_FIELDS)
            if emailed:
                after["attendees_emailed"] = emailed
            audit("event.update", "event", event.id, event_id=event.id, before=before, after=after)
            db.session.commit()
            flash(_("The event is saved."), "success")
            if emailed:
                flash(
                    ngettext(
                        "%(num)d attendee was emailed about the moved sessions.",
                        "%(num)d attendees were emailed about the moved sessions.",
                        emailed,
                    ),
                    "success",
                )
            return redirect(url_for("workspace.event_edit", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/event_form.html",
        form=form,
        event=event,
        slug_frozen=editing.slug_is_frozen(event),
        button=ButtonForm(),
    ), status_of(form)


def _publication(event_id: int, change, action: str, done: str):
    """Publish or unpublish: one button, its CSRF token checked, the change audited."""
    event = managed_event_or_404(event_id)
    if ButtonForm().validate_on_submit():
        before = snapshot(event, ("status",))
        change(event)
        audit(
            action,
            "event",
            event.id,
            event_id=event.id,
            before=before,
            after=snapshot(event, ("status",)),
        )
        db.session.commit()
        flash(done, "success")
    else:
        stale_button()
    return redirect(url_for("workspace.event_edit", event_id=event.id))


@bp.post("/events/<int:event_id>/publish")
def event_publish(event_id: int):
    return _publication(
        event_id,
        editing.publish_event,
        "event.publish",
        _("The event is published: its pages, programme and registration form are public."),
    )


@bp.post("/events/<int:event_id>/unpublish")
def event_unpublish(event_id: int):
    return _publication(
        event_id,
        editing.unpublish_event,
        "event.unpublish",
        _("The event is a draft again: the public no longer sees it. Registrations are kept."),
    )


# --- Registration rules per organization type -----------------------------------------------


@bp.route("/events/<int:event_id>/policies", methods=["GET", "POST"], endpoint="policies")
def policies_view(event_id: int):
    event = managed_event_or_404(event_id)
    rules = policies.type_rules(event)
    form = RulesForm(
        data={
            "rows": [
                {
                    "organization_type_id": str(rule.organization_type_id),
                    "admitted": rule.admitted,
                    "needs_approval": rule.needs_approval,
                    "quota": rule.quota,
                }
                for rule in rules
            ]
        }
    )
    if request.method == "POST" and len(form.rows) != len(rules):
        # The list of organization types changed while the page was open.
        form.csrf_token.errors = [
            _("The kinds of organization changed meanwhile: please check the rules again.")
        ]
    elif form.validate_on_submit():
        before = policies.audit_snapshot(event)
        choices = [
            RuleChoice(
                organization_type_id=rule.organization_type_id,
                admitted=bool(row.admitted.data),
                needs_approval=bool(row.needs_approval.data),
                quota=row.quota.data,
            )
            for rule, row in zip(rules, form.rows, strict=True)
        ]
        try:
            promoted = policies.save_rules(event, choices)
        except PolicyError as error:
            db.session.rollback()
            index = next(
                (
                    i
                    for i, rule in enumerate(rules)
                    if rule.organization_type_id == error.organization_type_id
                ),
                None,
            )
            target = form.rows[index].quota if index is not None else form.csrf_token
            target.errors = [error.message]
        else:
            audit(
                "policies.update",
                "event",
                event.id,
                event_id=event.id,
                before=before,
                after=policies.audit_snapshot(event),
            )
            db.session.commit()
            flash(_("The registration rules are saved."), "success")
            if promoted:
                flash(
                    _("Places freed by a larger quota went to the waiting list at once."), "success"
                )
            return redirect(url_for("workspace.policies", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/policies.html",
        event=event,
        form=form,
        rows=list(zip(rules, form.rows, strict=False)),
    ), status_of(form)
