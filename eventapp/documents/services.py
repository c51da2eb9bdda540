"""Who gets which document, and emailing the certificates of attendance.

Plain functions: they read and write through db.session and flush, never commit.
"""
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import raiseload

from eventapp.audit.services import record
from eventapp.db import begin_write, utc_now
from eventapp.documents import emails
from eventapp.documents.certificate import certificate_pdf
from eventapp.errors import Refused
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration import queries
from eventapp.registration.amendments import has_ticket
from eventapp.registration.history import log
from eventapp.registration.models import Registration, RegistrationStatus
from eventapp.registration.queries import RegistrationFilter
from eventapp.text import fold, name_sort_key

# One PDF at a time is built in memory: a printer's day of badges, not the whole world.
MAX_BADGES = 2000
# Certificates emailed by one request: each is a PDF of its own (tens of milliseconds, more
# on a busy machine), and a request must end well within the server's timeout. The rest go
# when the organizer asks again.
CERTIFICATES_PER_REQUEST = 150
BADGE_SORTS = ("name", "organization")


class DocumentError(Refused):
    """A document that cannot be made as asked."""


class TooManyBadges(DocumentError):
    pass


class TooEarly(DocumentError):
    pass


# --- Ticket and certificate of one person ----------------------------------------------------


def ticket_available(registration: Registration) -> bool:
    """A ticket exists for a confirmed registration only."""
    return has_ticket(registration)


def certificate_available(registration: Registration, event: Event,
                          now: datetime | None = None) -> bool:
    """A certificate exists for a person checked in at an event that has started."""
    now = now or utc_now()
    return registration.checked_in_at is not None and event.starts_at <= now


# --- Badges ----------------------------------------------------------------------------------


def parse_ids(values: Iterable[str]) -> list[int]:
    """Registration ids from `ids=1,2,3` (or `ids=1&ids=2`); anything else is ignored."""
    found: list[int] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if part.isdigit() and len(part) < 10 and int(part) not in found:
                found.append(int(part))
    return found


def badge_filter(filter: RegistrationFilter) -> RegistrationFilter:
    """The list's filter narrowed to confirmed registrations: only they get a badge."""
    sort = filter.sort if filter.sort in BADGE_SORTS else "name"
    return dataclasses.replace(filter, statuses=(RegistrationStatus.CONFIRMED,), sort=sort)


def badge_count(event: Event, filter: RegistrationFilter) -> int:
    return queries.count(queries.filtered_query(event, badge_filter(filter)))


def _sorted_for_badges(registrations: list[Registration], sort: str) -> list[Registration]:
    """In Vietnamese alphabetical order of the given name, or by organization then name."""
    if sort == "organization":
        return sorted(registrations, key=lambda r: (fold(r.organization_name),
                                                    name_sort_key(r.full_name), r.id))
    return sorted(registrations, key=lambda r: (name_sort_key(r.full_name), r.id))


def _load(ids: list[int]) -> list[Registration]:
    found = []
    for start in range(0, len(ids), 500):
        found += db.session.scalars(
            select(Registration)
            .where(Registration.id.in_(ids[start:start + 500]))
            .options(raiseload(Registration.choices))
        )
    return found


def badge_registrations(event: Event, *, ids: list[int] | None = None,
                        filter: RegistrationFilter | None = None) -> list[Registration]:
    """The confirmed registrations to print badges for: those named by id, in that order
    (ids of other events, or of registrations not confirmed, are left out), else those
    matching the filter, by name or by organization.

    Raises TooManyBadges beyond MAX_BADGES.
    """
    filter = badge_filter(filter or RegistrationFilter())
    if ids is not None:
        chosen = [r for r in queries.in_event(event, ids)
                  if r.status == RegistrationStatus.CONFIRMED]
        if len(chosen) > MAX_BADGES:
            raise _too_many(len(chosen))
        # Explicit ids keep the order they were given in.
        position = {registration_id: index for index, registration_id in enumerate(ids)}
        return sorted(chosen, key=lambda r: position[r.id])
    matching: list[int] = []
    # Keyset batches, as the exports read: cheap however many registrations there are.
    for rows in queries.batches(event, filter, [Registration.id], size=1000):
        matching += [row[0] for row in rows]
        if len(matching) > MAX_BADGES:
            raise _too_many(badge_count(event, filter))
    return _sorted_for_badges(_load(matching), filter.sort)


def _too_many(count: int) -> TooManyBadges:
    return TooManyBadges(_l("That is %(num)d badges; one PDF holds at most %(max)d. Please "
                            "print them in parts (by kind of organization, say).",
                            num=count, max=MAX_BADGES))


# --- Certificates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateCounts:
    checked_in: int
    emailed: int

    @property
    def remaining(self) -> int:
        return self.checked_in - self.emailed


def certificate_counts(event: Event) -> CertificateCounts:
    checked_in, emailed = db.session.execute(
        select(func.count(Registration.checked_in_at), func.count(Registration.certificate_sent_at))
        .where(Registration.event_id == event.id, Registration.checked_in_at.is_not(None))
    ).one()
    return CertificateCounts(checked_in=checked_in, emailed=emailed)


def email_certificates(event: Event, *, actor, now: datetime | None = None,
                       limit: int = CERTIFICATES_PER_REQUEST) -> int:
    """Queue one email with the certificate attached to every person checked in whose
    certificate has not been emailed yet, `limit` at most; returns how many were queued,
    and writes that number into the audit log (when there was anyone to send to).

    Never twice: each registration is claimed by a conditional UPDATE (… WHERE
    certificate_sent_at IS NULL) and mailed only if that UPDATE took it. A second request at
    the same moment waits for the first (row locks on PostgreSQL, BEGIN IMMEDIATE on SQLite)
    and then finds nobody left, or only the people checked in since.
    """
    now = now or utc_now()
    if event.starts_at > now:
        raise TooEarly(_l("The event has not started yet: certificates can be sent once it has."))
    # The PDFs first, before taking any lock: building them is the slow part, and on SQLite
    # the write lock holds up every other writer (the check-in desk among them).
    waiting = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.checked_in_at.is_not(None),
            Registration.certificate_sent_at.is_(None),
        )
        .order_by(Registration.id)
        .limit(limit)
    ).all()
    certificates = {r.id: certificate_pdf(r, event, issued=now) for r in waiting}
    begin_write(db.session)
    queued = 0
    for registration_id, pdf in certificates.items():
        claimed = db.session.execute(
            update(Registration)
            .where(
                Registration.id == registration_id,
                Registration.checked_in_at.is_not(None),
                Registration.certificate_sent_at.is_(None),
            )
            .values(certificate_sent_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue
        registration = db.session.get(Registration, registration_id, populate_existing=True)
        emails.certificate(registration, event, pdf)
        log(registration, "certificate.emailed", actor, "documents.certificate", now=now)
        queued += 1
    db.session.flush()
    if queued:
        record(actor, "certificates.email", "event", event.id, event_id=event.id,
               after={"queued": queued})
    return queued
