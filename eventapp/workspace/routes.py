"""The workspace's own pages, its guard, and the capabilities' management pages under it."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from eventapp.accounts import manage as accounts
from eventapp.accounts.access import WORKSPACE_ROLES
from eventapp.accounts.models import Role
from eventapp.accounts.services import managed_events
from eventapp.checkin import manage as attendance
from eventapp.documents import manage as documents
from eventapp.events import manage as events
from eventapp.mailings import manage as mailings
from eventapp.programme import manage as programme
from eventapp.registration import manage as registration
from eventapp.security import current_account
from eventapp.speakers import manage as speakers
from eventapp.workspace import bp

for capability in (events, programme, speakers, registration, mailings, documents, attendance,
                   accounts):
    bp.register_blueprint(capability.bp)


@bp.before_request
def require_organizer():
    """Anonymous visitors go to the login page; check-in staff get 403 (or their station).

    It guards every page under /workspace, those of the capabilities' blueprints included.
    Views about one event load it with `managed_event_or_404`, which also refuses organizers
    not assigned to it; administrators' pages use `admin_required`.
    """
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if current_user.role not in WORKSPACE_ROLES:
        # The workspace's front door leads check-in staff to the station they can use.
        if request.endpoint == "workspace.home" and current_user.role == Role.CHECKIN:
            return redirect(url_for("checkin.index"))
        abort(403)
    return None


@bp.get("/")
def home():
    return render_template("workspace/home.html", events=managed_events(current_account()))


from eventapp.workspace import audit_log, dashboard  # noqa: E402, F401
