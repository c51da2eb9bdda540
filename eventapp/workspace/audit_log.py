"""The audit log, for administrators: who did what and when, with the values before and after."""
import enum
import re
from datetime import datetime

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.accounts.access import admin_required
from eventapp.accounts.administration import all_events
from eventapp.accounts.models import Role
from eventapp.audit import queries as audit_queries
from eventapp.events.models import EventStatus
from eventapp.i18n import home_zone, local_datetime
from eventapp.labels import label
from eventapp.programme.models import SessionKind, SessionLanguage, SessionStatus
from eventapp.registration.models import RegistrationStatus
from eventapp.workspace import bp

# Actions named in words; any other is shown as it was recorded (e.g. "session.update").
ACTION_LABELS = {
    "account.create": _l("Account created"),
    "account.update": _l("Account changed"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "account.password_reset": _l("Password reset by an administrator"),
    "event.create": _l("Event created"),
    "event.update": _l("Event changed"),
    "event.publish": _l("Event published"),
    "event.unpublish": _l("Event unpublished"),
    "policies.update": _l("Registration rules changed"),
    "room.create": _l("Room added"),
    "room.update": _l("Room changed"),
    "room.move": _l("Rooms reordered"),
    "room.delete": _l("Room deleted"),
    "session.create": _l("Session added"),
    "session.update": _l("Session changed"),
    "session.cancel": _l("Session cancelled"),
    "session.reinstate": _l("Session reinstated"),
    "session.delete": _l("Session deleted"),
    "session.speakers": _l("Speakers of a session changed"),
    "speaker.create": _l("Speaker added"),
    "speaker.update": _l("Speaker profile changed"),
    "registration.add": _l("Registration added by hand"),
    "registration.approve": _l("Registration approved"),
    "registration.reject": _l("Registration not accepted"),
    "registration.cancel": _l("Registration cancelled"),
    "registration.sessions": _l("Sessions of a registration changed"),
    "registration.resend": _l("Email to an attendee sent again"),
    "registrations.export_csv": _l("Registrations exported (CSV)"),
    "registrations.export_xlsx": _l("Registrations exported (XLSX)"),
    "mailing.create": _l("Email to attendees drafted"),
    "mailing.update": _l("Email to attendees changed"),
    "mailing.test": _l("Test email sent"),
    "mailing.send": _l("Email to attendees sent"),
}

# Words for the fields and targets audit entries record; any other is written out from its name.
FIELD_LABELS = {
    "account": _l("Account"),
    "active": _l("Can sign in"),
    "capacity": _l("Capacity"),
    "description": _l("Description"),
    "email": _l("Email address"),
    "ends_at": _l("Ends"),
    "event": _l("Event"),
    "events": _l("Events"),
    "filter": _l("Filter"),
    "kind": _l("Kind"),
    "language": _l("Language"),
    "mailing": _l("Email to attendees"),
    "name": _l("Name"),
    "registration": _l("Registration"),
    "role": _l("Role"),
    "room": _l("Room"),
    "room_id": _l("Room"),
    "session": _l("Session"),
    "speaker": _l("Speaker"),
    "starts_at": _l("Starts"),
    "status": _l("Status"),
    "title": _l("Title"),
}

# Values kept as an enumeration's value, shown with the enumeration's words.
ENUM_FIELDS = {
    ("account", "role"): Role,
    ("event", "status"): EventStatus,
    ("registration", "status"): RegistrationStatus,
    ("session", "status"): SessionStatus,
    ("session", "kind"): SessionKind,
    ("session", "language"): SessionLanguage,
}

# An ISO 8601 moment with its offset, as eventapp.audit.services.snapshot writes datetimes.
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    return name.replace("_", " ").capitalize()


def audit_value(value, target_type: str = "", field: str = "", zone=None) -> str:
    """A recorded value as a person reads it: words for codes, moments in local time."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(audit_value(item, zone=zone) for item in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{field_label(k)}: {audit_value(v, target_type, k, zone)}" for k, v in value.items()
        )
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, str):
        enum_class = ENUM_FIELDS.get((target_type, field))
        if enum_class is not None and value in {member.value for member in enum_class}:
            return label(enum_class(value))
        if zone is not None and _MOMENT.match(value):
            return local_datetime(datetime.fromisoformat(value), zone)
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
        events=all_events(),
        actors=audit_queries.actors(),
        home_zone=home_zone(),
        action_label=action_label,
        field_label=field_label,
        audit_value=audit_value,
    )
