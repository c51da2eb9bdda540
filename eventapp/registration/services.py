"""Registration from the form to a confirmed place: plain functions working through db.session.

The lifecycle: pending confirmation (the address is not yet confirmed; a place is held until
the hold expires) → pending approval (when the organization type needs an organizer's
approval) → confirmed, or waitlisted when the event was full. A registration can end as
rejected, cancelled or expired. Every place given back goes at once to the next person
waiting, first come, first served, who is emailed.

Each function flushes and never commits: the caller commits, and the emails written to the
outbox on the way go out only if it does.

Every step is written into the registration's history (RegistrationLogEntry) with who took
it: "attendee", "system", or the organizer's email address. Functions an organizer may call
take an `actor` (an Account or a name such as "system", for a command or a task) and write
their entry into the audit log themselves (eventapp.registration.auditing), whoever calls
them; the attendee's own steps are in the history only.
"""


import base64
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.db import begin_write, utc_now
from eventapp.events.models import Event
from eventapp.events.services import registration_window_open
from eventapp.extensions import db
from eventapp.mail.services import InvalidAddress, normalize_address
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import WorkshopSession
from eventapp.registration import emails
from eventapp.registration.auditing import audit, snapshot
from eventapp.registration.capacity import (
    release_event_place,
    release_session_seat,
    take_event_place,
    take_session_seat,
)

# What a person tells about themselves, importable from here as the services' own.
from eventapp.registration.details import (  # noqa: F401
    CITY_TYPES,
    AttendeeDetails,
    attendee_details,
)

# The refusals of these services, importable from here as the services' own.
from eventapp.registration.errors import (  # noqa: F401
    AlreadyRegistered,
    InvalidLink,
    LinkExpired,
    NotChangeable,
    RegistrationClosed,
    RegistrationError,
    SessionConflict,
    SessionFull,
    TypeNotAdmitted,
)
from eventapp.registration.history import ATTENDEE, SYSTEM, log, mail_and_log
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.registration.offers import check_type, chosen_sessions, type_policy
from eventapp.registration.positions import waitlist_position
from eventapp.registration.waiting_lists import promote_event, promote_session

# --- Secrets --------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_ticket_code() -> str:
    # 80 random bits in base32: 16 characters that survive being read out or typed.
    return base64.b32encode(secrets.token_bytes(10)).decode()


def _hold_period() -> timedelta:
    return timedelta(hours=current_app.config["REGISTRATION_HOLD_HOURS"])


def _new_confirm_token(registration: Registration) -> str:
    token = secrets.token_urlsafe(32)
    registration.confirm_token_hash = _hash(token)
    return token


# --- The lifecycle --------------------------------------------------------------------------


