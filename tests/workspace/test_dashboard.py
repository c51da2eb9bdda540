"""An event's dashboard: the numbers, the charts that show them, and what it costs to count them."""
import secrets
from datetime import UTC, date, datetime

import lxml.html
import pytest
from sqlalchemy import select, update

from eventapp import charts
from eventapp.extensions import db as _db
from eventapp.models import (
    ChoiceStatus,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionKind,
    SessionStatus,
    WorkshopSession,
)
from eventapp.workspace.dashboard_queries import event_dashboard, registrations_per_day
from tests.factories import make_event, make_room, make_session
from tests.registration.helpers import type_id
from tests.test_query_counts import count_statements

S = RegistrationStatus


def add_registration(event, status=S.CONFIRMED, type_code="ministry", created_at=None,
                     sessions=(), waiting=()) -> Registration:
    """A registration as the lifecycle leaves it (counters are the caller's business)."""
    n = secrets.token_hex(4)
    registration = Registration(
        event_id=event.id, status=status, email=f"{n}@example.org", email_key=f"{n}@example.org",
        full_name=f"Person {n}", organization_name="Somewhere",
        organization_type_id=type_id(type_code), country="VN",
        consented_at=created_at or datetime(2031, 3, 1, tzinfo=UTC),
        created_at=created_at or datetime(2031, 3, 1, tzinfo=UTC),
        manage_secret=secrets.token_urlsafe(16), ticket_code=secrets.token_hex(8),
    )
    for status, chosen in [(ChoiceStatus.HOLDING, sessions), (ChoiceStatus.WAITLISTED, waiting)]:
        for session in chosen:
            registration.choices.append(SessionChoice(session_id=session.id, status=status))
    _db.session.add(registration)
    _db.session.flush()
    return registration


@pytest.fixture
def workshop(db):
    event = make_event(title="Cultural and creative industries in the digital environment",
                       capacity=100)
    room = make_room(event, name="Hall A")
    film = make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP,
                        capacity=2, room=room)
    ip = make_session(event, title="Cultural products as intellectual property",
                      kind=SessionKind.WORKSHOP)
    make_session(event, title="Tea break", kind=SessionKind.BREAK)
    for status, code in [(S.CONFIRMED, "ministry"), (S.CONFIRMED, "ministry"),
                         (S.CONFIRMED, "company")]:
        add_registration(event, status, code, sessions=[film] if code == "ministry" else [ip])
    add_registration(event, S.PENDING_CONFIRMATION, "museum", waiting=[film])
    add_registration(event, S.PENDING_APPROVAL, "company")
    add_registration(event, S.WAITLISTED, "ministry", waiting=[film])
    # Gone: neither counted by kind of organization nor as waiting for the film workshop.
    add_registration(event, S.CANCELLED, "museum", waiting=[film])
    film.seats_taken, ip.seats_taken = 2, 1
    event.seats_taken = 5
    db.session.commit()
    return event


def test_counts_by_status_kind_and_session(workshop):
    dashboard = event_dashboard(workshop)

    assert dashboard.by_status == {
        S.PENDING_CONFIRMATION: 1, S.PENDING_APPROVAL: 1, S.CONFIRMED: 3, S.WAITLISTED: 1,
        S.REJECTED: 0, S.CANCELLED: 1, S.EXPIRED: 0,
    }
    assert dashboard.total == 7
    assert dashboard.active == 6
    by_type = {row.organization_type.code: (row.active, row.confirmed) for row in dashboard.by_type}
    assert by_type == {"ministry": (3, 2), "company": (2, 1), "museum": (1, 0)}
    assert [row.organization_type.code for row in dashboard.by_type][0] == "ministry"

    sessions = {fill.session.title: fill for fill in dashboard.sessions}
    assert "Tea break" not in sessions
    film = sessions["Film and streaming"]
    assert (film.taken, film.capacity, film.percent, film.waiting) == (2, 2, 100, 2)
    assert film.room_name == "Hall A"
    ip = sessions["Cultural products as intellectual property"]
    assert (ip.taken, ip.capacity, ip.percent, ip.waiting) == (1, None, None, 0)
    assert (dashboard.places_taken, dashboard.capacity, dashboard.percent_full) == (5, 100, 5)


