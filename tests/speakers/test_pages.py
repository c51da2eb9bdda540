import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from eventapp.models import Honorific, LinkKind, SpeakerLink, SpeakerRole
from eventapp.speakers.services import event_speakers
from tests.factories import add_speaker, make_event, make_session, make_speaker


def test_event_speakers_sorted_as_vietnamese_lists_are(db):
    event = make_event()
    session = make_session(event)
    for name in ["Lê Văn Đức", "Phạm Minh Anh", "Trần Quốc Dũng", "Nguyễn Phương Hoa"]:
        add_speaker(session, make_speaker(full_name=name))
    make_speaker(full_name="Not In This Event")

    names = [s.full_name for s in event_speakers(event)]

    assert names == ["Phạm Minh Anh", "Trần Quốc Dũng", "Lê Văn Đức", "Nguyễn Phương Hoa"]


def test_speakers_index_links_to_profiles(client, db):
    event = make_event()
    speaker = make_speaker(full_name="Nguyễn Phương Hoa", slug="nguyen-phuong-hoa",
                           honorific=Honorific.DR, organization="Ministry of Culture, Sports and Tourism")
    add_speaker(make_session(event), speaker)
    db.session.commit()

    html = client.get(f"/events/{event.slug}/speakers").get_data(as_text=True)

    assert 'href="/speakers/nguyen-phuong-hoa"' in html
    assert "Dr. Nguyễn Phương Hoa" in html
    assert "Ministry of Culture, Sports and Tourism" in html


def test_profile_shows_position_links_biography_and_sessions(client, db):
    event = make_event(title="Creative industries workshop")
    opening = make_session(event, title="Opening remarks")
    panel = make_session(event, title="Panel on copyright", starts_at=event.starts_at.replace(hour=4))
    speaker = make_speaker(
        full_name="Nguyễn Phương Hoa", slug="nguyen-phuong-hoa", honorific=Honorific.DR,
        position="Director of the Department of International Cooperation",
        organization="Ministry of Culture, Sports and Tourism", country="VN",
        biography="Leads **international cooperation**.\n\n<script>alert('x')</script>",
    )
    db.session.add(SpeakerLink(speaker_id=speaker.id, kind=LinkKind.WEBSITE,
                               url="https://example.org/hoa"))
    add_speaker(opening, speaker)
    add_speaker(panel, speaker, role=SpeakerRole.CHAIR)
    db.session.commit()

    html = client.get("/speakers/nguyen-phuong-hoa").get_data(as_text=True)

    assert "<h1>Dr. Nguyễn Phương Hoa</h1>" in html
    assert "Director of the Department of International Cooperation" in html
    assert "Vietnam" in html
    assert 'href="https://example.org/hoa"' in html
    assert "<strong>international cooperation</strong>" in html
    assert "<script>alert" not in html
    assert html.index("Opening remarks") < html.index("Panel on copyright")
    assert "(Chair)" in html
    assert "Creative industries workshop" in html
    # No photo: initials stand in, hidden from screen readers.
    assert 'aria-hidden="true">NH<' in html


def test_profile_of_unknown_speaker_is_404(client):
    assert client.get("/speakers/nobody").status_code == 404


def test_a_speaker_link_must_be_a_web_address(db):
    speaker = make_speaker()
    for bad in ["javascript:alert(1)", "data:text/html,<script>", " JAVASCRIPT:x", "https://"]:
        with pytest.raises(ValueError):
            SpeakerLink(speaker_id=speaker.id, url=bad)
    assert SpeakerLink(speaker_id=speaker.id, url=" https://example.org ").url == "https://example.org"


def test_the_database_refuses_a_script_link_too(db):
    speaker = make_speaker()
    with pytest.raises(IntegrityError):
        db.session.execute(
            insert(SpeakerLink.__table__).values(
                speaker_id=speaker.id, kind="website", url="javascript:alert(1)", position=0
            )
        )
        db.session.flush()
    db.session.rollback()
