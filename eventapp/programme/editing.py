"""Organizers edit the programme: rooms, sessions and who speaks in them.

Plain functions that flush and never commit. A change to a session's time, room or status
tells its attendees through `eventapp.programme.changes`: each function takes an optional
`changes` to gather several changes of one request into one email per person, and notifies
by itself when it is given none.

What cancelling a session does to the people who chose it (`cancel_session`):

- the session stays in the programme, marked as cancelled, so nobody looks for it in vain;
- people holding a seat keep their choice: it shows in their registration as cancelled,
  and if the session is reinstated the seat is theirs again, in the order they chose it;
- the seats are released: the session's count goes to zero, since nobody occupies them;
- its waiting list closes: the people on it are taken off (a waiting list for a session that
  will not take place would hand out seats in it); they are told so in the same email;
- everyone concerned gets one email, and a line in their registration's history.

Reinstating gives the kept choices their seats back in the order they were made; if the
capacity was lowered meanwhile, those beyond it go on the session's waiting list.

Every change is written to the audit log here, with the room or session as it was and as it
is. `actor` is who makes it, an organizer's Account or a name ("system" for a command or a
task); the attendees' registration histories name the same actor (by their address).
"""


from dataclasses import dataclass, fields
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventapp import signals
from eventapp.audit.services import record, snapshot
from eventapp.db import begin_write
from eventapp.errors import Refused
from eventapp.events.models import Event, Room
from eventapp.events.places import BelowTaken, set_limit
from eventapp.extensions import db
from eventapp.programme.changes import ProgrammeChanges
from eventapp.programme.models import (
    SessionKind,
    SessionLanguage,
    SessionStatus,
    WorkshopSession,
)


class ProgrammeError(Refused):
    """A change to the programme the rules refuse."""


# --- Rooms ----------------------------------------------------------------------------------


@dataclass
class RoomData:
    name: str
    name_vi: str | None = None
    location: str | None = None
    location_vi: str | None = None
    capacity: int | None = None


ROOM_FIELDS = tuple(f.name for f in fields(RoomData))


ROOM_AUDIT_FIELDS = (*ROOM_FIELDS, "position")


def _check_room(event: Event, data: RoomData, room_id: int | None = None) -> RoomData:
    data.name = (data.name or "").strip()
    for name in ("name_vi", "location", "location_vi"):
        setattr(data, name, (getattr(data, name) or "").strip() or None)
    if not data.name:
        raise ProgrammeError(_l("Please give the room a name."), "name")
    if data.capacity is not None and data.capacity < 1:
        raise ProgrammeError(_l("The number of seats must be at least 1, or empty."), "capacity")
    same_name = select(Room.id).where(Room.event_id == event.id, Room.name == data.name)
    if room_id is not None:
        same_name = same_name.where(Room.id != room_id)
    if db.session.scalar(same_name) is not None:
        raise ProgrammeError(_l("The event already has a room with this name."), "name")
    return data


def _flush_room() -> None:
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # Two organizers adding the same room at the same moment.
        raise ProgrammeError(_l("The event already has a room with this name."), "name") from None


def add_room(event: Event, data: RoomData, *, actor="system") -> Room:
    data = _check_room(event, data)
    last = db.session.scalar(select(func.max(Room.position)).where(Room.event_id == event.id))
    room = Room(event_id=event.id, position=(last + 1) if last is not None else 0)
    for name in ROOM_FIELDS:
        setattr(room, name, getattr(data, name))
    db.session.add(room)
    _flush_room()
    record(actor, "room.create", "room", room.id, event_id=event.id,
           after=snapshot(room, ROOM_AUDIT_FIELDS))
    return room


def update_room(room: Room, data: RoomData, *, actor="system") -> None:
    """Rename or describe a room. Its sessions keep it: nobody is emailed about a new name."""
    event = db.session.get(Event, room.event_id)
    before = snapshot(room, ROOM_AUDIT_FIELDS)
    data = _check_room(event, data, room.id)
    for name in ROOM_FIELDS:
        setattr(room, name, getattr(data, name))
    _flush_room()
    record(actor, "room.update", "room", room.id, event_id=event.id,
           before=before, after=snapshot(room, ROOM_AUDIT_FIELDS))


def sessions_in_room(room: Room) -> list[WorkshopSession]:
    return list(
        db.session.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.room_id == room.id)
            .order_by(WorkshopSession.starts_at, WorkshopSession.id)
        )
    )


