"""Attendees told of programme changes: services only, no HTTP."""

from datetime import timedelta

import pytest

from eventapp.extensions import db
from eventapp.models import ChoiceStatus, SessionStatus
from eventapp.programme import editing
from eventapp.programme.changes import ProgrammeChanges
from eventapp.programme.editing import ProgrammeError, SessionData
from tests.programme.support import (
    attend,
    audit_log,
    change_emails,
    emails_of_kind,
    history_step,
    make_workshop,
)


def _data(session, **changes) -> SessionData:
    values = {name: getattr(session, name) for name in editing.SESSION_FIELDS}
    values.update(changes)
    return SessionData(**values)


@pytest.fixture
def workshop(db):
    return make_workshop()


def test_a_moved_session_emails_each_attendee_one_summary(workshop):
    event, hall, other, film, music = workshop
    hoa = attend(event, "hoa@example.org", [film.id])
    attend(event, "minh@example.org", [music.id])

    emailed = editing.update_session(
        film,
        _data(
            film,
            starts_at=film.starts_at + timedelta(hours=4),
            ends_at=film.ends_at + timedelta(hours=4),
            room_id=other.id,
        ),
    )
    db.session.commit()

    assert emailed == 1
    (message,) = change_emails("hoa@example.org")
    assert message.subject == "Programme change: Film and streaming"
    # Old → new, in the event's zone (Hanoi, UTC+7): 10:00 becomes 14:00, Hall A becomes Room B.
    assert "10:00–10:45 → " in message.text_body and "14:00–14:45" in message.text_body
    assert "Room: Hall A → Room B" in message.text_body
    assert "Your seat is kept." in message.text_body
    assert f"/r/{hoa.manage_secret}" in message.text_body
    assert message.text_body.count("http://eventapp.test/") >= 2
    assert message.reply_to == "contact@example.org"
    assert "<s>Hall A</s> → <strong>Room B</strong>" in message.html_body
    assert change_emails("minh@example.org") == []


def test_several_changes_in_one_request_make_one_email_per_person(workshop):
    event, hall, other, film, music = workshop
    attend(event, "hoa@example.org", [film.id, music.id])
    attend(event, "minh@example.org", [music.id])

    changes = ProgrammeChanges(event)
    editing.update_session(film, _data(film, room_id=other.id), changes=changes)
    editing.update_session(music, _data(music, room_id=hall.id), changes=changes)
    assert change_emails() == []  # nothing until the end of the unit of work
    assert changes.notify() == 2
    db.session.commit()

    (both,) = change_emails("hoa@example.org")
    assert both.subject == "Changes to your sessions at Cultural and creative industries"
    assert "Film and streaming" in both.text_body and "Music rights" in both.text_body
    (one,) = change_emails("minh@example.org")
    assert "Film and streaming" not in one.text_body
    # A second notify has nothing new to say.
    assert changes.notify() == 0


def test_nothing_is_sent_when_time_room_and_status_stay(workshop):
    event, hall, other, film, music = workshop
    attend(event, "hoa@example.org", [film.id])
    assert (
        editing.update_session(film, _data(film, title="Film, TV and streaming", capacity=5)) == 0
    )
    db.session.commit()
    assert change_emails() == []


def test_the_email_is_in_the_attendees_language_with_the_title_in_it(workshop):
    event, hall, other, film, music = workshop
    attend(event, "lan@example.org", [film.id], language="vi")
    editing.update_session(film, _data(film, room_id=other.id))
    db.session.commit()
    (message,) = change_emails("lan@example.org")
    assert "Điện ảnh và phát trực tuyến" in message.subject


def test_a_time_change_that_overlaps_another_choice_says_so(workshop):
    event, hall, other, film, music = workshop
    attend(event, "hoa@example.org", [film.id, music.id])
    editing.update_session(film, _data(film, starts_at=music.starts_at, ends_at=music.ends_at))
    db.session.commit()
    (message,) = change_emails("hoa@example.org")
    assert "same time as “Music rights”" in message.text_body


