"""Texts written in both languages: the visitor's first, the other rather than nothing."""
from datetime import UTC, datetime
from types import SimpleNamespace

import lxml.html
from flask_babel import force_locale

from eventapp.i18n import (
    lang_attr,
    local_date,
    local_datetime,
    localized,
    salutation,
    timezone_label,
)
from eventapp.models import Honorific, SpeakerRole
from tests.factories import add_speaker, make_event, make_session, make_speaker


def _page(client, url, lang):
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def test_localized_prefers_the_language_and_falls_back_to_the_other(app):
    both = SimpleNamespace(title="Creative industries", title_vi="Công nghiệp sáng tạo")
    english_only = SimpleNamespace(title="Opening", title_vi=None)
    vietnamese_only = SimpleNamespace(title=" ", title_vi="Khai mạc")
    with app.test_request_context():
        with force_locale("vi"):
            assert localized(both, "title") == "Công nghiệp sáng tạo"
            assert localized(english_only, "title") == "Opening"
            assert lang_attr(english_only, "title") == ' lang="en"'
            assert lang_attr(both, "title") == ""
        with force_locale("en"):
            assert localized(both, "title") == "Creative industries"
            assert localized(vietnamese_only, "title") == "Khai mạc"
            assert lang_attr(vietnamese_only, "title") == ' lang="vi"'
            assert localized(None, "title") == ""


def test_event_session_and_speaker_pages_follow_the_visitor(client, db):
    event = make_event(
        title="Creative industries in the digital environment",
        title_vi="Công nghiệp sáng tạo trong môi trường số",
        description="**Policy** for growth.", description_vi="**Chính sách** phát triển.",
    )
    session = make_session(event, title="Opening remarks", title_vi="Phát biểu khai mạc",
                           description="Welcome.", description_vi=None)
    speaker = make_speaker(full_name="Nguyễn Phương Hoa", honorific=Honorific.DR,
                           position="Director", position_vi="Cục trưởng",
                           biography="Dr. Hoa leads the department.", biography_vi="")
    add_speaker(session, speaker, SpeakerRole.SPEAKER)
    db.session.commit()

    vi = _page(client, f"/events/{event.slug}/", "vi")
    assert vi.xpath("string(//h1)") == "Công nghiệp sáng tạo trong môi trường số"
    assert "Chính sách" in vi.xpath("string(//div[@class='prose'])")
    assert "Phát biểu khai mạc" in vi.text_content()
    assert "TS. Nguyễn Phương Hoa" in vi.text_content()
    assert "Cục trưởng" in vi.text_content()

    en = _page(client, f"/events/{event.slug}/", "en")
    assert en.xpath("string(//h1)") == "Creative industries in the digital environment"
    assert "Dr. Nguyễn Phương Hoa" in en.text_content()

    # No Vietnamese description: the English one, marked as English for screen readers.
    session_vi = _page(client, f"/events/{event.slug}/sessions/{session.id}", "vi")
    (prose,) = session_vi.xpath("//div[@class='prose']")
    assert prose.get("lang") == "en" and "Welcome." in prose.text_content()
    assert session_vi.xpath("string(//h1)") == "Phát biểu khai mạc"
    assert session_vi.xpath("//h1/@lang") == []

    profile_vi = _page(client, f"/speakers/{speaker.slug}", "vi")
    (bio,) = profile_vi.xpath("//section[@aria-labelledby='bio-heading']//div[@class='prose']")
    assert bio.get("lang") == "en"
    assert profile_vi.xpath("string(//p[@class='position'])") == "Cục trưởng"


def test_dates_and_times_are_vietnamese_in_the_event_zone(app, db):
    event = make_event(starts_at=datetime(2027, 1, 5, 1, 0, tzinfo=UTC))  # 08:00 in Hanoi
    late = datetime(2027, 1, 5, 17, 30, tzinfo=UTC)  # already the 6th in Hanoi
    with app.test_request_context():
        with force_locale("vi"):
            assert local_date(event.starts_at, event) == "Thứ Ba, 5 tháng 1, 2027"
            assert local_date(late, event) == "Thứ Tư, 6 tháng 1, 2027"
            assert local_datetime(late, event) == "6 thg 1, 2027, 00:30"
            assert timezone_label(event) == "Giờ Việt Nam (GMT+07:00)"
        with force_locale("en"):
            assert local_date(event.starts_at, event) == "Tuesday, January 5, 2027"
            assert timezone_label(event) == "Vietnam Time (GMT+07:00)"


def test_salutations_are_formal_and_use_ong_ba_without_a_title(app):
    with app.test_request_context():
        with force_locale("vi"):
            assert salutation(SimpleNamespace(honorific="none", full_name="Trần Văn Nam")) == (
                "Kính gửi Ông/Bà Trần Văn Nam,")
            assert salutation(SimpleNamespace(honorific="mr", full_name="Trần Văn Nam")) == (
                "Kính gửi Ông Trần Văn Nam,")
            assert salutation(SimpleNamespace(honorific="dr", full_name="Nguyễn Phương Hoa")) == (
                "Kính gửi TS. Nguyễn Phương Hoa,")
        with force_locale("en"):
            assert salutation(SimpleNamespace(honorific="none", full_name="Jane Smith")) == (
                "Dear Jane Smith,")
            assert salutation(SimpleNamespace(honorific="ms", full_name="Jane Smith")) == (
                "Dear Ms. Jane Smith,")


def test_the_json_schedule_carries_both_languages(client, db):
    event = make_event(title="Creative industries", title_vi="Công nghiệp sáng tạo")
    make_session(event, title="Lunch", title_vi="Nghỉ trưa", description="", description_vi=None)
    db.session.commit()

    url = f"/events/{event.slug}/schedule.json"
    vi = client.get(url, headers={"Accept-Language": "vi"}).get_json()
    assert vi["language"] == "vi"
    assert (vi["event"]["title"], vi["event"]["title_en"], vi["event"]["title_vi"]) == (
        "Công nghiệp sáng tạo", "Creative industries", "Công nghiệp sáng tạo")
    assert vi["event"]["subtitle"] is None and vi["event"]["subtitle_vi"] is None
    (lunch,) = vi["sessions"]
    assert (lunch["title"], lunch["title_en"], lunch["title_vi"]) == (
        "Nghỉ trưa", "Lunch", "Nghỉ trưa")
    assert (lunch["description"], lunch["description_en"], lunch["description_vi"]) == (
        "", None, None)

    en = client.get(url, headers={"Accept-Language": "en"}).get_json()
    assert en["event"]["title"] == "Creative industries"
    assert en["sessions"][0]["title"] == "Lunch"


def test_calendars_and_conference_apps_get_the_visitor_language(client, db):
    event = make_event(title="Creative industries", title_vi="Công nghiệp sáng tạo")
    make_session(event, title="Lunch", title_vi="Nghỉ trưa")
    db.session.commit()

    ics = client.get(f"/events/{event.slug}/schedule.ics", headers={"Accept-Language": "vi"})
    assert "SUMMARY:Nghỉ trưa" in ics.get_data(as_text=True)
    assert "NAME:Công nghiệp sáng tạo" in ics.get_data(as_text=True)
    xml = client.get(f"/events/{event.slug}/schedule.xml", headers={"Accept-Language": "vi"})
    assert "<title>Nghỉ trưa</title>" in xml.get_data(as_text=True)
    english = client.get(f"/events/{event.slug}/schedule.ics", headers={"Accept-Language": "en"})
    assert "SUMMARY:Lunch" in english.get_data(as_text=True)
