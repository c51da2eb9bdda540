"""Telling attendees when a session they chose moves, changes room, is cancelled or comes back.

The programme announces its changes (`eventapp.signals`: session_watched before a session
changes, programme_changed once every change of the unit of work is made); this module
answers them. Each registration (in an active status) that chose a changed session, before
or after the change, gets ONE email listing every changed session it chose: what changed
(old → new), what becomes of its place there, and any session of its own that now overlaps.
The email is written in the attendee's language into the outbox, in the caller's
transaction: it goes out only if the change is committed.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.mail.services import enqueue, render_email
from eventapp.programme.changes import ProgrammeChanges, SessionChange
from eventapp.programme.models import WorkshopSession
from eventapp.registration.history import log
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    SessionChoice,
)
from eventapp.registration.positions import session_waitlist_position
from eventapp.urls import public_url

EMAIL_KIND = "programme.session_changed"

# Where a ProgrammeChanges keeps, per watched session id, who had chosen it (registration
# id -> choice status, active registrations only) when it was watched.
_CHOOSERS = "registration.choosers"


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


def remember_choosers(changes: ProgrammeChanges, session: WorkshopSession) -> None:
    """Before the session changes: who has chosen it (to tell those taken off it, too)."""
    known = changes.notes.setdefault(_CHOOSERS, {})
    if session.id not in known:
        known[session.id] = _choosers([session.id]).get(session.id, {})


def tell_attendees(changes: ProgrammeChanges, found: list[SessionChange]) -> int:
    """Email every attendee concerned, once; returns the number of emails written."""
    before_all = changes.notes.get(_CHOOSERS, {})
    choosers_after = _choosers([c.session.id for c in found])
    concerned: dict[int, list[SessionChange]] = defaultdict(list)
    for change in found:
        before = before_all.get(change.session.id, {})
        after = choosers_after.get(change.session.id, {})
        for registration_id in before.keys() | after.keys():
            concerned[registration_id].append(change)
    registrations = _active_registrations(concerned.keys())
    for registration in registrations:
        items = [_notice_item(registration, change) for change in concerned[registration.id]]
        _send(registration, changes.event, items)
        log(
            registration,
            "programme.changed",
            changes.actor,
            "; ".join(_history_line(item) for item in items),
        )
        log(registration, "email.sent", changes.actor, EMAIL_KIND)
    db.session.flush()
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
