"""The programme as iCalendar (RFC 5545, with the RFC 7986 additions calendar apps read)."""
from datetime import date, timedelta

from icalendar import Calendar, Timezone, vDuration
from icalendar import Event as CalendarEvent

from eventapp.events.models import Event
from eventapp.i18n import localized
from eventapp.labels import label
from eventapp.programme.models import WorkshopSession
from eventapp.schedule.links import Links
from eventapp.schedule.services import (
    event_guid,
    session_details,
    session_guid,
    session_location,
)

PRODID = "-//eventapp//Schedule//EN"
# How often a subscribed calendar should look for changes to the programme.
REFRESH_INTERVAL = timedelta(hours=1)


def event_calendar(event: Event, sessions: list[WorkshopSession], links: Links) -> bytes:
    """The whole programme: one VEVENT per session, for subscribing or importing."""
    calendar = _calendar(event, sessions, source=links.event_ics(event), links=links)
    for session in sessions:
        calendar.add_component(_session_component(event, session, links))
    return calendar.to_ical()


def session_calendar(event: Event, session: WorkshopSession, links: Links) -> bytes:
    """One session as a file of its own: what "add to calendar" on the session page opens."""
    calendar = _calendar(event, [session], source=links.session_ics(event, session), links=links)
    calendar.add_component(_session_component(event, session, links))
    return calendar.to_ical()


def _calendar(event: Event, sessions: list[WorkshopSession], source: str, links: Links) -> Calendar:
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        calscale="GREGORIAN",
        name=localized(event, "title"),
        description=localized(event, "subtitle") or None,
        uid=str(event_guid(event)),
        url=links.event(event),
        source=source,
        refresh_interval=REFRESH_INTERVAL,
    )
    # Outlook and older Apple clients read these instead of the RFC 7986 properties.
    calendar.add("X-WR-TIMEZONE", event.timezone)
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    first, last = _date_span(event, sessions)
    # The zone's rules, written out, so that clients need no zone database of their own;
    # limited to the weeks around the event to keep the file small.
    calendar.add_component(
        Timezone.from_tzid(
            event.timezone, first_date=first - timedelta(days=7), last_date=last + timedelta(days=7)
        )
    )
    return calendar


def _date_span(event: Event, sessions: list[WorkshopSession]) -> tuple[date, date]:
    moments = [event.starts_at, event.ends_at]
    for session in sessions:
        moments += [session.starts_at, session.ends_at]
    local_dates = [event.local(moment).date() for moment in moments]
    return min(local_dates), max(local_dates)


def _session_component(event: Event, session: WorkshopSession, links: Links) -> CalendarEvent:
    session_url = links.session(event, session)
    categories = [label(session.kind)]
    track = localized(session, "track")
    if track:
        categories.append(track)
    return CalendarEvent.new(
        uid=str(session_guid(event, session)),
        # The moment this description of the session was last changed: the same on every
        # request, so that an unchanged programme gives an unchanged file.
        stamp=session.updated_at,
        created=session.created_at,
        last_modified=session.updated_at,
        # Local times carry TZID=<the event's zone>, defined by the VTIMEZONE above.
        start=event.local(session.starts_at),
        end=event.local(session.ends_at),
        summary=localized(session, "title"),
        description=session_details(session, session_url),
        location=session_location(event, session),
        url=session_url,
        categories=categories,
    )
