"""The attendance report: who came, by kind of organization and by session, and when; its
download as CSV and XLSX; what it costs to count."""
import csv
import io
import secrets
from datetime import UTC, datetime, timedelta

import lxml.html
import openpyxl
import pytest
from sqlalchemy import insert, select

from eventapp.accounts.services import assign
from eventapp.checkin.report import Basis, Phase, arrivals_over_time, attendance_report
from eventapp.extensions import db as _db
from eventapp.models import Registration, RegistrationStatus, SessionChoice, SessionKind
from eventapp.registration import services
from eventapp.registration.models import ChoiceStatus
from tests.factories import make_event, make_session
from tests.registration.helpers import details, type_id
from tests.test_query_counts import count_statements
from tests.registration.manage_support import add_registration

S = RegistrationStatus
HOLDING = ChoiceStatus.HOLDING


def utc(hour, minute):
    """A moment on the test event's day (18 March 2031) given in UTC; Hanoi is UTC+7."""
    return datetime(2031, 3, 18, hour, minute, tzinfo=UTC)


class Known:
    """Ids of the small known event (objects must not outlive the test's session)."""

    def __init__(self, event_id, film_id, ip_id):
        self.event_id, self.film, self.ip = event_id, film_id, ip_id
        self.url = f"/workspace/events/{event_id}/attendance/report"
        self.export = f"/workspace/events/{event_id}/attendance/report/export"


def _arrived(registration, moment, sessions_checked_in=()):
    registration.checked_in_at = moment
    for choice in registration.choices:
        if choice.session_id in sessions_checked_in:
            choice.checked_in_at = moment + timedelta(hours=1)


@pytest.fixture
def known(db, organizer):
    """Three kinds of organization, two workshops (one with per-session check-ins), four
    arrivals among six confirmed (one of them a walk-in), and registrations that must not
    count: a cancelled one that had been checked in, and one still pending."""
    event = make_event(title="Cultural and creative industries in the digital environment")
    film = make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP,
                        capacity=10, starts_at=event.starts_at + timedelta(hours=1))
    ip = make_session(event, title="Cultural products as intellectual property",
                      kind=SessionKind.WORKSHOP, starts_at=event.starts_at + timedelta(hours=3))
    make_session(event, title="Coffee break", kind=SessionKind.BREAK,
                 starts_at=event.starts_at + timedelta(hours=2))
    both = [(film.id, HOLDING), (ip.id, HOLDING)]
    a = add_registration(event.id, "Nguyễn Văn An", sessions=both)
    b = add_registration(event.id, "Trần Thị Bình", sessions=[(film.id, HOLDING)])
    add_registration(event.id, "Lê Văn Cường", sessions=both)  # never came
    d = add_registration(event.id, "Phạm Thị Dung", type_code="museum",
                         organization="=HYPERLINK(\"http://evil.example\")",
                         sessions=[(ip.id, HOLDING)])
    e = add_registration(event.id, "Hoàng Văn Em", type_code="museum", status=S.CANCELLED,
                         sessions=[(ip.id, HOLDING)])
    add_registration(event.id, "Vũ Thị Phương", type_code="company")  # never came
    add_registration(event.id, "Đỗ Văn Giang", status=S.PENDING_CONFIRMATION,
                     checked_in=True, sessions=[(film.id, HOLDING)])
    # 08:40, 08:42 and 09:05 in Hanoi.
    _arrived(a, utc(1, 40), sessions_checked_in={film.id})
    _arrived(b, utc(1, 42))
    _arrived(d, utc(2, 5))
    # Checked in, even into a session, then cancelled: no longer counted anywhere.
    _arrived(e, utc(1, 45), sessions_checked_in={ip.id})
    assign(organizer, event.id)
    db.session.commit()
    # 09:20 in Hanoi: came without registering, entered at the door.
    services.add_by_organizer(
        event, details("walkin@example.org", "company", full_name="Bùi Thị Hạnh"),
        "walkin@example.org", actor=organizer, walk_in=True, notify=False, now=utc(2, 20),
    )
    db.session.commit()
    return Known(event.id, film.id, ip.id)


def report_of(known: Known, now=None):
    from eventapp.events.models import Event

    return attendance_report(_db.session.get(Event, known.event_id), now)


# --- The numbers -------------------------------------------------------------------------------


def test_headline_numbers_count_confirmed_registrations_only(known):
    report = report_of(known)

    assert report.confirmed == 6
    assert report.arrived == 4
    assert report.no_shows == 2
    assert report.no_show_rate == pytest.approx(1 / 3)
    assert report.walk_ins == 1


def test_numbers_by_kind_of_organization(known):
    rows = [(r.organization_type.code, r.confirmed, r.arrived, r.no_shows, r.walk_ins)
            for r in report_of(known).by_type]

    assert rows == [("ministry", 3, 2, 1, 0), ("company", 2, 1, 1, 1), ("museum", 1, 1, 0, 0)]
    ministry = report_of(known).by_type[0]
    assert ministry.no_show_rate == pytest.approx(1 / 3)


