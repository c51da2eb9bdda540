"""Fixtures for the HTTP tests of registration: a published event and a small browser."""
from datetime import timedelta
from urllib.parse import urlsplit

import lxml.html
import pytest

from eventapp import create_app
from eventapp.config import TestConfig
from eventapp.extensions import db as _db
from eventapp.models import SessionKind, TypePolicy
from tests.factories import make_event, make_session
from tests.registration.helpers import type_id


@pytest.fixture
def workshop(db):
    """A published event with a programme: two sessions in a row, one overlapping, a break.

    Media organizations are not admitted; a ministry registration is the usual case.
    """
    event = make_event(
        title="Cultural and creative industries in the digital environment",
        organizer="Ministry of Culture, Sports and Tourism",
        notification_emails="organizers@example.org",
    )
    opening = make_session(event, title="Opening and keynote", kind=SessionKind.KEYNOTE,
                           capacity=120)
    film = make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP,
                        starts_at=event.starts_at + timedelta(hours=1), capacity=30)
    ip = make_session(event, title="Cultural products as intellectual property",
                      kind=SessionKind.WORKSHOP,
                      starts_at=event.starts_at + timedelta(hours=1, minutes=30))
    tea = make_session(event, title="Tea break", kind=SessionKind.BREAK,
                       starts_at=event.starts_at + timedelta(hours=3))
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("media"),
                              admitted=False))
    db.session.commit()
    return Workshop(event.slug, event.id, opening.id, film.id, ip.id, tea.id)


class Workshop:
    """Ids and slug only: the test's objects must not outlive the request's session."""

    def __init__(self, slug, id, opening, film, ip, tea):
        self.slug, self.id = slug, id
        self.opening, self.film, self.ip, self.tea = opening, film, ip, tea
        self.form_url = f"/events/{slug}/register"
        self.sent_url = f"/events/{slug}/register/sent"
        self.resend_url = f"/events/{slug}/register/resend"


@pytest.fixture
def form_data(workshop):
    """What a person from a ministry types into the registration form; keywords override."""

    def build(**overrides):
        data = {
            "honorific": "dr",
            "full_name": "Nguyễn Phương Hoà",
            "email": "hoa@example.org",
            "phone": "+84 24 3943 8231",
            "position": "Director of the Department of International Cooperation",
            "language": "vi",
            "organization_name": "Bộ Văn hoá, Thể thao và Du lịch",
            "organization_type": str(type_id("ministry")),
            "department": "Department of International Cooperation",
            "country": "VN",
            "consent": "y",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return build


class Browser:
    """Uses pages as a person would: open the form, fill it in, send it with its CSRF token.

    Every method takes a path or an absolute link from an email (built on PUBLIC_URL).
    """

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(self.path_of(url), **kwargs)

    def post(self, url, data, **kwargs):
        """POST exactly `data`, without first reading the page (no CSRF token unless given)."""
        return self.client.post(self.path_of(url), data=data, **kwargs)

    def submit(self, url, data):
        """Open the page, then POST `data` with the page's csrf_token."""
        page = self.get(url)
        assert page.status_code == 200, (url, page.status_code)
        return self.post(url, {"csrf_token": self.csrf_token(page), **data})

    def fill(self, url, **changes):
        """Open the page, change some fields of its form and send it; None empties a field.

        The rest goes back as the page showed it: ticked boxes ticked, chosen options chosen.
        """
        page = self.get(url)
        assert page.status_code == 200, (url, page.status_code)
        form = lxml.html.fromstring(page.get_data(as_text=True)).xpath("//form[@method='post']")[0]
        data: dict[str, list[str]] = {}
        for name, value in form.form_values():
            data.setdefault(name, []).append(value)
        for name, value in changes.items():
            data[name] = [] if value is None else value if isinstance(value, list) else [value]
        return self.post(url, data)

    def follow(self, response):
        """GET the page a redirect points to."""
        assert response.status_code in (302, 303), response.status_code
        return self.get(response.headers["Location"])

    @staticmethod
    def csrf_token(response) -> str:
        html = response.get_data(as_text=True)
        values = lxml.html.fromstring(html).xpath("//input[@name='csrf_token']/@value")
        assert values, "no csrf_token in the page"
        return values[0]

    @staticmethod
    def path_of(url: str) -> str:
        parts = urlsplit(url)
        assert parts.netloc in ("", "localhost", "eventapp.test"), url
        return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def limited_browser(app, database_url, tmp_path):
    """A browser on an app that takes at most 2 registrations a minute from one address.

    Flask-Limiter reads its settings when the app is built, so this is an app of its own,
    on the same database as `app`.
    """

    class LimitedConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        RATELIMIT_ENABLED = True
        RATELIMIT_REGISTER = "2 per minute"

    limited = create_app(LimitedConfig)
    limited.instance_path = str(tmp_path / "limited")
    limited.test_client_class = app.test_client_class
    yield Browser(limited.test_client())
    with limited.app_context():
        _db.session.remove()
        _db.engine.dispose()
