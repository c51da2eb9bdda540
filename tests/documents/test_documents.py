"""What the ticket, the badges and the certificate say, read back from the PDF."""
from datetime import UTC, datetime

import pytest

from eventapp.documents.badges import badges_pdf
from eventapp.documents.certificate import certificate_number, certificate_pdf
from eventapp.documents.ticket import ticket_pdf
from tests.documents.conftest import (
    TITLE_EN,
    TITLE_VI,
    confirmed,
    embedded_font_files,
    pdf_reader,
    pdf_text,
)

MM = 72 / 25.4


def _size_mm(page) -> tuple[int, int]:
    return round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)


def _flat(text: str) -> str:
    """Text read back from a PDF, line breaks and runs of spaces as one space."""
    return " ".join(text.split())


def test_the_ticket_is_in_the_attendees_language_with_everything_needed_at_the_door(
    workshop, hoa
):
    data = ticket_pdf(hoa, workshop)
    reader = pdf_reader(data)
    assert len(reader.pages) == 1
    assert _size_mm(reader.pages[0]) == (210, 297)
    text = _flat(pdf_text(data))
    assert "TS. Nguyễn Thị Phương Hoa" in text
    assert TITLE_VI in text
    assert "Bộ Văn hóa, Thể thao và Du lịch" in text
    assert "Vụ trưởng Vụ Hợp tác quốc tế" in text
    assert "Khách sạn Melia Hà Nội" in text
    assert "44 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội" in text
    # 09:00 in Hanoi (02:00 UTC), written the Vietnamese way.
    assert "18 tháng 3, 2031" in text and "09:00" in text
    code = hoa.ticket_code
    assert " ".join(code[i:i + 4] for i in range(0, 16, 4)) in text
    # Both chosen sessions with their times and room; the break is not a session one holds.
    assert "Thành phố sáng tạo và kinh tế số" in text
    assert "Điện ảnh và nghệ thuật biểu diễn trên môi trường số" in text
    assert "11:00–11:45" in text and "Phòng Hồng Hà" in text
    assert reader.metadata.title.endswith(TITLE_VI)
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    assert embedded_font_files(data)


def test_the_title_is_in_the_readers_language_or_else_in_the_other_one(workshop, db):
    john = confirmed(workshop, "john@example.org", full_name="John Smith", honorific="mr")
    assert TITLE_EN in _flat(pdf_text(ticket_pdf(john, workshop)))
    lan = confirmed(workshop, "lan@example.org", full_name="Lê Thị Lan", language="vi")
    workshop.title_vi = None
    text = _flat(pdf_text(ticket_pdf(lan, workshop)))
    assert TITLE_EN in text and "Lê Thị Lan" in text


@pytest.mark.parametrize(("layout", "pages", "size"), [
    ("a6", 5, (105, 148)),
    ("a4", 2, (210, 297)),
])
def test_badges_one_per_a6_page_or_four_to_an_a4_sheet(app, workshop, hoa, layout, pages,
                                                        size):
    others = [confirmed(workshop, f"p{n}@example.org", full_name=f"Trần Văn Bình {n}")
              for n in range(4)]
    data = badges_pdf([hoa, *others], workshop, layout)
    reader = pdf_reader(data)
    assert len(reader.pages) == pages
    assert all(_size_mm(page) == size for page in reader.pages)
    text = _flat(pdf_text(data))
    assert "Nguyễn Thị Phương Hoa" in text
    assert "Trần Văn Bình 3" in text
    # The band names the kind of organization in words, not by colour alone.
    assert "Ministry or central agency" in text
    assert embedded_font_files(data)


def test_a_very_long_name_still_fits_on_the_badge(app, workshop):
    long = confirmed(workshop, "long@example.org",
                     full_name="Tôn Nữ Thị Ninh Hoàng Phương Thảo Nguyễn Quang Minh Đức",
                     honorific="assoc_prof_dr")
    text = _flat(pdf_text(badges_pdf([long], workshop, "a6")))
    assert "Tôn Nữ Thị Ninh Hoàng Phương Thảo Nguyễn Quang Minh Đức" in text


def test_the_certificate_in_vietnamese(workshop, hoa, db):
    hoa.checked_in_at = datetime(2031, 3, 18, 1, 45, tzinfo=UTC)
    data = certificate_pdf(hoa, workshop)
    reader = pdf_reader(data)
    assert len(reader.pages) == 1
    assert _size_mm(reader.pages[0]) == (297, 210)
    text = _flat(pdf_text(data))
    assert "Giấy chứng nhận tham dự" in text
    assert "TS. Nguyễn Thị Phương Hoa" in text
    assert TITLE_VI in text
    assert "Bộ Văn hóa, Thể thao và Du lịch".upper() in text
    assert "Khách sạn Melia Hà Nội" in text
    assert certificate_number(hoa, workshop) in text
    assert certificate_number(hoa, workshop) == f"CCI-2031-{hoa.id:06d}"
    # No per-session check-in: the sessions held.
    assert "Thành phố sáng tạo và kinh tế số" in text
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_the_certificate_lists_the_sessions_checked_in_at_when_there_are_some(workshop, hoa):
    hoa.checked_in_at = datetime(2031, 3, 18, 1, 45, tzinfo=UTC)
    first = sorted(hoa.choices, key=lambda c: c.session.starts_at)[0]
    first.checked_in_at = datetime(2031, 3, 18, 2, 0, tzinfo=UTC)
    text = _flat(pdf_text(certificate_pdf(hoa, workshop)))
    assert "Thành phố sáng tạo và kinh tế số" in text
    assert "Điện ảnh và nghệ thuật biểu diễn" not in text


def test_the_certificate_in_english(workshop):
    john = confirmed(workshop, "john@example.org", full_name="John Smith", honorific="prof")
    john.checked_in_at = datetime(2031, 3, 18, 1, 45, tzinfo=UTC)
    text = _flat(pdf_text(certificate_pdf(john, workshop)))
    assert "Certificate of attendance" in text
    assert "Prof. John Smith" in text
    assert TITLE_EN in text
