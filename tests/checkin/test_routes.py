"""The station's pages and answers through the test client, as a page and as JSON."""
import re
import time

import itsdangerous
import lxml.html
import pytest

from eventapp.extensions import db
from eventapp.registration.models import Registration, RegistrationStatus
from tests.checkin.helpers import make_registration
from tests.conftest import csrf_token_from


def text_of(response) -> str:
    return " ".join(lxml.html.fromstring(response.get_data(as_text=True)).text_content().split())


@pytest.fixture
def station(client, auth, door, event):
    url = f"/checkin/{event.id}"
    auth.login(door.email)
    # End the test's own read transaction: on SQLite it would stand in the way of its writes.
    db.session.commit()
    return url


def token(client, url) -> str:
    return csrf_token_from(client.get(url).get_data(as_text=True))


def post(client, url, station, data=None, json=False):
    data = dict(data or {}, csrf_token=token(client, station))
    headers = {"Accept": "application/json"} if json else {}
    return client.post(url, data=data, headers=headers)


def test_staff_land_on_the_station_of_their_only_event(client, auth, door, event):
    response = auth.login(door.email)
    assert response.headers["Location"].endswith("/checkin/")
    index = client.get("/checkin/")
    assert index.headers["Location"].endswith(f"/checkin/{event.id}")
    page = client.get(f"/checkin/{event.id}")
    assert page.status_code == 200
    text = text_of(page)
    assert "Ticket code" in text and "Arrived" in text
    assert 'name="csrf-token"' in page.get_data(as_text=True)


def test_a_typed_code_checks_in_then_says_already(client, station, event):
    hoa = make_registration(event, honorific="dr")
    db.session.commit()
    code = hoa.ticket_code

    typed = f" {code[:4]}-{code[4:8]} {code[8:].lower()}"
    first = post(client, f"{station}/scan", station, {"code": typed})
    assert first.status_code == 200
    assert "Checked in" in text_of(first)
    assert "Dr. Nguyễn Thị Hoa" in text_of(first)

    again = post(client, f"{station}/scan", station, {"code": code})
    assert re.search(r"Already checked in at \d\d:\d\d", text_of(again))


def test_json_answers(client, station, event, workshop):
    hoa = make_registration(event, sessions=[workshop])
    cancelled = make_registration(event, "Trần Văn Nam", status=RegistrationStatus.CANCELLED)
    db.session.commit()

    answer = post(client, f"{station}/scan", station, {"code": hoa.ticket_code}, json=True)
    body = answer.get_json()
    assert body["outcome"] == "checked_in"
    assert body["heading"] == "Checked in"
    assert body["registration"]["name"] == "Nguyễn Thị Hoa"
    assert body["registration"]["sessions"][0]["title"] == "Film heritage online"
    assert body["counts"] == {"confirmed": 1, "arrived": 1, "expected": 0, "walk_ins": 0}
    assert "ci-banner--ok" in body["html"]

    refused = post(client, f"{station}/scan", station, {"code": cancelled.ticket_code}, json=True)
    assert refused.get_json()["outcome"] == "cancelled"
    assert refused.get_json()["heading"] == "Cancelled"

    unknown = post(client, f"{station}/scan", station, {"code": "AAAABBBBCCCCDDDD"}, json=True)
    assert unknown.get_json()["outcome"] == "unknown"
    assert unknown.get_json()["heading"] == "Unknown code"

    empty = post(client, f"{station}/scan", station, {"code": "  "}, json=True)
    assert empty.status_code == 400 and empty.get_json()["error"]

    undone = post(client, f"{station}/registrations/{hoa.id}/undo", station, json=True)
    assert undone.get_json()["outcome"] == "undone"
    assert undone.get_json()["counts"]["arrived"] == 0
    assert db.session.get(Registration, hoa.id).checked_in_at is None


def test_search_page_and_json(client, station, event):
    make_registration(event, "Đặng Thu Hà", organization="Bảo tàng Dân tộc học")
    db.session.commit()

    page = client.get(f"{station}/search?q=dang+thu")
    assert "Đặng Thu Hà" in text_of(page)
    found = client.get(f"{station}/search?q=bao+tang", headers={"Accept": "application/json"})
    assert [r["name"] for r in found.get_json()["results"]] == ["Đặng Thu Hà"]
    nobody = client.get(f"{station}/search?q=zzz")
    assert "Nobody found" in text_of(nobody)


def test_counts_json(client, station, event, workshop):
    make_registration(event, sessions=[workshop], checked_in_at=None)
    make_registration(event, "Lê Văn Minh", walk_in=True)
    db.session.commit()

    counts = client.get(f"{station}/counts.json").get_json()
    assert counts.pop("csrf_token")
    assert counts == {"confirmed": 2, "arrived": 0, "expected": 2, "walk_ins": 1}
    in_session = client.get(f"{station}/counts.json?session={workshop.id}").get_json()
    assert in_session["confirmed"] == 1


def test_fetch_sends_the_token_in_a_header(client, station, event):
    hoa = make_registration(event)
    page = client.get(station).get_data(as_text=True)
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)

    response = client.post(f"{station}/scan", data={"code": hoa.ticket_code},
                           headers={"Accept": "application/json", "X-CSRFToken": meta})

    assert response.get_json()["outcome"] == "checked_in"


