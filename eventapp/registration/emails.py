"""The emails of the registration lifecycle, each written to the outbox in the attendee's language."""
import io

import segno
from flask import current_app
from flask_babel import force_locale

from eventapp.mail.services import Attachment, enqueue, render_email
from eventapp.programme.services import event_sessions
from eventapp.registration.positions import session_waitlist_position
from eventapp.schedule.ical import event_calendar
from eventapp.schedule.links import PublicLinks
from eventapp.urls import public_url

QR_CONTENT_ID = "ticket-qr@eventapp"


def _send(kind: str, registration, event, template: str, attachments=(), **context) -> None:
    send_to_attendee(
        registration, event, f"registration.{kind}", f"registration/{template}", attachments,
        event_url=public_url("programme.event_page", slug=event.slug),
        choices=choice_summaries(registration),
        **context,
    )


def send_to_attendee(registration, event, kind: str, template: str, attachments=(),
                     **context) -> None:
    """Put an email to a registered person in the outbox: in their language, from the
    event's contact, with their manage link; flushed in the caller's transaction."""
    subject, text, html = render_email(
        template,
        registration.language.value,
        registration=registration,
        event=event,
        manage_url=public_url("registration.manage", secret=registration.manage_secret),
        **context,
    )
    enqueue(
        registration.email,
        subject,
        text,
        html,
        to_name=registration.full_name,
        reply_to=event.contact_email,
        kind=kind,
        attachments=attachments,
        ref_type="registration",
        ref_id=registration.id,
    )


def choice_summaries(registration) -> list[dict]:
    """The sessions a registration chose, in time order, with waiting-list positions."""
    return [
        {
            "session": choice.session,
            "status": choice.status,
            "position": session_waitlist_position(choice),
        }
        for choice in sorted(registration.choices, key=lambda c: c.session.starts_at)
    ]


def ticket_qr_png(ticket_code: str) -> bytes:
    buffer = io.BytesIO()
    # A full QR code, never a Micro QR (which segno.make picks for short texts): phone
    # cameras, BarcodeDetector and jsQR at the check-in station read only full QR codes.
    segno.make_qr(ticket_code, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def _ticket_attachments(registration, event) -> list[Attachment]:
    chosen = {c.session_id for c in registration.choices}
    sessions = [s for s in event_sessions(event) if s.id in chosen] or event_sessions(event)
    # The calendar speaks the attendee's language, as the email does, whoever caused it.
    with force_locale(registration.language.value):
        calendar = event_calendar(event, sessions, PublicLinks())
    return [
        Attachment(
            filename=f"{event.slug}.ics",
            content_type="text/calendar; method=PUBLISH",
            data=calendar,
        ),
        Attachment(
            filename="ticket-qr.png",
            content_type="image/png",
            data=ticket_qr_png(registration.ticket_code),
            content_id=QR_CONTENT_ID,
        ),
    ]


def confirm_request(registration, event, token: str) -> None:
    _send(
        "confirm_request",
        registration,
        event,
        "confirm_request",
        confirm_url=public_url("registration.confirm", token=token),
    )


def already_registered(registration, event) -> None:
    _send("already_registered", registration, event, "already_registered")


def awaiting_approval(registration, event) -> None:
    _send("awaiting_approval", registration, event, "awaiting_approval")


def confirmed(registration, event) -> None:
    _send(
        "confirmed",
        registration,
        event,
        "confirmed",
        attachments=_ticket_attachments(registration, event),
        qr_cid=QR_CONTENT_ID,
    )


def promoted(registration, event) -> None:
    _send(
        "promoted",
        registration,
        event,
        "promoted",
        attachments=_ticket_attachments(registration, event),
        qr_cid=QR_CONTENT_ID,
    )


def waitlisted(registration, event, position: int | None) -> None:
    _send("waitlisted", registration, event, "waitlisted", position=position)


def session_promoted(registration, event, session) -> None:
    _send("session_promoted", registration, event, "session_promoted", session=session)


def rejected(registration, event) -> None:
    _send("rejected", registration, event, "rejected")


def cancelled(registration, event) -> None:
    _send("cancelled", registration, event, "cancelled")


def notify_organizers(registration, event) -> None:
    """Tell the event's organizers of a new registration, in the interface's default language."""
    for address in event.notification_addresses:
        subject, text, html = render_email(
            "registration/organizer_new",
            current_app.config["BABEL_DEFAULT_LOCALE"],
            registration=registration,
            event=event,
            choices=choice_summaries(registration),
        )
        enqueue(
            address,
            subject,
            text,
            html,
            kind="registration.organizer_new",
            ref_type="registration",
            ref_id=registration.id,
        )
