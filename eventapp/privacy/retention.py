"""Forgetting attendees once an event is long over: `flask retention anonymize`.

Registrations of events that ended more than N days ago keep what statistics need (status,
organization type and name, country, sessions chosen, check-in, dates) and lose what
identifies a person: name, email, phone, position, department, city, needs, dietary
requirements, organizers' notes on them. Their manage secret and ticket code are replaced,
so old links and QR codes lead nowhere. The emails sent about them, and those the organizers
sent to the event's attendees, lose recipient, subject, bodies and attachments; the history
and audit entries about them lose the personal values they recorded.

Running it again changes nothing more: an anonymized registration is recognised by its
placeholder address. The function flushes and never commits; the command commits.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import lazyload

from eventapp.audit.models import AuditEntry
from eventapp.db import begin_write_transaction, utc_now
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from eventapp.mailings.models import Mailing
from eventapp.registration.models import Registration, RegistrationLogEntry

# example.invalid can never be a real address (RFC 2606): nothing can be sent to it.
PLACEHOLDER_DOMAIN = "anonymized.invalid"
PLACEHOLDER_PREFIX = "anonymized-"
REMOVED = "[personal data removed]"
# The recipient of every email about an anonymized registration.
_REMOVED_ADDRESS = f"removed@{PLACEHOLDER_DOMAIN}"
# Registration fields that identify a person, and what each becomes.
PERSONAL_FIELDS = {
    "full_name": "",
    "honorific": "none",
    "phone": None,
    "position": None,
    "department": None,
    "city": None,
    "needs_accessibility": None,
    "needs_interpretation": False,
    "dietary": None,
    "publish_consent": False,
    "decision_reason": None,
    "confirm_token_hash": None,
}
# Keys of audit snapshots that hold personal data (the fields above, and the address).
_PERSONAL_KEYS = frozenset(PERSONAL_FIELDS) | {
    "email",
    "email_key",
    "manage_secret",
    "ticket_code",
    "search_text",
}
# Rows changed per flush: bounded memory at 100,000 registrations.
BATCH = 500


@dataclass
class RetentionReport:
    cutoff: datetime
    events: list[str] = field(default_factory=list)
    registrations: int = 0
    emails: int = 0


def placeholder_address(registration_id: int) -> str:
    """Unique per registration, so the one-address-per-event constraint still holds."""
    return f"{PLACEHOLDER_PREFIX}{registration_id}@{PLACEHOLDER_DOMAIN}"


def _not_yet_anonymized():
    return Registration.email_key.not_like(f"{PLACEHOLDER_PREFIX}%@{PLACEHOLDER_DOMAIN}")


def anonymize_old_events(
    older_than_days: int, now: datetime | None = None, *, dry_run: bool = False
) -> RetentionReport:
    """Anonymize the attendees of events that ended more than `older_than_days` ago.

    With dry_run, only count what would change.
    """
    if older_than_days < 0:
        raise ValueError("older_than_days cannot be negative")
    cutoff = (now or utc_now()) - timedelta(days=older_than_days)
    if not dry_run:
        begin_write_transaction(db.session)
    report = RetentionReport(cutoff=cutoff)
    events = db.session.execute(
        select(Event.id, Event.slug).where(Event.ends_at < cutoff).order_by(Event.ends_at, Event.id)
    ).all()
    for event_id, slug in events:
        ids = list(
            db.session.scalars(
                select(Registration.id)
                .where(Registration.event_id == event_id, _not_yet_anonymized())
                .order_by(Registration.id)
            )
        )
        # Emails written to everyone the organizers chose (personalised, one per person).
        mailing_emails = _mailing_emails(event_id)
        mailed = _count_emails(mailing_emails)
        if not ids and not mailed:
            continue
        report.events.append(slug)
        report.registrations += len(ids)
        report.emails += mailed
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            emails = _registration_emails(chunk)
            report.emails += _count_emails(emails)
            if not dry_run:
                _anonymize_registrations(chunk)
                _anonymize_emails(emails)
                _scrub_history(chunk)
        if not dry_run:
            _anonymize_emails(mailing_emails)
    return report


def _anonymize_registrations(ids: list[int]) -> None:
    # Through the ORM, so that listeners keeping derived columns (the search text) see
    # the change; choices and the organization type are not needed here.
    rows = db.session.scalars(
        select(Registration).where(Registration.id.in_(ids)).options(lazyload("*"))
    ).all()
    for registration in rows:
        for name, value in PERSONAL_FIELDS.items():
            setattr(registration, name, value)
        registration.email = registration.email_key = placeholder_address(registration.id)
        # Old manage links and QR codes must lead nowhere.
        registration.manage_secret = secrets.token_urlsafe(32)
        registration.ticket_code = secrets.token_hex(8).upper()
    db.session.flush()
    for registration in rows:
        db.session.expunge(registration)


def _registration_emails(ids: list[int]) -> tuple:
    """The emails about these registrations: the conditions that select them."""
    return (OutboxMessage.ref_type == "registration", OutboxMessage.ref_id.in_(ids))


def _mailing_emails(event_id: int) -> tuple:
    return (
        OutboxMessage.ref_type == "mailing",
        OutboxMessage.ref_id.in_(select(Mailing.id).where(Mailing.event_id == event_id)),
    )


def _count_emails(emails: tuple) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(*emails, OutboxMessage.to_address != _REMOVED_ADDRESS)
    )


def _anonymize_emails(emails: tuple) -> None:
    options = {"synchronize_session": False}
    # Never sent now: an email without its body has nothing left to say.
    db.session.execute(
        update(OutboxMessage)
        .where(*emails, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.FAILED, claimed_by=None, locked_until=None),
        execution_options=options,
    )
    db.session.execute(
        update(OutboxMessage)
        .where(*emails)
        .values(
            to_address=_REMOVED_ADDRESS,
            to_name=None,
            # Subjects can hold a name ("New registration: Nguyễn Thị Hoa").
            subject=REMOVED,
            text_body=REMOVED,
            html_body=None,
            last_error=None,
        ),
        execution_options=options,
    )
    # Tickets (QR codes) and calendar files.
    db.session.execute(
        delete(OutboxAttachment).where(
            OutboxAttachment.outbox_message_id.in_(select(OutboxMessage.id).where(*emails))
        ),
        execution_options=options,
    )


def _scrub_history(ids: list[int]) -> None:
    """Keep what happened and when; drop the personal values recorded along the way."""
    db.session.execute(
        update(RegistrationLogEntry)
        .where(RegistrationLogEntry.registration_id.in_(ids))
        .values(detail=""),
        execution_options={"synchronize_session": False},
    )
    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.target_type == "registration", AuditEntry.target_id.in_(ids)
        )
    ).all()
    for entry in entries:
        entry.before = _without_personal_keys(entry.before)
        entry.after = _without_personal_keys(entry.after)
    db.session.flush()


def _without_personal_keys(snapshot: dict | None) -> dict | None:
    if snapshot is None:
        return None
    return {key: value for key, value in snapshot.items() if key not in _PERSONAL_KEYS}


# --- Command ----------------------------------------------------------------------------------

retention_cli = AppGroup("retention", help="Forget personal data once it is no longer needed.")


@retention_cli.command("anonymize")
@click.option(
    "--older-than-days",
    type=click.IntRange(min=0),
    default=None,
    help="Events that ended more than this many days ago (default: RETENTION_DAYS, 730).",
)
@click.option("--dry-run", is_flag=True, help="Only say what would be anonymized.")
def anonymize_command(older_than_days: int | None, dry_run: bool):
    """Anonymize the attendees of events that ended long ago (statistics are kept)."""
    days = older_than_days if older_than_days is not None else current_app.config["RETENTION_DAYS"]
    report = anonymize_old_events(days, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "Would anonymize" if dry_run else "Anonymized"
    click.echo(
        f"{verb} {report.registrations} registration(s) and {report.emails} email(s) of "
        f"{len(report.events)} event(s) that ended before {report.cutoff:%Y-%m-%d %H:%M} UTC."
    )
    for slug in report.events:
        click.echo(f"  {slug}")