def test_answers_for_every_kind_of_ticket_in_words(client, station, event, other_event,
                                                   workshop):
    cases = {
        "Cancelled": make_registration(event, "A", status=RegistrationStatus.CANCELLED),
        "On the waiting list": make_registration(event, "B", status=RegistrationStatus.WAITLISTED),
        "Pending": make_registration(event, "C", status=RegistrationStatus.PENDING_APPROVAL),
        "Not accepted": make_registration(event, "D", status=RegistrationStatus.REJECTED),
        "Expired: never confirmed": make_registration(event, "E",
                                                      status=RegistrationStatus.EXPIRED),
        f"Ticket for another event: {other_event.title}": make_registration(other_event, "F"),
    }
    for heading, registration in cases.items():
        page = post(client, f"{station}/scan", station, {"code": registration.ticket_code})
        banner = lxml.html.fromstring(page.get_data(as_text=True)).find_class("ci-banner")[0]
        assert banner.find_class("ci-banner__heading")[0].text_content() == heading
        assert "ci-banner--" in banner.get("class")
        assert banner.xpath(".//svg"), "every banner has its icon"

    no_seat = make_registration(event, "Lý Thị G")
    page = post(client, f"{station}/scan", station,
                {"code": no_seat.ticket_code, "session": workshop.id})
    assert "No seat in Film heritage online" in text_of(page)


def test_a_session_station(client, station, event, workshop):
    hoa = make_registration(event, sessions=[workshop])
    page = client.get(f"{station}?session={workshop.id}")
    assert "Film heritage online" in lxml.html.fromstring(
        page.get_data(as_text=True)).find_class("ci-title")[0].text_content()

    answer = post(client, f"{station}/registrations/{hoa.id}/check-in", station,
                  {"session": workshop.id}, json=True).get_json()
    assert answer["heading"] == "Checked in to Film heritage online"
    assert answer["counts"]["arrived"] == 1
    assert answer["registration"]["sessions"][0]["checked_in_at"]


def test_print_badge_appears_only_once_badges_exist(client, station, event, app):
    hoa = make_registration(event)
    page = post(client, f"{station}/scan", station, {"code": hoa.ticket_code})
    has_badges = "documents.badges_pdf" in app.view_functions
    link = f"/events/{event.id}/badges.pdf?ids={hoa.id}&amp;layout=a6"
    assert (link in page.get_data(as_text=True)) == has_badges
    assert ("Print badge" in text_of(page)) == has_badges


def test_organizer_create_assigns_events(runner, event, other_event):
    result = runner.invoke(args=[
        "organizer", "create", "door2@example.org", "--role", "checkin",
        "--event", event.slug, "--event", other_event.slug, "--password", "a long passphrase"])
    assert result.exit_code == 0, result.output
    from sqlalchemy import select

    from eventapp.accounts.models import Account
    account = db.session.scalar(select(Account).where(Account.email == "door2@example.org"))
    assert account.event_ids == {event.id, other_event.id}

    unknown = runner.invoke(args=["organizer", "create", "door3@example.org", "--role", "checkin",
                                  "--event", "no-such-event", "--password", "a long passphrase"])
    assert unknown.exit_code != 0
    assert "no-such-event" in unknown.output
    assert db.session.scalar(select(Account).where(Account.email == "door3@example.org")) is None


def test_a_ticket_of_another_event_of_theirs_leads_to_its_station(client, station, door, event,
                                                                  other_event):
    from eventapp.accounts.services import assign

    stranger = make_registration(other_event, "Vũ Thị Lan")
    page = post(client, f"{station}/scan", station, {"code": stranger.ticket_code})
    assert "Open the check-in of" not in text_of(page)
    assert "Vũ Thị Lan" not in text_of(page)

    assign(db.session.merge(door), other_event.id)
    db.session.commit()
    page = post(client, f"{station}/scan", station, {"code": stranger.ticket_code})
    assert f"Open the check-in of {other_event.title}" in text_of(page)
    assert f'href="/checkin/{other_event.id}"' in page.get_data(as_text=True)


def test_after_signing_in_each_role_starts_where_it_can_work(app, auth, door, organizer, event):
    from tests.conftest import AuthActions

    assert auth.login(organizer.email).headers["Location"].endswith("/workspace/")

    staff_client = app.test_client()
    staff = AuthActions(staff_client)
    # A `next` is still followed.
    target = f"/checkin/{event.id}/search?q=hoa"
    assert staff.login(door.email, next_url=target).headers["Location"].endswith(target)
    # Already signed in, the login page sends them on to the station, not the workspace.
    assert staff_client.get("/workspace/login").headers["Location"].endswith("/checkin/")


def test_an_expired_token_keeps_the_code_and_a_fresh_one_comes_with_the_counters(
        app, client, station, event, monkeypatch):
    hoa = make_registration(event)
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    old_token = token(client, station)
    # An hour and a second later, on the clock the tokens are signed and checked with.
    later = int(time.time()) + 3601
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: later)

    page = client.post(f"{station}/scan", data={"code": hoa.ticket_code, "csrf_token": old_token})
    assert page.status_code == 400
    assert "The page had expired. Please send it again." in text_of(page)
    assert f'value="{hoa.ticket_code}"' in page.get_data(as_text=True)

    refused = client.post(f"{station}/scan", data={"code": hoa.ticket_code},
                          headers={"Accept": "application/json", "X-CSRFToken": old_token})
    assert refused.status_code == 400 and refused.get_json()["csrf"] is True

    fresh = client.get(f"{station}/counts.json").get_json()["csrf_token"]
    answer = client.post(f"{station}/scan", data={"code": hoa.ticket_code},
                         headers={"Accept": "application/json", "X-CSRFToken": fresh})
    assert answer.get_json()["outcome"] == "checked_in"
