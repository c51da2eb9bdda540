"""Every route of the workspace refuses whoever must not use it, found by walking the URL map.

No list of routes is kept here: a route added later is checked as soon as it exists. Its URL
is built from real objects by argument name (tests/workspace/url_arguments.py); a route with
an argument nobody taught the builder makes these tests fail rather than go unchecked.

Who may do what:
- anonymous visitors: nothing but the login page (sent there, or 401/403);
- check-in staff: nothing in the workspace proper (403); they may still change their
  password and sign out;
- organizers: the events they are assigned to, and the few pages in ORGANIZER_PAGES; every
  other page that is not about one event is for administrators (403);
- administrators: everything.

CSRF is switched off here so that each refused POST is refused for who sends it, not for a
missing token (test_csrf.py checks the tokens).
"""
from urllib.parse import urlsplit

import pytest
from flask import url_for

from tests.workspace.url_arguments import (
    MissingBuilder,
    arguments,
    bound_objects,
    build_world,
    is_event_scoped,
    methods,
    sign_in,
)

# Pages an organizer may open that are not about one event. Any other such page is for
# administrators only: a new one must be added here on purpose to be opened to organizers.
ORGANIZER_PAGES = {
    "workspace.home",
    # An organizer may start an event: its creator is assigned to it.
    "workspace.events.event_new",
    # Speaker profiles are shared by every event they speak at; organizers keep them.
    "workspace.speakers.speakers",
    "workspace.speakers.speaker_new",
    "workspace.speakers.speaker_edit",
}

# accounts.* pages any signed-in account may use.
OWN_ACCOUNT_PAGES = {"accounts.logout", "accounts.password"}

REFUSED = {403, 404}


def guarded_rules(app):
    """The workspace's routes and the account pages, except the login page itself."""
    return sorted(
        (
            rule for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("workspace.")
            or (rule.endpoint.startswith("accounts.") and rule.endpoint != "accounts.login")
        ),
        key=lambda rule: (rule.endpoint, rule.rule),
    )


def workspace_rules(app):
    return [rule for rule in guarded_rules(app) if rule.endpoint.startswith("workspace.")]


def admin_only(rule) -> bool:
    return (
        rule.endpoint.startswith("workspace.")
        and not is_event_scoped(rule)
        and rule.endpoint not in ORGANIZER_PAGES
    )


@pytest.fixture
def world(app, db):
    app.config["WTF_CSRF_ENABLED"] = False
    return build_world()


@pytest.fixture
def as_role(app, world):
    """A client signed in as one of the world's accounts."""

    def client_for(account_id):
        client = app.test_client()
        sign_in(client, account_id)
        return client

    return client_for


def ours(rule, world) -> dict:
    return arguments(rule, world, world.ours)


def _url(app, rule, values) -> str:
    return _url_for(app, rule.endpoint, values)


def _url_for(app, endpoint: str, values: dict) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def walk(app, client, rules, build, accepted, expected: str, only_get: bool = False) -> None:
    """Send every method of every rule (URL arguments from `build(rule)`) and fail with the
    list of answers that `accepted(response)` refuses."""
    failures = []
    for rule in rules:
        url = _url(app, rule, build(rule))
        for method in (["GET"] if only_get else methods(rule)):
            response = client.open(url, method=method, data={})
            if not accepted(response):
                where = response.headers.get("Location", "")
                failures.append(f"{method} {url} ({rule.endpoint}): {response.status_code} {where}"
                                f" — expected {expected}")
    assert not failures, "\n".join(failures)


# --- The walk itself -------------------------------------------------------------------------


def test_the_walk_finds_the_workspace_and_can_build_every_url(app, world):
    endpoints = {rule.endpoint for rule in guarded_rules(app)}
    assert {
        "workspace.home", "workspace.event_dashboard", "workspace.accounts.accounts",
        "workspace.accounts.account_edit", "workspace.audit_log", "accounts.logout", "accounts.password",
    } <= endpoints
    assert "accounts.login" not in endpoints

    unbuildable = []
    for rule in guarded_rules(app):
        try:
            arguments(rule, world, world.ours)
        except MissingBuilder as error:
            unbuildable.append(str(error))
    assert not unbuildable, "\n".join(unbuildable)


