from datetime import UTC, datetime, time
from urllib.parse import parse_qs, urlsplit

from icalendar import Calendar

from eventapp.programme.services import get_event_session
from eventapp.schedule.services import google_calendar_url
from tests.factories import make_event, make_session


def _calendar(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.data)


def _event_url(programme) -> str:
    return f"/events/{programme.event.slug}/schedule.ics"


def _session_url(programme, session) -> str:
    return f"/events/{programme.event.slug}/sessions/{session.id}.ics"


def _vevent(calendar: Calendar, summary: str):
    (match,) = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == summary]
    return match


def test_a_session_at_two_utc_starts_at_nine_in_hanoi(client, programme):
    calendar = _calendar(client, _event_url(programme))
    keynote = _vevent(calendar, programme.keynote.title)

    start, end = keynote.decoded("DTSTART"), keynote.decoded("DTEND")
    assert (start.time(), end.time()) == (time(9, 0), time(9, 45))
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert keynote["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert start == datetime(2031, 3, 18, 2, 0, tzinfo=UTC)


def test_calendar_defines_the_event_time_zone_and_its_name(client, programme):
    response = client.get(_event_url(programme))
    calendar = Calendar.from_ical(response.data)

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Ho_Chi_Minh"
    assert str(calendar["X-WR-CALNAME"]) == "Công nghiệp văn hóa trong môi trường số"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    # Definitions come before the events that use them.
    assert response.data.index(b"BEGIN:VTIMEZONE") < response.data.index(b"BEGIN:VEVENT")


def test_whole_event_has_one_entry_per_session(client, programme):
    calendar = _calendar(client, _event_url(programme))
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries == {programme.keynote.title, programme.welcome.title}


def test_uids_and_the_whole_file_are_the_same_on_every_request(client, programme):
    first = client.get(_event_url(programme)).data
    second = client.get(_event_url(programme)).data

    uids = [str(e["UID"]) for e in Calendar.from_ical(first).walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(second).walk("VEVENT")]
    assert len(set(uids)) == 2
    assert first == second


def test_description_is_plain_text_with_speakers_and_their_roles(client, programme):
    keynote = _vevent(_calendar(client, _event_url(programme)), programme.keynote.title)
    description = str(keynote["DESCRIPTION"])

    assert description.startswith("Chính sách hỗ trợ các thành phố ứng cử.")
    assert "**" not in description
    moderator_line = (
        "Moderator: Dr. Nguyễn Phương Hoa, Director of the Department of International"
        " Cooperation, Bộ Văn hóa, Thể thao và Du lịch"
    )
    panelist_line = "Panelist: Trần Thị Bích Ngọc, Nhà hát Tuổi trẻ"
    assert description.index(moderator_line) < description.index(panelist_line)


def test_location_link_and_category_of_a_session(client, programme):
    keynote = _vevent(_calendar(client, _event_url(programme)), programme.keynote.title)

    assert str(keynote["LOCATION"]) == (
        "Phòng Hội thảo A, Tầng 2, Nhà hát Lớn Hà Nội, 1 Tràng Tiền, Hoàn Kiếm, Hà Nội"
    )
    session_page = f"http://localhost/events/{programme.event.slug}/sessions/{programme.keynote.id}"
    assert str(keynote["URL"]) == session_page
    assert keynote.categories == ["Keynote", "Chính sách"]
    assert keynote.decoded("DTSTAMP").tzinfo is not None


def test_a_session_without_a_room_is_placed_at_the_venue(client, programme):
    welcome = _vevent(_calendar(client, _event_url(programme)), programme.welcome.title)
    assert str(welcome["LOCATION"]) == "Nhà hát Lớn Hà Nội, 1 Tràng Tiền, Hoàn Kiếm, Hà Nội"
    assert welcome.decoded("DTSTART").time() == time(6, 30)


def test_calendar_file_is_served_as_a_download(client, programme):
    response = client.get(_event_url(programme))
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=cong-nghiep-van-hoa-2031.ics"
    )


def test_session_file_holds_that_session_alone_with_the_same_uid(client, programme):
    whole = _calendar(client, _event_url(programme))
    response = client.get(_session_url(programme, programme.keynote))
    single = Calendar.from_ical(response.data)

    (only,) = single.walk("VEVENT")
    assert str(only["SUMMARY"]) == programme.keynote.title
    assert only["UID"] == _vevent(whole, programme.keynote.title)["UID"]
    assert len(single.walk("VTIMEZONE")) == 1
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=cong-nghiep-van-hoa-2031-session-{programme.keynote.id}.ics"
    )


def test_session_file_of_another_event_or_no_session_is_not_found(client, db, programme):
    other = make_event()
    stranger = make_session(other)
    db.session.commit()

    assert client.get(_session_url(programme, stranger)).status_code == 404
    assert client.get(f"/events/{programme.event.slug}/sessions/999999.ics").status_code == 404


def test_times_follow_a_zone_with_summer_time(client, db):
    event = make_event(
        timezone="Europe/Berlin", starts_at=datetime(2031, 7, 1, 7, 0, tzinfo=UTC)
    )
    make_session(event, title="Kreativwirtschaft")
    db.session.commit()

    calendar = _calendar(client, f"/events/{event.slug}/schedule.ics")
    (session,) = calendar.walk("VEVENT")
    assert session.decoded("DTSTART").time() == time(9, 0)
    assert session["DTSTART"].params["TZID"] == "Europe/Berlin"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone.walk("DAYLIGHT")


def test_an_event_without_sessions_is_still_a_valid_calendar(client, db):
    event = make_event()
    db.session.commit()

    calendar = _calendar(client, f"/events/{event.slug}/schedule.ics")
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_google_calendar_link_fills_in_the_session(app, programme):
    event = programme.event
    session = get_event_session(event, programme.keynote.id)

    # Labels are translated for the visitor, so the link is built while a page is served.
    with app.test_request_context():
        url = google_calendar_url(event, session, "https://example.org/s/1")

    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https", "calendar.google.com", "/calendar/render"
    )
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query["action"] == "TEMPLATE"
    assert query["dates"] == "20310318T020000Z/20310318T024500Z"
    assert query["ctz"] == "Asia/Ho_Chi_Minh"
    assert query["text"].startswith("Kinh tế sáng tạo")
    assert "Moderator: Dr. Nguyễn Phương Hoa" in query["details"]
    assert query["details"].endswith("https://example.org/s/1")
    assert query["location"].startswith("Phòng Hội thảo A")


def test_google_calendar_link_is_offered_to_templates(app):
    assert app.jinja_env.globals["google_calendar_url"] is google_calendar_url
