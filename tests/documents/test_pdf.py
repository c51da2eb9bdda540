"""The PDF building blocks: fonts, text that fits, QR codes, colours of the badges' bands."""
import unicodedata

import pytest
import segno
from pypdf.generic import ContentStream

from eventapp.documents.badges import PALETTE, band_colour, contrast, text_colour
from eventapp.documents.pdf import (
    ELLIPSIS,
    QR_QUIET_ZONE,
    Document,
    clean,
    fit,
    grouped_code,
    wrap,
)
from eventapp.organizations.taxonomy import DEFAULT_ORGANIZATION_TYPES
from tests.documents.conftest import embedded_font_files, pdf_reader, pdf_text


@pytest.fixture
def pdf(app):
    document = Document(title="Thử nghiệm", language="vi")
    document.add_page()
    return document


def test_vietnamese_text_is_embedded_in_roboto_and_reads_back_exactly(pdf):
    pdf.text_at(10, 10, 190, "Nguyễn Thị Phương Hoa", size=14, bold=True)
    pdf.text_at(10, 20, 190, "Giấy chứng nhận tham dự", size=14)
    data = pdf.bytes()
    text = pdf_text(data)
    assert "Nguyễn Thị Phương Hoa" in text
    assert "Giấy chứng nhận tham dự" in text
    fonts = embedded_font_files(data)
    assert any(name.endswith("+Roboto") for name in fonts)
    assert any(name.endswith("+RobotoBold") for name in fonts)
    reader = pdf_reader(data)
    assert reader.metadata.title == "Thử nghiệm"
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_decomposed_vietnamese_is_composed_before_drawing(pdf):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Phương Hoa")
    assert clean(decomposed) == "Nguyễn Thị Phương Hoa"
    pdf.text_at(10, 10, 190, decomposed, size=14)
    assert "Nguyễn Thị Phương Hoa" in pdf_text(pdf.bytes())


def test_clean_drops_control_characters_and_line_breaks():
    assert clean("Trần\x00 Văn\r\nAn\t") == "Trần Văn An"


def test_a_short_name_stays_on_one_line_at_the_largest_size(pdf):
    fitted = fit(pdf, "Trần Văn An", 91, max_size=28, min_size=14, bold=True)
    assert fitted.lines == ["Trần Văn An"] and fitted.size == 28


def test_a_long_name_shrinks_then_breaks_over_two_lines_within_the_width(pdf):
    name = "Prof. Dr. Tôn Nữ Thị Ninh Hoàng Phương Thảo Nguyễn Quang Minh"
    fitted = fit(pdf, name, 91, max_size=28, min_size=14, bold=True)
    assert len(fitted.lines) == 2
    assert " ".join(fitted.lines) == name
    assert 14 <= fitted.size < 28
    assert all(pdf.width_of(line, fitted.size, True) <= 91 for line in fitted.lines)


def test_what_cannot_fit_is_cut_with_an_ellipsis(pdf):
    lines = wrap(pdf, "Bộ Văn hóa, Thể thao và Du lịch " * 10, 60, 12, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith(ELLIPSIS)
    assert all(pdf.width_of(line, 12) <= 60 for line in lines)


def test_ticket_codes_are_grouped_by_four():
    assert grouped_code("ABCDEFGHIJKLMNOP") == "ABCD EFGH IJKL MNOP"


def test_every_organization_type_has_its_own_colour_with_readable_text():
    codes = [t["code"] for t in DEFAULT_ORGANIZATION_TYPES]
    assert set(codes) <= set(PALETTE)
    assert len({band_colour(code) for code in codes}) == len(codes)
    for code in codes:
        background = band_colour(code)
        assert contrast(background, text_colour(background)) >= 4.5, code


def test_an_unknown_type_gets_the_same_colour_every_time():
    assert band_colour("new_kind") == band_colour("new_kind")
    assert band_colour("new_kind") in PALETTE.values()


def _filled_rectangles(data: bytes) -> list[tuple[float, float, float, float]]:
    """Every rectangle a page fills (x, y, width, height in points, y from the bottom)."""
    rectangles, pending = [], []
    for operands, operator in ContentStream(pdf_reader(data).pages[0].get_contents(),
                                            None).operations:
        if operator == b"re":
            pending.append(tuple(float(value) for value in operands))
        elif operator in (b"f", b"F", b"f*"):
            rectangles += pending
            pending = []
        elif operator in (b"S", b"n"):
            pending = []
    return rectangles


def test_the_qr_code_drawn_is_segnos_module_for_module(app):
    code = "7WYGUWOUZZ3Q27WU"
    document = Document(title="QR", language="en")
    document.add_page()
    document.qr_code(code, 20, 30, 60)
    background, *dark = _filled_rectangles(document.bytes())
    expected = [list(row) for row in segno.make_qr(code, error="m").matrix_iter(
        border=QR_QUIET_ZONE)]
    size = len(expected)
    page_height = 297 * 72 / 25.4
    module = 60 * 72 / 25.4 / size
    left, top = 20 * 72 / 25.4, page_height - 30 * 72 / 25.4
    drawn = [[False] * size for _ in range(size)]
    for x, y, width, height in dark:
        row = round((top - (y + height)) / module) if height > 0 else round((top - y) / module)
        first = round((x - left) / module)
        for column in range(first, first + round(width / module)):
            drawn[row][column] = True
    assert drawn == [[bool(cell) for cell in row] for row in expected]
