"""Administrators' pages for accounts: create, change role and events, deactivate, reset passwords.

Every change is in the audit log (written by `eventapp.accounts.administration`), with the
account as it was and as it is; passwords never appear in it. Each page shows a refusal by
a field of its own choosing (the new account's address, the role, the events, the new
password), so these views catch the services' refusals themselves rather than through
`eventapp.forms.save`.
"""


from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_user
from wtforms.fields.choices import SelectChoice

from eventapp.accounts import administration as services
from eventapp.accounts.access import admin_required
from eventapp.accounts.forms import AccountEditForm, NewAccountForm, PasswordResetForm
from eventapp.accounts.models import Account
from eventapp.accounts.services import AccountError
from eventapp.extensions import db
from eventapp.forms import ButtonForm
from eventapp.i18n import home_zone, local_date
from eventapp.security import current_account

# Attached under /workspace by the workspace, whose guard admits organizers only.
bp = Blueprint("accounts", __name__)


def _event_choices():
    return [
        SelectChoice(event.id, f"{event.title} ({local_date(event.starts_at, event, 'medium')})")
        for event in services.all_events()
    ]


@bp.route("/accounts", methods=["GET", "POST"])
@admin_required
def accounts():
    form = NewAccountForm()
    form.events.choices = _event_choices()
    if form.validate_on_submit():
        try:
            account = services.create(
                form.email.data, form.name.data, form.password.data, form.role.data,
                form.events.data, actor=current_account(),
            )
        except AccountError as error:
            db.session.rollback()
            form.email.errors = [error.message]
        else:
            db.session.commit()
            flash(_("The account of %(email)s is created.", email=account.email), "success")
            return redirect(url_for("workspace.accounts.accounts"))
    return render_template(
        "workspace/accounts/list.html", rows=services.account_rows(), form=form,
        home_zone=home_zone(),
    ), 400 if form.errors else 200


def _account_or_404(account_id: int) -> Account:
    return db.get_or_404(Account, account_id)


def _edit_page(account: Account, *, form=None, password_form=None, action_error=None,
               status: int = 200):
    if form is None:
        form = AccountEditForm(obj=account, formdata=None)
        form.role.data = account.role.value
        form.events.data = sorted(account.event_ids)
    form.events.choices = _event_choices()
    return render_template(
        "workspace/accounts/edit.html",
        account=account,
        form=form,
        password_form=password_form or PasswordResetForm(formdata=None),
        action_error=action_error,
        is_self=account.id == current_account().id,
        home_zone=home_zone(),
    ), status


@bp.route("/accounts/<int:account_id>", methods=["GET", "POST"])
@admin_required
def account_edit(account_id: int):
    account = _account_or_404(account_id)
    form = AccountEditForm()
    if not form.is_submitted():
        return _edit_page(account)
    form.events.choices = _event_choices()
    if form.validate():
        try:
            services.update(account, name=form.name.data, role=form.role.data,
                            event_ids=form.events.data, actor=current_account())
        except services.SelfLockout as error:
            db.session.rollback()
            form.role.errors = [error.message]
        except AccountError as error:
            db.session.rollback()
            form.events.errors = [error.message]
        else:
            db.session.commit()
            flash(_("The account of %(email)s is saved.", email=account.email), "success")
            return redirect(url_for("workspace.accounts.account_edit", account_id=account.id))
    return _edit_page(account, form=form, status=400)


@bp.post("/accounts/<int:account_id>/password")
@admin_required
def account_password(account_id: int):
    account = _account_or_404(account_id)
    form = PasswordResetForm()
    if not form.validate():
        return _edit_page(account, password_form=form, status=400)
    try:
        services.reset_password(account, form.new.data, actor=current_account())
    except AccountError as error:
        db.session.rollback()
        form.new.errors = [error.message]
        return _edit_page(account, password_form=form, status=400)
    db.session.commit()
    if account.id == current_account().id:
        # Their other sessions ended; this one goes on with the new session version.
        login_user(account)
    flash(_("The password of %(email)s is changed and all their sessions are ended.",
            email=account.email), "success")
    return redirect(url_for("workspace.accounts.account_edit", account_id=account.id))


@bp.post("/accounts/<int:account_id>/deactivate")
@admin_required
def account_deactivate(account_id: int):
    account = _account_or_404(account_id)
    if not ButtonForm().validate():
        return _edit_page(account, status=400)
    try:
        services.deactivate(account, actor=current_account())
    except services.SelfLockout as error:
        db.session.rollback()
        return _edit_page(account, action_error=error.message, status=400)
    db.session.commit()
    flash(_("%(email)s can no longer sign in; their sessions are ended.", email=account.email),
          "success")
    return redirect(url_for("workspace.accounts.account_edit", account_id=account.id))


@bp.post("/accounts/<int:account_id>/reactivate")
@admin_required
def account_reactivate(account_id: int):
    account = _account_or_404(account_id)
    if not ButtonForm().validate():
        return _edit_page(account, status=400)
    services.reactivate(account, actor=current_account())
    db.session.commit()
    flash(_("%(email)s can sign in again.", email=account.email), "success")
    return redirect(url_for("workspace.accounts.account_edit", account_id=account.id))
