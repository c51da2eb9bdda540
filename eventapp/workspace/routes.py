"""The workspace's own pages; each capability adds its screens in its own module."""
from flask import render_template

from eventapp.workspace import bp
from eventapp.workspace.access import actor, require_organizer
from eventapp.workspace.services import managed_events

bp.before_request(require_organizer)


@bp.get("/")
def home():
    return render_template("workspace/home.html", events=managed_events(actor()))


from eventapp.workspace import accounts_admin, audit_log, dashboard  # noqa: E402, F401
from eventapp.workspace import programme  # noqa: E402, F401
from eventapp.workspace import mailings, registrations, registrations_exports  # noqa: E402, F401
from eventapp.workspace import attendance, documents  # noqa: E402, F401