def test_registrations_per_day_follow_the_events_clock(db):
    event = make_event(timezone="Asia/Ho_Chi_Minh")
    for moment in [
        datetime(2031, 3, 1, 16, 30, tzinfo=UTC),  # 23:30 in Hanoi, 1 March
        datetime(2031, 3, 1, 17, 10, tzinfo=UTC),  # 00:10 in Hanoi, 2 March
        datetime(2031, 3, 2, 3, 0, tzinfo=UTC),
        datetime(2031, 3, 3, 18, 0, tzinfo=UTC),  # 01:00 on 4 March; 3 March had none
    ]:
        add_registration(event, created_at=moment)
    db.session.commit()

    days = [(d.day, d.count, d.running_total) for d in registrations_per_day(event)]

    assert days == [
        (date(2031, 3, 1), 1, 1),
        (date(2031, 3, 2), 2, 3),
        (date(2031, 3, 3), 0, 3),
        (date(2031, 3, 4), 1, 4),
    ]


def test_a_zone_a_quarter_hour_off_the_hour_counts_right(db):
    event = make_event(timezone="Asia/Kathmandu")  # UTC+05:45
    add_registration(event, created_at=datetime(2031, 3, 1, 18, 10, tzinfo=UTC))  # 23:55
    add_registration(event, created_at=datetime(2031, 3, 1, 18, 20, tzinfo=UTC))  # 00:05
    db.session.commit()

    assert [(d.day, d.count) for d in registrations_per_day(event)] == [
        (date(2031, 3, 1), 1), (date(2031, 3, 2), 1),
    ]


# --- The page --------------------------------------------------------------------------------


def _page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def _text(node) -> str:
    return " ".join(node.text_content().split())


def test_the_dashboard_shows_the_numbers_in_charts_and_tables(client, auth, admin, workshop):
    auth.login("admin@example.org")

    response = client.get(f"/workspace/events/{workshop.id}/")

    assert response.status_code == 200
    doc = _page(response)
    assert _text(doc.xpath("//h1")[0]) == "Dashboard"
    assert doc.xpath("//nav[@class='tabs']//a[@aria-current='page']/text()") == ["Dashboard"]
    figures = {_text(div.xpath("dt")[0]): _text(div.xpath("dd")[0])
               for div in doc.xpath("//dl[@class='dash-figures']/div")}
    assert figures["Places taken"] == "5 of 100 5% full"
    assert figures["Confirmed"] == "3"
    assert figures["Waiting for approval"] == "1"
    assert figures["On the waiting list"] == "1"

    svgs = doc.xpath("//svg")
    assert len(svgs) == 4
    for svg in svgs:
        assert svg.get("role") == "img"
        title_id = svg.get("aria-labelledby").split()[0]
        assert _text(svg.xpath(f".//title[@id='{title_id}']")[0])
    titles = [_text(svg.xpath("title")[0]) for svg in svgs]
    assert titles == ["Registrations by status", "Registrations by kind of organization",
                      "Registrations received per day", "How full each session is"]

    caption = "Seats taken and waiting lists of the sessions"
    sessions_table = doc.xpath(f"//table[caption='{caption}']")[0]
    rows = [[_text(cell) for cell in row.xpath("th|td")]
            for row in sessions_table.xpath("tbody/tr")]
    film = next(row for row in rows if row[0].startswith("Film and streaming"))
    assert film[0] == "Film and streaming Hall A"
    assert film[2:] == ["2", "2", "100%", "2"]
    # Every data table says what its rows and columns are.
    for table in doc.xpath("//table"):
        assert table.xpath("thead//th[@scope='col']")
        assert all(th.get("scope") for th in table.xpath("tbody//th"))


def test_the_dashboard_has_no_inline_script_or_style(client, auth, admin, workshop):
    auth.login("admin@example.org")

    html = client.get(f"/workspace/events/{workshop.id}/").get_data(as_text=True)

    doc = lxml.html.fromstring(html)
    # Scripts only from files (the Content-Security-Policy forbids inline ones).
    assert doc.xpath("//script[not(@src)]") == []
    assert doc.xpath("//*[@style]") == []
    assert " on" not in "".join(f" {name}" for element in doc.iter() if isinstance(element.tag, str)
                                for name in element.attrib if name.startswith("on"))


def test_a_cancelled_session_is_marked(client, auth, admin, workshop, db):
    db.session.execute(update(WorkshopSession).where(WorkshopSession.title == "Film and streaming")
                       .values(status=SessionStatus.CANCELLED))
    db.session.commit()
    auth.login("admin@example.org")

    doc = _page(client.get(f"/workspace/events/{workshop.id}/"))

    row = doc.xpath("//tr[contains(@class, 'dash-row--cancelled')]")[0]
    assert "Film and streaming Cancelled" in _text(row)


