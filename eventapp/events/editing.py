"""Organizers create and change events: plain functions that flush and never commit.

Rules kept here rather than in the forms, so that every caller obeys them:

- the slug (the event's address, and the seed of every session's calendar UID) is frozen
  while the event is published or once anyone has registered: calendars, apps and the links
  in emails already sent identify the event by it;
- a capacity is never set below the places already taken (checked and written in one
  conditional UPDATE, so that a registration arriving at the same moment cannot slip
  between the check and the change), and raising it hands the new places to the waiting
  list at once;
- changing the time zone keeps every session at the same local time (a corrected zone
  means the times were meant in it), and attendees are told of the moved sessions (the
  programme and registration do that, told through `eventapp.signals`).

Every change is written to the audit log here, in the same transaction, with the event as
it was and as it is: `actor` is who makes it, an organizer's Account or a name ("system"
for a command or a task), whoever calls.
"""

import re
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventapp import signals
from eventapp.audit.services import record, snapshot
from eventapp.db import begin_write
from eventapp.errors import Refused
from eventapp.events.models import Event, EventStatus
from eventapp.events.places import BelowTaken, set_limit
from eventapp.extensions import db
from eventapp.mail.services import InvalidAddress, normalize_address
from eventapp.text import slugify

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80


class EventError(Refused):
    """A change to an event the rules refuse."""


@dataclass
class EventData:
    """What the event form holds, as plain values: moments are aware (any zone)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    slug: str = ""
    title_vi: str | None = None
    subtitle: str | None = None
    subtitle_vi: str | None = None
    description: str = ""
    description_vi: str | None = None
    organizer: str | None = None
    organizer_vi: str | None = None
    venue: str = ""
    venue_vi: str | None = None
    address: str = ""
    address_vi: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    contact_email: str | None = None
    notification_emails: str = ""


# Everything the form edits; with the status, what the audit log keeps of an event.
EVENT_FIELDS = tuple(f.name for f in fields(EventData))
AUDIT_FIELDS = (*EVENT_FIELDS, "status")


# --- Slugs ----------------------------------------------------------------------------------


def check_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not slug:
        raise EventError(_l("Please give the event an address (slug)."), "slug")
    if len(slug) > SLUG_MAX_LENGTH or not SLUG_PATTERN.match(slug):
        raise EventError(
            _l(
                "Use only lowercase letters without accents, digits and single hyphens, "
                "e.g. creative-industries-2031 (at most %(n)d characters).",
                n=SLUG_MAX_LENGTH,
            ),
            "slug",
        )
    return slug


def slug_is_frozen(event: Event) -> bool:
    """Published, or registered for: links, calendars and apps already know the slug."""
    return event.is_published or any(signals.answers(signals.registered_for, event))


def _unique_slug(base: str, event_id: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`… if another event has it (for slugs made from titles)."""
    base = base or "event"
    candidate, n = base, 1
    while _slug_taken(candidate, event_id):
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def _slug_taken(slug: str, event_id: int | None) -> bool:
    query = select(Event.id).where(Event.slug == slug)
    if event_id is not None:
        query = query.where(Event.id != event_id)
    return db.session.scalar(query) is not None


# --- Checks ---------------------------------------------------------------------------------


def _clean(data: EventData) -> EventData:
    """Trimmed texts, empty optional texts as None, addresses normalized; or EventError."""
    optional = ("title_vi", "subtitle", "subtitle_vi", "description_vi", "organizer",
                "organizer_vi", "venue_vi", "address_vi")
    for name in optional:
        value = getattr(data, name)
        setattr(data, name, value.strip() if value and value.strip() else None)
    data.title = (data.title or "").strip()
    data.description = (data.description or "").strip()
    data.venue = (data.venue or "").strip()
    data.address = (data.address or "").strip()
    # Stored and compared in UTC, whatever zone the form typed them in.
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = getattr(data, name)
        setattr(data, name, value.astimezone(UTC) if value is not None else None)
    if not data.title:
        raise EventError(_l("Please give the event a title."), "title")
    if data.ends_at <= data.starts_at:
        raise EventError(_l("The event must end after it starts."), "ends_at")
    opens, closes = data.registration_opens_at, data.registration_closes_at
    if opens and closes and closes <= opens:
        raise EventError(_l("Registration must close after it opens."), "registration_closes_at")
    if data.capacity is not None and data.capacity < 1:
        raise EventError(
            _l("The capacity must be at least 1; leave it empty for no limit."), "capacity"
        )
    data.contact_email = (
        _address(data.contact_email, "contact_email") if data.contact_email else None
    )
    data.notification_emails = ", ".join(
        _address(part, "notification_emails")
        for part in re.split(r"[,;\s]+", data.notification_emails or "")
        if part
    )
    return data


