"""What the documents say about an event and a person, in the language they are written in.

Call these inside `in_language(...)`: dates, honorifics and gettext follow that language.
"""
from contextlib import contextmanager

from flask_babel import force_locale

from eventapp.i18n import local_date, local_time, localized
from eventapp.labels import speaker_name
from eventapp.programme.models import SessionStatus
from eventapp.registration.models import ChoiceStatus

# The house colours (eventapp/static/css/app.css): lacquer red and jade, as RGB.
BRAND = (138, 28, 43)
ACCENT = (11, 93, 87)
INK = (27, 31, 36)
MUTED = (74, 83, 96)
LINE = (213, 218, 225)


@contextmanager
def in_language(registration):
    """Dates, labels and gettext in the attendee's chosen language."""
    with force_locale(registration.language.value):
        yield


def person_name(registration) -> str:
    """"TS. Nguyễn Thị Phương Hoa": the honorific, then the name as the person wrote it."""
    return speaker_name(registration)


def organization_type_name(registration) -> str:
    return localized(registration.organization_type, "name")


def event_title(event) -> str:
    return localized(event, "title")


def _same_day(event) -> bool:
    return event.local(event.starts_at).date() == event.local(event.ends_at).date()


def event_days(event) -> str:
    """"Tuesday, 18 March 2031", or the first and last day of a longer event."""
    first = local_date(event.starts_at, event)
    if _same_day(event):
        return first
    return f"{first} – {local_date(event.ends_at, event)}"


def event_when(event) -> str:
    """The days and the hours, in the event's own time zone."""
    hours = f"{local_time(event.starts_at, event)}–{local_time(event.ends_at, event)}"
    return f"{event_days(event)}, {hours}"


def organizer(event) -> str:
    return localized(event, "organizer")


def venue(event) -> str:
    return localized(event, "venue")


def address(event) -> str:
    return localized(event, "address")


def event_place(event) -> str:
    return ", ".join(part for part in (venue(event), address(event)) if part)


def session_when(session, event, with_day: bool) -> str:
    hours = f"{local_time(session.starts_at, event)}–{local_time(session.ends_at, event)}"
    if not with_day:
        return hours
    return f"{local_date(session.starts_at, event, 'short')} {hours}"


def room_name(session, event) -> str:
    rooms = {room.id: room for room in event.rooms}
    room = rooms.get(session.room_id)
    return localized(room, "name")


def _scheduled(choices) -> list:
    sessions = [c.session for c in choices if c.session.status != SessionStatus.CANCELLED]
    return sorted(sessions, key=lambda s: (s.starts_at, s.id))


def held_sessions(registration) -> list:
    """The sessions the person holds a seat in (not those they wait for), in time order."""
    return _scheduled(c for c in registration.choices if c.status == ChoiceStatus.HOLDING)


def attended_sessions(registration) -> list:
    """The sessions the person was checked in at, when the event checks in per session;
    otherwise the sessions they held a seat in (they were at the event)."""
    checked = [c for c in registration.choices if c.checked_in_at is not None]
    return _scheduled(checked) if checked else held_sessions(registration)


def multi_day(event) -> bool:
    return not _same_day(event)
