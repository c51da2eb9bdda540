"""Keeping each registration's search text in step with what it says."""
from sqlalchemy import event

from eventapp.registration.models import Registration
from eventapp.text import fold


def search_text(registration: Registration) -> str:
    parts = (registration.full_name, registration.email, registration.organization_name)
    return fold(" ".join(part for part in parts if part))


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _refresh_search_text(mapper, connection, registration: Registration) -> None:
    registration.search_text = search_text(registration)
