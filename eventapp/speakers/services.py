"""Speaker profiles as the public sees them."""
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
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
