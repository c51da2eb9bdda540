"""Registration from the form to a confirmed place: plain functions working through db.session.

The lifecycle: pending confirmation (the address is not yet confirmed; a place is held until
the hold expires) → pending approval (when the organization type needs an organizer's
approval) → confirmed, or waitlisted when the event was full. A registration can end as
rejected, cancelled or expired. Every place given back goes at once to the next person
waiting, first come, first served, who is emailed.

Each function flushes and never commits: the caller commits, and the emails written to the
outbox on the way go out only if it does.
"""
import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eventapp.db import begin_write_transaction, utc_now
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.mail.services import InvalidAddress, normalize_address
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import SessionKind, WorkshopSession
from eventapp.registration import emails
from eventapp.registration.capacity import (
    PlaceRefused,
    release_event_place,
    release_session_seat,
    take_event_place,
    take_session_seat,
)
from eventapp.registration.positions import waitlist_position
from eventapp.registration.models import (
    ACTIVE_STATUSES,
    ChoiceStatus,
    CreativeField,
    Language,
    Registration,
    RegistrationStatus,
    SessionChoice,
    TypePolicy,
)

# Sessions nobody signs up for: everyone is welcome at breaks and networking.
NOT_SELECTABLE = frozenset({SessionKind.BREAK, SessionKind.NETWORKING})