def delete_room(room: Room, *, changes: ProgrammeChanges | None = None, actor="system") -> int:
    """Delete a room; its sessions go on without a room. Returns the attendees emailed."""
    event = db.session.get(Event, room.event_id)
    room_id, before = room.id, snapshot(room, ROOM_AUDIT_FIELDS)
    own_changes = changes is None
    changes = changes or ProgrammeChanges(event, actor)
    for session in sessions_in_room(room):
        changes.watch(session)
        # What the foreign key's ON DELETE SET NULL would do, done here so that the
        # objects in memory (and the change summary) see it too.
        session.room_id = None
    db.session.delete(room)
    db.session.flush()
    _renumber_rooms(event)
    emailed = changes.notify() if own_changes else 0
    record(actor, "room.delete", "room", room_id, event_id=event.id, before=before,
           after={"attendees_emailed": emailed} if emailed else None)
    return emailed


def move_room(room: Room, offset: int, *, actor="system") -> None:
    """Move a room up (-1) or down (+1) in the event's order of rooms."""
    event = db.session.get(Event, room.event_id)
    rooms = event_rooms(event)
    before = _positions(rooms)
    index = rooms.index(room)
    target = min(max(index + offset, 0), len(rooms) - 1)
    rooms.insert(target, rooms.pop(index))
    for position, each in enumerate(rooms):
        each.position = position
    db.session.flush()
    record(actor, "room.move", "room", room.id, event_id=event.id,
           before=before, after=_positions(event_rooms(event)))


def _positions(rooms: list[Room]) -> dict[str, int]:
    """The order of the rooms as the audit log keeps it: each name's position."""
    return {room.name: room.position for room in rooms}


def event_rooms(event: Event) -> list[Room]:
    return list(
        db.session.scalars(
            select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
        )
    )


def _renumber_rooms(event: Event) -> None:
    for position, room in enumerate(event_rooms(event)):
        room.position = position
    db.session.flush()


# --- Sessions -------------------------------------------------------------------------------


@dataclass
class SessionData:
    """What the session form holds, as plain values: moments are aware."""

    title: str
    starts_at: datetime
    ends_at: datetime
    kind: SessionKind = SessionKind.PRESENTATION
    title_vi: str | None = None
    description: str = ""
    description_vi: str | None = None
    room_id: int | None = None
    capacity: int | None = None
    language: SessionLanguage = SessionLanguage.VIETNAMESE
    track: str | None = None
    track_vi: str | None = None


SESSION_FIELDS = tuple(f.name for f in fields(SessionData))


SESSION_AUDIT_FIELDS = (*SESSION_FIELDS, "status")


def _check_session(event: Event, data: SessionData) -> SessionData:
    data.title = (data.title or "").strip()
    data.description = (data.description or "").strip()
    for name in ("title_vi", "description_vi", "track", "track_vi"):
        value = getattr(data, name)
        setattr(data, name, value.strip() if value and value.strip() else None)
    # Stored and compared in UTC, whatever zone the form typed them in.
    data.starts_at, data.ends_at = data.starts_at.astimezone(UTC), data.ends_at.astimezone(UTC)
    data.kind = SessionKind(data.kind)
    data.language = SessionLanguage(data.language)
    if not data.title:
        raise ProgrammeError(_l("Please give the session a title."), "title")
    if data.ends_at <= data.starts_at:
        raise ProgrammeError(_l("The session must end after it starts."), "ends_at")
    if data.starts_at < event.starts_at or data.ends_at > event.ends_at:
        raise ProgrammeError(
            _l(
                "The session must take place while the event does; change the event's dates "
                "first if it needs more time."
            ),
            "starts_at",
        )
    if data.room_id is not None:
        room = db.session.get(Room, data.room_id)
        if room is None or room.event_id != event.id:
            raise ProgrammeError(_l("Please choose one of the event's rooms."), "room_id")
    if data.capacity is not None and data.capacity < 1:
        raise ProgrammeError(
            _l("The number of seats must be at least 1; leave it empty for no limit."), "capacity"
        )
    return data


def create_session(event: Event, data: SessionData, *, actor="system") -> WorkshopSession:
    data = _check_session(event, data)
    session = WorkshopSession(event_id=event.id, status=SessionStatus.SCHEDULED, seats_taken=0)
    for name in SESSION_FIELDS:
        setattr(session, name, getattr(data, name))
    db.session.add(session)
    db.session.flush()
    _record_session(actor, "session.create", session)
    return session


