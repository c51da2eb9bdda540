"""Rooms and sessions through the workspace's pages, signed in through the real login form."""


from datetime import timedelta

import lxml.html
from sqlalchemy import select

from eventapp.accounts.services import assign
from eventapp.extensions import db
from eventapp.models import (
    AuditEntry,
    ChoiceStatus,
    Event,
    Registration,
    SessionStatus,
    WorkshopSession,
)
from tests.factories import make_event
from tests.programme.manage_support import (  # noqa: F401  (fixtures)
    as_admin,
    audit_entries,
    edit_url,
    pages,
    reread,
    text_of,
    workshop,
)
from tests.programme.support import attend, change_emails, emails_of_kind

# --- Who may do what ------------------------------------------------------------------------


def test_an_organizer_not_assigned_to_the_event_gets_403(client, auth, organizer, workshop):
    auth.login("organizer@example.org")
    event_id = workshop["event"]
    for url in (
        f"/workspace/events/{event_id}/edit",
        f"/workspace/events/{event_id}/sessions",
        f"/workspace/events/{event_id}/sessions/new",
        edit_url(workshop),
        f"/workspace/events/{event_id}/rooms",
        f"/workspace/events/{event_id}/policies",
    ):
        assert client.get(url).status_code == 403, url
        if not url.endswith("/sessions"):
            assert client.post(url, data={}).status_code in (400, 403), url

    reread()
    assign(db.session.get(type(organizer), organizer.id), event_id)
    db.session.commit()
    assert client.get(f"/workspace/events/{event_id}/sessions").status_code == 200
    assert client.get(edit_url(workshop)).status_code == 200


def test_a_session_of_another_event_is_not_found(client, as_admin, workshop):
    other = make_event()
    db.session.commit()
    assert (
        client.get(f"/workspace/events/{other.id}/sessions/{workshop['film']}/edit").status_code
        == 404
    )


# --- Sessions -------------------------------------------------------------------------------


