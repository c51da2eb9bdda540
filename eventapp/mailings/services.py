"""Emails organizers write to a filtered set of registrations: drafts, previews, tests, and
queueing one outbox message per recipient.

The body is Markdown with placeholders, filled in for each recipient:

    {name}         title and full name as introduced, e.g. "Dr. Nguyễn Phương Hoa"
    {full_name}    the full name alone
    {event}        the event's title (in the recipient's language when it has one)
    {manage_link}  the person's own registration page (see it, change it, cancel it)

The subject takes the same placeholders. Any other word in braces is refused when the
form is sent, so that a typo never reaches hundreds of inboxes as "{nmae}".

Writing, changing, testing and sending a mailing each take the `actor` who does it (an
Account, or a name for a command) and write their entry into the audit log themselves.
"""


import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import and_, func, select

from eventapp.audit.services import record, snapshot
from eventapp.db import utc_now
from eventapp.errors import Refused
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.i18n import localized
from eventapp.labels import speaker_name
from eventapp.mail.models import OutboxMessage, OutboxStatus
from eventapp.mail.services import InvalidAddress, enqueue, render_email
from eventapp.mailings.models import Mailing
from eventapp.registration import admin, history, queries, services
from eventapp.registration.models import Language, Registration
from eventapp.registration.queries import RegistrationFilter
from eventapp.text import render_markdown
from eventapp.urls import public_url

PLACEHOLDERS = ("name", "full_name", "event", "manage_link")


_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


MAX_BODY_LENGTH = 20_000


# Recipients are loaded and rendered this many at a time.
BATCH_SIZE = 500


KIND = "mailing"


TEST_KIND = "mailing.test"


# Written into the audit log for each change of a mailing.
AUDITED = ("subject", "body", "filter", "queued_at", "recipient_count")


class MailingError(Refused):
    """An email to attendees that cannot be written or sent as asked."""


def unknown_placeholders(text: str) -> set[str]:
    return {name for name in _PLACEHOLDER.findall(text or "") if name not in PLACEHOLDERS}


# Markdown's special characters: a name written into the body must stay text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&])")


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _fill(text: str, values: dict) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _values(registration: Registration, event: Event) -> dict:
    return {
        "name": speaker_name(registration),
        "full_name": registration.full_name,
        "event": localized(event, "title"),
        "manage_link": public_url("registration.manage", secret=registration.manage_secret),
    }


@dataclass
class Filled:
    """The email's parts with the placeholders filled in for one recipient."""

    subject: str
    text: str
    # The body as HTML (Markdown rendered and cleaned), without the email's frame.
    html_body: Markup


def fill(subject: str, body: str, registration: Registration, event: Event) -> Filled:
    with force_locale(registration.language.value):
        values = _values(registration, event)
    # In the HTML the values are text, not Markdown; the link becomes a link (<…> is an
    # autolink, and also a valid destination inside [text](…)).
    html_values = {name: _escape_markdown(value) for name, value in values.items()}
    html_values["manage_link"] = f"<{values['manage_link']}>"
    return Filled(
        subject=_fill(subject, values),
        text=_fill(body, values),
        html_body=render_markdown(_fill(body, html_values)),
    )


def render(subject: str, body: str, registration: Registration, event: Event):
    """(subject, text, html) of the email as this registration receives it, in its language."""
    filled = fill(subject, body, registration, event)
    return render_email(
        "mailing/message",
        registration.language.value,
        mailing_subject=filled.subject,
        body_text=filled.text,
        body_html=filled.html_body,
        registration=registration,
        event=event,
        manage_url=public_url("registration.manage", secret=registration.manage_secret),
    )


# --- Drafts ---------------------------------------------------------------------------------


def create_draft(event: Event, subject: str, body: str, filter: RegistrationFilter, *,
                 actor) -> Mailing:
    mailing = Mailing(
        event_id=event.id,
        subject=subject,
        body=body,
        filter=filter.to_json(),
        created_by_id=getattr(actor, "id", None),
        created_by=history.actor_name(actor),
        recipient_count=0,
    )
    db.session.add(mailing)
    db.session.flush()
    record(actor, "mailing.create", "mailing", mailing.id, event_id=event.id,
           after=snapshot(mailing, AUDITED))
    return mailing


def update_draft(mailing: Mailing, subject: str, body: str, filter: RegistrationFilter, *,
                 actor) -> None:
    if not mailing.is_draft:
        raise MailingError(_l("This email has been sent and can no longer be changed."))
    before = snapshot(mailing, AUDITED)
    mailing.subject, mailing.body, mailing.filter = subject, body, filter.to_json()
    db.session.flush()
    record(actor, "mailing.update", "mailing", mailing.id, event_id=mailing.event_id,
           before=before, after=snapshot(mailing, AUDITED))


def mailing_filter(mailing: Mailing) -> RegistrationFilter:
    return RegistrationFilter.from_json(mailing.filter)


def recipient_count(event: Event, filter: RegistrationFilter) -> int:
    return queries.count(queries.filtered_query(event, filter))


def preview_recipient(event: Event, filter: RegistrationFilter) -> Registration | None:
    """The first recipient in the filter's order: a real person to preview the email for."""
    first = queries.page(event, filter, per_page=1).items
    return first[0] if first else None


