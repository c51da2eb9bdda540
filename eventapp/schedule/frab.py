"""The programme as a frab-compatible schedule.xml.

Giggity, ConfClerk and the c3voc tools read this format. Its structure is the one the c3voc
schedule.xml.xsd describes: <schedule> with <version> and <conference>, then one <day> per
date in the event's zone, one <room> per place, one <event> per session.

Sessions without a room (openings, breaks, plenaries) take place in the venue as a whole,
so they are listed in a room named after the venue; an event with no venue set uses a
generic name. Viewers draw one column per room name, so this keeps them in one column.
"""
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date

from flask_babel import gettext as _

from eventapp.events.models import Event
from eventapp.i18n import localized
from eventapp.labels import speaker_name
from eventapp.programme.models import WorkshopSession
from eventapp.programme.services import build_agenda
from eventapp.schedule.links import Links
from eventapp.schedule.services import (
    content_version,
    duration_minutes,
    session_guid,
    speaker_lines,
)
from eventapp.text import plain_text

GENERATOR = "eventapp"
# The grid viewers draw the timetable on; every time of day we write is a whole minute.
TIMESLOT_DURATION = "00:15"


def frab_schedule(event: Event, sessions: list[WorkshopSession], links: Links) -> bytes:
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR)
    version = ET.SubElement(root, "version")
    days = _days(event, sessions)
    _add_conference(root, event, links, day_count=len(days))
    for index, (day, day_sessions) in enumerate(days, start=1):
        _add_day(root, event, index, day, day_sessions, links)
    # The version is a fingerprint of everything else, so it is filled in last.
    version.text = content_version(ET.tostring(root, encoding="utf-8"))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _days(event: Event, sessions: list[WorkshopSession]) -> list[tuple[date, list]]:
    """Sessions by date in the event's zone; an event with no session yet still has its day."""
    days = [
        (day.date, [session for slot in day.slots for session in slot.sessions])
        for day in build_agenda(event, sessions)
    ]
    return days or [(event.local(event.starts_at).date(), [])]


def _add_conference(root: ET.Element, event: Event, links: Links, day_count: int) -> None:
    conference = ET.SubElement(root, "conference")
    _text(conference, "acronym", event.slug)
    _text(conference, "title", localized(event, "title"))
    _text(conference, "start", event.local(event.starts_at).date().isoformat())
    _text(conference, "end", event.local(event.ends_at).date().isoformat())
    _text(conference, "days", str(day_count))
    _text(conference, "timeslot_duration", TIMESLOT_DURATION)
    _text(conference, "base_url", links.event(event))
    _text(conference, "time_zone_name", event.timezone)


def _add_day(root, event: Event, index: int, day: date, sessions: list, links: Links) -> None:
    element = ET.SubElement(root, "day", index=str(index), date=day.isoformat())
    if sessions:
        element.set("start", _iso(event, min(s.starts_at for s in sessions)))
        element.set("end", _iso(event, max(s.ends_at for s in sessions)))
    else:
        element.set("start", _iso(event, event.starts_at))
        element.set("end", _iso(event, event.ends_at))
    for room_name, room_sessions in _by_room(event, sessions).items():
        room = ET.SubElement(element, "room", name=room_name)
        for session in room_sessions:
            _add_session(room, event, session, room_name, links)


def _by_room(event: Event, sessions: list[WorkshopSession]) -> dict[str, list]:
    """Room name -> its sessions in time order; the whole venue first, then rooms in order."""
    ordered = sorted(
        sessions,
        key=lambda s: (s.room.position if s.room else -1, s.room_id or 0, s.starts_at, s.id),
    )
    rooms: dict[str, list] = defaultdict(list)
    for session in ordered:
        rooms[_room_name(event, session)].append(session)
    # A room that happens to bear the venue's name holds both kinds: keep it in time order.
    return {name: sorted(group, key=lambda s: (s.starts_at, s.id)) for name, group in rooms.items()}


def _room_name(event: Event, session: WorkshopSession) -> str:
    if session.room:
        return localized(session.room, "name")
    return localized(event, "venue") or _("Main venue")


def _add_session(room: ET.Element, event: Event, session, room_name: str, links: Links) -> None:
    element = ET.SubElement(
        room, "event", guid=str(session_guid(event, session)), id=str(session.id)
    )
    starts = event.local(session.starts_at)
    _text(element, "date", starts.isoformat(timespec="seconds"))
    _text(element, "start", starts.strftime("%H:%M"))
    _text(element, "duration", _hours_minutes(duration_minutes(session)))
    _text(element, "room", room_name)
    _text(element, "slug", _event_slug(event, session))
    _text(element, "url", links.session(event, session))
    _text(element, "title", localized(session, "title"))
    _text(element, "subtitle", "")
    _text(element, "track", localized(session, "track"))
    _text(element, "type", session.kind.value)
    _text(element, "language", session.language.value)
    _text(element, "abstract", plain_text(localized(session, "description")))
    # frab has no place for a speaker's part (moderator, chair, …): it is told here.
    _text(element, "description", "\n".join(speaker_lines(session)))
    _text(element, "logo", "")
    persons = ET.SubElement(element, "persons")
    for link in session.speaker_links:
        _text(persons, "person", speaker_name(link.speaker), id=str(link.speaker.id))
    ET.SubElement(element, "links")
    ET.SubElement(element, "attachments")


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, **attributes)
    element.text = text
    return element


def _iso(event: Event, moment) -> str:
    return event.local(moment).isoformat(timespec="seconds")


def _hours_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event_slug(event: Event, session: WorkshopSession) -> str:
    """frab's "<conference>-<id>-<title>" in ASCII: "hoi-thao-2031-12-kinh-te-sang-tao".

    Made from the title in the default language, so that it is the same in every language.
    """
    return f"{event.slug}-{session.id}-{_ascii_slug(session.title)}".strip("-")[:200]


def _ascii_slug(text: str) -> str:
    # đ is a letter of its own, not d with a mark, so decomposition alone would drop it.
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    words = "".join(char if char.isalnum() else " " for char in ascii_text).split()
    return "-".join(words)[:80]