def update_session(
    session: WorkshopSession,
    data: SessionData,
    *,
    changes: ProgrammeChanges | None = None,
    actor="system",
) -> int:
    """Apply the form; returns how many attendees were emailed about the change.

    A larger capacity hands the new seats to the session's waiting list at once.
    """
    begin_write(db.session)
    before = snapshot(session, SESSION_AUDIT_FIELDS)
    event = db.session.get(Event, session.event_id)
    data = _check_session(event, data)
    raised = _set_session_capacity(session, data.capacity)
    own_changes = changes is None
    changes = changes or ProgrammeChanges(event, actor)
    changes.watch(session)
    for name in SESSION_FIELDS:
        if name != "capacity":
            setattr(session, name, getattr(data, name))
    db.session.flush()
    if raised:
        signals.places_added.send(event)
    emailed = changes.notify() if own_changes else 0
    _record_session(actor, "session.update", session, before, emailed=emailed or None)
    return emailed


def _set_session_capacity(session: WorkshopSession, capacity: int | None) -> bool:
    try:
        return set_limit(session, WorkshopSession.id == session.id, capacity)
    except BelowTaken as refused:
        raise ProgrammeError(
            _l(
                "%(taken)d seats are already taken: the number of seats cannot be lower than that.",
                taken=refused.taken,
            ),
            "capacity",
        ) from None


def cancel_session(
    session: WorkshopSession, *, changes: ProgrammeChanges | None = None, actor="system"
) -> int:
    """Cancel a session (see the module's docstring); returns the attendees emailed."""
    begin_write(db.session)
    db.session.refresh(session)
    if session.is_cancelled:
        raise ProgrammeError(_l("This session is already cancelled."))
    before = snapshot(session, SESSION_AUDIT_FIELDS)
    event = db.session.get(Event, session.event_id)
    own_changes = changes is None
    changes = changes or ProgrammeChanges(event, actor)
    changes.watch(session)
    session.status = SessionStatus.CANCELLED
    signals.session_cancelled.send(session)
    session.seats_taken = 0
    db.session.flush()
    emailed = changes.notify() if own_changes else 0
    _record_session(actor, "session.cancel", session, before, emailed=emailed)
    return emailed


def reinstate_session(
    session: WorkshopSession, *, changes: ProgrammeChanges | None = None, actor="system"
) -> int:
    """Put a cancelled session back; its kept choices take their seats again, in order."""
    begin_write(db.session)
    db.session.refresh(session)
    if not session.is_cancelled:
        raise ProgrammeError(_l("This session is not cancelled."))
    before = snapshot(session, SESSION_AUDIT_FIELDS)
    event = db.session.get(Event, session.event_id)
    own_changes = changes is None
    changes = changes or ProgrammeChanges(event, actor)
    changes.watch(session)
    session.status = SessionStatus.SCHEDULED
    session.seats_taken = 0
    db.session.flush()
    signals.session_reinstated.send(session)
    db.session.flush()
    db.session.refresh(session, ["seats_taken"])
    emailed = changes.notify() if own_changes else 0
    _record_session(actor, "session.reinstate", session, before, emailed=emailed)
    return emailed


def delete_session(session: WorkshopSession, *, actor="system") -> None:
    """Delete a session nobody chose (a mistake or a duplicate); others are cancelled instead."""
    if any(signals.answers(signals.session_chosen, session)):
        raise ProgrammeError(
            _l("People chose this session: cancel it instead, so that they are told.")
        )
    session_id, before = session.id, snapshot(session, SESSION_AUDIT_FIELDS)
    db.session.delete(session)
    db.session.flush()
    record(actor, "session.delete", "session", session_id, event_id=session.event_id,
           before=before)


def _record_session(
    actor, action: str, session: WorkshopSession, before: dict | None = None,
    emailed: int | None = None,
) -> None:
    """The session as it was and as it is now in the audit log, with the number of attendees
    emailed about the change when there is one to say."""
    after = snapshot(session, SESSION_AUDIT_FIELDS)
    if emailed is not None:
        after["attendees_emailed"] = emailed
    record(actor, action, "session", session.id, event_id=session.event_id,
           before=before, after=after)


# --- What the workspace shows of the programme ----------------------------------------------


@dataclass
class SessionCounts:
    holding: int = 0
    waiting: int = 0


def session_counts(event: Event) -> dict[int, SessionCounts]:
    """Per session: the registrations holding a seat and those on its waiting list (active)."""
    counts: dict[int, SessionCounts] = {}
    for answer in signals.answers(signals.session_counts, event):
        counts.update(answer)
    return counts


def event_session_or_none(event: Event, session_id: int) -> WorkshopSession | None:
    session = db.session.get(WorkshopSession, session_id)
    if session is None or session.event_id != event.id:
        return None
    return session


def event_room_or_none(event: Event, room_id: int) -> Room | None:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        return None
    return room