def register(
    event: Event,
    details: AttendeeDetails,
    session_ids=(),
    now: datetime | None = None,
    *,
    types: list[OrganizationType] | None = None,
    offered: list[WorkshopSession] | None = None,
) -> Registration:
    """Take a registration and email its owner a confirmation link.

    An address that is already registered gets an email saying so, with its manage link,
    and the caller shows the same page either way: no response reveals who registered.
    `types` and `offered` are admitted_types(event) and selectable_sessions(event) when the
    caller has read them already, in this same write transaction (after begin_write(db.session)).
    """
    now = now or utc_now()
    begin_write(db.session)
    if not registration_window_open(event, now):
        raise RegistrationClosed(_l("Registration for this event is closed."))
    check_type(event, details.organization_type_id, types)
    sessions = chosen_sessions(event, session_ids, offered)
    try:
        email = normalize_address(details.email)
    except InvalidAddress as error:
        raise RegistrationError(error.args[0] if error.args else _l("Invalid email address.")) from None

    existing = db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.email_key == email.lower())
        .with_for_update(of=Registration)
    )
    if existing is not None and existing.status == RegistrationStatus.PENDING_CONFIRMATION:
        # Registering again before confirming: a fresh link, the same held places.
        mail_and_log(emails.confirm_request, existing, event, _new_confirm_token(existing))
        return existing
    if existing is not None and existing.status not in (
        RegistrationStatus.CANCELLED,
        RegistrationStatus.EXPIRED,
    ):
        mail_and_log(emails.already_registered, existing, event)
        return existing

    registration = _fresh_registration(event, existing, details, email)
    registration.status = RegistrationStatus.PENDING_CONFIRMATION
    registration.consented_at = now
    registration.created_at = now
    registration.email_confirmed_at = registration.waitlisted_at = registration.decided_at = None
    registration.decision_reason = None
    registration.confirm_expires_at = now + _hold_period()
    token = _new_confirm_token(registration)
    registration.holds_place = take_event_place(event.id, details.organization_type_id) is None
    db.session.add(registration)
    db.session.flush()
    # Seats first (each a conditional UPDATE, which would flush whatever is pending), then
    # the history and the choices in one flush: an INSERT per table, not per row.
    holding = [_may_sit(registration) and take_session_seat(s.id) for s in sessions]
    log(registration, "registered", ATTENDEE, now=now)
    for session, seated in zip(sessions, holding, strict=True):
        _add_choice(registration, session, now, ATTENDEE, holding=seated)
    # The email tells each choice's place on a waiting list: it reads them back.
    db.session.flush()
    mail_and_log(emails.confirm_request, registration, event, token)
    return registration


def _fresh_registration(event: Event, existing: Registration | None, details: AttendeeDetails,
                        email: str) -> Registration:
    """A new registration, or the ended one of the same address starting over, with the
    details given and no session yet."""
    registration = existing or Registration(
        event_id=event.id, manage_secret=secrets.token_urlsafe(32), ticket_code=_new_ticket_code()
    )
    registration.choices.clear()
    _apply_details(registration, details)
    registration.email = email
    registration.email_key = email.lower()
    return registration


_DETAIL_FIELDS = (
    "honorific", "full_name", "phone", "organization_name", "organization_type_id",
    "position", "country", "city", "department", "unesco_applicant", "unesco_field",
    "language", "needs_accessibility", "needs_interpretation", "dietary", "publish_consent",
)


def _apply_details(registration: Registration, details: AttendeeDetails) -> None:
    for field in _DETAIL_FIELDS:
        setattr(registration, field, getattr(details, field))


def _may_sit(registration: Registration) -> bool:
    """Whether the registration takes session seats (else it waits for a place in the event).

    A place held in the event, or a guest an organizer confirmed beyond the event's capacity.
    """
    return registration.holds_place or registration.status == RegistrationStatus.CONFIRMED


def _add_choice(
    registration: Registration, session: WorkshopSession, now: datetime, actor=SYSTEM,
    *, holding: bool | None = None,
) -> SessionChoice:
    """Choose a session for the registration: a seat if it may sit and one is free (unless
    `holding` says how the seat was already taken), else a place on the waiting list."""
    if holding is None:
        holding = _may_sit(registration) and take_session_seat(session.id)
    choice = SessionChoice(
        session_id=session.id,
        # Set too, so that the email written before the next flush can name the session.
        session=session,
        status=ChoiceStatus.HOLDING if holding else ChoiceStatus.WAITLISTED,
        created_at=now,
    )
    registration.choices.append(choice)
    log(registration, "session.seat_taken" if holding else "session.waitlisted", actor,
        session.title, now)
    return choice


