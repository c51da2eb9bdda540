"""What organizers do with registrations beyond single lifecycle steps: bulk actions, and
the history and emails the workspace shows.

The lifecycle itself (approve, reject, cancel, add by hand, resend...) is in
eventapp.registration.services, which writes the history and the audit entries; this
module works on top of it.
"""
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import load_only

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.labels import label
from eventapp.mail.models import OutboxMessage
from eventapp.organizations.models import OrganizationType
from eventapp.programme.models import WorkshopSession
from eventapp.registration import errors, offers, queries, services
from eventapp.registration.history import ATTENDEE, SYSTEM
from eventapp.registration.models import (
    Registration,
    RegistrationLogEntry,
    RegistrationStatus,
)

# A bulk action works on a page's selection; more than this is refused at once.
MAX_BULK = 500


class BulkAction(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    RESEND = "resend"


BULK_LABELS = {
    BulkAction.APPROVE: _l("Approve"),
    BulkAction.REJECT: _l("Reject (with one reason for all)"),
    BulkAction.CANCEL: _l("Cancel"),
    BulkAction.RESEND: _l("Send their latest email again"),
}


@dataclass
class BulkResult:
    action: BulkAction
    done: list[Registration] = field(default_factory=list)
    # Each registration refused, with the reason why.
    refused: list[tuple[Registration, str]] = field(default_factory=list)

    def refused_by_reason(self) -> dict[str, list[Registration]]:
        grouped: dict[str, list[Registration]] = {}
        for registration, reason in self.refused:
            grouped.setdefault(reason, []).append(registration)
        return grouped


def _bulk_step(action: BulkAction, registration: Registration, actor, reason: str, now):
    if action is BulkAction.APPROVE:
        services.approve(registration, now, actor=actor, bulk=True)
    elif action is BulkAction.REJECT:
        services.reject(registration, reason, now, actor=actor, bulk=True)
    elif action is BulkAction.CANCEL:
        services.cancel_by_organizer(registration, now, actor=actor, bulk=True)
    else:
        services.resend_latest_email(registration, actor=actor, now=now, bulk=True)


def bulk(
    event: Event,
    ids,
    action: BulkAction,
    *,
    actor,
    reason: str = "",
    now: datetime | None = None,
) -> BulkResult:
    """Apply one action to the selected registrations of the event, in one transaction.

    Each registration is done in a savepoint: one the rules refuse (approving someone
    already confirmed, say) is listed with the reason and leaves nothing half done, and the
    others go ahead, each with its audit entry (marked as part of a bulk action). Ids of
    other events are ignored. The caller commits.
    """
    action = BulkAction(action)
    if action is BulkAction.REJECT and not reason.strip():
        raise errors.RegistrationError(
            _l("Please give the reason: it is emailed to each person.")
        )
    services.begin_write(db.session)
    registrations = queries.in_event(event, ids)
    if len(registrations) > MAX_BULK:
        raise errors.RegistrationError(
            _l("Please select at most %(n)d registrations at a time.", n=MAX_BULK)
        )
    result = BulkResult(action)
    for registration in registrations:
        try:
            with db.session.begin_nested():
                _bulk_step(action, registration, actor, reason, now)
        except errors.RegistrationError as error:
            db.session.refresh(registration)
            result.refused.append((registration, str(error.message)))
        else:
            result.done.append(registration)
    return result


# --- What the workspace shows ---------------------------------------------------------------


@dataclass
class FilterOptions:
    statuses: list[RegistrationStatus]
    types: list[OrganizationType]
    sessions: list[WorkshopSession]


def filter_options(event: Event) -> FilterOptions:
    types = db.session.scalars(
        select(OrganizationType).order_by(OrganizationType.position, OrganizationType.id)
    )
    return FilterOptions(list(RegistrationStatus), list(types), offers.selectable_sessions(event))


def active_organization_types() -> list[OrganizationType]:
    """Every kind of organization an organizer may add someone as, admitted or not."""
    return list(
        db.session.scalars(
            select(OrganizationType)
            .where(OrganizationType.active.is_(True))
            .order_by(OrganizationType.position, OrganizationType.id)
        )
    )


def registration_in_event(event: Event, registration_id: int) -> Registration | None:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        return None
    return registration


def history(registration: Registration) -> list[RegistrationLogEntry]:
    return list(
        db.session.scalars(
            select(RegistrationLogEntry)
            .where(RegistrationLogEntry.registration_id == registration.id)
            .order_by(RegistrationLogEntry.id)
        )
    )


# Capabilities above this one that email a registration's address about its event (an
# organizers' mailing) add here which of their outbox rows those are: each a function of the
# registration giving a condition on OutboxMessage.
RELATED_EMAILS: list[Callable[[Registration], ColumnElement[bool]]] = []


def emails_for(registration: Registration, limit: int = 200) -> list[OutboxMessage]:
    """The emails about this registration (lifecycle, organizers' notices) and the others
    sent to its address about its event (RELATED_EMAILS), newest first, without bodies."""
    related = [condition(registration) for condition in RELATED_EMAILS]
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                or_(
                    and_(
                        OutboxMessage.ref_type == "registration",
                        OutboxMessage.ref_id == registration.id,
                    ),
                    *related,
                )
            )
            .options(
                load_only(
                    OutboxMessage.id, OutboxMessage.kind, OutboxMessage.to_address,
                    OutboxMessage.subject, OutboxMessage.status, OutboxMessage.created_at,
                    OutboxMessage.sent_at, OutboxMessage.attempts, OutboxMessage.last_error,
                )
            )
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )


