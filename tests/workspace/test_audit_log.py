"""The audit log as administrators read it: newest first, filtered, paged, before beside after."""
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from sqlalchemy import update

from eventapp.audit import queries as audit_queries
from eventapp.audit.models import AuditEntry
from eventapp.audit.services import record
from tests.factories import make_event


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def words(node) -> str:
    return " ".join(node.text_content().split())


def entries(response) -> list:
    return page(response).xpath("//li[@class='audit__entry']")


def changes(entry) -> list[list[str]]:
    return [[words(cell) for cell in row.xpath("th|td")] for row in entry.xpath(".//tbody/tr")]


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login("admin@example.org")
    return client


@pytest.fixture
def log(db, admin, organizer):
    """A session renamed and moved by the organizer, an account created by the admin."""
    workshop = make_event(title="Cultural and creative industries in the digital environment")
    other = make_event(title="Consultation on the creative cities network")
    record(organizer, "session.update", "session", 7, event_id=workshop.id,
           before={"title": "Film", "room": "Hall A", "capacity": 30},
           after={"title": "Film and streaming", "room": "Hall B", "capacity": 30})
    record(admin, "account.create", "account", organizer.id,
           after={"email": "organizer@example.org", "active": True,
                  "events": ["Workshop", "Forum"]})
    record(organizer, "event.publish", "event", other.id, event_id=other.id,
           before={"status": "draft"}, after={"status": "published"})
    db.session.commit()
    return workshop.id, other.id


def test_entries_show_who_what_when_and_the_values_side_by_side(signed_in, db, log):
    moment = datetime(2031, 3, 18, 2, 5, tzinfo=UTC)
    db.session.execute(update(AuditEntry).values(created_at=moment))
    db.session.commit()

    response = signed_in.get("/workspace/audit")

    assert response.status_code == 200
    assert words(page(response).xpath("//h1")[0]) == "Audit log"
    shown = entries(response)
    assert len(shown) == 3
    newest, account, session = shown
    assert "event.publish" in words(newest)
    # Local time (Hanoi, UTC+7) on the 24-hour clock.
    assert words(session.xpath(".//time")[0]) == "Mar 18, 2031, 09:05"
    assert "organizer@example.org" in words(session)
    assert "Cultural and creative industries in the digital environment" in words(session)
    assert "Session #7" in words(session)
    # Only what changed, before beside after.
    assert changes(session) == [["Title", "Film", "Film and streaming"],
                                ["Room", "Hall A", "Hall B"]]
    assert "Account created" in words(account)
    assert changes(account) == [["Email address", "—", "organizer@example.org"],
                                ["Can sign in", "—", "Yes"],
                                ["Events", "—", "Workshop, Forum"]]
    for table in page(response).xpath("//table"):
        assert [th.get("scope") for th in table.xpath("thead//th")] == ["col", "col", "col"]


def test_codes_read_as_words_and_moments_in_the_events_time(signed_in, db, organizer):
    event = make_event(title="Workshop")
    record(organizer, "session.update", "session", 3, event_id=event.id,
           before={"status": "scheduled", "kind": "panel",
                   "starts_at": "2031-03-18T02:00:00+00:00", "description": "x" * 400},
           after={"status": "cancelled", "kind": "workshop",
                  "starts_at": "2031-03-18T03:30:00+00:00", "description": "y" * 400})
    db.session.commit()

    [entry] = entries(signed_in.get("/workspace/audit"))

    assert "Session changed" in words(entry) and "session.update" in words(entry)
    rows = changes(entry)
    assert rows[:3] == [["Status", "Scheduled", "Cancelled"],
                        ["Kind", "Panel discussion", "Workshop"],
                        ["Starts", "Mar 18, 2031, 09:00", "Mar 18, 2031, 10:30"]]
    # A long text scrolls in a box that the keyboard can reach.
    boxes = entry.xpath(".//div[@class='audit__long']")
    assert [box.get("tabindex") for box in boxes] == ["0", "0"]


def test_filter_by_event_and_by_actor(signed_in, log):
    workshop_id, other_id = log

    by_event = entries(signed_in.get(f"/workspace/audit?event={workshop_id}"))
    actions = [words(e.xpath(".//code")[0]) for e in by_event]
    assert actions == ["session.update"]

    by_actor = entries(signed_in.get("/workspace/audit?actor=admin@example.org"))
    assert len(by_actor) == 1 and "Account created" in words(by_actor[0])

    both = signed_in.get(f"/workspace/audit?event={other_id}&actor=organizer@example.org")
    assert len(entries(both)) == 1
    doc = page(both)
    selected = "//select[@name='{}']/option[@selected]/@value"
    assert doc.xpath(selected.format("event")) == [str(other_id)]
    assert doc.xpath(selected.format("actor")) == ["organizer@example.org"]
    assert set(doc.xpath("//select[@name='actor']/option/@value")) == {
        "", "admin@example.org", "organizer@example.org"}

    nobody = signed_in.get("/workspace/audit?actor=someone@example.org")
    assert entries(nobody) == []
    assert "No entries match." in words(page(nobody))


def test_pages_go_back_and_forth_by_id(signed_in, db, admin, monkeypatch):
    monkeypatch.setattr(audit_queries, "PAGE_SIZE", 3)
    for n in range(1, 8):
        record(admin, "test.step", "thing", n, after={"n": n})
    db.session.commit()

    def targets(response):
        return [words(e.xpath(".//dd")[0]) for e in entries(response)]

    def link(response, rel):
        href = page(response).xpath(f"//nav[@class='audit-pager']//a[@rel='{rel}']/@href")
        return href[0] if href else None

    first = signed_in.get("/workspace/audit")
    assert targets(first) == ["Thing #7", "Thing #6", "Thing #5"]
    assert link(first, "prev") is None

    second = signed_in.get(link(first, "next"))
    assert targets(second) == ["Thing #4", "Thing #3", "Thing #2"]
    last = signed_in.get(link(second, "next"))
    assert targets(last) == ["Thing #1"]
    assert link(last, "next") is None

    back = signed_in.get(link(last, "prev"))
    assert targets(back) == ["Thing #4", "Thing #3", "Thing #2"]
    assert targets(signed_in.get(link(back, "prev"))) == targets(first)


def test_filters_stay_on_every_page(signed_in, db, admin, organizer, monkeypatch):
    monkeypatch.setattr(audit_queries, "PAGE_SIZE", 2)
    for n in range(6):
        record(admin if n % 2 else organizer, "test.step", "thing", n)
    db.session.commit()

    first = signed_in.get("/workspace/audit?actor=organizer@example.org")
    older = page(first).xpath("//a[@rel='next']/@href")[0]

    assert parse_qs(urlsplit(older).query)["actor"] == ["organizer@example.org"]
    assert all("organizer@example.org" in words(e) for e in entries(signed_in.get(older)))


@pytest.mark.parametrize("query", [
    "before=abc", "after=-1", "event=xyz", "before=99999999999999999999999", "actor=" + "x" * 600,
    "event=12&before=&after=",
])
def test_odd_query_strings_never_break_the_page(signed_in, log, query):
    assert signed_in.get(f"/workspace/audit?{query}").status_code == 200


def test_only_administrators_read_the_log(client, auth, organizer):
    auth.login("organizer@example.org")
    assert client.get("/workspace/audit").status_code == 403
