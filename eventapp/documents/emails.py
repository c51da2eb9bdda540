"""The email that carries a certificate of attendance, in the attendee's language."""
from eventapp.documents.certificate import certificate_number
from eventapp.mail.services import Attachment, enqueue, render_email
from eventapp.urls import public_url


def certificate(registration, event, pdf: bytes) -> None:
    """Put the email with its certificate `pdf` in the outbox (flushed, in the caller's
    transaction)."""
    number = certificate_number(registration, event)
    subject, text, html = render_email(
        "certificate",
        registration.language.value,
        registration=registration,
        event=event,
        number=number,
        manage_url=public_url("registration.manage", secret=registration.manage_secret),
    )
    enqueue(
        registration.email,
        subject,
        text,
        html,
        to_name=registration.full_name,
        reply_to=event.contact_email,
        kind="documents.certificate",
        attachments=[Attachment(
            filename=f"certificate-{number}.pdf",
            content_type="application/pdf",
            data=pdf,
        )],
        ref_type="registration",
        ref_id=registration.id,
    )
