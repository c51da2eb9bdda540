"""What the workspace shows of events: the ones an account may manage."""
from sqlalchemy import select

from eventapp.accounts.models import Account, EventAssignment, Role
from eventapp.events.models import Event
from eventapp.extensions import db


def managed_events(account: Account) -> list[Event]:
    query = select(Event).order_by(Event.starts_at.desc(), Event.id)
    if account.role != Role.ADMIN:
        query = query.join(EventAssignment, EventAssignment.event_id == Event.id).where(
            EventAssignment.account_id == account.id
        )
    return list(db.session.scalars(query))
