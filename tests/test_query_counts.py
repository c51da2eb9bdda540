"""The public pages issue a fixed number of SQL statements, however big the programme (no N+1)."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event

from eventapp.models import SpeakerRole
from tests.factories import add_speaker, make_event, make_room, make_session, make_speaker


@contextmanager
def count_statements(engine):
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


def build_programme(n_sessions: int):
    event = make_event()
    rooms = [make_room(event) for _ in range(3)]
    for i in range(n_sessions):
        session = make_session(event, starts_at=event.starts_at + timedelta(minutes=15 * (i // 3)),
                               room=rooms[i % 3], capacity=50 if i % 2 else None)
        add_speaker(session, make_speaker())
        add_speaker(session, make_speaker(), role=SpeakerRole.MODERATOR, position=1)
    return event


PAGES = {
    "event": "/events/{slug}/",
    "agenda": "/events/{slug}/agenda",
    "speakers": "/events/{slug}/speakers",
    "schedule.json": "/events/{slug}/schedule.json",
    "schedule.ics": "/events/{slug}/schedule.ics",
    "schedule.xml": "/events/{slug}/schedule.xml",
}


def statements_for(client, db, path: str) -> int:
    with count_statements(db.engine) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_the_programme(app, db, page):
    small, large = build_programme(3), build_programme(300)
    db.session.commit()
    client = app.test_client()

    few = statements_for(client, db, PAGES[page].format(slug=small.slug))
    many = statements_for(client, db, PAGES[page].format(slug=large.slug))

    assert few == many
    assert few <= 8


def test_speaker_profile_queries_do_not_grow_with_appearances(app, db):
    event = build_programme(3)
    busy = make_speaker(slug="busy")
    quiet = make_speaker(slug="quiet")
    sessions = [make_session(event, starts_at=event.starts_at + timedelta(hours=h)) for h in range(30)]
    for session in sessions:
        add_speaker(session, busy)
    add_speaker(sessions[0], quiet)
    db.session.commit()
    client = app.test_client()

    assert statements_for(client, db, "/speakers/quiet") == statements_for(client, db, "/speakers/busy")
