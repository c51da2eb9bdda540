import pytest

from eventapp.models import EventStatus
from tests.factories import make_event, make_session


def _export_urls(slug: str, session_id: int) -> list[str]:
    return [
        f"/events/{slug}/schedule.ics",
        f"/events/{slug}/sessions/{session_id}.ics",
        f"/events/{slug}/schedule.json",
        f"/events/{slug}/schedule.xml",
    ]


@pytest.fixture
def draft(db):
    event = make_event(status=EventStatus.DRAFT, title="Chưa công bố")
    session = make_session(event, title="Phiên bí mật")
    db.session.commit()
    return event.slug, session.id


@pytest.mark.parametrize("which", range(4))
def test_a_draft_event_exports_nothing(client, draft, which):
    response = client.get(_export_urls(*draft)[which])
    assert response.status_code == 404
    assert "Phiên bí mật".encode() not in response.data


@pytest.mark.parametrize("which", range(4))
def test_an_unknown_event_exports_nothing(client, which):
    assert client.get(_export_urls("no-such-event", 1)[which]).status_code == 404


def test_published_schedules_can_be_read_by_other_sites(client, db):
    event = make_event()
    session = make_session(event)
    db.session.commit()

    for url in _export_urls(event.slug, session.id):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