def confirm_email(token: str, now: datetime | None = None) -> Registration:
    """Follow the link in the please-confirm email. Single use; refused once the hold expired."""
    now = now or utc_now()
    begin_write(db.session)
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.confirm_token_hash == _hash(token))
        .with_for_update(of=Registration)
    )
    if registration is None or registration.status != RegistrationStatus.PENDING_CONFIRMATION:
        raise InvalidLink(
            _l("This confirmation link is not valid or has already been used.")
        )
    if registration.confirm_expires_at <= now:
        _end(registration, RegistrationStatus.EXPIRED, now)
        log(registration, "expired", SYSTEM, now=now)
        raise LinkExpired(
            _l("This confirmation link has expired and the place held for you was released. "
               "Please register again.")
        )
    event = db.session.get(Event, registration.event_id)
    registration.confirm_token_hash = None
    registration.email_confirmed_at = now
    log(registration, "email_confirmed", ATTENDEE, now=now)
    policy = type_policy(registration.event_id, registration.organization_type_id)
    if policy is not None and policy.needs_approval:
        registration.status = RegistrationStatus.PENDING_APPROVAL
        log(registration, "pending_approval", SYSTEM, now=now)
        mail_and_log(emails.awaiting_approval, registration, event)
    else:
        _admit(registration, event, now)
    emails.notify_organizers(registration, event)
    db.session.flush()
    return registration


def _admit(registration: Registration, event: Event, now: datetime, notify: bool = True) -> None:
    """Confirmed when a place is held for the registration, otherwise on the waiting list."""
    if registration.holds_place:
        registration.status = RegistrationStatus.CONFIRMED
        db.session.flush()
        log(registration, "confirmed", SYSTEM, now=now)
        if notify:
            mail_and_log(emails.confirmed, registration, event)
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now
        db.session.flush()
        position = waitlist_position(registration)
        log(registration, "waitlisted", SYSTEM, position, now)
        if notify:
            mail_and_log(emails.waitlisted, registration, event, position)


def resend_confirmation(event: Event, email: str, now: datetime | None = None) -> None:
    """Send the confirmation link again; whatever the address, the caller says the same."""
    now = now or utc_now()
    try:
        key = normalize_address(email).lower()
    except InvalidAddress:
        return
    registration = db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.email_key == key
        )
    )
    if registration is None or registration.status in (
        RegistrationStatus.CANCELLED,
        RegistrationStatus.EXPIRED,
    ):
        return
    if registration.status == RegistrationStatus.PENDING_CONFIRMATION:
        if registration.confirm_expires_at <= now:
            return
        mail_and_log(emails.confirm_request, registration, event, _new_confirm_token(registration))
    else:
        mail_and_log(emails.already_registered, registration, event)
    db.session.flush()


def approve(registration: Registration, now: datetime | None = None, *, actor=SYSTEM,
            bulk: bool = False) -> None:
    """An organizer approves: confirmed if a place is held, otherwise on the waiting list.

    Audited as "registration.approve" (`bulk`: as one of a bulk action), as are the other
    organizers' actions below.
    """
    now = now or utc_now()
    begin_write(db.session)
    refresh(registration)
    if registration.status != RegistrationStatus.PENDING_APPROVAL:
        raise NotChangeable(_l("Only a registration waiting for approval can be approved."))
    before = snapshot(registration)
    registration.decided_at = now
    log(registration, "approved", actor, now=now)
    _admit(registration, db.session.get(Event, registration.event_id), now)
    audit(actor, "registration.approve", registration, before, bulk=bulk)


def reject(
    registration: Registration, reason: str = "", now: datetime | None = None, *, actor=SYSTEM,
    bulk: bool = False,
) -> None:
    """An organizer turns a registration down; the reason, if any, is emailed."""
    now = now or utc_now()
    begin_write(db.session)
    refresh(registration)
    if registration.status not in ACTIVE_STATUSES:
        raise NotChangeable(_l("This registration is no longer active."))
    before = snapshot(registration)
    registration.decided_at = now
    registration.decision_reason = reason.strip() or None
    _end(registration, RegistrationStatus.REJECTED, now)
    log(registration, "rejected", actor, registration.decision_reason, now)
    mail_and_log(emails.rejected, registration, db.session.get(Event, registration.event_id))
    audit(actor, "registration.reject", registration, before, bulk=bulk)


