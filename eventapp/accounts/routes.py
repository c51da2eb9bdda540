"""Signing in and out of the organizers' workspace."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from eventapp.accounts import bp, services
from eventapp.accounts.forms import LoginForm, PasswordForm
from eventapp.accounts.models import Role
from eventapp.extensions import db, limiter, login_manager
from eventapp.urls import same_site_path


@login_manager.user_loader
def _load(session_id: str):
    return services.load_account(session_id)


def home_for(account) -> str:
    """Where an account starts: check-in staff cannot use the workspace, only the station."""
    if getattr(account, "role", None) == Role.CHECKIN:
        return url_for("checkin.index")
    return url_for("workspace.home")


def safe_next(target: str | None, account=None) -> str:
    """Only a path on this site: never another host, a scheme, or a protocol-relative //."""
    return same_site_path(target, home_for(account))


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        account = services.authenticate(form.email.data, form.password.data)
        if account is not None:
            db.session.commit()
            login_user(account)
            return redirect(safe_next(form.next.data, account))
        form.password.errors = [_("The email address or the password is not right.")]
    return render_template("accounts/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    services.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        account = current_user._get_current_object()
        try:
            services.change_password(account, form.current.data, form.new.data)
        except services.AccountError as error:
            form.current.errors = [error.message]
        else:
            db.session.commit()
            # The other sessions ended; this one goes on with the new version.
            login_user(account)
            flash(_("Your password is changed. Your other sessions are signed out."), "success")
            return redirect(home_for(account))
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200
