"""Fixtures: an app on a database of its own, a client, a CLI runner.

The suite runs on SQLite by default. Set TEST_DATABASE_URL to a PostgreSQL server URL
(e.g. postgresql://postgres@127.0.0.1:5432/postgres) to run it on PostgreSQL: the tests then
create a database of their own on that server and drop it at the end.
"""
import os
import uuid

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from eventapp import create_app
from eventapp.config import TestConfig, normalize_database_url
from eventapp.extensions import db as _db
from eventapp.organizations.services import sync_organization_types


class TemporaryDatabases:
    """Creates and drops the databases the suite uses, on SQLite or on PostgreSQL."""

    def __init__(self, server_url: str | None, tmp_dir):
        self.server_url = normalize_database_url(server_url) if server_url else None
        self.tmp_dir = tmp_dir
        self.created: list[str] = []

    @property
    def is_postgresql(self) -> bool:
        return bool(self.server_url and self.server_url.startswith("postgresql"))

    def create(self, label: str) -> str:
        name = f"eventapp_test_{label}_{uuid.uuid4().hex[:8]}"
        if not self.is_postgresql:
            return f"sqlite:///{self.tmp_dir / (name + '.sqlite3')}"
        self._admin(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        self.created.append(name)
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        for name in self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    dbs = TemporaryDatabases(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def database_url(databases):
    """One database for the whole run; its tables are created once and emptied after each test."""
    url = databases.create("main")
    app = create_app(TestConfig)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    engine = create_engine(url)
    with engine.begin() as conn:
        _db.metadata.create_all(conn)
    engine.dispose()
    return url


def _empty_tables(url: str) -> None:
    # DELETE rather than TRUNCATE: the tables of one test hold a few rows, and TRUNCATE's
    # fixed cost per table (new files, exclusive locks) makes it many times slower here.
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in reversed(_db.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


class FreshContextClient(FlaskClient):
    """Each request gets an app context of its own, as in production.

    Without this, requests reuse the test's app context and share its `g` (where, for
    instance, Flask-Babel keeps the chosen language) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url, tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(Config)
    app.instance_path = str(tmp_path / "instance")
    app.test_client_class = FreshContextClient
    with app.app_context():
        sync_organization_types()
        _db.session.commit()
        yield app
        _db.session.remove()
        _db.engine.dispose()
    _empty_tables(database_url)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- Organizer accounts ---------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def csrf_token_from(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


class AuthActions:
    """Signing in and out through the real login form (CSRF included)."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD, next_url: str = ""):
        page = self.client.get("/workspace/login" + (f"?next={next_url}" if next_url else ""))
        token = csrf_token_from(page.get_data(as_text=True))
        return self.client.post(
            "/workspace/login",
            data={"email": email, "password": password, "csrf_token": token, "next": next_url},
        )

    def logout(self):
        page = self.client.get("/workspace/")
        token = csrf_token_from(page.get_data(as_text=True))
        return self.client.post("/workspace/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


def _account(email, role):
    from eventapp.accounts.models import Role
    from eventapp.accounts.services import create_account

    account = create_account(email, email.split("@")[0].title(), PASSWORD, Role(role))
    _db.session.commit()
    return account


@pytest.fixture
def admin(app):
    return _account("admin@example.org", "admin")


@pytest.fixture
def organizer(app):
    return _account("organizer@example.org", "organizer")


@pytest.fixture
def checkin_staff(app):
    return _account("door@example.org", "checkin")