def cancel(registration: Registration, now: datetime | None = None) -> None:
    """The attendee cancels: every place goes to the next person waiting.

    Anyone else cancels through cancel_by_organizer, which the audit log records.
    """
    now = now or utc_now()
    begin_write(db.session)
    refresh(registration)
    _cancel(registration, now, ATTENDEE)


def cancel_by_organizer(registration: Registration, now: datetime | None = None, *, actor,
                        bulk: bool = False) -> None:
    """An organizer (or a command) cancels someone's registration, as the attendee would."""
    now = now or utc_now()
    begin_write(db.session)
    refresh(registration)
    before = snapshot(registration)
    _cancel(registration, now, actor)
    audit(actor, "registration.cancel", registration, before, bulk=bulk)


def _cancel(registration: Registration, now: datetime, actor) -> None:
    if registration.status not in ACTIVE_STATUSES:
        raise NotChangeable(_l("This registration is already cancelled or closed."))
    _end(registration, RegistrationStatus.CANCELLED, now)
    log(registration, "cancelled", actor, now=now)
    mail_and_log(emails.cancelled, registration, db.session.get(Event, registration.event_id))


def expire_holds(now: datetime | None = None) -> int:
    """End the registrations whose address was not confirmed in time, freeing their places.

    Run periodically (`flask registrations expire`); safe to run on several hosts at once.
    """
    now = now or utc_now()
    begin_write(db.session)
    overdue = db.session.scalars(
        select(Registration)
        .where(
            Registration.status == RegistrationStatus.PENDING_CONFIRMATION,
            Registration.confirm_expires_at <= now,
        )
        .order_by(Registration.id)
        .with_for_update(skip_locked=True, of=Registration)
    ).all()
    for registration in overdue:
        _end(registration, RegistrationStatus.EXPIRED, now)
        log(registration, "expired", SYSTEM, now=now)
    return len(overdue)


# --- What organizers do besides deciding ----------------------------------------------------


def add_by_organizer(
    event: Event,
    details: AttendeeDetails,
    email: str,
    session_ids=(),
    *,
    actor,
    walk_in: bool = False,
    skip_capacity: bool = False,
    notify: bool = True,
    now: datetime | None = None,
) -> Registration:
    """An organizer registers an invited guest or a walk-in: no email confirmation asked.

    Confirmed at once when the event (and the type's quota) has a place, otherwise on the
    waiting list, like anyone. With skip_capacity the person is confirmed even when the
    event is full: they come on top of the capacity (which counts the places registration
    offers), hold none of its places, and give none back when they cancel. Session seats
    are never skipped: a full session puts them on its waiting list (raise the session's
    capacity to seat them). A walk-in who is confirmed is checked in at once. Any kind of
    organization is accepted, admitted by the event's rules or not, and the registration
    window does not apply. `notify` sends the confirmation (ticket) or waiting-list email.
    """
    now = now or utc_now()
    begin_write(db.session)
    sessions = chosen_sessions(event, session_ids)
    if db.session.get(OrganizationType, details.organization_type_id) is None:
        raise RegistrationError(_l("Please choose the kind of organization."))
    try:
        email = normalize_address(email)
    except InvalidAddress as error:
        message = error.args[0] if error.args else _l("Invalid email address.")
        raise RegistrationError(message) from None
    existing = db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.email_key == email.lower())
        .with_for_update(of=Registration)
    )
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise AlreadyRegistered(
            _l("%(email)s is already registered for this event.", email=email), existing
        )
    registration = _fresh_registration(event, existing, details, email)
    # Given to the organizer who enters them, as the details themselves are.
    registration.consented_at = registration.created_at = registration.decided_at = now
    registration.email_confirmed_at = registration.waitlisted_at = None
    registration.decision_reason = registration.confirm_token_hash = None
    registration.confirm_expires_at = registration.checked_in_at = None
    registration.holds_place = take_event_place(event.id, details.organization_type_id) is None
    if registration.holds_place or skip_capacity:
        registration.status = RegistrationStatus.CONFIRMED
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now
    db.session.add(registration)
    db.session.flush()
    log(registration, "added_by_organizer", actor, "walk_in" if walk_in else "invited", now)
    if registration.status == RegistrationStatus.CONFIRMED:
        log(registration, "confirmed", actor, "" if registration.holds_place else "over_capacity",
            now)
    else:
        log(registration, "waitlisted", SYSTEM, waitlist_position(registration), now)
    for session in sessions:
        _add_choice(registration, session, now, actor)
    if walk_in and registration.status == RegistrationStatus.CONFIRMED:
        registration.checked_in_at = now
        log(registration, "checked_in", actor, now=now)
    db.session.flush()
    if notify and registration.status == RegistrationStatus.CONFIRMED:
        mail_and_log(emails.confirmed, registration, event)
    elif notify:
        mail_and_log(emails.waitlisted, registration, event, waitlist_position(registration))
    audit(actor, "registration.add", registration, None,
          kind="walk_in" if walk_in else "invited")
    return registration


