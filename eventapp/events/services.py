"""Events as the public sees them."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from eventapp.db import utc_now
from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db


class EventNotFound(LookupError):
    """No published event has this slug (drafts do not exist for the public)."""


@dataclass
class EventListing:
    upcoming: list[Event]
    past: list[Event]


def public_events(now: datetime | None = None) -> EventListing:
    """Published events: those not yet over, soonest first; past ones, latest first."""
    now = now or utc_now()
    published = select(Event).where(Event.status == EventStatus.PUBLISHED)
    upcoming = db.session.scalars(
        published.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    )
    past = db.session.scalars(
        published.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id)
    )
    return EventListing(upcoming=list(upcoming), past=list(past))


def get_public_event(slug: str) -> Event:
    event = db.session.scalar(
        select(Event).where(Event.slug == slug, Event.status == EventStatus.PUBLISHED)
    )
    if event is None:
        raise EventNotFound(slug)
    return event


def registration_window_open(event: Event, now: datetime | None = None) -> bool:
    now = now or utc_now()
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.starts_at
    return now < closes
