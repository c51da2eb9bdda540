"""Shared pieces of the tests of the workspace's registration pages, exports and emails."""
import re
import secrets
from datetime import timedelta

import lxml.html
import pytest
from sqlalchemy import select

from eventapp.accounts.services import assign
from eventapp.db import utc_now
from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.models import Registration, RegistrationStatus, SessionChoice, SessionKind
from eventapp.registration.models import ChoiceStatus, Language
from tests.conftest import csrf_token_from
from tests.factories import make_event, make_session
from tests.registration.helpers import details, type_id

_numbers = iter(range(1, 10**9))


class Setup:
    """Ids only: objects must not outlive the test's own database session."""

    def __init__(self, event_id, film_id, ip_id):
        self.event_id, self.film, self.ip = event_id, film_id, ip_id
        self.base = f"/workspace/events/{event_id}"
        self.list_url = f"{self.base}/registrations"

    def detail_url(self, registration_id: int) -> str:
        return f"{self.list_url}/{registration_id}"


@pytest.fixture(name="workshop")
def workshop_fixture(db, organizer):
    """A published event with two workshops at different times, managed by `organizer`."""
    event = make_event(
        title="Cultural and creative industries in the digital environment",
        contact_email="contact@example.org",
    )
    film = make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP,
                        capacity=2, starts_at=event.starts_at + timedelta(hours=1))
    ip = make_session(event, title="Cultural products as intellectual property",
                      kind=SessionKind.WORKSHOP, starts_at=event.starts_at + timedelta(hours=3))
    assign(organizer, event.id)
    db.session.commit()
    return Setup(event.id, film.id, ip.id)


def fresh() -> None:
    """End the test's own read transaction, so that it sees what requests wrote since.

    SQLite in WAL mode reads from a snapshot: a transaction begun before a request wrote
    would neither see the change nor be allowed to write after it ("database is locked").
    """
    db.session.rollback()


@pytest.fixture(name="signed_in")
def signed_in_fixture(auth, organizer, workshop):
    auth.login(organizer.email)
    fresh()
    return auth.client


def add_registration(event_id: int, full_name: str = "Nguyễn Văn A", *, email=None,
                     status=RegistrationStatus.CONFIRMED, organization="Bộ Văn hoá",
                     type_code="ministry", created_at=None, sessions=(), checked_in=False,
                     language=Language.VIETNAMESE, **fields) -> Registration:
    """A registration written straight into the database (places not counted): for lists."""
    n = next(_numbers)
    registration = Registration(
        event_id=event_id,
        status=status,
        holds_place=status == RegistrationStatus.CONFIRMED,
        email=email or f"person{n}@example.org",
        email_key=(email or f"person{n}@example.org").lower(),
        full_name=full_name,
        organization_name=organization,
        organization_type_id=type_id(type_code),
        country="VN",
        language=language,
        consented_at=utc_now(),
        manage_secret=secrets.token_urlsafe(32),
        ticket_code=secrets.token_hex(8),
        created_at=created_at or utc_now(),
        checked_in_at=utc_now() if checked_in else None,
        **fields,
    )
    for session_id, choice_status in sessions:
        registration.choices.append(SessionChoice(session_id=session_id, status=choice_status))
    db.session.add(registration)
    db.session.flush()
    return registration


def names_listed(response) -> list[str]:
    """The names in the list's table, in order."""
    page = lxml.html.fromstring(response.get_data(as_text=True))
    links = page.xpath("//table//tbody//th[@scope='row']/a")
    return [" ".join(a.text_content().split()) for a in links]


def post(client, url, data=None, page_url=None):
    """POST with a CSRF token read from `page_url` (or the URL's own page)."""
    page = client.get(page_url or url)
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, **(data or {})})
    fresh()
    return response


def outbox(to=None, kind=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def flashes(response) -> list[str]:
    page = lxml.html.fromstring(response.get_data(as_text=True))
    messages = page.xpath("//p[contains(@class, 'flash')]")
    return [" ".join(p.text_content().split()) for p in messages]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", lxml.html.fromstring(response.get_data(as_text=True)).text_content())


HOLDING, WAITLISTED = ChoiceStatus.HOLDING, ChoiceStatus.WAITLISTED


def through_the_form(event, email, sessions=(), type_code="ministry", **overrides) -> Registration:
    """A registration made and confirmed as an attendee makes it (places counted)."""
    from eventapp.registration import services

    found = services.register(event, details(email, type_code, **overrides), list(sessions))
    token = services._new_confirm_token(found)
    db.session.commit()
    services.confirm_email(token)
    db.session.commit()
    return found


def audit_entries(action=None):
    from eventapp.audit.models import AuditEntry

    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))
