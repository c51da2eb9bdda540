"""The workspace edits the organizer, venue, address, rooms and tracks in both languages."""

import lxml.html
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Event, Room, WorkshopSession
from tests.programme.manage_support import (  # noqa: F401  (fixtures)
    as_admin,
    pages,
    workshop,
)


def _field(html: str, name: str) -> str:
    (element,) = lxml.html.fromstring(html).xpath(f"//*[@name='{name}']")
    return element.get("value")


def test_the_event_form_saves_and_shows_both_languages(client, as_admin, pages, workshop):
    edit = f"/workspace/events/{workshop['event']}/edit"
    response = pages.fill(
        edit,
        "title",
        organizer="  Department of International Cooperation ",
        organizer_vi=" Cục Hợp tác quốc tế ",
        venue="International Hall",
        venue_vi="Hội trường Quốc tế",
        address="51 Ngo Quyen Street, Hanoi",
        address_vi="51 Ngô Quyền, Hà Nội",
    )
    assert response.status_code == 302
    db.session.rollback()
    event = db.session.get(Event, workshop["event"])
    assert (event.organizer, event.organizer_vi) == (
        "Department of International Cooperation",
        "Cục Hợp tác quốc tế",
    )
    assert (event.venue, event.venue_vi) == ("International Hall", "Hội trường Quốc tế")
    assert (event.address, event.address_vi) == ("51 Ngo Quyen Street, Hanoi", "51 Ngô Quyền, Hà Nội")

    html = client.get(edit).get_data(as_text=True)
    assert _field(html, "organizer_vi") == "Cục Hợp tác quốc tế"
    assert _field(html, "venue_vi") == "Hội trường Quốc tế"
    assert _field(html, "address_vi") == "51 Ngô Quyền, Hà Nội"
    # Each Vietnamese field sits beside its English one.
    tree = lxml.html.fromstring(html)
    for name in ("organizer", "venue", "address"):
        (pair,) = tree.xpath(f"//div[@class='pair'][.//*[@name='{name}']]")
        assert pair.xpath(f".//*[@name='{name}_vi']")

    # An emptied Vietnamese field is stored as nothing, not as blanks.
    assert pages.fill(edit, "title", venue_vi="   ").status_code == 302
    db.session.rollback()
    assert db.session.get(Event, workshop["event"]).venue_vi is None


def test_the_room_forms_save_and_show_both_languages(client, as_admin, pages, workshop):
    rooms = f"/workspace/events/{workshop['event']}/rooms"
    response = pages.fill(
        rooms,
        "name",
        name="Meeting Room A",
        name_vi=" Phòng họp A ",
        location="2nd floor, east wing",
        location_vi="Tầng 2, cánh đông",
    )
    assert response.status_code == 302
    db.session.rollback()
    room = db.session.scalar(select(Room).where(Room.name == "Meeting Room A"))
    assert (room.name_vi, room.location_vi) == ("Phòng họp A", "Tầng 2, cánh đông")
    listing = client.get(rooms).get_data(as_text=True)
    assert '<span class="hint" lang="vi">Phòng họp A</span>' in listing
    assert '<span class="hint" lang="vi">Tầng 2, cánh đông</span>' in listing

    edit = f"/workspace/events/{workshop['event']}/rooms/{workshop['hall']}/edit"
    assert pages.fill(edit, "name", name_vi="Hội trường chính", location_vi="").status_code == 302
    db.session.rollback()
    hall = db.session.get(Room, workshop["hall"])
    assert (hall.name, hall.name_vi, hall.location_vi) == ("Hall A", "Hội trường chính", None)
    assert _field(client.get(edit).get_data(as_text=True), "name_vi") == "Hội trường chính"


def test_the_session_form_saves_and_shows_both_tracks(client, as_admin, pages, workshop):
    edit = f"/workspace/events/{workshop['event']}/sessions/{workshop['film']}/edit"
    response = pages.fill(edit, "title", track="Creative cities", track_vi=" Thành phố sáng tạo ")
    assert response.status_code == 302
    db.session.rollback()
    session = db.session.get(WorkshopSession, workshop["film"])
    assert (session.track, session.track_vi) == ("Creative cities", "Thành phố sáng tạo")
    assert _field(client.get(edit).get_data(as_text=True), "track_vi") == "Thành phố sáng tạo"


def test_workspace_session_pages_show_the_room_in_the_readers_language(
    client, as_admin, workshop
):
    hall = db.session.get(Room, workshop["hall"])
    hall.name_vi = "Hội trường A"
    db.session.commit()
    event, film = workshop["event"], workshop["film"]
    pages = {
        "dashboard": f"/workspace/events/{event}/",
        "sessions": f"/workspace/events/{event}/sessions",
        "cancel": f"/workspace/events/{event}/sessions/{film}/cancel",
        "edit": f"/workspace/events/{event}/sessions/{film}/edit",
    }

    def room_texts(language: str) -> dict[str, list[str]]:
        client.set_cookie("lang", language)
        texts = {}
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, name
            tree = lxml.html.fromstring(response.get_data(as_text=True))
            if name == "edit":
                options = tree.xpath("//select[@name='room_id']/option")
                texts[name] = [o.text_content().strip() for o in options if o.get("value")]
            else:
                texts[name] = tree.text_content()
        return texts

    vietnamese = room_texts("vi")
    for name in ("dashboard", "sessions", "cancel"):
        assert "Hội trường A" in vietnamese[name], name
        assert "Hall A" not in vietnamese[name], name
    # Room B has no Vietnamese name: its English one is shown, marked as English.
    assert vietnamese["edit"] == ["Hội trường A", "Room B"]
    edit = lxml.html.fromstring(client.get(pages["edit"]).get_data(as_text=True))
    (room_b,) = edit.xpath("//select[@name='room_id']/option[.='Room B']")
    assert room_b.get("lang") == "en"

    english = room_texts("en")
    for name in ("dashboard", "sessions", "cancel"):
        assert "Hall A" in english[name], name
        assert "Hội trường A" not in english[name], name
    assert english["edit"] == ["Hall A", "Room B"]
