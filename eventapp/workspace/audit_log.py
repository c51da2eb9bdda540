"""The audit log, for administrators: who did what and when, with the values before and after."""
import enum
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.db import utc_now
from eventapp.labels import label
from eventapp.workspace import audit_queries, bp
from eventapp.workspace.access import admin_required

# Actions named in words; any other is shown as it was recorded (e.g. "session.update").
ACTION_LABELS = {
    "account.create": _l("Account created"),
    "account.update": _l("Account changed"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "account.password_reset": _l("Password reset by an administrator"),
}

# Words for the fields audit entries record; any other is written out from its name.
FIELD_LABELS = {
    "email": _l("Email address"),
    "name": _l("Name"),
    "role": _l("Role"),
    "active": _l("Can sign in"),
    "events": _l("Events"),
}


@dataclass(frozen=True)
class HomeZone:
    """The site's own time zone, shaped like an event for the date filters of eventapp.i18n."""

    timezone: str
    starts_at: datetime = field(default_factory=utc_now)


def home_zone() -> HomeZone:
    return HomeZone(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    return name.replace("_", " ").capitalize()


def audit_value(value) -> str:
    """A recorded value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(audit_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {audit_value(v)}" for k, v in value.items())
    if isinstance(value, enum.Enum):
        return label(value)
    return str(value)


def _int_arg(name: str) -> int | None:
    """A whole number from the query string, or None for anything else (never an error)."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 <= value < 2**63 else None


@bp.get("/audit")
@admin_required
def audit_log():
    filters = audit_queries.AuditFilter(
        event_id=_int_arg("event"), actor=request.args.get("actor", "").strip()[:254] or None
    )
    page = audit_queries.audit_page(filters, before=_int_arg("before"), after=_int_arg("after"))
    return render_template(
        "workspace/audit/log.html",
        page=page,
        filters=filters,
        events=audit_queries.events(),
        actors=audit_queries.actors(),
        home_zone=home_zone(),
        action_label=action_label,
        field_label=field_label,
        audit_value=audit_value,
    )
