from eventapp.programme.models import WorkshopSession


def _get(client, programme):
    response = client.get(f"/events/{programme.event.slug}/schedule.json")
    assert response.status_code == 200
    return response


def test_event_is_described_with_times_in_its_own_zone(client, programme):
    document = _get(client, programme).get_json()

    assert list(document) == [
        "format_version", "version", "generated_at", "language", "event", "rooms", "sessions"
    ]
    event = document["event"]
    assert event["slug"] == "cong-nghiep-van-hoa-2031"
    assert event["title"] == "Công nghiệp văn hóa trong môi trường số"
    assert event["venue"] == "Nhà hát Lớn Hà Nội"
    assert event["timezone"] == "Asia/Ho_Chi_Minh"
    assert event["start"] == "2031-03-18T09:00:00+07:00"
    assert event["end"] == "2031-03-18T17:00:00+07:00"
    assert event["url"] == "http://localhost/events/cong-nghiep-van-hoa-2031/"
    assert document["generated_at"].endswith("+07:00")
    (room,) = document["rooms"]
    assert room == {
        "id": programme.room.id,
        "name": "Phòng Hội thảo A",
        "name_en": "Phòng Hội thảo A",
        "name_vi": None,
        "location": "Tầng 2",
        "location_en": "Tầng 2",
        "location_vi": None,
        "capacity": None,
    }


def test_sessions_carry_times_with_offset_places_and_seats(client, programme):
    keynote, welcome = _get(client, programme).get_json()["sessions"]

    assert keynote["title"] == programme.keynote.title
    assert keynote["description"] == "**Chính sách** hỗ trợ các thành phố ứng cử."
    assert keynote["kind"] == "keynote"
    assert (keynote["start"], keynote["end"]) == (
        "2031-03-18T09:00:00+07:00", "2031-03-18T09:45:00+07:00"
    )
    assert keynote["duration_minutes"] == 45
    assert keynote["room"] == {
        "id": programme.room.id,
        "name": "Phòng Hội thảo A",
        "name_en": "Phòng Hội thảo A",
        "name_vi": None,
    }
    assert (keynote["capacity"], keynote["seats_left"]) == (120, 100)
    assert keynote["language"] == "vi-en"
    assert keynote["track"] == "Chính sách"
    base = f"http://localhost/events/cong-nghiep-van-hoa-2031/sessions/{programme.keynote.id}"
    assert (keynote["url"], keynote["ics_url"]) == (base, base + ".ics")

    assert welcome["start"] == "2031-03-19T06:30:00+07:00"
    assert welcome["room"] is None
    assert welcome["seats_left"] is None


def test_speakers_appear_in_order_with_name_as_introduced_and_role(client, programme):
    keynote = _get(client, programme).get_json()["sessions"][0]

    moderator, panelist = keynote["speakers"]
    assert moderator == {
        "slug": programme.moderator.slug,
        "name": "Dr. Nguyễn Phương Hoa",
        "full_name": "Nguyễn Phương Hoa",
        "honorific": "dr",
        "role": "moderator",
        "position": "Director of the Department of International Cooperation",
        "organization": "Bộ Văn hóa, Thể thao và Du lịch",
        "url": f"http://localhost/speakers/{programme.moderator.slug}",
    }
    assert (panelist["name"], panelist["role"]) == ("Trần Thị Bích Ngọc", "panelist")


def test_vietnamese_is_written_as_utf8_not_escaped(client, programme):
    response = _get(client, programme)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "Nguyễn Phương Hoa".encode() in response.data
    assert b"\\u" not in response.data


def test_version_is_stable_and_changes_with_the_programme(client, db, programme):
    first = _get(client, programme).get_json()
    assert _get(client, programme).get_json()["version"] == first["version"]

    session = db.session.get(WorkshopSession, programme.keynote.id)
    session.title = "Kinh tế sáng tạo"
    db.session.commit()

    changed = _get(client, programme).get_json()
    assert changed["version"] != first["version"]
    assert changed["sessions"][0]["guid"] == first["sessions"][0]["guid"]