def test_organizer_pages_and_admin_pages_are_told_apart(app):
    rules = {rule.endpoint: rule for rule in workspace_rules(app)}
    assert is_event_scoped(rules["workspace.event_dashboard"])
    assert admin_only(rules["workspace.accounts.accounts"])
    assert admin_only(rules["workspace.accounts.account_edit"])
    assert admin_only(rules["workspace.audit_log"])
    assert not admin_only(rules["workspace.home"])
    # Every page said to be open to organizers exists: a renamed one must not linger here.
    assert ORGANIZER_PAGES <= set(rules)


# --- Refusals --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(app, world):
    login_path = _url_for(app, "accounts.login", {})

    def sent_to_login(response):
        location = urlsplit(response.headers.get("Location", "")).path
        return (response.status_code in (302, 303) and location == login_path) \
            or response.status_code in (401, 403)

    walk(app, app.test_client(), guarded_rules(app), lambda rule: ours(rule, world),
         sent_to_login, "the login page, 401 or 403")


def test_check_in_staff_are_refused_the_whole_workspace(app, world, as_role):
    # Even for the event they check people in at. Only the front door (GET /workspace/)
    # leads them on to the check-in station, changing nothing.
    station = _url_for(app, "checkin.index", {})

    def refused(response):
        return response.status_code == 403 or (
            response.request.path == "/workspace/" and response.request.method == "GET"
            and urlsplit(response.headers.get("Location", "")).path == station
        )

    walk(app, as_role(world.checkin_id), workspace_rules(app), lambda rule: ours(rule, world),
         refused, "403 (or the station, from the front door)")


def test_check_in_staff_may_still_change_their_password(app, world, as_role):
    client = as_role(world.checkin_id)
    page = client.get("/workspace/password")
    assert page.status_code == 200
    # Their header offers the station, not workspace pages they cannot open.
    assert b'href="/checkin/"' in page.data
    assert b'href="/workspace/speakers"' not in page.data


def test_organizers_are_refused_the_administrators_pages(app, world, as_role):
    rules = [rule for rule in workspace_rules(app) if admin_only(rule)]
    walk(app, as_role(world.organizer_id), rules, lambda rule: ours(rule, world),
         lambda response: response.status_code == 403, "403")


def test_organizers_are_refused_the_events_they_are_not_assigned_to(app, world, as_role):
    rules = [rule for rule in workspace_rules(app) if is_event_scoped(rule)]
    walk(app, as_role(world.organizer_id), rules,
         lambda rule: arguments(rule, world, world.theirs),
         lambda response: response.status_code in REFUSED, "403 or 404")


def test_an_event_of_theirs_cannot_lend_its_objects_to_another(app, world, as_role):
    """/events/<ours>/sessions/<a session of another event>: the mismatch is refused."""
    rules = [rule for rule in workspace_rules(app)
             if "event_id" in rule.arguments and bound_objects(rule)]
    walk(app, as_role(world.organizer_id), rules,
         lambda rule: arguments(rule, world, world.ours, objects_from=world.theirs),
         lambda response: response.status_code in REFUSED, "403 or 404")


# --- And those allowed get in ------------------------------------------------------------------


def test_administrators_open_every_workspace_page(app, world, as_role):
    rules = [rule for rule in guarded_rules(app) if "GET" in rule.methods]
    walk(app, as_role(world.admin_id), rules, lambda rule: ours(rule, world),
         lambda response: response.status_code < 400, "a page", only_get=True)


def test_organizers_open_the_pages_of_their_own_events(app, world, as_role):
    rules = [rule for rule in workspace_rules(app)
             if "GET" in rule.methods and not admin_only(rule)]
    walk(app, as_role(world.organizer_id), rules, lambda rule: ours(rule, world),
         lambda response: response.status_code < 400, "a page", only_get=True)