# The email that tells a registration where it stands now, by status.
_LATEST_EMAIL = {
    RegistrationStatus.PENDING_APPROVAL: emails.awaiting_approval,
    RegistrationStatus.CONFIRMED: emails.confirmed,
    RegistrationStatus.REJECTED: emails.rejected,
    RegistrationStatus.CANCELLED: emails.cancelled,
}


def resend_latest_email(registration: Registration, *, actor, now: datetime | None = None,
                        bulk: bool = False) -> str:
    """Send again the email that says where the registration stands, written afresh.

    Rendered from the registration as it is now (its sessions, its waiting-list position),
    not copied from the outbox. A registration waiting for its address to be confirmed gets
    a new confirmation link (the old one stops working). Returns the email's kind.
    """
    now = now or utc_now()
    begin_write(db.session)
    refresh(registration)
    before = snapshot(registration)
    event = db.session.get(Event, registration.event_id)
    status = registration.status
    if status == RegistrationStatus.PENDING_CONFIRMATION:
        if registration.confirm_expires_at <= now:
            raise NotChangeable(_l("The place held for this registration has expired."))
        send, args = emails.confirm_request, (_new_confirm_token(registration),)
    elif status == RegistrationStatus.WAITLISTED:
        send, args = emails.waitlisted, (waitlist_position(registration),)
    elif status in _LATEST_EMAIL:
        send, args = _LATEST_EMAIL[status], ()
    else:
        raise NotChangeable(_l("This registration expired: there is no email to send again."))
    mail_and_log(send, registration, event, *args, actor=actor, action="email.resent")
    db.session.flush()
    audit(actor, "registration.resend", registration, before, bulk=bulk)
    return f"registration.{send.__name__}"


def _end(registration: Registration, status: RegistrationStatus, now: datetime) -> None:
    """Close a registration and hand every place it held to the people waiting for one."""
    event = db.session.get(Event, registration.event_id)
    freed_sessions = [c.session_id for c in registration.choices if c.status == ChoiceStatus.HOLDING]
    for session_id in freed_sessions:
        release_session_seat(session_id)
    registration.choices.clear()
    freed_place = registration.holds_place
    if freed_place:
        release_event_place(registration.event_id, registration.organization_type_id)
        registration.holds_place = False
    registration.status = status
    registration.confirm_token_hash = None
    db.session.flush()
    if freed_place:
        promote_event(event, now)
    for session_id in freed_sessions:
        promote_session(session_id, event)


def find_by_manage_secret(secret: str) -> Registration | None:
    if not secret or len(secret) > 64:
        return None
    return db.session.scalar(select(Registration).where(Registration.manage_secret == secret))


def refresh(registration: Registration) -> None:
    """Read the registration again inside the write transaction (it may have changed)."""
    db.session.refresh(registration)
