"""Workspace: the registration rules of an event for each kind of organization."""


from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventapp.events.access import managed_event_or_404
from eventapp.forms import ask_to_send_again, save, status_of
from eventapp.registration import policies
from eventapp.registration.manage import bp
from eventapp.registration.manage.forms import RulesForm
from eventapp.registration.policies import PolicyError, RuleChoice
from eventapp.security import current_account

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
        saved = save(form, lambda: _save_rules(event, rules, form),
                     done=_("The registration rules are saved."))
        if saved is not None:
            if saved.value:
                flash(
                    _("Places freed by a larger quota went to the waiting list at once."), "success"
                )
            return redirect(url_for("workspace.registration.policies", event_id=event.id))
    ask_to_send_again(form)
    return render_template(
        "workspace/programme/policies.html",
        event=event,
        form=form,
        rows=list(zip(rules, form.rows, strict=False)),
    ), status_of(form)


def _save_rules(event, rules, form) -> bool:
    """Save the rules as the rows of the form say; a refused quota is shown on its row."""
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
        return policies.save_rules(event, choices, actor=current_account())
    except PolicyError as error:
        row = next(
            (row for rule, row in zip(rules, form.rows, strict=True)
             if rule.organization_type_id == error.organization_type_id),
            None,
        )
        error.field = row.quota.name if row is not None else None
        raise