def _stand_in(account) -> Registration:
    """A recipient to render a test for when nobody matches the filter (never saved)."""
    return Registration(
        full_name=getattr(account, "name", None) or history.actor_name(account),
        honorific="none",
        language=Language.VIETNAMESE,
        manage_secret="example",
    )


def send_test(mailing: Mailing, event: Event, *, actor) -> OutboxMessage:
    """Send the email, as the first recipient would receive it, to the organizer (`actor`,
    an Account) alone."""
    recipient = preview_recipient(event, mailing_filter(mailing)) or _stand_in(actor)
    subject, text, html = render(mailing.subject, mailing.body, recipient, event)
    message = enqueue(
        actor.email,
        f"[{_l('Test')}] {subject}",
        text,
        html,
        to_name=getattr(actor, "name", None),
        reply_to=event.contact_email,
        kind=TEST_KIND,
        ref_type="mailing",
        ref_id=mailing.id,
    )
    record(actor, "mailing.test", "mailing", mailing.id, event_id=event.id,
           after={"to": actor.email})
    return message


# --- Sending --------------------------------------------------------------------------------


def queue(mailing_id: int, event: Event, *, actor, now: datetime | None = None) -> Mailing:
    """Put one email per recipient in the outbox, in the caller's transaction.

    The recipients are those matching the mailing's filter now. The mailing is locked while
    it is queued and can be queued only once: a second click, or a second organizer at the
    same moment, is refused and nobody gets the email twice.
    """
    now = now or utc_now()
    services.begin_write(db.session)
    mailing = db.session.scalar(
        select(Mailing)
        .where(Mailing.id == mailing_id, Mailing.event_id == event.id)
        .with_for_update()
        # Read again under the lock: the request may have loaded it before another queued it.
        .execution_options(populate_existing=True)
    )
    if mailing is None:
        raise MailingError(_l("This email does not exist."))
    if not mailing.is_draft:
        raise MailingError(_l("This email has already been sent."))
    before = snapshot(mailing, AUDITED)
    ids = queries.matching_ids(event, mailing_filter(mailing))
    sent = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        by_id = {r.id: r for r in db.session.scalars(
            select(Registration).where(Registration.id.in_(chunk))
        )}
        for registration_id in chunk:
            registration = by_id[registration_id]
            subject, text, html = render(mailing.subject, mailing.body, registration, event)
            try:
                enqueue(
                    registration.email, subject, text, html,
                    to_name=registration.full_name,
                    reply_to=event.contact_email,
                    kind=KIND,
                    ref_type="mailing",
                    ref_id=mailing.id,
                )
            except InvalidAddress:
                continue
            history.log(registration, "email.sent", actor, KIND, now)
            sent += 1
    if sent == 0:
        raise MailingError(_l("Nobody matches the chosen recipients: nothing was sent."))
    mailing.queued_at = now
    mailing.recipient_count = sent
    db.session.flush()
    record(actor, "mailing.send", "mailing", mailing.id, event_id=event.id, before=before,
           after=snapshot(mailing, AUDITED))
    return mailing


def progress(mailing: Mailing) -> dict[str, int]:
    """How far its emails have gone: waiting, sent, failed, uncertain (tests excluded)."""
    return progress_of([mailing]).get(mailing.id, _empty_progress())


def _empty_progress() -> dict[str, int]:
    return {"waiting": 0, "sent": 0, "failed": 0, "uncertain": 0}


_BUCKET = {
    OutboxStatus.PENDING: "waiting",
    OutboxStatus.SENDING: "waiting",
    OutboxStatus.SENT: "sent",
    OutboxStatus.FAILED: "failed",
    OutboxStatus.UNCERTAIN: "uncertain",
}


def progress_of(mailings) -> dict[int, dict[str, int]]:
    ids = [m.id for m in mailings if not m.is_draft]
    if not ids:
        return {}
    rows = db.session.execute(
        select(OutboxMessage.ref_id, OutboxMessage.status, func.count())
        .where(
            OutboxMessage.ref_type == "mailing",
            OutboxMessage.ref_id.in_(ids),
            OutboxMessage.kind == KIND,
        )
        .group_by(OutboxMessage.ref_id, OutboxMessage.status)
    )
    counts: dict[int, Counter] = {}
    for ref_id, status, n in rows:
        counts.setdefault(ref_id, Counter())[_BUCKET[OutboxStatus(status)]] += n
    return {ref_id: {**_empty_progress(), **counter} for ref_id, counter in counts.items()}


def event_mailings(event: Event) -> list[Mailing]:
    return list(
        db.session.scalars(
            select(Mailing).where(Mailing.event_id == event.id).order_by(Mailing.id.desc())
        )
    )


def mailing_in_event(event: Event, mailing_id: int) -> Mailing | None:
    mailing = db.session.get(Mailing, mailing_id)
    if mailing is None or mailing.event_id != event.id:
        return None
    return mailing


def _mailings_to(registration: Registration):
    """The event's mailings sent to the registration's address, for its list of emails."""
    mailings = select(Mailing.id).where(Mailing.event_id == registration.event_id)
    return and_(
        OutboxMessage.ref_type == "mailing",
        OutboxMessage.ref_id.in_(mailings),
        OutboxMessage.to_address == registration.email,
    )


admin.RELATED_EMAILS.append(_mailings_to)