class RegistrationError(Exception):
    """A request the registration rules refuse; `message` says why, for the attendee."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class RegistrationClosed(RegistrationError):
    pass


class TypeNotAdmitted(RegistrationError):
    pass


class SessionConflict(RegistrationError):
    pass


class InvalidLink(RegistrationError):
    pass


class LinkExpired(RegistrationError):
    pass


class NotChangeable(RegistrationError):
    pass


@dataclass
class AttendeeDetails:
    """What an attendee tells about themselves on the form."""

    full_name: str
    email: str
    organization_name: str
    organization_type_id: int
    country: str
    language: Language = Language.VIETNAMESE
    honorific: str = "none"
    phone: str | None = None
    position: str | None = None
    city: str | None = None
    department: str | None = None
    unesco_applicant: bool = False
    unesco_field: CreativeField | None = None
    needs_accessibility: str | None = None
    needs_interpretation: bool = False
    dietary: str | None = None
    publish_consent: bool = False

    def __post_init__(self):
        # Forms hand over plain strings; the model keeps enumerations.
        self.language = Language(self.language)
        self.unesco_field = CreativeField(self.unesco_field) if self.unesco_field else None


# --- What the form offers -------------------------------------------------------------------


def registration_window_open(event: Event, now: datetime | None = None) -> bool:
    now = now or utc_now()
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.starts_at
    return now < closes


def policies(event: Event) -> dict[int, TypePolicy]:
    rows = db.session.scalars(select(TypePolicy).where(TypePolicy.event_id == event.id))
    return {policy.organization_type_id: policy for policy in rows}


def admitted_types(event: Event) -> list[OrganizationType]:
    """The organization types the event admits (every active type unless a policy says no)."""
    by_type = policies(event)
    types = db.session.scalars(
        select(OrganizationType)
        .where(OrganizationType.active.is_(True))
        .order_by(OrganizationType.position, OrganizationType.id)
    )
    return [t for t in types if by_type.get(t.id) is None or by_type[t.id].admitted]


def selectable_sessions(event: Event) -> list[WorkshopSession]:
    return list(
        db.session.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.event_id == event.id, WorkshopSession.kind.not_in(NOT_SELECTABLE))
            .order_by(WorkshopSession.starts_at, WorkshopSession.id)
        )
    )


def _chosen_sessions(event: Event, session_ids) -> list[WorkshopSession]:
    ids = set(session_ids)
    if not ids:
        return []
    sessions = [s for s in selectable_sessions(event) if s.id in ids]
    if len(sessions) != len(ids):
        raise RegistrationError(_l("One of the chosen sessions is not part of this event."))
    for earlier, later in zip(sessions, sessions[1:]):
        if earlier.ends_at > later.starts_at:
            raise SessionConflict(
                _l(
                    "“%(first)s” and “%(second)s” take place at the same time: choose one.",
                    first=earlier.title,
                    second=later.title,
                )
            )
    return sessions


def _policy(event_id: int, organization_type_id: int) -> TypePolicy | None:
    return db.session.get(TypePolicy, (event_id, organization_type_id))


def _check_type(event: Event, organization_type_id: int) -> None:
    if organization_type_id not in {t.id for t in admitted_types(event)}:
        raise TypeNotAdmitted(
            _l("This event does not take registrations from this kind of organization.")
        )


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
    event: Event, details: AttendeeDetails, session_ids=(), now: datetime | None = None
) -> Registration:
    """Take a registration and email its owner a confirmation link.

    An address that is already registered gets an email saying so, with its manage link,
    and the caller shows the same page either way: no response reveals who registered.
    """
    now = now or utc_now()
    begin_write_transaction(db.session)
    if not registration_window_open(event, now):
        raise RegistrationClosed(_l("Registration for this event is closed."))
    _check_type(event, details.organization_type_id)
    sessions = _chosen_sessions(event, session_ids)
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
        emails.confirm_request(existing, event, _new_confirm_token(existing))
        return existing
    if existing is not None and existing.status not in (
        RegistrationStatus.CANCELLED,
        RegistrationStatus.EXPIRED,
    ):
        emails.already_registered(existing, event)
        return existing

    registration = existing or Registration(
        event_id=event.id, manage_secret=secrets.token_urlsafe(32), ticket_code=_new_ticket_code()
    )
    registration.choices.clear()
    _apply_details(registration, details)
    registration.email = email
    registration.email_key = email.lower()
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
    for session in sessions:
        _add_choice(registration, session.id, now)
    db.session.flush()
    emails.confirm_request(registration, event, token)
    return registration


_DETAIL_FIELDS = (
    "honorific", "full_name", "phone", "organization_name", "organization_type_id",
    "position", "country", "city", "department", "unesco_applicant", "unesco_field",
    "language", "needs_accessibility", "needs_interpretation", "dietary", "publish_consent",
)


def _apply_details(registration: Registration, details: AttendeeDetails) -> None:
    for field in _DETAIL_FIELDS:
        setattr(registration, field, getattr(details, field))


def _add_choice(registration: Registration, session_id: int, now: datetime) -> SessionChoice:
    holding = registration.holds_place and take_session_seat(session_id)
    choice = SessionChoice(
        session_id=session_id,
        status=ChoiceStatus.HOLDING if holding else ChoiceStatus.WAITLISTED,
        created_at=now,
    )
    registration.choices.append(choice)
    return choice


def confirm_email(token: str, now: datetime | None = None) -> Registration:
    """Follow the link in the please-confirm email. Single use; refused once the hold expired."""
    now = now or utc_now()
    begin_write_transaction(db.session)
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
        raise LinkExpired(
            _l("This confirmation link has expired and the place held for you was released. "
               "Please register again.")
        )
    event = db.session.get(Event, registration.event_id)
    registration.confirm_token_hash = None
    registration.email_confirmed_at = now
    policy = _policy(registration.event_id, registration.organization_type_id)
    if policy is not None and policy.needs_approval:
        registration.status = RegistrationStatus.PENDING_APPROVAL
        emails.awaiting_approval(registration, event)
    else:
        _admit(registration, event, now)
    emails.notify_organizers(registration, event)
    db.session.flush()
    return registration


def _admit(registration: Registration, event: Event, now: datetime) -> None:
    """Confirmed when a place is held for the registration, otherwise on the waiting list."""
    if registration.holds_place:
        registration.status = RegistrationStatus.CONFIRMED
        db.session.flush()
        emails.confirmed(registration, event)
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now
        db.session.flush()
        emails.waitlisted(registration, event, waitlist_position(registration))


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
        emails.confirm_request(registration, event, _new_confirm_token(registration))
    else:
        emails.already_registered(registration, event)
    db.session.flush()


def approve(registration: Registration, now: datetime | None = None) -> None:
    now = now or utc_now()
    begin_write_transaction(db.session)
    _refresh(registration)
    if registration.status != RegistrationStatus.PENDING_APPROVAL:
        raise NotChangeable(_l("Only a registration waiting for approval can be approved."))
    registration.decided_at = now
    _admit(registration, db.session.get(Event, registration.event_id), now)


def reject(registration: Registration, reason: str = "", now: datetime | None = None) -> None:
    now = now or utc_now()
    begin_write_transaction(db.session)
    _refresh(registration)
    if registration.status not in ACTIVE_STATUSES:
        raise NotChangeable(_l("This registration is no longer active."))
    registration.decided_at = now
    registration.decision_reason = reason.strip() or None
    _end(registration, RegistrationStatus.REJECTED, now)
    emails.rejected(registration, db.session.get(Event, registration.event_id))


def cancel(registration: Registration, now: datetime | None = None) -> None:
    """The attendee (or an organizer) cancels: every place goes to the next person waiting."""
    now = now or utc_now()
    begin_write_transaction(db.session)
    _refresh(registration)
    if registration.status not in ACTIVE_STATUSES:
        raise NotChangeable(_l("This registration is already cancelled or closed."))
    _end(registration, RegistrationStatus.CANCELLED, now)
    emails.cancelled(registration, db.session.get(Event, registration.event_id))


def expire_holds(now: datetime | None = None) -> int:
    """End the registrations whose address was not confirmed in time, freeing their places.

    Run periodically (`flask registrations expire`); safe to run on several hosts at once.
    """
    now = now or utc_now()
    begin_write_transaction(db.session)
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
    return len(overdue)


def change_sessions(registration: Registration, session_ids, now: datetime | None = None) -> None:
    """The attendee changes their choice of sessions, within capacity and the window."""
    now = now or utc_now()
    begin_write_transaction(db.session)
    _refresh(registration)
    event = db.session.get(Event, registration.event_id)
    _check_changeable(registration, event, now)
    wanted = {s.id for s in _chosen_sessions(event, session_ids)}
    freed = []
    for choice in list(registration.choices):
        if choice.session_id not in wanted:
            if choice.status == ChoiceStatus.HOLDING:
                release_session_seat(choice.session_id)
                freed.append(choice.session_id)
            registration.choices.remove(choice)
    held = {c.session_id for c in registration.choices}
    for session_id in sorted(wanted - held):
        _add_choice(registration, session_id, now)
    db.session.flush()
    for session_id in freed:
        _promote_session(session_id, event)


def update_details(registration: Registration, details: AttendeeDetails, now=None) -> None:
    """Change what the attendee told about themselves; the address and the type stay."""
    now = now or utc_now()
    event = db.session.get(Event, registration.event_id)
    _check_changeable(registration, event, now)
    for field in _DETAIL_FIELDS:
        if field != "organization_type_id":
            setattr(registration, field, getattr(details, field))
    db.session.flush()


def can_change(registration: Registration, event: Event, now: datetime | None = None) -> bool:
    """Whether the attendee may still edit or cancel the registration themselves."""
    return registration.status in ACTIVE_STATUSES and registration_window_open(event, now)


def has_ticket(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


def _check_changeable(registration: Registration, event: Event, now: datetime) -> None:
    if registration.status not in ACTIVE_STATUSES:
        raise NotChangeable(_l("This registration is cancelled or closed and cannot be changed."))
    if not registration_window_open(event, now):
        raise NotChangeable(
            _l("Registration is closed; please write to the organizers to change anything.")
        )


def _refresh(registration: Registration) -> None:
    """Read the registration again inside the write transaction (it may have changed)."""
    db.session.refresh(registration)


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
        _promote_event(event, now)
    for session_id in freed_sessions:
        _promote_session(session_id, event)


# --- Waiting lists --------------------------------------------------------------------------


def promote_waiting_lists(event: Event, now: datetime | None = None) -> None:
    """Give free places to the people waiting; call after a capacity was raised."""
    now = now or utc_now()
    _promote_event(event, now)
    for session in selectable_sessions(event):
        _promote_session(session.id, event)


def _promote_event(event: Event, now: datetime) -> None:
    """Admit waitlisted registrations in order while places are free.

    A person whose type's quota is full is passed over, not blocking those behind them.
    SKIP LOCKED: two requests freeing places at once each take a different person.
    """
    waiting = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.holds_place.is_(False),
        )
        .order_by(Registration.waitlisted_at, Registration.id)
        .with_for_update(skip_locked=True, of=Registration)
    ).all()
    for registration in waiting:
        refused = take_event_place(event.id, registration.organization_type_id)
        if refused is PlaceRefused.EVENT_FULL:
            return
        if refused is PlaceRefused.QUOTA_FULL:
            continue
        registration.holds_place = True
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlisted_at = None
        for choice in registration.choices:
            if choice.status == ChoiceStatus.WAITLISTED and take_session_seat(choice.session_id):
                choice.status = ChoiceStatus.HOLDING
        db.session.flush()
        emails.promoted(registration, event)


def _promote_session(session_id: int, event: Event) -> None:
    """Give the session's free seats to the registrations waiting for it, in order."""
    while True:
        choice = db.session.scalar(
            select(SessionChoice)
            .join(Registration, Registration.id == SessionChoice.registration_id)
            .where(
                SessionChoice.session_id == session_id,
                SessionChoice.status == ChoiceStatus.WAITLISTED,
                Registration.holds_place.is_(True),
                Registration.status.in_(ACTIVE_STATUSES),
            )
            .order_by(SessionChoice.created_at, SessionChoice.id)
            .limit(1)
            .with_for_update(skip_locked=True, of=SessionChoice)
        )
        if choice is None or not take_session_seat(session_id):
            return
        choice.status = ChoiceStatus.HOLDING
        db.session.flush()
        registration = db.session.get(Registration, choice.registration_id)
        if registration.status == RegistrationStatus.CONFIRMED:
            emails.session_promoted(registration, event, choice.session)


def find_by_manage_secret(secret: str) -> Registration | None:
    if not secret or len(secret) > 64:
        return None
    return db.session.scalar(select(Registration).where(Registration.manage_secret == secret))
