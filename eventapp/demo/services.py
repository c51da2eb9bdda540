"""Loading the demo events into the database, and removing them again.

The content lives in `eventapp.demo.data`; this module only turns it into rows. Every date is
reckoned from `today`, so that the main event is always a few weeks ahead. The functions
flush and never commit: the command that calls them decides.
"""
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, select

from eventapp.demo import data
from eventapp.events.models import Event, Room
from eventapp.extensions import db
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import SessionSpeaker, WorkshopSession
from eventapp.registration.models import TypePolicy
from eventapp.speakers.models import Speaker, SpeakerLink

# Fields copied from the data as they are written there.
_SPEAKER_FIELDS = ("honorific", "full_name", "position", "organization", "country", "biography")
_EVENT_FIELDS = (
    "slug", "title", "subtitle", "description", "organizer", "status",
    "venue", "address", "contact_email",
)
# The Vietnamese texts, copied when the data has them.
_SPEAKER_FIELDS_VI = ("position_vi", "organization_vi", "biography_vi")
_EVENT_FIELDS_VI = (
    "title_vi", "subtitle_vi", "description_vi", "organizer_vi", "venue_vi", "address_vi",
)
_SESSION_FIELDS_VI = ("title_vi", "description_vi", "track_vi")


class DemoAlreadyLoaded(RuntimeError):
    """Some of the demo events are already in the database."""

    def __init__(self, slugs: list[str]):
        super().__init__(", ".join(slugs))
        self.slugs = slugs


def database_is_empty() -> bool:
    """True when the database holds no event at all (drafts count)."""
    return db.session.scalar(select(Event.id).limit(1)) is None


def existing_demo_slugs() -> list[str]:
    found = set(db.session.scalars(select(Event.slug).where(Event.slug.in_(data.DEMO_SLUGS))))
    return [slug for slug in data.DEMO_SLUGS if slug in found]


def demo_today() -> date:
    """Today's date where the demo events take place."""
    return datetime.now(ZoneInfo(data.TIMEZONE)).date()


def event_day(spec: dict, today: date) -> date:
    """The first day falling on the event's weekday, `days_from_today` or more from today."""
    earliest = today + timedelta(days=spec["days_from_today"])
    return earliest + timedelta(days=(spec["weekday"] - earliest.weekday()) % 7)


def slug_from_name(name: str) -> str:
    """A URL slug of a person's name: "Nguyễn Phương Hoa" becomes "nguyen-phuong-hoa".

    Accents decompose and drop away; đ is a letter of its own and is replaced by hand.
    """
    name = name.replace("đ", "d").replace("Đ", "D")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_name.lower()).split()
    return "-".join(words)


def load_demo(today: date | None = None) -> Event:
    """Add the demo events, their rooms, programmes and speakers; return the main event.

    Raises DemoAlreadyLoaded when any demo event exists. Speaker profiles already in the
    database (matched by slug) are reused as they are, since organizers may have edited them.
    """
    already = existing_demo_slugs()
    if already:
        raise DemoAlreadyLoaded(already)
    today = today or demo_today()
    speakers = {spec["key"]: _get_or_add_speaker(spec) for spec in data.SPEAKERS}
    events = [_add_event(spec, today, speakers) for spec in data.EVENTS]
    db.session.flush()
    return events[0]


def remove_demo() -> list[str]:
    """Delete the demo events (their rooms and sessions go with them) and the demo speakers
    who no longer speak anywhere. Returns the slugs of the events deleted."""
    slugs = existing_demo_slugs()
    # The database cascades to rooms, sessions and speaker assignments.
    db.session.execute(
        delete(Event).where(Event.slug.in_(slugs)).execution_options(synchronize_session=False)
    )
    demo_speaker_slugs = [slug_from_name(spec["full_name"]) for spec in data.SPEAKERS]
    still_speaking = exists().where(SessionSpeaker.speaker_id == Speaker.id)
    db.session.execute(
        delete(Speaker)
        .where(Speaker.slug.in_(demo_speaker_slugs), ~still_speaking)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    # What the session remembers of the deleted rows is stale now.
    db.session.expire_all()
    return slugs


def _local_moment(day: date, clock: str) -> datetime:
    """A local wall-clock time on `day` as an aware UTC datetime."""
    hours, minutes = (int(part) for part in clock.split(":"))
    local = datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(data.TIMEZONE))
    return local.astimezone(UTC)


