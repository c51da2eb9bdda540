"""Workspace: creating and editing events, and publishing them."""


from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.events import editing
from eventapp.events.access import managed_event_or_404
from eventapp.events.editing import EventData
from eventapp.events.forms import EventForm
from eventapp.forms import ButtonForm, as_local, ask_to_send_again, save, stale_button, status_of
from eventapp.security import current_account

# Attached under /workspace by the workspace, whose guard admits organizers only.
bp = Blueprint("events", __name__)


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
        saved = save(
            form,
            lambda: editing.create_event(_event_data(form), actor=current_account()),
            done=_(
                "The event is created as a draft. Add its rooms and programme, then publish it."
            ),
        )
        if saved:
            return redirect(url_for("workspace.events.event_edit", event_id=saved.value.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/event_form.html", form=form, event=None, slug_frozen=False
    ), status_of(form)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def event_edit(event_id: int):
    event = managed_event_or_404(event_id)
    form = EventForm(data=_initial(event))
    if form.validate_on_submit():
        saved = save(
            form,
            lambda: editing.update_event(
                event,
                _event_data(form),
                move_sessions=form.move_sessions.data,
                actor=current_account(),
            ),
            done=_("The event is saved."),
        )
        if saved:
            _flash_emailed(saved.value)
            return redirect(url_for("workspace.events.event_edit", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/event_form.html",
        form=form,
        event=event,
        slug_frozen=editing.slug_is_frozen(event),
        button=ButtonForm(),
    ), status_of(form)


def _flash_emailed(count: int) -> None:
    if count:
        flash(
            ngettext(
                "%(num)d attendee was emailed about the moved sessions.",
                "%(num)d attendees were emailed about the moved sessions.",
                count,
            ),
            "success",
        )


def _publication(event_id: int, change, done: str):
    """Publish or unpublish: one button, its CSRF token checked."""
    event = managed_event_or_404(event_id)
    form = ButtonForm()
    if form.validate_on_submit():
        save(form, lambda: change(event, actor=current_account()), done=done)
    else:
        stale_button()
    return redirect(url_for("workspace.events.event_edit", event_id=event.id))


@bp.post("/events/<int:event_id>/publish")
def event_publish(event_id: int):
    return _publication(
        event_id,
        editing.publish_event,
        _("The event is published: its pages, programme and registration form are public."),
    )


@bp.post("/events/<int:event_id>/unpublish")
def event_unpublish(event_id: int):
    return _publication(
        event_id,
        editing.unpublish_event,
        _("The event is a draft again: the public no longer sees it. Registrations are kept."),
    )
