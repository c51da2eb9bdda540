from datetime import UTC, datetime, timedelta

import pytest

from eventapp.events.services import public_events
from eventapp.models import EventStatus
from tests.factories import add_speaker, make_event, make_session, make_speaker


def test_home_lists_upcoming_events_and_past_ones_apart(client, db):
    make_event(title="Creative industries in the digital environment")
    make_event(
        title="Consultation on the creative economy",
        starts_at=datetime(2020, 5, 6, 2, tzinfo=UTC),
    )
    db.session.commit()

    html = client.get("/").get_data(as_text=True)

    upcoming, past = html.split("Past events")
    assert "Creative industries in the digital environment" in upcoming
    assert "Consultation on the creative economy" in past


def test_home_says_so_when_nothing_is_coming(client):
    html = client.get("/").get_data(as_text=True)
    assert "No upcoming events at the moment." in html
    assert "Past events" not in html


def test_public_events_orders_upcoming_soonest_first(db):
    later = make_event(starts_at=datetime(2032, 1, 1, 2, tzinfo=UTC))
    sooner = make_event(starts_at=datetime(2031, 1, 1, 2, tzinfo=UTC))
    listing = public_events(now=datetime(2030, 1, 1, tzinfo=UTC))
    assert listing.upcoming == [sooner, later]
    assert listing.past == []


def test_an_event_is_upcoming_until_it_ends(db):
    event = make_event()
    during = event.starts_at + timedelta(hours=1)
    assert public_events(now=during).upcoming == [event]


def test_event_page_shows_the_event_in_its_own_time_zone(client, db):
    event = make_event(
        title="Cultural and creative industries",
        venue="Hanoi Opera House",
        starts_at=datetime(2031, 3, 18, 1, 0, tzinfo=UTC),
        description="Hosted by the **Department of International Cooperation**.",
    )
    make_session(event, title="Opening remarks")
    db.session.commit()

    html = client.get(f"/events/{event.slug}/").get_data(as_text=True)

    assert "Cultural and creative industries" in html
    assert "08:00" in html  # 01:00 UTC is 08:00 in Hanoi
    assert "<strong>Department of International Cooperation</strong>" in html
    assert "Opening remarks" in html
    assert "Hanoi Opera House" in html


@pytest.mark.parametrize(
    "path",
    ["/events/{slug}/", "/events/{slug}/agenda", "/events/{slug}/speakers",
     "/events/{slug}/sessions/{session_id}"],
)
def test_draft_events_do_not_exist_for_the_public(client, db, path):
    event = make_event(status=EventStatus.DRAFT, title="Planned follow-up workshop")
    session = make_session(event)
    db.session.commit()

    response = client.get(path.format(slug=event.slug, session_id=session.id))

    assert response.status_code == 404
    assert "Planned follow-up workshop" not in response.get_data(as_text=True)
    assert "Planned follow-up workshop" not in client.get("/").get_data(as_text=True)


def test_speaker_only_in_a_draft_event_has_no_public_profile(client, db):
    draft = make_event(status=EventStatus.DRAFT)
    speaker = make_speaker(slug="hidden-speaker")
    add_speaker(make_session(draft), speaker)
    db.session.commit()

    assert client.get("/speakers/hidden-speaker").status_code == 404


def test_unknown_pages_get_a_friendly_404(client):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    assert "We could not find this page" in response.get_data(as_text=True)