def test_an_event_without_registrations_says_so(client, auth, admin, db):
    event = make_event()
    db.session.commit()
    auth.login("admin@example.org")

    response = client.get(f"/workspace/events/{event.id}/")

    assert response.status_code == 200
    assert "No registrations yet." in _text(_page(response))
    assert _page(response).xpath("//svg") == []


def test_an_unknown_event_is_not_found(client, auth, admin):
    auth.login("admin@example.org")
    assert client.get("/workspace/events/999999/").status_code == 404


def test_the_dashboard_costs_the_same_queries_however_many_registrations(client, auth, admin, db):
    small, large = make_event(), make_event()
    for event, n in [(small, 1), (large, 60)]:
        sessions = [make_session(event, kind=SessionKind.WORKSHOP, capacity=30) for _ in range(3)]
        for i in range(n):
            add_registration(event, [S.CONFIRMED, S.WAITLISTED, S.PENDING_APPROVAL][i % 3],
                             ["ministry", "company", "museum", "media"][i % 4],
                             created_at=datetime(2031, 2, 1 + i % 28, i % 24, tzinfo=UTC),
                             sessions=[sessions[i % 3]], waiting=[sessions[(i + 1) % 3]])
    db.session.commit()
    auth.login("admin@example.org")

    def statements(event_id):
        with count_statements(db.engine) as found:
            assert client.get(f"/workspace/events/{event_id}/").status_code == 200
        return len(found)

    assert statements(large.id) == statements(small.id)


# --- The charts ------------------------------------------------------------------------------


def test_chart_labels_are_escaped_and_shortened():
    svg = charts.bar_chart("c", "Kinds <b>", [
        charts.Bar("<script>alert(1)</script>", 3),
        charts.Bar("Department of International Cooperation, "
                   "Ministry of Culture, Sports and Tourism", 5),
    ])

    doc = lxml.html.fromstring(str(svg))
    assert "<script>" not in str(svg)
    assert doc.xpath("//script") == []
    texts = [_text(t) for t in doc.xpath("//text")]
    assert texts[0] == "<script>alert(1)</script>"
    assert texts[2].endswith("…") and len(texts[2]) < 60
    # The full label is in the bar's tooltip.
    assert "Sports and Tourism: 5" in _text(doc.xpath("//g")[1].xpath("title")[0])


def test_a_gauge_fills_its_track_by_its_own_capacity():
    svg = lxml.html.fromstring(str(charts.bar_chart("c", "Sessions", [
        charts.Bar("Small", 5, limit=10), charts.Bar("Large", 100, limit=100),
    ])))

    groups = svg.xpath("//g")
    widths = [[float(r.get("width")) for r in g.xpath("rect")] for g in groups]
    assert widths == [[charts.WIDTH, charts.WIDTH / 2], [charts.WIDTH, charts.WIDTH]]


def test_columns_scale_to_the_busiest_day():
    svg = lxml.html.fromstring(str(charts.column_chart("c", "Per day", [
        charts.Column("1 March", 2, "1 Mar"), charts.Column("2 March", 0, "2 Mar"),
        charts.Column("3 March", 4, "3 Mar"),
    ])))

    heights = [float(rect.get("height")) for g in svg.xpath("//g")
               for rect in g.xpath("rect")[1:]]
    assert heights[1] == 2 * heights[0]
    assert [_text(t) for t in svg.xpath("//text")] == ["4", "1 Mar", "3 Mar"]


def test_counts_lead_to_the_registrations_behind_them(client, auth, admin, workshop):
    auth.login("admin@example.org")

    doc = _page(client.get(f"/workspace/events/{workshop.id}/"))

    links = {_text(a): a.get("href") for a in doc.xpath("//table//a")}
    base = f"/workspace/events/{workshop.id}/registrations"
    assert links["Waiting for approval"] == f"{base}?status=pending_approval"
    ministry = type_id("ministry")
    assert links["Ministry or central agency"] == (
        f"{base}?type={ministry}&status=pending_confirmation&status=pending_approval"
        "&status=confirmed&status=waitlisted"
    )
    film = doc.xpath("//tr[th[starts-with(normalize-space(), 'Film and streaming')]]")[0]
    film_session = film_id(workshop)
    assert [a.get("href").split("?")[1] for a in film.xpath(".//a")] == [
        f"session={film_session}&seat=holding", f"session={film_session}&seat=waitlisted",
    ]
    # Each of them opens.
    for href in links.values():
        assert client.get(href).status_code == 200


def film_id(event) -> int:
    return _db.session.scalar(select(WorkshopSession.id).where(
        WorkshopSession.event_id == event.id, WorkshopSession.title == "Film and streaming"))