def test_cancelling_keeps_the_seats_choices_and_closes_the_waiting_list(workshop):
    event, hall, other, film, music = workshop
    first = attend(event, "first@example.org", [film.id])
    attend(event, "second@example.org", [film.id])
    waiting = attend(event, "third@example.org", [film.id])
    assert waiting.choices[0].status == ChoiceStatus.WAITLISTED

    emailed = editing.cancel_session(film, actor="organizer@example.org")
    db.session.commit()

    assert emailed == 3
    assert film.status == SessionStatus.CANCELLED
    assert film.seats_taken == 0
    db.session.refresh(first)
    db.session.refresh(waiting)
    assert [c.status for c in first.choices] == [ChoiceStatus.HOLDING]
    assert waiting.choices == []
    (kept,) = change_emails("first@example.org")
    assert kept.subject == "Cancelled: Film and streaming"
    assert "marked as cancelled" in kept.text_body
    (closed,) = change_emails("third@example.org")
    assert "You were on its waiting list, which closes with it." in closed.text_body
    history = history_step(waiting, "programme.changed")
    assert history.actor == "organizer@example.org"
    assert "taken off its waiting list" in history.detail


def test_a_cancelled_session_hands_out_no_seats(workshop):
    """A holder who cancels their registration frees nothing in a cancelled session."""
    event, hall, other, film, music = workshop
    holder = attend(event, "first@example.org", [film.id])
    attend(event, "second@example.org", [film.id])
    attend(event, "third@example.org", [film.id])
    editing.cancel_session(film)
    db.session.commit()

    from eventapp.registration import services as registration

    registration.cancel(holder)
    db.session.commit()
    assert emails_of_kind("third@example.org", "registration.session_promoted") == []
    assert film.seats_taken == 0


def test_reinstating_gives_the_seats_back_in_order(workshop):
    event, hall, other, film, music = workshop
    first = attend(event, "first@example.org", [film.id])
    second = attend(event, "second@example.org", [film.id])
    editing.cancel_session(film)
    db.session.commit()
    # Fewer seats meanwhile: the second choice goes on the waiting list when it comes back.
    editing.update_session(film, _data(film, capacity=1))
    db.session.commit()

    assert editing.reinstate_session(film) == 2
    db.session.commit()

    assert film.status == SessionStatus.SCHEDULED
    assert film.seats_taken == 1
    db.session.refresh(first)
    db.session.refresh(second)
    assert first.choices[0].status == ChoiceStatus.HOLDING
    assert second.choices[0].status == ChoiceStatus.WAITLISTED
    assert "Your seat is kept." in change_emails("first@example.org")[-1].text_body
    assert "waiting list, in position 1" in change_emails("second@example.org")[-1].text_body
    assert (
        change_emails("first@example.org")[-1].subject
        == "Back in the programme: Film and streaming"
    )


def test_cancelling_twice_is_refused(workshop):
    event, hall, other, film, music = workshop
    editing.cancel_session(film)
    db.session.commit()
    with pytest.raises(ProgrammeError):
        editing.cancel_session(film)
    db.session.rollback()
    with pytest.raises(ProgrammeError):
        editing.reinstate_session(music)


def test_a_larger_session_capacity_promotes_its_waiting_list_at_once(workshop):
    event, hall, other, film, music = workshop
    attend(event, "first@example.org", [film.id])
    attend(event, "second@example.org", [film.id])
    waiting = attend(event, "third@example.org", [film.id])

    editing.update_session(film, _data(film, capacity=3))
    db.session.commit()

    db.session.refresh(waiting)
    assert waiting.choices[0].status == ChoiceStatus.HOLDING
    assert film.seats_taken == 3
    (promoted,) = emails_of_kind("third@example.org", "registration.session_promoted")
    assert "Film and streaming" in promoted.subject


def test_a_capacity_below_the_seats_taken_is_refused(workshop):
    event, hall, other, film, music = workshop
    attend(event, "first@example.org", [film.id])
    attend(event, "second@example.org", [film.id])
    with pytest.raises(ProgrammeError) as refused:
        editing.update_session(film, _data(film, capacity=1))
    assert refused.value.field == "capacity"
    assert "2 seats are already taken" in refused.value.message
    db.session.rollback()
    assert film.capacity == 2


