"""Email to attendees: write to a filtered set of registrations, preview it for a real
recipient, send a test to oneself, queue it through the outbox and watch it go out."""


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.events.access import managed_event_or_404
from eventapp.extensions import db
from eventapp.forms import ButtonForm, save
from eventapp.mail.services import InvalidEmail
from eventapp.mailings import services as mailing_services
from eventapp.mailings.forms import MailingForm
from eventapp.registration import admin
from eventapp.registration.models import RegistrationStatus
from eventapp.registration.queries import RegistrationFilter
from eventapp.security import current_account

# Attached under /workspace by the workspace, whose guard admits organizers only.
bp = Blueprint("mailings", __name__)


# Seconds between refreshes of the progress page while emails are waiting to go out.
REFRESH_SECONDS = 5


def _filter_from(args) -> RegistrationFilter:
    """The recipients: as asked, or, on a fresh form, the confirmed attendees."""
    if not any(key in args for key in ("status", "type", "session", "checked_in", "q")):
        return RegistrationFilter(statuses=(RegistrationStatus.CONFIRMED,))
    return RegistrationFilter.from_args(args)


def _compose_page(event, form, filter, template="workspace/mailings/list.html", **context):
    return render_template(
        template,
        event=event,
        form=form,
        filter=filter,
        options=admin.filter_options(event),
        count=mailing_services.recipient_count(event, filter),
        **context,
    ), 400 if request.method == "POST" else 200


@bp.route("/events/<int:event_id>/emails", methods=["GET", "POST"])
def mailings(event_id: int):
    event = managed_event_or_404(event_id)
    filter = _filter_from(request.form if request.method == "POST" else request.args)
    form = MailingForm()
    if form.validate_on_submit():
        saved = save(form, lambda: mailing_services.create_draft(
            event, form.subject.data, form.body.data, filter, actor=current_account()
        ))
        if saved is not None:
            return redirect(url_for("workspace.mailings.mailing", event_id=event.id,
                                    mailing_id=saved.value.id))
    past = mailing_services.event_mailings(event)
    return _compose_page(event, form, filter, mailings=past,
                         progress=mailing_services.progress_of(past))


def _mailing_or_404(event_id: int, mailing_id: int):
    event = managed_event_or_404(event_id)
    mailing = mailing_services.mailing_in_event(event, mailing_id)
    if mailing is None:
        abort(404)
    return event, mailing


@bp.get("/events/<int:event_id>/emails/<int:mailing_id>")
def mailing(event_id: int, mailing_id: int):
    event, mailing = _mailing_or_404(event_id, mailing_id)
    filter = mailing_services.mailing_filter(mailing)
    if not mailing.is_draft:
        progress = mailing_services.progress(mailing)
        return render_template(
            "workspace/mailings/progress.html", event=event, mailing=mailing, filter=filter,
            progress=progress, refresh=REFRESH_SECONDS if progress["waiting"] else None,
        )
    recipient = mailing_services.preview_recipient(event, filter)
    preview = None
    if recipient is not None:
        preview = mailing_services.fill(mailing.subject, mailing.body, recipient, event)
    return render_template(
        "workspace/mailings/draft.html",
        event=event,
        mailing=mailing,
        filter=filter,
        options=admin.filter_options(event),
        count=mailing_services.recipient_count(event, filter),
        recipient=recipient,
        preview=preview,
        action_form=ButtonForm(),
    )


@bp.route("/events/<int:event_id>/emails/<int:mailing_id>/edit", methods=["GET", "POST"])
def mailing_edit(event_id: int, mailing_id: int):
    event, mailing = _mailing_or_404(event_id, mailing_id)
    if not mailing.is_draft:
        flash(_("This email has been sent and can no longer be changed."), "error")
        return redirect(url_for("workspace.mailings.mailing", event_id=event.id, mailing_id=mailing.id))
    if request.method == "POST":
        filter = _filter_from(request.form)
    else:
        filter = mailing_services.mailing_filter(mailing)
    form = MailingForm(obj=mailing)
    if form.validate_on_submit():
        saved = save(form, lambda: mailing_services.update_draft(
            mailing, form.subject.data, form.body.data, filter, actor=current_account()
        ))
        if saved is not None:
            return redirect(url_for("workspace.mailings.mailing", event_id=event.id,
                                    mailing_id=mailing.id))
    return _compose_page(event, form, filter, template="workspace/mailings/edit.html",
                         mailing=mailing)


@bp.post("/events/<int:event_id>/emails/<int:mailing_id>/test")
def mailing_test(event_id: int, mailing_id: int):
    event, mailing = _mailing_or_404(event_id, mailing_id)
    if ButtonForm().validate_on_submit():
        account = current_account()
        try:
            mailing_services.send_test(mailing, event, actor=account)
        except InvalidEmail as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("A test is on its way to %(address)s.", address=account.email), "success")
    else:
        flash(_("This page was open for too long: please try again."), "error")
    return redirect(url_for("workspace.mailings.mailing", event_id=event.id, mailing_id=mailing.id))


@bp.post("/events/<int:event_id>/emails/<int:mailing_id>/send")
def mailing_send(event_id: int, mailing_id: int):
    event, mailing = _mailing_or_404(event_id, mailing_id)
    back = url_for("workspace.mailings.mailing", event_id=event.id, mailing_id=mailing.id)
    if not ButtonForm().validate_on_submit():
        flash(_("This page was open for too long: please try again."), "error")
        return redirect(back)
    # The organizer confirmed a number of recipients; if it changed since, they look again.
    expected = request.form.get("expected", "")
    count = mailing_services.recipient_count(event, mailing_services.mailing_filter(mailing))
    if mailing.is_draft and expected != str(count):
        flash(_("The recipients changed while you were reading: it is now %(num)d people. "
                "Please check and send again.", num=count), "error")
        return redirect(back)
    try:
        mailing = mailing_services.queue(mailing.id, event, actor=current_account())
    except mailing_services.MailingError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(back)
    db.session.commit()
    flash(ngettext("%(num)d email is queued.", "%(num)d emails are queued.",
                   mailing.recipient_count), "success")
    return redirect(back)
