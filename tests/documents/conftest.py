"""An event of the Vietnamese workshop with confirmed attendees, and reading PDFs back."""
import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from eventapp.extensions import db as _db
from eventapp.models import RegistrationStatus, SessionKind
from eventapp.registration import offers
from eventapp.registration import services as registration_services
from tests.factories import make_event, make_room, make_session
from tests.registration.helpers import details

TITLE_VI = "Hội thảo Phát triển các ngành công nghiệp văn hóa và sáng tạo trong môi trường số"
TITLE_EN = "Workshop on developing the cultural and creative industries in the digital environment"


def confirmed(event, email: str, session_ids=(), **overrides):
    """A registration that went through the form and the confirmation link."""
    registration = registration_services.register(event, details(email, **overrides),
                                                  list(session_ids))
    token = registration_services._new_confirm_token(registration)
    _db.session.commit()
    registration_services.confirm_email(token)
    _db.session.commit()
    assert registration.status == RegistrationStatus.CONFIRMED
    return registration


@pytest.fixture
def workshop(db):
    """The ministry workshop with a room, two workshop sessions and a break."""
    event = make_event(
        slug="cci-2031", title=TITLE_EN, title_vi=TITLE_VI,
        organizer="Bộ Văn hóa, Thể thao và Du lịch", venue="Khách sạn Melia Hà Nội",
        address="44 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội", capacity=200,
    )
    room = make_room(event, name="Phòng Hồng Hà", capacity=80)
    make_session(event, title="Creative cities and the digital economy",
                 title_vi="Thành phố sáng tạo và kinh tế số", kind=SessionKind.WORKSHOP,
                 room=room, capacity=50)
    make_session(event, title="Film and performing arts online",
                 title_vi="Điện ảnh và nghệ thuật biểu diễn trên môi trường số",
                 kind=SessionKind.WORKSHOP, room=room, capacity=50,
                 starts_at=event.starts_at + timedelta(hours=2))
    make_session(event, title="Tea break", kind=SessionKind.BREAK,
                 starts_at=event.starts_at + timedelta(hours=1))
    db.session.commit()
    return event


@pytest.fixture
def hoa(workshop):
    """Dr. Nguyễn Thị Phương Hoa, of the ministry, who reads Vietnamese, with a seat in both
    workshop sessions."""
    sessions = [s.id for s in offers.selectable_sessions(workshop)]
    return confirmed(
        workshop, "hoa@example.org", sessions, full_name="Nguyễn Thị Phương Hoa",
        honorific="dr", language="vi", position="Vụ trưởng Vụ Hợp tác quốc tế",
        organization_name="Bộ Văn hóa, Thể thao và Du lịch",
    )


def started(event, db):
    """Move the event into the past (it started yesterday and is over)."""
    event.starts_at = datetime.now(UTC) - timedelta(days=1)
    event.ends_at = event.starts_at + timedelta(hours=8)
    db.session.commit()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def embedded_font_files(data: bytes) -> list[str]:
    """The names of the fonts embedded as TrueType programs (FontFile2) in the PDF."""
    names = []
    for page in pdf_reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor:
                    names.append(str(descriptor["/FontName"]))
    return names
