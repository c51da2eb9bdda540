"""Exports in the visitor's language: rooms, tracks, venue; JSON gives each text in both."""
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from eventapp.extensions import db


@pytest.fixture
def bilingual(programme):
    event, room, keynote = programme.event, programme.room, programme.keynote
    event.organizer, event.organizer_vi = "Ministry of Culture", "Bộ Văn hóa"
    event.venue, event.venue_vi = "Hanoi Opera House", "Nhà hát Lớn Hà Nội"
    event.address, event.address_vi = "1 Trang Tien Street, Hanoi", "1 Tràng Tiền, Hà Nội"
    room.name, room.name_vi = "Conference Room A", "Phòng Hội thảo A"
    room.location, room.location_vi = "2nd floor", "Tầng 2"
    keynote.track, keynote.track_vi = "Policy", "Chính sách"
    db.session.commit()
    return programme


def _get(client, programme, ext, lang):
    response = client.get(
        f"/events/{programme.event.slug}/schedule.{ext}", headers={"Accept-Language": lang}
    )
    assert response.status_code == 200
    return response


def test_json_gives_each_place_in_the_document_language_and_in_both(client, bilingual):
    document = _get(client, bilingual, "json", "vi").get_json()
    event = document["event"]
    assert [key for key in event if key.startswith(("organizer", "venue", "address"))] == [
        "organizer", "organizer_en", "organizer_vi",
        "venue", "venue_en", "venue_vi",
        "address", "address_en", "address_vi",
    ]
    assert (event["organizer"], event["organizer_en"], event["organizer_vi"]) == (
        "Bộ Văn hóa", "Ministry of Culture", "Bộ Văn hóa"
    )
    assert (event["venue"], event["venue_en"]) == ("Nhà hát Lớn Hà Nội", "Hanoi Opera House")
    assert event["address"] == "1 Tràng Tiền, Hà Nội"
    (room,) = document["rooms"]
    assert room == {
        "id": bilingual.room.id,
        "name": "Phòng Hội thảo A",
        "name_en": "Conference Room A",
        "name_vi": "Phòng Hội thảo A",
        "location": "Tầng 2",
        "location_en": "2nd floor",
        "location_vi": "Tầng 2",
        "capacity": None,
    }
    keynote = document["sessions"][0]
    assert keynote["room"] == {
        "id": bilingual.room.id,
        "name": "Phòng Hội thảo A",
        "name_en": "Conference Room A",
        "name_vi": "Phòng Hội thảo A",
    }
    assert (keynote["track"], keynote["track_en"], keynote["track_vi"]) == (
        "Chính sách", "Policy", "Chính sách"
    )

    english = _get(client, bilingual, "json", "en").get_json()
    assert english["event"]["venue"] == "Hanoi Opera House"
    assert english["sessions"][0]["room"]["name"] == "Conference Room A"
    assert english["sessions"][0]["track"] == "Policy"


def test_json_gives_null_for_a_language_a_text_is_not_written_in(client, bilingual):
    bilingual.event.organizer_vi = None
    bilingual.keynote.track = None
    db.session.commit()
    document = _get(client, bilingual, "json", "vi").get_json()
    assert document["event"]["organizer"] == "Ministry of Culture"
    assert document["event"]["organizer_vi"] is None
    keynote = document["sessions"][0]
    assert (keynote["track"], keynote["track_en"]) == ("Chính sách", None)


def test_ical_location_and_categories_follow_the_visitor(client, bilingual):
    vi = [e for e in Calendar.from_ical(_get(client, bilingual, "ics", "vi").data).walk("VEVENT")]
    (talk,) = [e for e in vi if "Phòng" in str(e["LOCATION"])]
    assert str(talk["LOCATION"]) == (
        "Phòng Hội thảo A, Tầng 2, Nhà hát Lớn Hà Nội, 1 Tràng Tiền, Hà Nội"
    )
    assert "Chính sách" in talk.categories

    en = [e for e in Calendar.from_ical(_get(client, bilingual, "ics", "en").data).walk("VEVENT")]
    (talk,) = [e for e in en if "Conference Room A" in str(e["LOCATION"])]
    assert str(talk["LOCATION"]) == (
        "Conference Room A, 2nd floor, Hanoi Opera House, 1 Trang Tien Street, Hanoi"
    )
    assert "Policy" in talk.categories


def test_frab_rooms_and_tracks_follow_the_visitor(client, bilingual):
    vi = ET.fromstring(_get(client, bilingual, "xml", "vi").data)
    assert [room.get("name") for room in vi.iter("room") if room.get("name")] == [
        "Phòng Hội thảo A", "Nhà hát Lớn Hà Nội"
    ]
    assert vi.find("day/room/event").findtext("track") == "Chính sách"
    en = ET.fromstring(_get(client, bilingual, "xml", "en").data)
    assert [room.get("name") for room in en.iter("room") if room.get("name")] == [
        "Conference Room A", "Hanoi Opera House"
    ]
    assert en.find("day/room/event").findtext("track") == "Policy"
