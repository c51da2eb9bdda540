"""What the station shows for an answer: a tone (colour), an icon and words, and a JSON form.

The banner must read at a glance on a phone at a busy door, so each answer says it three
ways at once: its colour, its icon and its heading.
"""
from datetime import datetime

from flask_babel import gettext as _

from eventapp.checkin.services import Answer, Outcome
from eventapp.events.models import Event
from eventapp.i18n import local_datetime, local_time, localized
from eventapp.labels import label, speaker_name
from eventapp.registration.models import Registration

# tone: "ok" green, "warn" amber, "stop" red, "info" blue. icon: a name in _icons.html.
_LOOKS = {
    Outcome.CHECKED_IN: ("ok", "check"),
    Outcome.VALID: ("info", "info"),
    Outcome.ALREADY_CHECKED_IN: ("warn", "alert"),
    Outcome.UNDONE: ("info", "undo"),
    Outcome.NO_SEAT: ("stop", "cross"),
    Outcome.CANCELLED: ("stop", "cross"),
    Outcome.REJECTED: ("stop", "cross"),
    Outcome.EXPIRED: ("stop", "cross"),
    Outcome.WAITLISTED: ("warn", "clock"),
    Outcome.PENDING: ("warn", "clock"),
    Outcome.OTHER_EVENT: ("stop", "cross"),
    Outcome.UNKNOWN: ("stop", "question"),
}


def moment(when: datetime, event: Event, now: datetime) -> str:
    """08:42 on the day itself; the date as well on any other day."""
    if event.local(when).date() == event.local(now).date():
        return local_time(when, event)
    return local_datetime(when, event)


def heading(answer: Answer, event: Event, now: datetime) -> str:
    outcome = answer.outcome
    session = localized(answer.session, "title") if answer.session else ""
    if outcome == Outcome.CHECKED_IN:
        return _("Checked in to %(session)s", session=session) if session else _("Checked in")
    if outcome == Outcome.ALREADY_CHECKED_IN:
        return _("Already checked in at %(time)s", time=moment(answer.checked_in_at, event, now))
    if outcome == Outcome.VALID:
        return _("Not checked in yet")
    if outcome == Outcome.UNDONE:
        return _("Check-in undone")
    if outcome == Outcome.NO_SEAT:
        return _("No seat in %(session)s", session=session)
    if outcome == Outcome.CANCELLED:
        return _("Cancelled")
    if outcome == Outcome.REJECTED:
        return _("Not accepted")
    if outcome == Outcome.EXPIRED:
        return _("Expired: never confirmed")
    if outcome == Outcome.WAITLISTED:
        return _("On the waiting list")
    if outcome == Outcome.PENDING:
        return _("Pending")
    if outcome == Outcome.OTHER_EVENT:
        title = localized(answer.other_event, "title") if answer.other_event else ""
        return _("Ticket for another event: %(event)s", event=title)
    return _("Unknown code")


def detail(answer: Answer, event: Event) -> str:
    """A line under the heading that says what to do or why."""
    outcome = answer.outcome
    registration = answer.registration
    if outcome == Outcome.ALREADY_CHECKED_IN:
        if answer.checked_in_by:
            return _("Let in by %(name)s. Check that this is the same person.",
                     name=answer.checked_in_by)
        return _("Check that this is the same person.")
    if outcome == Outcome.PENDING and registration is not None:
        return label(registration.status)
    if outcome in (Outcome.CANCELLED, Outcome.REJECTED, Outcome.EXPIRED, Outcome.WAITLISTED,
                   Outcome.PENDING):
        return _("This registration gives no entry. Send the person to the help desk.")
    if outcome == Outcome.NO_SEAT:
        return _("They have no seat reserved in this session.")
    if outcome == Outcome.OTHER_EVENT and answer.other_event is not None:
        return _("Held for %(date)s.", date=local_datetime(answer.other_event.starts_at,
                                                          answer.other_event))
    if outcome == Outcome.UNKNOWN:
        if answer.code:
            return _("No ticket has the code %(code)s. Type it again or search by name.",
                     code=answer.code)
        return _("Search by name instead.")
    return ""


def tone(answer: Answer) -> str:
    return _LOOKS[answer.outcome][0]


def icon(answer: Answer) -> str:
    return _LOOKS[answer.outcome][1]


def person(registration: Registration, event: Event) -> dict:
    """The registration as the station's JSON gives it."""
    return {
        "id": registration.id,
        "name": speaker_name(registration),
        "organization": registration.organization_name,
        "organization_type": localized(registration.organization_type, "name"),
        "position": registration.position or "",
        "status": registration.status.value,
        "status_label": label(registration.status),
        "checked_in_at": _iso(registration.checked_in_at),
        "sessions": [
            {
                "id": choice.session_id,
                "title": localized(choice.session, "title"),
                "starts_at": local_time(choice.session.starts_at, event),
                "status": choice.status.value,
                "checked_in_at": _iso(choice.checked_in_at),
            }
            for choice in registration.choices
        ],
    }


def as_json(answer: Answer, event: Event, now: datetime) -> dict:
    return {
        "outcome": answer.outcome.value,
        "tone": tone(answer),
        "heading": heading(answer, event, now),
        "detail": detail(answer, event),
        "code": answer.code,
        "checked_in_at": _iso(answer.checked_in_at),
        "checked_in_by": answer.checked_in_by,
        "session_id": answer.session.id if answer.session else None,
        "registration": person(answer.registration, event) if answer.registration else None,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
