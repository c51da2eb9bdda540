"""An action on a registration by anyone but the attendee, in the audit log.

The services that take such an action (approve, reject, cancel or move for someone, resend,
add by hand) write its entry themselves, in the caller's transaction: whether a workspace
page, a command or a task calls them, the audit log says who did it. The attendee's own
steps are in the registration's history only.
"""
from eventapp.audit.services import record
from eventapp.registration.models import Registration


def snapshot(registration: Registration) -> dict:
    """What an organizer's action on a registration can change, as JSON for the audit log."""
    return {
        "status": registration.status.value,
        "holds_place": registration.holds_place,
        "decision_reason": registration.decision_reason,
        "checked_in_at": (
            registration.checked_in_at.isoformat() if registration.checked_in_at else None
        ),
        "sessions": sorted(f"{c.session_id}:{c.status.value}" for c in registration.choices),
    }


def audit(actor, action: str, registration: Registration, before: dict | None = None, *,
          bulk: bool = False, **extra) -> None:
    """Record an action on a registration: what it was before and after.

    `bulk`: the action was one of a bulk action on a selection (the entry says so); `extra`
    adds to what the entry shows after (an addition's kind, say).
    """
    if bulk:
        extra["bulk"] = True
    record(
        actor,
        action,
        "registration",
        registration.id,
        event_id=registration.event_id,
        before=before,
        after={**snapshot(registration), **extra},
    )
