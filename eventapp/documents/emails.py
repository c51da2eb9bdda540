"""The email that carries a certificate of attendance, in the attendee's language."""
from eventapp.documents.certificate import certificate_number
from eventapp.mail.services import Attachment
from eventapp.registration.emails import send_to_attendee


def certificate(registration, event, pdf: bytes) -> None:
    """Put the email with its certificate `pdf` in the outbox (flushed, in the caller's
    transaction)."""
    number = certificate_number(registration, event)
    attachment = Attachment(
        filename=f"certificate-{number}.pdf", content_type="application/pdf", data=pdf
    )
    send_to_attendee(
        registration, event, "documents.certificate", "certificate", [attachment], number=number
    )