def _address(value: str, field: str) -> str:
    try:
        return normalize_address(value)
    except InvalidAddress as error:
        raise EventError(error.args[0], field) from None


# --- Creating and changing ------------------------------------------------------------------


def create_event(data: EventData, *, actor="system") -> Event:
    """A draft event. An organizer's account creating it (anything with `assign(event_id)`)
    is assigned to it, so that they can go on editing it; a name is only recorded.
    """
    data = _clean(data)
    data.slug = check_slug(data.slug) if data.slug.strip() else _unique_slug(slugify(data.title))
    if _slug_taken(data.slug, None):
        raise EventError(_l("Another event already has this address."), "slug")
    _zone(data.timezone)
    event = Event(status=EventStatus.DRAFT, seats_taken=0)
    for name in EVENT_FIELDS:
        setattr(event, name, getattr(data, name))
    db.session.add(event)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # Another organizer took the same address a moment ago.
        raise EventError(_l("Another event already has this address."), "slug") from None
    if hasattr(actor, "assign"):
        actor.assign(event.id)
    db.session.flush()
    record(actor, "event.create", "event", event.id, event_id=event.id,
           after=snapshot(event, AUDIT_FIELDS))
    return event


def update_event(
    event: Event,
    data: EventData,
    *,
    move_sessions: bool = False,
    actor="system",
) -> int:
    """Apply the form; returns how many attendees were emailed about moved sessions.

    `move_sessions` moves the whole programme by as much as the event's start moves (an
    event put off by a week keeps its programme). Without it, sessions must still fit in
    the event's new span. The programme moves itself (`eventapp.signals.event_rescheduled`).
    """
    begin_write(db.session)
    before = snapshot(event, AUDIT_FIELDS)
    data = _clean(data)
    slug = check_slug(data.slug)
    if slug != event.slug:
        if slug_is_frozen(event):
            raise EventError(
                _l(
                    "The address cannot change any more: the event has been published or "
                    "registered for, and calendars, apps and emails already use it."
                ),
                "slug",
            )
        if _slug_taken(slug, event.id):
            raise EventError(_l("Another event already has this address."), "slug")
    data.slug = slug

    new_zone = _zone(data.timezone)
    # The event's old start at the same local time in the new zone: what remains of the
    # difference is how far the organizer moved the event.
    kept_start = same_local_time(event.starts_at, event.tz, new_zone)
    moved = signals.answers(
        signals.event_rescheduled,
        event,
        new_zone=new_zone,
        shift=data.starts_at - kept_start if move_sessions else timedelta(0),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        actor=actor,
    )
    raised = _set_event_capacity(event, data.capacity)
    for name in EVENT_FIELDS:
        if name != "capacity":
            setattr(event, name, getattr(data, name))
    db.session.flush()
    if raised:
        signals.places_added.send(event)
    emailed = sum(changes.notify() for changes in moved)
    after = snapshot(event, AUDIT_FIELDS)
    if emailed:
        after["attendees_emailed"] = emailed
    record(actor, "event.update", "event", event.id, event_id=event.id, before=before, after=after)
    return emailed


def _zone(name: str) -> ZoneInfo:
    if name not in available_timezones():
        raise EventError(_l("Please choose a time zone from the list."), "timezone")
    return ZoneInfo(name)


def same_local_time(moment: datetime, old_zone: ZoneInfo, new_zone: ZoneInfo) -> datetime:
    return moment.astimezone(old_zone).replace(tzinfo=new_zone)


def _set_event_capacity(event: Event, capacity: int | None) -> bool:
    try:
        return set_limit(event, Event.id == event.id, capacity)
    except BelowTaken as refused:
        raise EventError(
            _l(
                "%(taken)d places are already taken: the capacity cannot be lower than that.",
                taken=refused.taken,
            ),
            "capacity",
        ) from None


def publish_event(event: Event, *, actor="system") -> None:
    _set_status(event, EventStatus.PUBLISHED, "event.publish", actor)


def unpublish_event(event: Event, *, actor="system") -> None:
    """Back to a draft: its pages, exports and registration form are gone for the public.

    Registrations stay as they are; attendees' own pages keep working.
    """
    _set_status(event, EventStatus.DRAFT, "event.unpublish", actor)


def _set_status(event: Event, status: EventStatus, action: str, actor) -> None:
    before = snapshot(event, ("status",))
    event.status = status
    db.session.flush()
    record(actor, action, "event", event.id, event_id=event.id,
           before=before, after=snapshot(event, ("status",)))

