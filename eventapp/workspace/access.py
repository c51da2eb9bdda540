"""Who may see what in the workspace.

Every workspace view is behind `bp.before_request`: anonymous visitors go to the login page,
check-in staff get 403. Views that work on one event load it with `managed_event_or_404`,
which also refuses organizers not assigned to it; admin-only views use `admin_required`.
"""
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from eventapp.accounts.models import Role
from eventapp.accounts.services import can_manage_event
from eventapp.events.models import Event
from eventapp.extensions import db

WORKSPACE_ROLES = frozenset({Role.ADMIN, Role.ORGANIZER})


def require_organizer():
    """before_request for workspace blueprints."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if current_user.role not in WORKSPACE_ROLES:
        # The workspace's front door leads check-in staff to the station they can use.
        if request.endpoint == "workspace.home" and current_user.role == Role.CHECKIN:
            return redirect(url_for("checkin.index"))
        abort(403)
    return None


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or current_user.role != Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def managed_event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if not can_manage_event(current_user, event.id):
        abort(403)
    return event


def actor():
    """The signed-in account, as the audit log and histories name it."""
    return current_user._get_current_object()
