"""The history of a registration: every step, who took it, and the emails it sent."""


from eventapp.db import utc_now
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import (
    Registration,
    RegistrationLogEntry,
)

# Who took a step, in the history, when it was not an organizer.
ATTENDEE = "attendee"


SYSTEM = "system"


# --- History and transactions --------------------------------------------------------------


def actor_name(actor) -> str:
    """How the history names who acted: an Account's address, or "attendee"/"system"."""
    return (getattr(actor, "email", None) or str(actor))[:254]


def log(registration: Registration, action: str, actor=SYSTEM, detail="", now=None) -> None:
    """Add a step to the registration's history (in the caller's transaction)."""
    db.session.add(
        RegistrationLogEntry(
            registration_id=registration.id,
            created_at=now or utc_now(),
            actor=actor_name(actor),
            action=action,
            detail="" if detail is None else str(detail),
        )
    )


def mail_and_log(send, registration: Registration, event: Event, *args, actor=SYSTEM,
          action: str = "email.sent") -> None:
    """Write one of the lifecycle emails to the outbox and note it in the history."""
    send(registration, event, *args)
    log(registration, action, actor, f"registration.{send.__name__}")
