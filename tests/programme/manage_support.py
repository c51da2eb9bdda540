"""Filling in the workspace's forms as a person would, and the programme the tests edit."""


import lxml.html
import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    AuditEntry,
)
from tests.programme.support import make_workshop


class Pages:
    """Opens a page, fills in its form as a person would and sends it (CSRF token included)."""

    def __init__(self, client):
        self.client = client

    def form_values(self, url: str, marker: str) -> dict[str, list[str]]:
        page = self.client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        tree = lxml.html.fromstring(page.get_data(as_text=True))
        forms = [
            f for f in tree.xpath("//form[@method='post']") if f.xpath(f".//*[@name='{marker}']")
        ]
        assert forms, f"no form with a {marker!r} field on {url}"
        values: dict[str, list[str]] = {}
        for name, value in forms[0].form_values():
            values.setdefault(name, []).append(value)
        return values

    def fill(self, url: str, marker: str, action: str | None = None, files=None, **changes):
        """Send the form holding a field named `marker`, with `changes` (None empties a field)."""
        data = self.form_values(url, marker)
        for name, value in changes.items():
            name = name.replace("__", "-")
            data[name] = [] if value is None else [value]
        if files:
            data.update(files)
        return self.client.post(
            action or url, data=data, content_type="multipart/form-data" if files else None
        )

    def press(self, url: str, action: str, **extra):
        """Press a button on the page: a one-button form posting to `action`."""
        page = self.client.get(url)
        tree = lxml.html.fromstring(page.get_data(as_text=True))
        form = tree.xpath(f"//form[@method='post'][@action='{action}']")
        if not form and action == url:
            form = tree.xpath("//form[@method='post'][not(@action)]")
        assert form, f"no button posting to {action} on {url}"
        token = form[0].xpath(".//input[@name='csrf_token']/@value")[0]
        return self.client.post(action, data={"csrf_token": token, **extra})


@pytest.fixture
def pages(client):
    return Pages(client)


@pytest.fixture
def workshop(db):
    event, hall, other, film, music = make_workshop()
    return {
        "event": event.id,
        "hall": hall.id,
        "other": other.id,
        "film": film.id,
        "music": music.id,
    }


@pytest.fixture
def as_admin(auth, admin):
    auth.login("admin@example.org")


def edit_url(ids, name="film"):
    return f"/workspace/events/{ids['event']}/sessions/{ids[name]}/edit"


def reread() -> None:
    """End the test's own transaction: on SQLite it still reads the snapshot it started with."""
    db.session.rollback()


def audit_entries(action: str) -> list[AuditEntry]:
    reread()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def text_of(response) -> str:
    return response.get_data(as_text=True)
