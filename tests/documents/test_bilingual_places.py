"""Tickets and certificates give the organizer, venue, address and rooms in their language."""
from datetime import UTC, datetime

import pytest

from eventapp.documents.certificate import certificate_pdf
from eventapp.documents.ticket import ticket_pdf
from tests.documents.conftest import confirmed, pdf_reader, pdf_text

ORGANIZER_EN = "Department of International Cooperation"
ORGANIZER_VI = "Cục Hợp tác quốc tế"


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def bilingual(workshop, db):
    workshop.organizer, workshop.organizer_vi = ORGANIZER_EN, ORGANIZER_VI
    workshop.venue, workshop.venue_vi = "International Hall", "Hội trường Quốc tế"
    workshop.address, workshop.address_vi = "51 Ngo Quyen Street, Hanoi", "51 Ngô Quyền, Hà Nội"
    (room,) = workshop.rooms
    room.name, room.name_vi = "Hong Ha Room", "Phòng Hồng Hà"
    db.session.commit()
    return workshop


def test_the_vietnamese_ticket_carries_the_vietnamese_places(bilingual, hoa):
    data = ticket_pdf(hoa, bilingual)
    text = _flat(pdf_text(data))
    assert "Hội trường Quốc tế" in text and "51 Ngô Quyền, Hà Nội" in text
    assert "Phòng Hồng Hà" in text
    assert "International Hall" not in text and "Hong Ha Room" not in text
    assert pdf_reader(data).metadata.author == ORGANIZER_VI


def test_the_english_ticket_carries_the_english_places(bilingual):
    john = confirmed(bilingual, "john@example.org", full_name="John Smith", honorific="mr")
    text = _flat(pdf_text(ticket_pdf(john, bilingual)))
    assert "International Hall" in text and "51 Ngo Quyen Street, Hanoi" in text
    assert "Hội trường Quốc tế" not in text


def test_the_vietnamese_certificate_carries_the_vietnamese_organizer_and_venue(bilingual, hoa):
    hoa.checked_in_at = datetime(2031, 3, 18, 1, 45, tzinfo=UTC)
    data = certificate_pdf(hoa, bilingual)
    text = _flat(pdf_text(data))
    assert ORGANIZER_VI.upper() in text
    # Signed by the organizer, in the footer.
    assert ORGANIZER_VI in text
    assert "Hội trường Quốc tế" in text
    assert ORGANIZER_EN.upper() not in text and "International Hall" not in text
    assert pdf_reader(data).metadata.author == ORGANIZER_VI


def test_the_english_certificate_carries_the_english_organizer_and_venue(bilingual):
    john = confirmed(bilingual, "john@example.org", full_name="John Smith", honorific="prof")
    john.checked_in_at = datetime(2031, 3, 18, 1, 45, tzinfo=UTC)
    text = _flat(pdf_text(certificate_pdf(john, bilingual)))
    assert ORGANIZER_EN.upper() in text and "International Hall" in text
    assert ORGANIZER_VI not in text


def test_an_organizer_written_in_english_only_is_printed_rather_than_left_out(bilingual, hoa):
    bilingual.organizer_vi = None
    hoa.checked_in_at = datetime(2031, 3, 18, 1, 45, tzinfo=UTC)
    assert ORGANIZER_EN.upper() in _flat(pdf_text(certificate_pdf(hoa, bilingual)))
