"""A kept page shows an edit of a Vietnamese room name, location or track on the next request.

The fingerprints read whole rows (SQLite) or row versions (PostgreSQL), so the Vietnamese
columns are covered as every other column is.
"""

import pytest
from sqlalchemy import text

from eventapp.models import Room, WorkshopSession
from tests.deploy.test_fresh_pages import page, programme  # noqa: F401  (the fixture)

VIETNAMESE = {"headers": {"Accept-Language": "vi"}}


@pytest.fixture
def pages(programme):  # noqa: F811
    """The ids and paths of tests.deploy.test_fresh_pages's programme."""
    return programme


def test_a_vietnamese_room_name_or_track_edit_shows_on_the_next_request(client, db, pages):
    agenda, profile = pages["agenda"], pages["profile"]
    assert "Meeting Room A" in page(client, agenda, **VIETNAMESE)
    assert "Meeting Room A" in page(client, profile, **VIETNAMESE)

    db.session.get(Room, pages["room"]).name_vi = "Phòng họp A"
    db.session.get(WorkshopSession, pages["session"]).track_vi = "Điện ảnh"
    db.session.commit()

    shown = page(client, agenda, **VIETNAMESE)
    assert "Phòng họp A" in shown and "Điện ảnh" in shown
    assert "Phòng họp A" in page(client, profile, **VIETNAMESE)
    assert "Meeting Room A" in page(client, agenda, headers={"Accept-Language": "en"})


def test_a_vietnamese_place_changed_in_plain_sql_shows_too(client, db, pages):
    page(client, pages["agenda"], **VIETNAMESE)
    page(client, pages["profile"], **VIETNAMESE)

    db.session.execute(
        text("UPDATE room SET name_vi = 'Hội trường chính' WHERE id = :id"),
        {"id": pages["room"]},
    )
    db.session.commit()

    assert "Hội trường chính" in page(client, pages["agenda"], **VIETNAMESE)
    assert "Hội trường chính" in page(client, pages["profile"], **VIETNAMESE)