def test_the_programme_shows_seats_and_waiting_lists(client, as_admin, workshop):
    event = db.session.get(Event, workshop["event"])
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        attend(event, email, [workshop["film"]])
    page = client.get(f"/workspace/events/{workshop['event']}/sessions")
    assert page.status_code == 200
    row = lxml.html.fromstring(text_of(page)).xpath("//tr[.//a[contains(., 'Film and streaming')]]")[
        0
    ]
    cells = [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
    assert cells[:4] == ["10:00–10:45", "Hall A", "2 of 2", "1"]


def test_a_larger_session_capacity_promotes_the_waiting_list(client, as_admin, pages, workshop):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org", [workshop["film"]])
    attend(event, "b@example.org", [workshop["film"]])
    waiting = attend(event, "c@example.org", [workshop["film"]])
    assert waiting.choices[0].status == ChoiceStatus.WAITLISTED

    response = pages.fill(edit_url(workshop), "title", capacity="3")

    assert response.status_code == 302
    reread()
    assert db.session.get(Registration, waiting.id).choices[0].status == ChoiceStatus.HOLDING
    (email,) = emails_of_kind("c@example.org", "registration.session_promoted")
    assert "Film and streaming" in email.subject
    (entry,) = audit_entries("session.update")
    assert (entry.before, entry.after) == ({"capacity": 2}, {"capacity": 3})
    assert change_emails() == []  # a capacity is no change of time, room or status


def test_a_session_below_its_seats_taken_is_refused_and_keeps_the_form(
    client, as_admin, pages, workshop
):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org", [workshop["film"]])
    attend(event, "b@example.org", [workshop["film"]])
    response = pages.fill(
        edit_url(workshop), "title", capacity="1", title="Film, TV and streaming"
    )
    assert response.status_code == 400
    html = text_of(response)
    assert "2 seats are already taken" in html and 'value="Film, TV and streaming"' in html
    reread()
    assert db.session.get(WorkshopSession, workshop["film"]).title == "Film and streaming"


def test_a_moved_session_emails_its_attendees_one_summary_each(client, as_admin, pages, workshop):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org", [workshop["film"]])
    attend(event, "b@example.org", [workshop["film"], workshop["music"]])
    attend(event, "c@example.org", [workshop["music"]])

    response = pages.fill(
        edit_url(workshop),
        "title",
        starts_at="2031-03-18T15:00",
        ends_at="2031-03-18T16:30",
        room_id=str(workshop["other"]),
    )

    assert response.status_code == 302
    assert "2 attendees were emailed about the change." in text_of(
        client.get(response.headers["Location"])
    )
    reread()
    for address in ("a@example.org", "b@example.org"):
        (message,) = change_emails(address)
        assert (
            "Time: Tuesday, March 18, 2031, 10:00–10:45 → Tuesday, March 18, 2031, 15:00–16:30"
            in message.text_body
        )
        assert "Room: Hall A → Room B" in message.text_body
    assert change_emails("c@example.org") == []
    (entry,) = audit_entries("session.update")
    assert entry.after["attendees_emailed"] == 2 and entry.before["room_id"] == workshop["hall"]


def test_a_time_that_does_not_exist_in_the_zone_is_refused(client, as_admin, pages):
    event = make_event(
        timezone="Europe/Paris", starts_at=make_event().starts_at + timedelta(days=11)
    )
    db.session.commit()
    # Clocks go from 02:00 to 03:00 in Paris on 30 March 2031.
    response = pages.fill(
        f"/workspace/events/{event.id}/sessions/new",
        "title",
        title="Night owls",
        starts_at="2031-03-30T02:30",
        ends_at="2031-03-30T04:00",
    )
    assert response.status_code == 400
    assert "This time does not exist in the event" in text_of(response)


def test_cancelling_asks_first_then_tells_everyone(client, as_admin, pages, workshop):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org", [workshop["film"]])
    attend(event, "b@example.org", [workshop["film"]])
    attend(event, "c@example.org", [workshop["film"]])
    url = f"/workspace/events/{workshop['event']}/sessions/{workshop['film']}/cancel"

    page = client.get(url)
    assert page.status_code == 200
    assert "2 people hold a seat" in text_of(page) and "1 person is on its waiting list" in text_of(
        page
    )
    response = pages.press(url, url)

    assert response.status_code == 302
    reread()
    assert db.session.get(WorkshopSession, workshop["film"]).status == SessionStatus.CANCELLED
    assert len(change_emails()) == 3
    (entry,) = audit_entries("session.cancel")
    assert entry.before == {"status": "scheduled"} and entry.after["status"] == "cancelled"
    assert entry.actor == "admin@example.org" and entry.after["attendees_emailed"] == 3
    assert "Cancelled" in text_of(client.get(f"/workspace/events/{workshop['event']}/sessions"))

    reinstate = f"/workspace/events/{workshop['event']}/sessions/{workshop['film']}/reinstate"
    assert pages.press(reinstate, reinstate).status_code == 302
    reread()
    assert db.session.get(WorkshopSession, workshop["film"]).seats_taken == 2


def test_a_new_session_is_added_to_the_programme(client, as_admin, pages, workshop):
    response = pages.fill(
        f"/workspace/events/{workshop['event']}/sessions/new",
        "title",
        title="Closing remarks",
        kind="closing",
        starts_at="2031-03-18T16:00",
        ends_at="2031-03-18T16:30",
        room_id="",
        capacity="",
    )
    assert response.status_code == 302
    reread()
    session = db.session.scalar(
        select(WorkshopSession).where(WorkshopSession.title == "Closing remarks")
    )
    assert (session.kind, session.room_id, session.capacity) == ("closing", None, None)
    assert audit_entries("session.create")[0].target_id == session.id


# --- Rooms ----------------------------------------------------------------------------------


def test_rooms_are_added_renamed_ordered_and_deleted(client, as_admin, pages, workshop):
    rooms = f"/workspace/events/{workshop['event']}/rooms"
    assert pages.fill(rooms, "name", name="Room C", capacity="30").status_code == 302
    duplicate = pages.fill(rooms, "name", name="Room C")
    assert duplicate.status_code == 400 and "already has a room with this name" in text_of(duplicate)

    room_c = workshop["hall"] + 2
    move = f"/workspace/events/{workshop['event']}/rooms/{room_c}/move"
    assert pages.press(rooms, move, direction="up").status_code == 302
    page = lxml.html.fromstring(text_of(client.get(rooms)))
    assert [th.text_content() for th in page.xpath("//tbody/tr/th")] == [
        "Hall A",
        "Room C",
        "Room B",
    ]

    edit = f"/workspace/events/{workshop['event']}/rooms/{workshop['hall']}/edit"
    assert pages.fill(edit, "name", name="Grand Hall").status_code == 302

    delete = f"/workspace/events/{workshop['event']}/rooms/{workshop['hall']}/delete"
    confirmation = text_of(client.get(delete))
    assert "keeps running without a room" in confirmation and "Film and streaming" in confirmation
    assert pages.press(delete, delete).status_code == 302
    reread()
    assert db.session.get(WorkshopSession, workshop["film"]).room_id is None
    assert {(e.actor, e.action) for e in db.session.scalars(select(AuditEntry))} >= {
        ("admin@example.org", "room.create"),
        ("admin@example.org", "room.move"),
        ("admin@example.org", "room.update"),
        ("admin@example.org", "room.delete"),
    }


# --- Bad input gets an answer, never a server error -----------------------------------------


def test_absurd_numbers_dates_and_ids_are_answered_clearly(client, as_admin, pages, workshop):
    response = pages.fill(edit_url(workshop), "title", capacity="99999999999")
    assert response.status_code == 400
    assert "no larger than 1000000" in text_of(response)

    response = pages.fill(edit_url(workshop), "title", starts_at="0001-01-01T00:00")
    assert response.status_code == 400
    assert "Please enter a date and a time" in text_of(response)

    response = pages.fill(edit_url(workshop), "title", title="\x00 ", track="a\x00b")
    assert response.status_code == 400
    assert "Please give the session a title." in text_of(response)

    huge = 2**40
    assert client.get(f"/workspace/speakers/{huge}/edit").status_code == 404
    assert (
        client.get(f"/workspace/events/{workshop['event']}/sessions/{huge}/edit").status_code == 404
    )
    assert client.get(f"/workspace/events/{workshop['event']}/rooms/{huge}/edit").status_code == 404