# What each step of the history says. %(detail)s is the entry's detail.
_ACTIONS = {
    "registered": _l("Registered"),
    "email_confirmed": _l("Email address confirmed"),
    "pending_approval": _l("Waiting for an organizer's approval"),
    "approved": _l("Approved"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the event's waiting list, position %(detail)s"),
    "promoted": _l("Given a place from the waiting list"),
    "rejected": _l("Not accepted. Reason: %(detail)s"),
    "cancelled": _l("Cancelled"),
    "expired": _l("Expired: the email address was not confirmed in time"),
    "session.seat_taken": _l("Seat taken in “%(detail)s”"),
    "session.waitlisted": _l("On the waiting list of “%(detail)s”"),
    "session.promoted": _l("Given a seat in “%(detail)s” from its waiting list"),
    "sessions.changed": _l("Sessions changed: %(detail)s"),
    "details.changed": _l("Details changed: %(detail)s"),
    "email.sent": _l("Email sent: %(detail)s"),
    "email.resent": _l("Email sent again by an organizer: %(detail)s"),
    "checked_in": _l("Checked in"),
    "check_in.undone": _l("Check-in undone"),
    "session.checked_in": _l("Checked in to “%(detail)s”"),
    "session.check_in_undone": _l("Check-in to “%(detail)s” undone"),
}
_SPECIAL = {
    ("rejected", ""): _l("Not accepted (no reason given)"),
    ("confirmed", "over_capacity"): _l("Confirmed beyond the event's capacity"),
    ("added_by_organizer", "invited"): _l("Added by an organizer as an invited guest"),
    ("added_by_organizer", "walk_in"): _l("Added by an organizer as a walk-in"),
}
EMAIL_KINDS = {
    "registration.confirm_request": _l("please confirm your address"),
    "registration.already_registered": _l("already registered"),
    "registration.awaiting_approval": _l("waiting for approval"),
    "registration.confirmed": _l("confirmation with ticket"),
    "registration.promoted": _l("place from the waiting list, with ticket"),
    "registration.waitlisted": _l("on the waiting list"),
    "registration.session_promoted": _l("seat in a session"),
    "registration.rejected": _l("not accepted"),
    "registration.cancelled": _l("cancellation"),
    "registration.organizer_new": _l("new registration, to the organizers"),
    "mailing": _l("message from the organizers"),
    "mailing.test": _l("test of a message from the organizers"),
}


def email_kind_label(kind: str) -> str:
    return str(EMAIL_KINDS.get(kind, kind))


def describe(entry: RegistrationLogEntry) -> str:
    """The history entry in words, in the reader's language."""
    special = _SPECIAL.get((entry.action, entry.detail))
    if special is not None:
        return str(special)
    text = _ACTIONS.get(entry.action)
    if text is None:
        return f"{entry.action}: {entry.detail}" if entry.detail else entry.action
    detail = entry.detail
    if entry.action in ("email.sent", "email.resent"):
        detail = email_kind_label(detail)
    return str(text) % {"detail": detail}


def describe_actor(actor: str) -> str:
    if actor == ATTENDEE:
        return _("the attendee")
    if actor == SYSTEM:
        return _("automatic")
    return actor


def status_label(status: RegistrationStatus) -> str:
    return label(status)
