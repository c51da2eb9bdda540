"""Every POST in the application refuses a missing or forged CSRF token, and changes nothing.

The URL map is walked, public routes included (registration, confirmation, cancellation,
login...), so that a new form cannot be added without its token being checked. Each POST
carries what the page's own form would send, minus a valid token, by a signed-in
administrator (public pages do not mind one): it must be answered 400 and leave every row
of every table as it was.

The registration form and the attendee's edit page are exempt from the global check on
purpose: they validate the token themselves and show the form again, with what was typed,
with a 400. That counts as refused.
"""
import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from flask import url_for

from eventapp import create_app
from eventapp.accounts.models import Role
from eventapp.config import TestConfig
from eventapp.extensions import db as _db
from tests.conftest import PASSWORD, csrf_token_from
from tests.workspace.url_arguments import (
    MissingBuilder,
    arguments,
    build_world,
    database_state,
    make_account,
    sign_in,
)


def post_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "POST" in rule.methods),
        key=lambda rule: (rule.endpoint, rule.rule),
    )


@pytest.fixture
def world(app, db):
    return build_world()


def _url(app, rule, values) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _form_values(client, rule, url: str) -> dict[str, list[str]]:
    """What the page's own form posting to `url` would send, without its CSRF token.

    A route without a page of its own (POST only), or whose page has no such form or fails to
    open (test_access.py reports that), gets an empty body.
    """
    if "GET" not in rule.methods:
        return {}
    try:
        page = client.get(url)
    except Exception:  # noqa: BLE001 -- the POST is checked all the same
        return {}
    if page.status_code != 200 or "html" not in page.mimetype:
        return {}
    doc = lxml.html.fromstring(page.get_data(as_text=True))
    for form in doc.xpath("//form[translate(@method, 'POST', 'post')='post']"):
        action = urlsplit(form.get("action") or url).path
        if action == urlsplit(url).path:
            values: dict[str, list[str]] = {}
            for name, value in form.form_values():
                if name != "csrf_token":
                    values.setdefault(name, []).append(value)
            return values
    return {}


def test_the_walk_finds_the_public_forms_and_the_workspace(app):
    endpoints = {rule.endpoint for rule in post_rules(app)}
    assert {
        "registration.register", "registration.confirm", "registration.cancel",
        "registration.edit", "registration.resend", "accounts.login", "accounts.logout",
        "accounts.password", "workspace.accounts.accounts", "workspace.accounts.account_edit",
        "workspace.accounts.account_deactivate", "workspace.accounts.account_password",
    } <= endpoints


@pytest.mark.parametrize("token", [None, "forged-token"], ids=["missing", "forged"])
def test_every_post_refuses_a_bad_csrf_token_and_changes_nothing(app, world, token):
    client = app.test_client()
    sign_in(client, world.admin_id)
    failures, unbuildable = [], []
    for rule in post_rules(app):
        try:
            url = _url(app, rule, arguments(rule, world, world.ours))
        except MissingBuilder as error:
            unbuildable.append(str(error))
            continue
        data = _form_values(client, rule, url)
        if token:
            data["csrf_token"] = [token]
        before = database_state()
        response = client.post(url, data=data)
        changed = [name for name, rows in database_state().items() if rows != before[name]]
        if response.status_code != 400 or changed:
            failures.append(
                f"POST {url} ({rule.endpoint}): {response.status_code}"
                + (f", changed {', '.join(changed)}" if changed else "")
            )
    assert not unbuildable, "\n".join(unbuildable)
    assert not failures, "\n".join(failures)
    # The administrator was not signed out by the refused logout either.
    assert client.get("/workspace/").status_code == 200


def test_a_registration_without_token_is_shown_again_and_not_taken(app, world):
    client = app.test_client()
    form_url = f"/events/{world.ours.slug}/register"
    page = client.get(form_url)
    form = {name: value for name, value in
            lxml.html.fromstring(page.get_data(as_text=True)).forms[0].form_values()}
    form.pop("csrf_token")
    form.update(full_name="Trần Văn An", email="an@example.org", organization_name="Bảo tàng",
                country="VN", consent="y")
    before = database_state()

    response = client.post(form_url, data=form)

    assert response.status_code == 400
    assert "Trần Văn An" in response.get_data(as_text=True)
    assert database_state()["registration"] == before["registration"]


def test_a_login_without_token_signs_nobody_in(app, world):
    client = app.test_client()

    response = client.post("/workspace/login",
                           data={"email": "admin@example.org", "password": PASSWORD})

    assert response.status_code == 400
    assert urlsplit(client.get("/workspace/").headers["Location"]).path == "/workspace/login"


# --- Rate limit on signing in ------------------------------------------------------------------


@pytest.fixture
def limited_client(app, database_url, tmp_path):
    """A client of an app that lets one address try to sign in 3 times a minute.

    Flask-Limiter reads its settings when the app is built, so this is an app of its own,
    on the same database as `app`; its own key prefix keeps its counts apart.
    """

    class LimitedConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        RATELIMIT_ENABLED = True
        RATELIMIT_LOGIN = "3 per minute"
        RATELIMIT_KEY_PREFIX = f"login-test-{tmp_path.name}"

    limited = create_app(LimitedConfig)
    limited.instance_path = str(tmp_path / "limited")
    limited.test_client_class = app.test_client_class
    yield limited.test_client()
    with limited.app_context():
        _db.session.remove()
        _db.engine.dispose()


def _try_login(client, password: str):
    page = client.get("/workspace/login")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post("/workspace/login", data={
        "email": "admin@example.org", "password": password, "csrf_token": token,
    })


def test_signing_in_is_rate_limited(app, db, limited_client):
    make_account("admin@example.org", Role.ADMIN)
    db.session.commit()

    statuses = [_try_login(limited_client, f"guess number {n}").status_code for n in range(3)]
    assert statuses == [400, 400, 400]

    # The right password, but too late: a guesser cannot go on.
    refused = _try_login(limited_client, PASSWORD)
    assert refused.status_code == 429
    text = " ".join(lxml.html.fromstring(refused.get_data(as_text=True)).text_content().split())
    assert "Too many requests. Please wait a moment and try again." in text
    assert re.match(r"\d+", refused.headers.get("Retry-After", ""))
    still_out = limited_client.get("/workspace/")
    assert urlsplit(still_out.headers["Location"]).path == "/workspace/login"
    # Opening the login page is never limited.
    assert limited_client.get("/workspace/login").status_code == 200
