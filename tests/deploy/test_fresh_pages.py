"""Public pages are kept as rendered, but a change shows on the very next request.

Each process keeps the agenda, speakers and profile pages it rendered, with a fingerprint of
the rows they were made from, and re-reads those rows on every request. Whatever changes
them (an organizer's edit, a seat taken, plain SQL, another host), the next request shows
it; while nothing changes, no template is rendered.
"""

from contextlib import contextmanager

import pytest
from flask import template_rendered
from sqlalchemy import text

from eventapp import create_app
from eventapp.config import TestConfig
from eventapp.extensions import db as _db
from eventapp.models import EventStatus, SpeakerLink, SpeakerRole, WorkshopSession
from eventapp.registration import services
from tests.factories import add_speaker, make_event, make_room, make_session, make_speaker
from tests.registration.helpers import details


@pytest.fixture
def programme(db):
    event = make_event(title="Cultural industries", title_vi="Công nghiệp văn hóa")
    room = make_room(event, name="Meeting Room A")
    workshop = make_session(
        event,
        title="Film and streaming",
        title_vi="Điện ảnh và phát trực tuyến",
        room=room,
        capacity=30,
    )
    speaker = make_speaker(full_name="Nguyễn Phương Hoa", slug="nguyen-phuong-hoa")
    add_speaker(workshop, speaker, role=SpeakerRole.MODERATOR)
    db.session.commit()
    return {
        "event": event.id,
        "room": room.id,
        "session": workshop.id,
        "speaker": speaker.id,
        "agenda": f"/events/{event.slug}/agenda",
        "speakers": f"/events/{event.slug}/speakers",
        "profile": "/speakers/nguyen-phuong-hoa",
    }


@contextmanager
def rendered(app):
    names: list[str] = []

    def note(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(note, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(note, app)


def page(client, path, **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_an_unchanged_page_is_not_rendered_again(app, client, programme):
    for path in (programme["agenda"], programme["speakers"], programme["profile"]):
        first = page(client, path)
        with rendered(app) as templates:
            again = page(client, path)
        assert templates == []
        assert again == first


def test_an_edit_shows_on_the_next_request(client, db, programme):
    assert "Film and streaming" in page(client, programme["agenda"])

    db.session.get(WorkshopSession, programme["session"]).title = "Film, streaming and rights"
    db.session.commit()

    assert "Film, streaming and rights" in page(client, programme["agenda"])
    assert "Film, streaming and rights" in page(client, programme["profile"])


def test_a_seat_taken_shows_on_the_next_request(client, db, programme):
    assert "30 seats left of 30" in page(client, programme["agenda"])

    event = db.session.get(WorkshopSession, programme["session"]).event_id
    from eventapp.models import Event

    services.register(
        db.session.get(Event, event), details("hoa@example.org"), [programme["session"]]
    )
    db.session.commit()

    assert "29 seats left of 30" in page(client, programme["agenda"])


def test_a_change_made_in_plain_sql_shows_too(client, db, programme):
    # No updated_at is touched: the fingerprint covers whole rows (or row versions).
    page(client, programme["agenda"])
    page(client, programme["speakers"])

    db.session.execute(
        text("UPDATE room SET name = 'Hall B' WHERE id = :id"), {"id": programme["room"]}
    )
    db.session.execute(
        text("UPDATE speaker SET full_name = 'Trần Văn Minh' WHERE id = :id"),
        {"id": programme["speaker"]},
    )
    db.session.commit()

    agenda = page(client, programme["agenda"])
    assert "Hall B" in agenda
    assert "Trần Văn Minh" in agenda
    assert "Trần Văn Minh" in page(client, programme["speakers"])


def test_a_new_speaker_link_shows_on_the_profile(client, db, programme):
    page(client, programme["profile"])

    db.session.add(
        SpeakerLink(
            speaker_id=programme["speaker"], url="https://example.org/hoa", label="Personal site"
        )
    )
    db.session.commit()

    assert "Personal site" in page(client, programme["profile"])


def test_a_session_removed_or_added_shows(client, db, programme):
    page(client, programme["agenda"])
    from eventapp.models import Event

    event = db.session.get(Event, programme["event"])
    make_session(event, title="Closing remarks")
    db.session.delete(db.session.get(WorkshopSession, programme["session"]))
    db.session.commit()

    agenda = page(client, programme["agenda"])
    assert "Closing remarks" in agenda
    assert "Film and streaming" not in agenda
    # The speaker no longer speaks anywhere published.
    assert client.get(programme["profile"]).status_code == 404


def test_an_unpublished_event_is_gone_at_once(client, db, programme):
    page(client, programme["agenda"])
    page(client, programme["profile"])
    from eventapp.models import Event

    db.session.get(Event, programme["event"]).status = EventStatus.DRAFT
    db.session.commit()

    assert client.get(programme["agenda"]).status_code == 404
    assert client.get(programme["speakers"]).status_code == 404
    assert client.get(programme["profile"]).status_code == 404


def test_each_language_has_its_own_page(client, programme):
    english = page(client, programme["agenda"], headers={"Accept-Language": "en"})
    vietnamese = page(client, programme["agenda"], headers={"Accept-Language": "vi"})

    assert "Film and streaming" in english
    assert "Điện ảnh và phát trực tuyến" in vietnamese
    assert "Film and streaming" in page(
        client, programme["agenda"], headers={"Accept-Language": "en"}
    )


def test_a_change_made_on_another_host_shows_on_this_one(
    app, client, database_url, tmp_path, programme
):
    """Two hosts (two applications) over one database, each with pages of its own."""
    assert "Meeting Room A" in page(client, programme["agenda"])

    class OtherHost(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    other = create_app(OtherHost)
    other.instance_path = str(tmp_path / "other")
    with other.app_context():
        assert "Meeting Room A" in page(other.test_client(), programme["agenda"])
        _db.session.execute(
            text("UPDATE room SET name = 'Main Hall' WHERE id = :id"), {"id": programme["room"]}
        )
        _db.session.commit()
        assert "Main Hall" in page(other.test_client(), programme["agenda"])
        _db.session.remove()
        _db.engine.dispose()

    assert "Main Hall" in page(client, programme["agenda"])
