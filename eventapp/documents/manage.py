"""Name badges and certificates of attendance, from the workspace."""


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.db import utc_now
from eventapp.documents import services
from eventapp.documents.badges import LAYOUTS
from eventapp.events.access import managed_event_or_404
from eventapp.extensions import db
from eventapp.forms import ButtonForm
from eventapp.registration import admin
from eventapp.registration.queries import RegistrationFilter
from eventapp.security import current_account

# Attached under /workspace by the workspace, whose guard admits organizers only.
bp = Blueprint("documents", __name__)


@bp.get("/events/<int:event_id>/badges")
def badges(event_id: int):
    event = managed_event_or_404(event_id)
    filter = services.badge_filter(RegistrationFilter.from_args(request.args))
    layout = request.args.get("layout") if request.args.get("layout") in LAYOUTS else "a4"
    pdf_args = {**filter.to_args(), "sort": filter.sort, "layout": layout}
    pdf_args.pop("status", None)
    return render_template(
        "workspace/documents/badges.html",
        event=event,
        filter=filter,
        layout=layout,
        options=admin.filter_options(event),
        count=services.badge_count(event, filter),
        max_badges=services.MAX_BADGES,
        pdf_args=pdf_args,
    )


@bp.get("/events/<int:event_id>/certificates")
def certificates(event_id: int):
    event = managed_event_or_404(event_id)
    now = utc_now()
    return render_template(
        "workspace/documents/certificates.html",
        event=event,
        counts=services.certificate_counts(event),
        started=event.starts_at <= now,
        ended=event.ends_at <= now,
        form=ButtonForm(),
    )


@bp.post("/events/<int:event_id>/certificates")
def certificates_email(event_id: int):
    event = managed_event_or_404(event_id)
    back = redirect(url_for("workspace.documents.certificates", event_id=event.id))
    if not ButtonForm().validate_on_submit():
        flash(_("This page was open for too long: please try again."), "error")
        return back
    try:
        queued = services.email_certificates(event, actor=current_account())
    except services.DocumentError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return back
    db.session.commit()
    remaining = services.certificate_counts(event).remaining
    if queued and remaining:
        flash(ngettext("%(num)d certificate is on its way.",
                       "%(num)d certificates are on their way.", queued) + " "
              + ngettext("%(num)d more is still to send: please press the button again.",
                         "%(num)d more are still to send: please press the button again.",
                         remaining), "success")
    elif queued:
        flash(ngettext("%(num)d certificate is on its way.",
                       "%(num)d certificates are on their way.", queued), "success")
    else:
        flash(_("Everyone checked in already has their certificate: nothing was sent."),
              "success")
    return back
