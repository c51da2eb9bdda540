"""Who may use the check-in station: every checkin route, walked from the URL map.

Anonymous visitors are sent to the login page (a JSON request is answered 401); check-in staff
and organizers not assigned to the event are refused (403) and change nothing; check-in staff
and organizers assigned to it, and administrators, get in. A registration of another event
cannot be reached through an event of ours. Every POST refuses a missing or forged CSRF token.
"""
from urllib.parse import urlsplit

import pytest
from flask import url_for

from tests.workspace.url_arguments import (
    arguments,
    build_world,
    database_state,
    methods,
    sign_in,
)


def checkin_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint.startswith("checkin.")),
                  key=lambda r: (r.endpoint, r.rule))


def event_rules(app):
    return [r for r in checkin_rules(app) if "event_id" in r.arguments]


@pytest.fixture
def world(app, db):
    return build_world()


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


def url(app, rule, values) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def client_of(app, account_id):
    client = app.test_client()
    if account_id is not None:
        sign_in(client, account_id)
    return client


def form_for(rule, side) -> dict:
    return {"code": "AAAAAAAAAAAAAAAA"} if rule.endpoint == "checkin.scan" else {}


def test_the_walk_finds_every_route_of_the_station(app):
    assert {r.endpoint for r in checkin_rules(app)} == {
        "checkin.index", "checkin.station", "checkin.scan", "checkin.check_in", "checkin.undo",
        "checkin.search", "checkin.counts",
    }


def test_anonymous_visitors_are_sent_to_sign_in(app, world, no_csrf):
    client = client_of(app, None)
    login = url(app, type("R", (), {"endpoint": "accounts.login"}), {})
    failures = []
    for rule in checkin_rules(app):
        target = url(app, rule, arguments(rule, world, world.ours))
        for method in methods(rule):
            response = client.open(target, method=method, data=form_for(rule, world.ours))
            to_login = (response.status_code == 302
                        and urlsplit(response.headers["Location"]).path == login)
            if not (to_login or response.status_code == 401):
                failures.append(f"{method} {target}: {response.status_code}")
            json = client.open(target, method=method, headers={"Accept": "application/json"})
            if json.status_code != 401:
                failures.append(f"{method} {target} (JSON): {json.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["checkin_id", "organizer_id"])
def test_accounts_not_assigned_to_the_event_are_refused_and_change_nothing(app, world, no_csrf,
                                                                         who):
    client = client_of(app, getattr(world, who))
    failures = []
    for rule in event_rules(app):
        target = url(app, rule, arguments(rule, world, world.theirs))
        for method in methods(rule):
            before = database_state()
            response = client.open(target, method=method, data=form_for(rule, world.theirs))
            if response.status_code != 403 or database_state() != before:
                failures.append(f"{method} {target}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_registration_of_another_event_is_not_reached_through_ours(app, world, no_csrf):
    client = client_of(app, world.checkin_id)
    for rule in event_rules(app):
        if "registration_id" not in rule.arguments:
            continue
        target = url(app, rule, arguments(rule, world, world.ours, objects_from=world.theirs))
        before = database_state()
        assert client.post(target).status_code == 404, target
        assert database_state() == before


@pytest.mark.parametrize("who", ["checkin_id", "organizer_id", "admin_id"])
def test_assigned_staff_organizers_of_the_event_and_admins_get_in(app, world, no_csrf, who):
    client = client_of(app, getattr(world, who))
    failures = []
    for rule in checkin_rules(app):
        target = url(app, rule, arguments(rule, world, world.ours))
        for method in methods(rule):
            response = client.open(target, method=method, data=form_for(rule, world.ours))
            if response.status_code not in (200, 302):
                failures.append(f"{method} {target}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_list_of_events_shows_only_those_of_the_account(app, world):
    page = client_of(app, world.checkin_id).get("/checkin/")
    # One event: straight to its station.
    assert urlsplit(page.headers["Location"]).path == f"/checkin/{world.ours.event_id}"
    everything = client_of(app, world.admin_id).get("/checkin/")
    text = everything.get_data(as_text=True)
    assert "Workshop of ours" in text and "Workshop of theirs" in text
    nothing = client_of(app, world.other_account_id).get("/checkin/")
    assert nothing.status_code == 200
    assert "Workshop of" not in nothing.get_data(as_text=True)


@pytest.mark.parametrize("token", [None, "forged-token"], ids=["missing", "forged"])
@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_every_post_refuses_a_bad_csrf_token(app, world, token, accept):
    client = client_of(app, world.checkin_id)
    for rule in checkin_rules(app):
        if "POST" not in rule.methods:
            continue
        target = url(app, rule, arguments(rule, world, world.ours))
        data = form_for(rule, world.ours)
        if token:
            data["csrf_token"] = token
        before = database_state()
        response = client.post(target, data=data, headers={"Accept": accept})
        assert response.status_code == 400, target
        assert database_state() == before
        if accept == "application/json":
            assert response.get_json()["error"] == "This page has expired. Please reload it."
