"""Emails name the venue, address and rooms in the attendee's language."""

from eventapp.extensions import db
from eventapp.programme import editing
from eventapp.programme.editing import SessionData
from tests.programme.support import attend, change_emails, emails_of_kind, make_workshop


def _bilingual_workshop():
    event, hall, other, film, music = make_workshop(
        venue="International Hall", venue_vi="Hội trường Quốc tế",
        address="51 Ngo Quyen Street, Hanoi", address_vi="51 Ngô Quyền, Hà Nội",
    )
    hall.name_vi, other.name_vi = "Hội trường A", "Phòng B"
    db.session.commit()
    return event, hall, other, film


def test_the_confirmation_names_the_venue_in_the_attendee_language(db):
    event, *_ = _bilingual_workshop()
    attend(event, "lan@example.org", language="vi")
    attend(event, "anna@example.org", language="en")

    (vi,) = emails_of_kind("lan@example.org", "registration.confirmed")
    assert "Hội trường Quốc tế, 51 Ngô Quyền, Hà Nội" in vi.text_body
    assert "Hội trường Quốc tế, 51 Ngô Quyền, Hà Nội" in vi.html_body
    assert "International Hall" not in vi.text_body
    (en,) = emails_of_kind("anna@example.org", "registration.confirmed")
    assert "International Hall, 51 Ngo Quyen Street, Hanoi" in en.text_body


def test_a_room_change_names_the_rooms_in_the_attendee_language(db):
    event, hall, other, film = _bilingual_workshop()
    attend(event, "lan@example.org", [film.id], language="vi")
    attend(event, "anna@example.org", [film.id], language="en")

    values = {name: getattr(film, name) for name in editing.SESSION_FIELDS}
    editing.update_session(film, SessionData(**{**values, "room_id": other.id}))
    db.session.commit()

    (vi,) = change_emails("lan@example.org")
    assert "Hội trường A → Phòng B" in vi.text_body and "Hội trường A" in vi.html_body
    (en,) = change_emails("anna@example.org")
    assert "Hall A → Room B" in en.text_body
