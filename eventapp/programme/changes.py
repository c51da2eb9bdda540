"""Telling attendees when a session they chose moves, changes room, is cancelled or comes back.

Watch the sessions before changing them, then notify once, after every change of the
request is made:

    changes = ProgrammeChanges(event)
    changes.watch(session)          # before any change to it
    ...                             # change one session or several
    changes.notify()                # one email per registration, whatever the number

Each registration (in an active status) that chose a changed session, before or after the
change, gets ONE email listing every changed session it chose: what changed (old → new),
what becomes of its place there, and any session of its own that now overlaps. The email
is written in the attendee's language into the outbox, in the caller's transaction: it
goes out only if the change is committed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from eventapp.events.models import Event, Room
from eventapp.extensions import db
from eventapp.mail.services import enqueue, render_email
from eventapp.programme.models import SessionStatus, WorkshopSession
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    SessionChoice,
)
from eventapp.registration.positions import session_waitlist_position
from eventapp.registration.services import log
from eventapp.urls import public_url

EMAIL_KIND = "programme.session_changed"


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


# What becomes of an attendee's place in a changed session.
SEAT = "seat"
WAITING = "waiting"
# They were on the waiting list of a session that was cancelled: the list is no more.
REMOVED = "removed"


@dataclass
class NoticeItem:
    """One changed session in one attendee's email."""

    change: SessionChange
    standing: str
    position: int | None = None
    # The attendee's other sessions that now take place at the same time.
    overlaps: list[WorkshopSession] = field(default_factory=list)

    @property
    def session(self) -> WorkshopSession:
        return self.change.session


@dataclass
class _Watched:
    session: WorkshopSession
    before: SessionState
    # Registration id -> choice status, for the active registrations that chose it.
    choosers: dict[int, ChoiceStatus]


class ProgrammeChanges:
    """The sessions one unit of work changes, and the attendees to tell at its end."""

    def __init__(self, event: Event, actor: str = "system"):
        self.event = event
        # Who made the changes, as registration histories name them (an organizer's address).
        self.actor = actor
        self._watched: dict[int, _Watched] = {}

    def watch(self, session: WorkshopSession) -> None:
        """Remember the session as it is now; call before changing it (again: no effect)."""
        if session.id in self._watched:
            return
        self._watched[session.id] = _Watched(
            session=session,
            before=SessionState.of(session, self.event),
            choosers=_choosers([session.id]).get(session.id, {}),
        )

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
        """Email every attendee concerned, once; returns the number of emails written."""
        changes = self.changes()
        if not changes:
            return 0
        choosers_after = _choosers([c.session.id for c in changes])
        concerned: dict[int, list[SessionChange]] = defaultdict(list)
        for change in changes:
            before = self._watched[change.session.id].choosers
            after = choosers_after.get(change.session.id, {})
            for registration_id in before.keys() | after.keys():
                concerned[registration_id].append(change)
        registrations = _active_registrations(concerned.keys())
        for registration in registrations:
            items = [_notice_item(registration, change) for change in concerned[registration.id]]
            _send(registration, self.event, items)
            log(
                registration,
                "programme.changed",
                self.actor,
                "; ".join(_history_line(item) for item in items),
            )
            log(registration, "email.sent", self.actor, EMAIL_KIND)
        db.session.flush()
        # Done: a second notify() in the same unit of work must not send the same news again.
        self._watched.clear()
        return len(registrations)


def _choosers(session_ids) -> dict[int, dict[int, ChoiceStatus]]:
    rows = db.session.execute(
        select(SessionChoice.session_id, SessionChoice.registration_id, SessionChoice.status)
        .join(Registration, Registration.id == SessionChoice.registration_id)
        .where(
            SessionChoice.session_id.in_(list(session_ids)),
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )
    found: dict[int, dict[int, ChoiceStatus]] = defaultdict(dict)
    for session_id, registration_id, status in rows:
        found[session_id][registration_id] = status
    return found


def _active_registrations(ids) -> list[Registration]:
    if not ids:
        return []
    # populate_existing: choices may have been added or removed in bulk during the change.
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.id.in_(list(ids)), Registration.status.in_(ACTIVE_STATUSES))
            .order_by(Registration.id)
            .execution_options(populate_existing=True)
        )
    )


def _notice_item(registration: Registration, change: SessionChange) -> NoticeItem:
    choice = next((c for c in registration.choices if c.session_id == change.session.id), None)
    if choice is None:
        return NoticeItem(change=change, standing=REMOVED)
    if choice.status == ChoiceStatus.WAITLISTED:
        return NoticeItem(
            change=change, standing=WAITING, position=session_waitlist_position(choice)
        )
    item = NoticeItem(change=change, standing=SEAT)
    if not change.after.is_cancelled:
        item.overlaps = _overlapping(registration, change.session)
    return item


def _overlapping(registration: Registration, session: WorkshopSession) -> list[WorkshopSession]:
    return sorted(
        (
            choice.session
            for choice in registration.choices
            if choice.session_id != session.id
            and not choice.session.is_cancelled
            and choice.session.starts_at < session.ends_at
            and session.starts_at < choice.session.ends_at
        ),
        key=lambda s: (s.starts_at, s.id),
    )


def _history_line(item: NoticeItem) -> str:
    """The change as the registration's history tells it to organizers (not translated)."""
    change, parts = item.change, []
    if change.cancelled:
        parts.append("cancelled")
    if change.reinstated:
        parts.append("reinstated")
    if change.time_changed:
        parts.append(
            f"time {change.before.starts_at.isoformat()} -> {change.after.starts_at.isoformat()}"
        )
    if change.room_changed:
        parts.append(f"room {change.before.room_name or '-'} -> {change.after.room_name or '-'}")
    if item.standing == REMOVED:
        parts.append("taken off its waiting list")
    return f"“{item.session.title}”: " + ", ".join(parts)


def _send(registration: Registration, event: Event, items: list[NoticeItem]) -> None:
    agenda_url = public_url("programme.agenda", slug=event.slug) if event.is_published else None
    subject, text, html = render_email(
        "programme/session_changed",
        registration.language.value,
        registration=registration,
        event=event,
        items=items,
        manage_url=public_url("registration.manage", secret=registration.manage_secret),
        agenda_url=agenda_url,
    )
    enqueue(
        registration.email,
        subject,
        text,
        html,
        to_name=registration.full_name,
        reply_to=event.contact_email,
        kind=EMAIL_KIND,
        ref_type="registration",
        ref_id=registration.id,
    )