def test_sessions_count_session_check_ins_where_recorded_else_arrivals_at_the_event(known):
    film, ip = report_of(known).sessions

    # Film: three places held; one person checked in at the session itself.
    assert (film.held, film.basis, film.arrived, film.absent) == (3, Basis.SESSION, 1, 2)
    # IP: nobody checked in at the session (the cancelled registration's check-in does not
    # count), so the two holders who arrived at the event are counted.
    assert (ip.held, ip.basis, ip.arrived, ip.absent) == (3, Basis.EVENT, 2, 1)
    assert ip.absent_rate == pytest.approx(1 / 3)


def test_arrivals_per_quarter_hour_in_the_event_time_zone(known):
    slots = report_of(known).arrivals

    assert [(f"{s.starts:%H:%M}", s.count, s.running_total) for s in slots] == [
        ("08:30", 2, 2), ("08:45", 0, 2), ("09:00", 1, 3), ("09:15", 1, 4),
    ]
    assert slots[0].starts.utcoffset() == timedelta(hours=7)


def test_arrivals_spread_over_the_day_are_counted_per_half_hour(db):
    event = make_event()
    for moment in [utc(0, 50), utc(1, 10), utc(7, 44)]:
        registration = add_registration(event.id)
        registration.checked_in_at = moment
    db.session.commit()

    slots = arrivals_over_time(event)

    assert f"{slots[0].starts:%H:%M}" == "07:30" and f"{slots[-1].starts:%H:%M}" == "14:30"
    assert all(s.ends - s.starts == timedelta(minutes=30) for s in slots)
    assert [s.count for s in slots if s.count] == [1, 1, 1]
    assert sum(s.count for s in slots) == 3 and len(slots) == 15


def test_still_expected_only_while_the_event_runs(known):
    assert report_of(known, utc(0, 0)).phase == Phase.UPCOMING
    running = report_of(known, utc(3, 0))
    assert running.phase == Phase.RUNNING and running.still_expected == 2
    over = report_of(known, utc(23, 0))
    assert over.phase == Phase.OVER and over.still_expected is None


def test_an_event_without_registrations_has_nothing_to_divide(db):
    report = attendance_report(make_event())

    assert (report.confirmed, report.arrived, report.no_show_rate) == (0, 0, None)
    assert report.arrivals == []


# --- The page ----------------------------------------------------------------------------------


def _page(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def _figures(page) -> dict[str, str]:
    return {" ".join(div.xpath("string(dt)").split()): " ".join(div.xpath("string(dd)").split())
            for div in page.xpath("//dl[contains(@class, 'att-figures')]/div")}


def test_the_page_shows_the_numbers_in_english(client, auth, organizer, known):
    auth.login(organizer.email)
    page = _page(client.get(known.url, headers={"Accept-Language": "en"}))

    figures = _figures(page)
    assert figures["Confirmed"] == "6"
    assert figures["Arrived"].startswith("4 66.7%")
    assert figures["No-show rate"].startswith("33.3%")
    assert figures["Walk-ins"].startswith("1")
    tab = page.xpath("//nav[@class='tabs']//a[@aria-current='page']")[0]
    assert tab.text_content().strip() == "Attendance"
    rows = page.xpath("//section[@aria-labelledby='att-by-session']//tbody/tr")
    assert "checked in at the session" in rows[0].text_content()
    assert "arrived at the event" in rows[1].text_content()
    # The chart is drawn and named, and its numbers are in a table.
    chart = page.xpath("//svg[@id='chart-arrivals']")[0]
    assert chart.get("role") == "img"
    times = page.xpath("//section[@aria-labelledby='att-over-time']//tbody/tr/th")
    assert [" ".join(t.text_content().split()) for t in times][0] == "08:30–08:45"


def test_the_page_formats_numbers_for_vietnamese(client, auth, organizer, known):
    auth.login(organizer.email)
    client.set_cookie("lang", "vi")
    figures = _figures(_page(client.get(known.url)))

    # A decimal comma in Vietnamese.
    assert any(value.startswith("33,3") for value in figures.values())


def test_the_page_costs_the_same_queries_however_many_registrations(client, auth, admin, db):
    small, large = make_event(), make_event()
    for event, n in [(small, 3), (large, 300)]:
        sessions = [make_session(event, kind=SessionKind.WORKSHOP,
                                 starts_at=event.starts_at + timedelta(hours=i))
                    for i in range(3)]
        _bulk_registrations(event, sessions, n)
    db.session.commit()
    auth.login(admin.email)

    def statements(event_id, path=""):
        with count_statements(db.engine) as found:
            response = client.get(f"/workspace/events/{event_id}/attendance/report{path}")
            assert response.status_code == 200
            response.get_data()
        return len(found)

    assert statements(large.id) == statements(small.id)
    # The download reads its list of arrivals in batches of a thousand.
    export = "/export?format=xlsx"
    assert statements(large.id, export) == statements(small.id, export)


def _bulk_registrations(event, sessions, n):
    types = [type_id(code) for code in ("ministry", "museum", "company", "artist")]
    rows = []
    for i in range(n):
        email = f"p{event.id}-{i}@example.org"
        rows.append(dict(
            event_id=event.id, status=S.CONFIRMED if i % 5 else S.CANCELLED, email=email,
            email_key=email, full_name=f"Người {i}", organization_name="Bộ Văn hóa",
            organization_type_id=types[i % 4], country="VN", consented_at=utc(0, 0),
            created_at=utc(0, 0), manage_secret=secrets.token_urlsafe(16),
            ticket_code=secrets.token_hex(8),
            checked_in_at=utc(1, i % 60) if i % 3 else None,
        ))
    _db.session.execute(insert(Registration), rows)
    ids = _db.session.scalars(select(Registration.id).where(Registration.event_id == event.id))
    _db.session.execute(insert(SessionChoice), [
        dict(registration_id=rid, session_id=sessions[k % 3].id, status=HOLDING,
             checked_in_at=utc(3, 0) if k % 2 and k % 3 == 0 else None)
        for k, rid in enumerate(ids)
    ])


# --- The download ------------------------------------------------------------------------------


def _csv_sections(text: str) -> dict[str, list[list[str]]]:
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:])))
    sections, current = {}, None
    for line in lines[2:]:
        if not line:
            current = None
        elif current is None:
            current = sections.setdefault(line[0], [])
        else:
            current.append(line)
    return sections