def test_deleting_a_room_leaves_its_sessions_without_one_and_tells_attendees(workshop):
    event, hall, other, film, music = workshop
    attend(event, "hoa@example.org", [film.id])
    assert editing.delete_room(hall) == 1
    db.session.commit()
    assert film.room_id is None
    assert [r.name for r in editing.event_rooms(event)] == ["Room B"]
    (message,) = change_emails("hoa@example.org")
    assert "Room: Hall A → room not announced yet" in message.text_body


def test_a_session_must_fit_in_the_event_and_end_after_it_starts(workshop):
    event, hall, other, film, music = workshop
    with pytest.raises(ProgrammeError) as early:
        editing.create_session(event, _data(film, starts_at=event.starts_at - timedelta(hours=1)))
    assert early.value.field == "starts_at"
    with pytest.raises(ProgrammeError) as backwards:
        editing.create_session(event, _data(film, ends_at=film.starts_at))
    assert backwards.value.field == "ends_at"


def test_a_session_nobody_chose_can_be_deleted_others_only_cancelled(workshop):
    event, hall, other, film, music = workshop
    attend(event, "hoa@example.org", [film.id])
    with pytest.raises(ProgrammeError):
        editing.delete_session(film)
    editing.delete_session(music)
    db.session.commit()
    assert editing.event_session_or_none(event, music.id) is None


# --- The audit log, written by the services themselves --------------------------------------


def test_cancelling_is_in_the_audit_log_and_the_histories_under_one_actor(workshop, organizer):
    event, hall, other, film, music = workshop
    hoa = attend(event, "hoa@example.org", [film.id])

    editing.cancel_session(film, actor=organizer)
    db.session.commit()

    (entry,) = audit_log("session.cancel")
    assert (entry.actor, entry.account_id) == ("organizer@example.org", organizer.id)
    assert (entry.target_type, entry.target_id, entry.event_id) == ("session", film.id, event.id)
    assert entry.before == {"status": "scheduled"}
    assert entry.after["status"] == "cancelled" and entry.after["attendees_emailed"] == 1
    # The Account passed down is named by its address in the attendee's history too.
    assert history_step(hoa, "programme.changed").actor == "organizer@example.org"

    editing.reinstate_session(film, actor="system")
    db.session.commit()
    (back,) = audit_log("session.reinstate")
    assert back.actor == "system" and back.account_id is None
    assert (back.before["status"], back.after["status"]) == ("cancelled", "scheduled")


def test_session_changes_are_in_the_audit_log(workshop):
    event, hall, other, film, music = workshop
    new = editing.create_session(event, _data(music, title="Museums online"), actor="system")
    db.session.commit()
    editing.update_session(new, _data(new, room_id=hall.id), actor="system")
    db.session.commit()
    editing.delete_session(new, actor="system")
    db.session.commit()

    (created,) = audit_log("session.create")
    assert created.target_id == new.id and created.after["title"] == "Museums online"
    (updated,) = audit_log("session.update")
    assert (updated.before, updated.after) == ({"room_id": other.id}, {"room_id": hall.id})
    (deleted,) = audit_log("session.delete")
    assert (deleted.target_id, deleted.before["title"], deleted.after) == (
        new.id, "Museums online", None,
    )


def test_room_changes_are_in_the_audit_log(workshop):
    event, hall, other, film, music = workshop
    attend(event, "hoa@example.org", [film.id])
    room = editing.add_room(event, editing.RoomData(name="Library", capacity=30), actor="system")
    db.session.commit()
    editing.update_room(room, editing.RoomData(name="Library", capacity=40), actor="system")
    editing.move_room(room, -1, actor="system")
    db.session.commit()
    editing.delete_room(hall, actor="system")
    db.session.commit()

    (added,) = audit_log("room.create")
    assert (added.target_id, added.event_id, added.after["name"]) == (room.id, event.id, "Library")
    (updated,) = audit_log("room.update")
    assert (updated.before, updated.after) == ({"capacity": 30}, {"capacity": 40})
    (moved,) = audit_log("room.move")
    assert sorted(moved.before, key=moved.before.get) == ["Hall A", "Room B", "Library"]
    assert moved.after == {"Hall A": 0, "Library": 1, "Room B": 2}
    (deleted,) = audit_log("room.delete")
    assert deleted.before["name"] == "Hall A" and deleted.after == {"attendees_emailed": 1}
