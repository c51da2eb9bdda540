import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.factories import make_event

SCHEMA = Path(__file__).with_name("frab_schedule.xsd")


def _get(client, slug: str):
    response = client.get(f"/events/{slug}/schedule.xml")
    assert response.status_code == 200
    return response


def _schedule(client, programme) -> ET.Element:
    return ET.fromstring(_get(client, programme.event.slug).data)


def test_conference_is_described_in_the_event_zone(client, programme):
    conference = _schedule(client, programme).find("conference")

    assert conference.findtext("acronym") == "cong-nghiep-van-hoa-2031"
    assert conference.findtext("title") == "Công nghiệp văn hóa trong môi trường số"
    assert conference.findtext("start") == "2031-03-18"
    assert conference.findtext("days") == "2"
    assert conference.findtext("time_zone_name") == "Asia/Ho_Chi_Minh"


def test_days_are_split_by_date_in_the_event_zone(client, programme):
    days = _schedule(client, programme).findall("day")

    assert [(d.get("index"), d.get("date")) for d in days] == [
        ("1", "2031-03-18"),
        # 23:30 UTC on the 18th is the morning of the 19th in Hanoi.
        ("2", "2031-03-19"),
    ]
    assert days[0].get("start") == "2031-03-18T09:00:00+07:00"
    assert days[0].get("end") == "2031-03-18T09:45:00+07:00"


def test_a_session_sits_in_its_room_with_local_start_and_duration(client, programme):
    first_day = _schedule(client, programme).find("day")
    (room,) = first_day.findall("room")
    assert room.get("name") == "Phòng Hội thảo A"

    (talk,) = room.findall("event")
    assert talk.get("id") == str(programme.keynote.id)
    assert talk.findtext("date") == "2031-03-18T09:00:00+07:00"
    assert talk.findtext("start") == "09:00"
    assert talk.findtext("duration") == "00:45"
    assert talk.findtext("room") == "Phòng Hội thảo A"
    assert talk.findtext("title") == programme.keynote.title
    assert talk.findtext("type") == "keynote"
    assert talk.findtext("language") == "vi-en"
    assert talk.findtext("track") == "Chính sách"
    assert talk.findtext("abstract") == "Chính sách hỗ trợ các thành phố ứng cử."
    assert talk.findtext("slug") == (
        f"cong-nghiep-van-hoa-2031-{programme.keynote.id}"
        "-kinh-te-sang-tao-va-mang-luoi-cac-thanh-pho-sang-tao-unesco"
    )
    assert talk.findtext("url").endswith(f"/sessions/{programme.keynote.id}")


def test_speakers_are_listed_as_persons_with_their_roles_told(client, programme):
    talk = _schedule(client, programme).find("day/room/event")

    persons = [(p.get("id"), p.text) for p in talk.findall("persons/person")]
    assert persons == [
        (str(programme.moderator.id), "Dr. Nguyễn Phương Hoa"),
        (str(programme.panelist.id), "Trần Thị Bích Ngọc"),
    ]
    assert talk.findtext("description").startswith("Moderator: Dr. Nguyễn Phương Hoa")


def test_a_session_without_a_room_is_listed_under_the_venue(client, programme):
    second_day = _schedule(client, programme).findall("day")[1]
    (room,) = second_day.findall("room")
    assert room.get("name") == "Nhà hát Lớn Hà Nội"
    assert room.findtext("event/room") == "Nhà hát Lớn Hà Nội"
    assert room.findtext("event/start") == "06:30"


def test_guids_are_uuids_that_stay_the_same(client, programme):
    first = _get(client, programme.event.slug).data
    second = _get(client, programme.event.slug).data

    guids = [e.get("guid") for e in ET.fromstring(first).iter("event")]
    assert guids == [e.get("guid") for e in ET.fromstring(second).iter("event")]
    assert len({uuid.UUID(g) for g in guids}) == 2
    assert first == second


def test_file_is_utf8_xml_with_vietnamese_intact(client, programme):
    response = _get(client, programme.event.slug)
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert response.data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert "Công nghiệp văn hóa".encode() in response.data


def test_schedule_follows_the_frab_schema(client, programme):
    from lxml import etree
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))

    document = etree.fromstring(_get(client, programme.event.slug).data)

    assert schema.validate(document), schema.error_log


def test_an_event_without_sessions_still_follows_the_schema(client, db):
    from lxml import etree
    event = make_event()
    db.session.commit()

    document = etree.fromstring(_get(client, event.slug).data)

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(document), schema.error_log
    assert [day.get("date") for day in document.iter("day")] == ["2031-03-18"]
