"""Speaker profiles as the public sees them."""
from dataclasses import dataclass

from sqlalchemy import exists, select, text
from sqlalchemy.orm import joinedload, selectinload

from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.page_cache import Fingerprint
from eventapp.programme.models import SessionSpeaker, SpeakerRole, WorkshopSession
from eventapp.speakers.models import Speaker
from eventapp.text import name_sort_key


class SpeakerNotFound(LookupError):
    """No speaker with this slug takes part in a published event."""


@dataclass
class Appearance:
    event: Event
    session: WorkshopSession
    role: SpeakerRole


def _speaks_at(event_condition):
    return exists(
        select(SessionSpeaker.speaker_id)
        .join(WorkshopSession, WorkshopSession.id == SessionSpeaker.session_id)
        .join(Event, Event.id == WorkshopSession.event_id)
        .where(SessionSpeaker.speaker_id == Speaker.id, event_condition)
    )


def event_speakers(event: Event) -> list[Speaker]:
    """Everyone who takes part in the event's programme, in the order Vietnamese readers expect."""
    speakers = db.session.scalars(select(Speaker).where(_speaks_at(Event.id == event.id)))
    return sorted(speakers, key=lambda s: name_sort_key(s.full_name))


def get_public_speaker(slug: str) -> Speaker:
    speaker = db.session.scalar(
        select(Speaker)
        .where(Speaker.slug == slug, _speaks_at(Event.status == EventStatus.PUBLISHED))
        .options(selectinload(Speaker.links))
    )
    if speaker is None:
        raise SpeakerNotFound(slug)
    return speaker


def public_appearances(speaker: Speaker) -> list[Appearance]:
    """The sessions of published events the speaker takes part in, in time order."""
    rows = db.session.execute(
        select(SessionSpeaker, WorkshopSession, Event)
        .join(WorkshopSession, WorkshopSession.id == SessionSpeaker.session_id)
        .join(Event, Event.id == WorkshopSession.event_id)
        .where(SessionSpeaker.speaker_id == speaker.id, Event.status == EventStatus.PUBLISHED)
        .options(joinedload(WorkshopSession.room))
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    ).unique()
    return [Appearance(event=event, session=session, role=link.role) for link, session, event in rows]


# The fingerprint of a speaker's profile page (see eventapp.page_cache.fingerprints).
_PROFILE_PG = text(
    "SELECT md5(sp.id || ':' || sp.xmin::text"
    " || '|' || coalesce((SELECT string_agg(l.id || ':' || l.xmin::text, ',' ORDER BY l.id)"
    "   FROM speaker_link l WHERE l.speaker_id = sp.id), '')"
    " || '|' || coalesce((SELECT string_agg(ss.session_id || ':' || ss.xmin::text || ':'"
    "     || s.xmin::text || ':' || e.id || ':' || e.xmin::text || ':'"
    "     || coalesce(r.id || ':' || r.xmin::text, '-'), ',' ORDER BY ss.session_id)"
    "   FROM session_speaker ss JOIN workshop_session s ON s.id = ss.session_id"
    "   JOIN event e ON e.id = s.event_id LEFT OUTER JOIN room r ON r.id = s.room_id"
    "   WHERE ss.speaker_id = sp.id AND e.status = 'published'), ''))"
    " FROM speaker sp WHERE sp.slug = :slug"
)
_SPEAKER_AND_LINKS = text(
    "SELECT speaker.*, speaker_link.* FROM speaker"
    " LEFT OUTER JOIN speaker_link ON speaker_link.speaker_id = speaker.id"
    " WHERE speaker.slug = :slug ORDER BY speaker_link.id"
)
_APPEARANCES = text(
    "SELECT session_speaker.*, workshop_session.*, event.*, room.* FROM session_speaker"
    " JOIN workshop_session ON workshop_session.id = session_speaker.session_id"
    " JOIN event ON event.id = workshop_session.event_id"
    " LEFT OUTER JOIN room ON room.id = workshop_session.room_id"
    " WHERE session_speaker.speaker_id = :speaker_id AND event.status = 'published'"
    " ORDER BY session_speaker.session_id"
)


PROFILE = Fingerprint(
    name="profile",
    postgresql=_PROFILE_PG,
    head=_SPEAKER_AND_LINKS,
    rest=_APPEARANCES,
    key="speaker_id",
)


def profile_version(slug: str) -> str | None:
    """A fingerprint of what a speaker's profile shows, or None when no speaker has the slug.

    The speaker, their links, and their parts in published events with the sessions, events
    and rooms: any change to any of those rows gives another fingerprint.
    """
    return PROFILE.version(slug)
