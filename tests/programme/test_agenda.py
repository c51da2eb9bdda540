from datetime import UTC, datetime, timedelta

from eventapp.models import SessionKind, SessionLanguage, SpeakerRole
from eventapp.programme.services import build_agenda, event_sessions
from tests.factories import add_speaker, make_event, make_room, make_session, make_speaker

HANOI_9AM = datetime(2031, 3, 18, 2, 0, tzinfo=UTC)


def test_agenda_groups_sessions_by_local_day_and_time(db):
    event = make_event(starts_at=HANOI_9AM, ends_at=HANOI_9AM + timedelta(days=1, hours=8))
    hall, room_b = make_room(event, name="Main hall", position=0), make_room(event, name="B", position=1)
    parallel_b = make_session(event, title="Parallel B", starts_at=HANOI_9AM + timedelta(hours=4),
                              room=room_b)
    parallel_a = make_session(event, title="Parallel A", starts_at=HANOI_9AM + timedelta(hours=4),
                              room=hall)
    opening = make_session(event, title="Opening", starts_at=HANOI_9AM, room=hall)
    # 23:30 UTC on the first day is 06:30 the next morning in Hanoi.
    early = make_session(event, title="Early walk", starts_at=datetime(2031, 3, 18, 23, 30, tzinfo=UTC))

    days = build_agenda(event, event_sessions(event))

    assert [d.date.isoformat() for d in days] == ["2031-03-18", "2031-03-19"]
    first = days[0]
    assert [s.sessions for s in first.slots] == [[opening], [parallel_a, parallel_b]]
    assert first.slots[1].is_parallel
    assert days[1].slots[0].sessions == [early]


def test_agenda_page_shows_time_room_kind_speakers_and_seats(client, db):
    event = make_event(starts_at=HANOI_9AM)
    room = make_room(event, name="Hội trường A")
    panel = make_session(
        event, title="Intellectual property in the digital environment", kind=SessionKind.PANEL,
        room=room, capacity=40, seats_taken=37, language=SessionLanguage.BILINGUAL,
    )
    moderator = make_speaker(full_name="Trần Thị Minh Thu", slug="tran-thi-minh-thu")
    add_speaker(panel, moderator, role=SpeakerRole.MODERATOR)
    make_session(event, title="Coffee break", kind=SessionKind.BREAK,
                 starts_at=HANOI_9AM + timedelta(hours=1))
    db.session.commit()

    html = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)

    assert "Tuesday, March 18, 2031" in html
    assert "09:00" in html and "09:45" in html
    assert "Hội trường A" in html
    assert "Panel discussion" in html
    assert 'href="/speakers/tran-thi-minh-thu"' in html
    assert "Trần Thị Minh Thu" in html and "(Moderator)" in html
    assert "3 seats left of 40" in html
    assert "Vietnamese and English, with interpretation" in html
    # A session without a capacity says nothing about seats.
    assert html.count("seats left") == 1


def test_a_full_session_says_full(client, db):
    event = make_event()
    make_session(event, capacity=30, seats_taken=30)
    db.session.commit()
    assert "Full" in client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)


def test_session_page_shows_speakers_and_calendar_links(client, db):
    event = make_event(starts_at=HANOI_9AM)
    session = make_session(event, title="Publication of the research results",
                           description="Findings on *policy development*.")
    speaker = make_speaker(full_name="Nguyễn Phương Hoa", slug="nguyen-phuong-hoa",
                           position="Director of the Department of International Cooperation")
    add_speaker(session, speaker)
    db.session.commit()

    response = client.get(f"/events/{event.slug}/sessions/{session.id}")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Publication of the research results" in html
    assert "<em>policy development</em>" in html
    assert "Nguyễn Phương Hoa" in html
    assert "Director of the Department of International Cooperation" in html
    assert f'href="/events/{event.slug}/sessions/{session.id}.ics"' in html
    assert "calendar.google.com" in html


def test_session_of_another_event_is_not_found(client, db):
    event, other = make_event(), make_event()
    session = make_session(other)
    db.session.commit()
    assert client.get(f"/events/{event.slug}/sessions/{session.id}").status_code == 404


def test_a_cancelled_session_stays_in_the_programme_marked(client, db):
    from eventapp.models import SessionStatus
    from eventapp.registration.offers import selectable_sessions

    event = make_event(starts_at=HANOI_9AM)
    session = make_session(event, title="Film and streaming", status=SessionStatus.CANCELLED)
    db.session.commit()

    agenda = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    page = client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(as_text=True)

    assert "Film and streaming" in agenda and "session-card--cancelled" in agenda
    assert '<strong class="cancelled">Cancelled</strong>' in page
    assert selectable_sessions(event) == []
