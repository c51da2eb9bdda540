"""The speakers of a session: who speaks, in which role, in which order."""


from flask_babel import lazy_gettext as _l

from eventapp.extensions import db
from eventapp.programme.editing import ProgrammeError
from eventapp.programme.models import (
    SessionSpeaker,
    SpeakerRole,
    WorkshopSession,
)
from eventapp.programme.services import session_speakers
from eventapp.speakers.models import Speaker

# --- Speakers in sessions -------------------------------------------------------------------


def add_session_speaker(
    session: WorkshopSession,
    speaker: Speaker,
    role: SpeakerRole = SpeakerRole.SPEAKER,
    position: int | None = None,
) -> SessionSpeaker:
    """Add a speaker at `position` (1 is first; None is last)."""
    links = session_speakers(session)
    if any(link.speaker_id == speaker.id for link in links):
        raise ProgrammeError(
            _l("%(name)s already takes part in this session.", name=speaker.full_name), "speaker_id"
        )
    link = SessionSpeaker(session_id=session.id, speaker_id=speaker.id, role=SpeakerRole(role))
    db.session.add(link)
    index = len(links) if position is None else min(max(position - 1, 0), len(links))
    links.insert(index, link)
    _renumber_speakers(links)
    return link


def update_session_speakers(
    session: WorkshopSession, wanted: dict[int, tuple[SpeakerRole, int]]
) -> None:
    """Set the role and the order (1, 2, …) of the session's speakers, by speaker id.

    Equal numbers keep their current order among themselves; ids not in the session are
    ignored.
    """
    links = session_speakers(session)
    for link in links:
        if link.speaker_id in wanted:
            link.role = SpeakerRole(wanted[link.speaker_id][0])
    current = {link.speaker_id: index for index, link in enumerate(links)}
    links.sort(
        key=lambda link: (
            wanted.get(link.speaker_id, (None, current[link.speaker_id] + 1))[1],
            current[link.speaker_id],
        )
    )
    _renumber_speakers(links)


def remove_session_speaker(session: WorkshopSession, speaker_id: int) -> SessionSpeaker:
    links = session_speakers(session)
    link = next((each for each in links if each.speaker_id == speaker_id), None)
    if link is None:
        raise ProgrammeError(_l("This person does not take part in this session."))
    db.session.delete(link)
    links.remove(link)
    _renumber_speakers(links)
    return link


def _renumber_speakers(links: list[SessionSpeaker]) -> None:
    for position, link in enumerate(links):
        link.position = position
    db.session.flush()
