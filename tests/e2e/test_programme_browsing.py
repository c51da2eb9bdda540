"""A visitor on a phone opens the agenda, follows a speaker link and reads the profile."""
from pathlib import Path

from eventapp.models import Honorific, SessionKind
from tests.factories import add_speaker, make_event, make_room, make_session, make_speaker

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_agenda_to_speaker_profile(live_server, page, db):
    event = make_event(title="Cultural and creative industries in the digital environment")
    hall = make_room(event, name="Main hall")
    opening = make_session(event, title="Opening remarks", kind=SessionKind.OPENING, room=hall)
    speaker = make_speaker(
        full_name="Nguyễn Phương Hoa", slug="nguyen-phuong-hoa", honorific=Honorific.DR,
        position="Director of the Department of International Cooperation",
        organization="Ministry of Culture, Sports and Tourism",
    )
    add_speaker(opening, speaker)
    db.session.commit()

    page.goto(f"{live_server}/events/{event.slug}/agenda")
    assert page.locator("h1").inner_text() == "Agenda"
    assert page.get_by_text("Opening remarks").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "agenda.png"), full_page=True)

    page.get_by_role("link", name="Dr. Nguyễn Phương Hoa").click()

    page.wait_for_url(f"{live_server}/speakers/nguyen-phuong-hoa")
    assert page.locator("h1").inner_text() == "Dr. Nguyễn Phương Hoa"
    assert page.get_by_text("Director of the Department of International Cooperation").is_visible()
    assert page.get_by_role("link", name="Opening remarks").is_visible()
    page.screenshot(path=str(ARTIFACTS / "speaker.png"), full_page=True)
