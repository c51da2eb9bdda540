"""The organizers' pages about registrations: the list and its exports, each registration,
and the registration rules per kind of organization. Attached under /workspace by the
workspace, whose guard admits organizers only."""
from flask import Blueprint

bp = Blueprint("registration", __name__)

from eventapp.registration.manage import exports, policies, registrations  # noqa: E402, F401