def _registration_window(spec: dict, day: date, today: date) -> tuple[datetime, datetime]:
    if spec.get("registration_opens") == data.OPENS_TODAY:
        opens_on = today
    else:
        opens_on = day - timedelta(days=spec["registration_opens_days_before"])
    closes_on = day - timedelta(days=spec["registration_closes_days_before"])
    # Registration closes at the end of the office day.
    return _local_moment(opens_on, "00:00"), _local_moment(closes_on, "17:00")


def _get_or_add_speaker(spec: dict) -> Speaker:
    slug = slug_from_name(spec["full_name"])
    speaker = db.session.scalar(select(Speaker).where(Speaker.slug == slug))
    if speaker is not None:
        return speaker
    speaker = Speaker(
        slug=slug,
        **{name: spec[name] for name in _SPEAKER_FIELDS},
        **{name: spec.get(name) for name in _SPEAKER_FIELDS_VI},
        links=[
            SpeakerLink(kind=kind, url=url, label=label, position=position)
            for position, (kind, url, label) in enumerate(spec["links"])
        ],
    )
    db.session.add(speaker)
    return speaker


def _add_event(spec: dict, today: date, speakers: dict[str, Speaker]) -> Event:
    day = event_day(spec, today)
    opens_at, closes_at = _registration_window(spec, day, today)
    event = Event(
        **{name: spec[name] for name in _EVENT_FIELDS},
        **{name: spec.get(name) for name in _EVENT_FIELDS_VI},
        timezone=data.TIMEZONE,
        starts_at=_local_moment(day, spec["starts"]),
        ends_at=_local_moment(day, spec["ends"]),
        registration_opens_at=opens_at,
        registration_closes_at=closes_at,
        capacity=spec.get("capacity"),
        notification_emails=spec.get("notification_emails", ""),
    )
    rooms = {
        room["key"]: Room(
            name=room["name"],
            name_vi=room.get("name_vi"),
            location=room["location"],
            location_vi=room.get("location_vi"),
            capacity=room["capacity"],
            position=position,
        )
        for position, room in enumerate(spec["rooms"])
    }
    event.rooms = list(rooms.values())
    event.sessions = [_session(session, day, rooms, speakers) for session in spec["sessions"]]
    db.session.add(event)
    db.session.flush()
    _add_policies(event, spec.get("policies", {}))
    return event


def _add_policies(event: Event, policies: dict[str, dict]) -> None:
    types = dict(db.session.execute(select(OrganizationType.code, OrganizationType.id)).all())
    for code, settings in policies.items():
        if code in types:
            db.session.add(TypePolicy(event_id=event.id, organization_type_id=types[code], **settings))


def _session(spec: dict, day: date, rooms: dict[str, Room], speakers: dict[str, Speaker]):
    starts, ends = spec["time"]
    session = WorkshopSession(
        title=spec["title"],
        description=spec.get("description", ""),
        **{name: spec.get(name) for name in _SESSION_FIELDS_VI},
        kind=spec["kind"],
        starts_at=_local_moment(day, starts),
        ends_at=_local_moment(day, ends),
        room=rooms[spec["room"]],
        capacity=spec.get("capacity"),
        language=spec["language"],
        track=spec.get("track"),
    )
    session.speaker_links = [
        SessionSpeaker(speaker=speakers[key], role=role, position=position)
        for position, (key, role) in enumerate(spec.get("speakers", []))
    ]
    return session
