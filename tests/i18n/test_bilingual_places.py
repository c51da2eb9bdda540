"""Organizer, venue, address, rooms and tracks in the visitor's language, the other as fallback."""
import lxml.html
import pytest

from eventapp.models import Honorific, SpeakerRole
from tests.factories import add_speaker, make_event, make_room, make_session, make_speaker

ORGANIZER = "Department of International Cooperation"
ORGANIZER_VI = "Cục Hợp tác quốc tế"


@pytest.fixture
def places(db):
    event = make_event(
        organizer=ORGANIZER,
        organizer_vi=ORGANIZER_VI,
        venue="International Hall",
        venue_vi="Hội trường Quốc tế",
        address="51 Ngo Quyen Street, Hanoi",
        address_vi="51 Ngô Quyền, Hà Nội",
    )
    hall = make_room(event, name="Main Hall", name_vi="Hội trường chính",
                     location="Ground floor", location_vi="Tầng trệt")
    # Named in English only: a Vietnamese page shows it marked as English.
    lobby = make_room(event, name="Lobby", location="Next to the Main Hall")
    talk = make_session(event, title="Creative cities", room=hall,
                        track="Creative cities", track_vi="Thành phố sáng tạo")
    # A track written in Vietnamese only.
    film = make_session(event, title="Film", room=lobby, track_vi="Điện ảnh")
    speaker = make_speaker(full_name="Nguyễn Phương Hoa", honorific=Honorific.DR)
    add_speaker(talk, speaker, SpeakerRole.SPEAKER)
    db.session.commit()
    return event, talk, film, speaker


def _page(client, url, lang):
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))



def test_the_event_page_shows_organizer_venue_and_address_in_the_visitor_language(client, places):
    event = places[0]
    vi = _page(client, f"/events/{event.slug}/", "vi")
    assert vi.xpath("string(//p[@class='eyebrow'])") == ORGANIZER_VI
    where = vi.xpath("string(//dl[@class='facts']/div[2]/dd)")
    assert "Hội trường Quốc tế" in where and "51 Ngô Quyền, Hà Nội" in where
    assert ORGANIZER not in vi.text_content() and "International Hall" not in vi.text_content()

    en = _page(client, f"/events/{event.slug}/", "en")
    assert en.xpath("string(//p[@class='eyebrow'])") == ORGANIZER
    where = en.xpath("string(//dl[@class='facts']/div[2]/dd)")
    assert "International Hall" in where and "51 Ngo Quyen Street, Hanoi" in where
    assert "Hội trường Quốc tế" not in en.text_content()

    listing = _page(client, "/", "vi")
    assert "Hội trường Quốc tế, 51 Ngô Quyền, Hà Nội" in listing.text_content()


def test_a_missing_translation_falls_back_marked_with_its_language(client, db, places):
    event = places[0]
    event.organizer_vi = None
    event.venue = ""
    db.session.commit()

    vi = _page(client, f"/events/{event.slug}/", "vi")
    (eyebrow,) = vi.xpath("//p[@class='eyebrow']")
    assert eyebrow.text_content() == ORGANIZER and eyebrow.get("lang") == "en"
    en = _page(client, f"/events/{event.slug}/", "en")
    (venue,) = en.xpath("//dl[@class='facts']//span[@lang='vi']")
    assert venue.text_content() == "Hội trường Quốc tế"


def test_the_agenda_and_session_pages_show_rooms_and_tracks_in_the_visitor_language(
    client, places
):
    event, talk, film, _ = places
    vi = _page(client, f"/events/{event.slug}/agenda", "vi")
    rooms = {span.text_content(): span.get("lang") for span in vi.xpath("//span[@class='room']")}
    assert rooms == {"Hội trường chính": None, "Lobby": "en"}
    tracks = {span.text_content(): span.get("lang") for span in vi.xpath("//span[@class='track']")}
    assert tracks == {"Thành phố sáng tạo": None, "Điện ảnh": None}

    en = _page(client, f"/events/{event.slug}/agenda", "en")
    rooms = {span.text_content(): span.get("lang") for span in en.xpath("//span[@class='room']")}
    assert rooms == {"Main Hall": None, "Lobby": None}
    tracks = {span.text_content(): span.get("lang") for span in en.xpath("//span[@class='track']")}
    assert tracks == {"Creative cities": None, "Điện ảnh": "vi"}

    session_vi = _page(client, f"/events/{event.slug}/sessions/{talk.id}", "vi")
    facts = session_vi.xpath("string(//dl[@class='facts'])")
    assert "Hội trường chính (Tầng trệt), Hội trường Quốc tế" in facts
    assert "Thành phố sáng tạo" in facts
    session_en = _page(client, f"/events/{event.slug}/sessions/{film.id}", "en")
    facts = session_en.xpath("string(//dl[@class='facts'])")
    assert "Lobby (Next to the Main Hall), International Hall" in facts
    assert session_en.xpath("//dd[@lang='vi']/text()") == ["Điện ảnh"]


def test_the_speaker_profile_names_the_room_in_the_visitor_language(client, places):
    speaker = places[3]
    assert "Hội trường chính" in _page(client, f"/speakers/{speaker.slug}", "vi").text_content()
    assert "Main Hall" in _page(client, f"/speakers/{speaker.slug}", "en").text_content()


def test_the_registration_consent_names_the_organizer_in_the_visitor_language(client, places):
    event = places[0]
    vi = _page(client, f"/events/{event.slug}/register", "vi").text_content()
    assert f"{ORGANIZER_VI} " in vi and ORGANIZER not in vi
    en = _page(client, f"/events/{event.slug}/register", "en").text_content()
    assert f"{ORGANIZER} processes the data" in en


@pytest.mark.parametrize("lang, shown", [("vi", "Hội thảo sáng tạo"), ("en", "Creative workshop")])
def test_the_workspace_names_the_event_in_the_readers_language(
        db, client, auth, admin, lang, shown):
    event = make_event(title="Creative workshop", title_vi="Hội thảo sáng tạo")
    db.session.commit()
    auth.login("admin@example.org")

    for url in ("/workspace/", f"/workspace/events/{event.id}/"):
        page = _page(client, url, lang)
        assert shown in page.text_content(), url
