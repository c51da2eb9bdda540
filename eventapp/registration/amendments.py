"""After registering: the sessions and details a person (or an organizer) changes.

Within the registration window only, and within capacity: a session that is full puts the
person on its waiting list (or changes nothing, as asked); a seat given up goes at once to
the next person waiting for it."""


from datetime import datetime

from flask_babel import lazy_gettext as _l

from eventapp.db import begin_write, utc_now
from eventapp.events.models import Event
from eventapp.events.services import registration_window_open
from eventapp.extensions import db
from eventapp.registration.auditing import audit, snapshot
from eventapp.registration.capacity import (
    release_session_seat,
)
from eventapp.registration.errors import (
    NotChangeable,
    SessionFull,
)
from eventapp.registration.history import ATTENDEE, log
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.offers import chosen_sessions
from eventapp.registration.services import (
    _DETAIL_FIELDS,
    AttendeeDetails,
    _add_choice,
    _may_sit,
    refresh,
)
from eventapp.registration.waiting_lists import promote_session


def change_sessions(
    registration: Registration,
    session_ids,
    now: datetime | None = None,
    *,
    waitlist_if_full: bool = True,
) -> None:
    """The attendee changes their choice of sessions, within capacity, while registration
    is open.

    A newly chosen session that is full puts the registration on its waiting list, or, with
    waitlist_if_full=False, raises SessionFull: the caller then rolls back, since seats given
    up on the way were already handed on.
    """
    now = now or utc_now()
    begin_write(db.session)
    refresh(registration)
    event = db.session.get(Event, registration.event_id)
    check_changeable(registration, event, now)
    _change_sessions(registration, event, session_ids, now, ATTENDEE, waitlist_if_full)


def move_sessions(
    registration: Registration,
    session_ids,
    now: datetime | None = None,
    *,
    actor,
    waitlist_if_full: bool = True,
) -> None:
    """An organizer (or a command) changes someone's sessions, at any time, within capacity
    as change_sessions does; audited as "registration.sessions"."""
    now = now or utc_now()
    begin_write(db.session)
    refresh(registration)
    event = db.session.get(Event, registration.event_id)
    if registration.status not in ACTIVE_STATUSES:
        raise NotChangeable(_l("This registration is cancelled or closed and cannot be changed."))
    before = snapshot(registration)
    _change_sessions(registration, event, session_ids, now, actor, waitlist_if_full)
    audit(actor, "registration.sessions", registration, before)


def _change_sessions(registration: Registration, event: Event, session_ids, now: datetime,
                     actor, waitlist_if_full: bool) -> None:
    chosen = {s.id: s for s in chosen_sessions(event, session_ids)}
    freed, removed = [], []
    for choice in list(registration.choices):
        if choice.session_id not in chosen:
            if choice.status == ChoiceStatus.HOLDING:
                release_session_seat(choice.session_id)
                freed.append(choice.session_id)
            removed.append(choice.session.title)
            registration.choices.remove(choice)
    held = {c.session_id for c in registration.choices}
    added = [chosen[i] for i in sorted(chosen) if i not in held]
    if added or removed:
        log(registration, "sessions.changed", actor,
            "; ".join([f"+{s.title}" for s in added] + [f"−{t}" for t in removed]), now)
    for session in added:
        choice = _add_choice(registration, session, now, actor)
        if not waitlist_if_full and choice.status == ChoiceStatus.WAITLISTED \
                and _may_sit(registration):
            raise SessionFull(_l("“%(title)s” is full.", title=session.title))
    db.session.flush()
    for session_id in freed:
        promote_session(session_id, event)


def update_details(
    registration: Registration, details: AttendeeDetails, now=None, *, actor=ATTENDEE
) -> None:
    """Change what the attendee told about themselves; the address and the type stay."""
    now = now or utc_now()
    event = db.session.get(Event, registration.event_id)
    check_changeable(registration, event, now)
    changed = []
    for field in _DETAIL_FIELDS:
        value = getattr(details, field)
        if field != "organization_type_id" and getattr(registration, field) != value:
            setattr(registration, field, value)
            changed.append(field)
    if changed:
        log(registration, "details.changed", actor, ", ".join(changed), now)
    db.session.flush()


def can_change(registration: Registration, event: Event, now: datetime | None = None) -> bool:
    """Whether the attendee may still edit or cancel the registration themselves."""
    return registration.status in ACTIVE_STATUSES and registration_window_open(event, now)


def has_ticket(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


def check_changeable(registration: Registration, event: Event, now: datetime) -> None:
    if registration.status not in ACTIVE_STATUSES:
        raise NotChangeable(_l("This registration is cancelled or closed and cannot be changed."))
    if not registration_window_open(event, now):
        raise NotChangeable(
            _l("Registration is closed; please write to the organizers to change anything.")
        )