def test_the_csv_download_has_the_same_numbers(client, auth, organizer, known):
    auth.login(organizer.email)
    response = client.get(known.export + "?format=csv", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attendance-event-" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    sections = _csv_sections(response.get_data(as_text=True))
    assert dict(sections["Summary"][1:]) == {
        "Confirmed": "6", "Arrived": "4", "Walk-ins among the arrived": "1", "No-shows": "2",
        "No-show rate (%)": "33.3",
    }
    assert sections["By kind of organization"][1:] == [
        ["Ministry or central agency", "3", "2", "0", "1", "33.3"],
        ["Company or creative business", "2", "1", "1", "1", "50.0"],
        ["Museum", "1", "1", "0", "0", "0.0"],
    ]
    film, ip = sections["By session"][1:]
    assert film[0] == "Film and streaming"
    assert film[2:6] == ["3", "1", "checked in at the session", "2"]
    assert ip[2:6] == ["3", "2", "holding a place, arrived at the event", "1"]
    arrivals = sections["Arrivals"]
    assert arrivals[0][:2] == ["Title", "Full name"]
    assert [row[1] for row in arrivals[1:]] == [
        "Nguyễn Văn An", "Trần Thị Bình", "Phạm Thị Dung", "Bùi Thị Hạnh"]
    an, dung = arrivals[1], arrivals[3]
    assert an[4] == "2031-03-18 08:40"
    assert an[5] == "Film and streaming; Cultural products as intellectual property"
    # A formula is written as text.
    assert dung[2] == "'=HYPERLINK(\"http://evil.example\")"


def test_the_xlsx_download_has_the_same_numbers(client, auth, organizer, known):
    auth.login(organizer.email)
    response = client.get(known.export + "?format=xlsx", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert ".xlsx" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == ["Summary", "By kind of organization", "By session", "Arrivals"]
    summary = dict(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Confirmed"] == 6 and summary["No-show rate (%)"] == 33.3
    by_type = list(workbook["By kind of organization"].iter_rows(min_row=2, values_only=True))
    assert by_type[1] == ("Company or creative business", 2, 1, 1, 1, 50.0)
    sessions = list(workbook["By session"].iter_rows(min_row=2, values_only=True))
    assert [row[2:4] for row in sessions] == [(3, 1), (3, 2)]
    assert sessions[0][1] == datetime(2031, 3, 18, 10, 0)
    arrivals = list(workbook["Arrivals"].iter_rows(min_row=2, values_only=True))
    assert arrivals[0][4] == datetime(2031, 3, 18, 8, 40)
    assert arrivals[2][2] == "'=HYPERLINK(\"http://evil.example\")"


def test_the_download_is_in_the_visitors_language_and_recorded(client, auth, organizer, known):
    from eventapp.audit.models import AuditEntry

    auth.login(organizer.email)
    client.set_cookie("lang", "vi")
    response = client.get(known.export)

    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert "Nguyễn Văn An" in text and "Kind of organization" not in text
    _db.session.rollback()
    actions = _db.session.scalars(select(AuditEntry.action)).all()
    assert "attendance.export_csv" in actions


def test_an_unknown_format_is_refused_clearly(client, auth, organizer, known):
    auth.login(organizer.email)
    response = client.get(known.export + "?format=pdf", headers={"Accept-Language": "en"})

    assert response.status_code == 302 and response.location.endswith(known.url)
    page = client.get(known.url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "can be downloaded as CSV or XLSX" in page


def test_other_organizers_cannot_see_the_report(client, auth, known, db):
    from eventapp.accounts.models import Role
    from tests.workspace.url_arguments import make_account

    make_account("someone@example.org", Role.ORGANIZER)
    db.session.commit()
    auth.login("someone@example.org")
    assert client.get(known.url).status_code == 403
    assert client.get(known.export).status_code == 403
