"""A small bilingual programme, as the first real event has it, for the export tests."""
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from eventapp.models import (
    Event,
    Honorific,
    Room,
    SessionKind,
    SessionLanguage,
    Speaker,
    SpeakerRole,
    WorkshopSession,
)
from tests.factories import add_speaker, make_event, make_room, make_session, make_speaker


@dataclass
class Programme:
    event: Event
    room: Room
    keynote: WorkshopSession
    # Starts at 23:30 UTC on 18 March, which is 06:30 on 19 March in Hanoi.
    welcome: WorkshopSession
    moderator: Speaker
    panelist: Speaker


@pytest.fixture
def programme(db) -> Programme:
    event = make_event(
        slug="cong-nghiep-van-hoa-2031",
        title="Công nghiệp văn hóa trong môi trường số",
        venue="Nhà hát Lớn Hà Nội",
    )
    room = make_room(event, name="Phòng Hội thảo A", location="Tầng 2")
    keynote = make_session(
        event,
        room=room,
        title="Kinh tế sáng tạo và Mạng lưới các Thành phố Sáng tạo UNESCO",
        description="**Chính sách** hỗ trợ các thành phố ứng cử.",
        kind=SessionKind.KEYNOTE,
        starts_at=datetime(2031, 3, 18, 2, 0, tzinfo=UTC),
        capacity=120,
        seats_taken=20,
        language=SessionLanguage.BILINGUAL,
        track="Chính sách",
    )
    welcome = make_session(
        event,
        room=None,
        title="Đón tiếp đại biểu ngày thứ hai",
        kind=SessionKind.NETWORKING,
        starts_at=datetime(2031, 3, 18, 23, 30, tzinfo=UTC),
    )
    moderator = make_speaker(
        full_name="Nguyễn Phương Hoa",
        honorific=Honorific.DR,
        position="Director of the Department of International Cooperation",
        organization="Bộ Văn hóa, Thể thao và Du lịch",
    )
    panelist = make_speaker(full_name="Trần Thị Bích Ngọc", organization="Nhà hát Tuổi trẻ")
    add_speaker(keynote, panelist, role=SpeakerRole.PANELIST, position=1)
    add_speaker(keynote, moderator, role=SpeakerRole.MODERATOR, position=0)
    db.session.commit()
    return Programme(event, room, keynote, welcome, moderator, panelist)
