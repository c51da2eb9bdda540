"""The sessions a unit of work changes (time, room, status), announced once at its end.

Watch the sessions before changing them, then notify once, after every change of the
request is made:

    changes = ProgrammeChanges(event)
    changes.watch(session)          # before any change to it
    ...                             # change one session or several
    changes.notify()                # one announcement, whatever the number

Watching and notifying send `eventapp.signals.session_watched` and `programme_changed`:
registration answers them by emailing each attendee concerned once
(`eventapp.registration.programme_notices`).
"""

from dataclasses import dataclass
from datetime import datetime

from eventapp import signals
from eventapp.events.models import Event, Room
from eventapp.extensions import db
from eventapp.programme.models import SessionStatus, WorkshopSession


@dataclass(frozen=True)
class SessionState:
    """What attendees are told about when it changes: time, room and status.

    `timezone` is the zone the times were shown in, so that the date filters can format a
    state as they format an event (`moment|local_time(state)`).
    """

    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    # In both languages: each attendee's email shows the room in their own.
    room_name: str | None
    room_name_vi: str | None
    status: SessionStatus
    timezone: str

    @classmethod
    def of(cls, session: WorkshopSession, event: Event) -> "SessionState":
        room = db.session.get(Room, session.room_id) if session.room_id else None
        return cls(
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room_id=session.room_id,
            room_name=room.name if room else None,
            room_name_vi=room.name_vi if room else None,
            status=SessionStatus(session.status),
            timezone=event.timezone,
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


@dataclass
class SessionChange:
    session: WorkshopSession
    before: SessionState
    after: SessionState

    @property
    def time_changed(self) -> bool:
        return (self.before.starts_at, self.before.ends_at) != (
            self.after.starts_at,
            self.after.ends_at,
        )

    @property
    def room_changed(self) -> bool:
        return self.before.room_id != self.after.room_id

    @property
    def status_changed(self) -> bool:
        return self.before.status != self.after.status

    @property
    def cancelled(self) -> bool:
        return self.status_changed and self.after.is_cancelled

    @property
    def reinstated(self) -> bool:
        return self.status_changed and not self.after.is_cancelled

    @property
    def changed(self) -> bool:
        return self.time_changed or self.room_changed or self.status_changed

    @property
    def zone_changed(self) -> bool:
        return self.before.timezone != self.after.timezone


@dataclass
class _Watched:
    session: WorkshopSession
    before: SessionState


class ProgrammeChanges:
    """The sessions one unit of work changes, and the announcement at its end."""

    def __init__(self, event: Event, actor="system"):
        self.event = event
        # Who made the changes: an organizer's Account or a name ("system"). Registration
        # histories name an Account by its address (`eventapp.registration.history`).
        self.actor = actor
        self._watched: dict[int, _Watched] = {}
        # What receivers of the signals keep between watching and notifying.
        self.notes: dict = {}

    def watch(self, session: WorkshopSession) -> None:
        """Remember the session as it is now; call before changing it (again: no effect)."""
        if session.id in self._watched:
            return
        self._watched[session.id] = _Watched(
            session=session, before=SessionState.of(session, self.event)
        )
        signals.session_watched.send(self, session=session)

    def changes(self) -> list[SessionChange]:
        """The watched sessions whose time, room or status differs from when watched."""
        db.session.flush()
        found = []
        for watched in self._watched.values():
            change = SessionChange(
                session=watched.session,
                before=watched.before,
                after=SessionState.of(watched.session, self.event),
            )
            # A cancelled session that stays cancelled concerns nobody any more.
            if change.changed and not (change.before.is_cancelled and change.after.is_cancelled):
                found.append(change)
        return sorted(found, key=lambda c: (c.after.starts_at, c.session.id))

    def notify(self) -> int:
        """Announce the changes, once; returns the number of attendees emailed."""
        found = self.changes()
        if not found:
            return 0
        emailed = sum(signals.answers(signals.programme_changed, self, found=found))
        # Done: a second notify() in the same unit of work must not send the same news again.
        self._watched.clear()
        self.notes.clear()
        return emailed
