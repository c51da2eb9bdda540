"""Who may use the organizers' workspace, and its administrators' pages."""
from functools import wraps

from flask import abort
from flask_login import current_user

from eventapp.accounts.models import Role

WORKSPACE_ROLES = frozenset({Role.ADMIN, Role.ORGANIZER})


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or current_user.role != Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
