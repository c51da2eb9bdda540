"""The speakers of a session: who speaks, in which role, in which order.

Each change goes to the audit log as a "session.speakers" entry with the session's speakers
before and after; `actor` is who makes it, an organizer's Account or a name ("system").
"""


from flask_babel import lazy_gettext as _l

from eventapp.audit.services import record
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
    *,
    actor="system",
) -> SessionSpeaker:
    """Add a speaker at `position` (1 is first; None is last)."""
    links = session_speakers(session)
    before = _audit_speakers(links)
    if any(link.speaker_id == speaker.id for link in links):
        raise ProgrammeError(
            _l("%(name)s already takes part in this session.", name=speaker.full_name), "speaker_id"
        )
    link = SessionSpeaker(session_id=session.id, speaker_id=speaker.id, role=SpeakerRole(role))
    db.session.add(link)
    index = len(links) if position is None else min(max(position - 1, 0), len(links))
    links.insert(index, link)
    _renumber_speakers(links)
    _record(actor, session, before)
    return link


def update_session_speakers(
    session: WorkshopSession, wanted: dict[int, tuple[SpeakerRole, int]], *, actor="system"
) -> None:
    """Set the role and the order (1, 2, …) of the session's speakers, by speaker id.

    Equal numbers keep their current order among themselves; ids not in the session are
    ignored.
    """
    links = session_speakers(session)
    before = _audit_speakers(links)
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
    _record(actor, session, before)


def remove_session_speaker(
    session: WorkshopSession, speaker_id: int, *, actor="system"
) -> SessionSpeaker:
    links = session_speakers(session)
    before = _audit_speakers(links)
    link = next((each for each in links if each.speaker_id == speaker_id), None)
    if link is None:
        raise ProgrammeError(_l("This person does not take part in this session."))
    db.session.delete(link)
    links.remove(link)
    _renumber_speakers(links)
    _record(actor, session, before)
    return link


def _renumber_speakers(links: list[SessionSpeaker]) -> None:
    for position, link in enumerate(links):
        link.position = position
    db.session.flush()


def _audit_speakers(links: list[SessionSpeaker]) -> list[dict]:
    return [
        {"speaker_id": link.speaker_id, "role": link.role.value, "position": link.position}
        for link in links
    ]


def _record(actor, session: WorkshopSession, before: list[dict]) -> None:
    record(
        actor,
        "session.speakers",
        "session",
        session.id,
        event_id=session.event_id,
        before={"speakers": before},
        after={"speakers": _audit_speakers(session_speakers(session))},
    )
