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
  means the times were meant in it), and attendees are told of the moved sessions.
"""

import re
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from eventapp.accounts.models import Account
from eventapp.accounts.services import assign
from eventapp.db import begin_write
from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.mail.services import InvalidAddress, normalize_address
from eventapp.programme.changes import ProgrammeChanges
from eventapp.programme.models import WorkshopSession
from eventapp.registration.models import Registration
from eventapp.registration.policies import BelowTaken, set_limit
from eventapp.registration.services import promote_waiting_lists
from eventapp.text import slugify

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80


class EventError(ValueError):
    """A change the rules refuse; `message` says why and `field` which form field it is about."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


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
    if event.is_published:
        return True
    return bool(db.session.scalar(select(exists().where(Registration.event_id == event.id))))


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


def create_event(data: EventData, creator: Account) -> Event:
    """A draft event, its creator assigned to it (so that an organizer can go on editing it)."""
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
    assign(creator, event.id)
    return event


def update_event(
    event: Event,
    data: EventData,
    *,
    move_sessions: bool = False,
    changes: ProgrammeChanges | None = None,
    actor: str = "system",
) -> int:
    """Apply the form; returns how many attendees were emailed about moved sessions.

    `move_sessions` moves the whole programme by as much as the event's start moves (an
    event put off by a week keeps its programme). Without it, sessions must still fit in
    the event's new span.
    """
    begin_write(db.session)
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
    sessions = _sessions(event)
    # The event's old start at the same local time in the new zone: what remains of the
    # difference is how far the organizer moved the event.
    kept_start = _same_local_time(event.starts_at, event.tz, new_zone)
    shift = data.starts_at - kept_start if move_sessions else timedelta(0)
    planned = _planned_times(sessions, event.tz, new_zone, shift)
    _check_programme_fits(sessions, planned, data)
    raised = _set_event_capacity(event, data.capacity)

    own_changes = changes is None
    changes = changes or ProgrammeChanges(event, actor)
    for session, (starts_at, ends_at) in planned.items():
        changes.watch(session)
        session.starts_at, session.ends_at = starts_at, ends_at
    for name in EVENT_FIELDS:
        if name != "capacity":
            setattr(event, name, getattr(data, name))
    db.session.flush()
    if raised:
        promote_waiting_lists(event)
    return changes.notify() if own_changes else 0


def _zone(name: str) -> ZoneInfo:
    if name not in available_timezones():
        raise EventError(_l("Please choose a time zone from the list."), "timezone")
    return ZoneInfo(name)


def _sessions(event: Event) -> list[WorkshopSession]:
    return list(
        db.session.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.event_id == event.id)
            .order_by(WorkshopSession.starts_at, WorkshopSession.id)
        )
    )


def _planned_times(sessions, old_zone: ZoneInfo, new_zone: ZoneInfo, shift: timedelta) -> dict:
    """Where each session goes: the same local time in the new zone, then moved by `shift`.

    Only the sessions that move are listed.
    """
    planned = {}
    for session in sessions:
        times = (
            _same_local_time(session.starts_at, old_zone, new_zone) + shift,
            _same_local_time(session.ends_at, old_zone, new_zone) + shift,
        )
        times = (times[0].astimezone(UTC), times[1].astimezone(UTC))
        if times != (session.starts_at, session.ends_at):
            planned[session] = times
    return planned


def _same_local_time(moment: datetime, old_zone: ZoneInfo, new_zone: ZoneInfo) -> datetime:
    return moment.astimezone(old_zone).replace(tzinfo=new_zone)


def _check_programme_fits(sessions, planned: dict, data: EventData) -> None:
    times = [planned.get(s, (s.starts_at, s.ends_at)) for s in sessions]
    outside = [
        session
        for session, (starts_at, ends_at) in zip(sessions, times, strict=True)
        if starts_at < data.starts_at or ends_at > data.ends_at
    ]
    if outside:
        raise EventError(
            _l(
                "“%(title)s” and %(others)d other session(s) would fall outside the event's new "
                "dates. Tick “Move the programme with the event”, or change those sessions first.",
                title=outside[0].title,
                others=len(outside) - 1,
            ),
            "starts_at",
        )


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


def publish_event(event: Event) -> None:
    event.status = EventStatus.PUBLISHED
    db.session.flush()


def unpublish_event(event: Event) -> None:
    """Back to a draft: its pages, exports and registration form are gone for the public.

    Registrations stay as they are; attendees' own pages keep working.
    """
    event.status = EventStatus.DRAFT
    db.session.flush()

