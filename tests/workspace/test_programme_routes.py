"""Programme editing through the workspace's pages, signed in through the real login form."""

import io
from datetime import timedelta

import lxml.html
import pytest
from sqlalchemy import select

from eventapp.accounts.services import assign
from eventapp.extensions import db
from eventapp.models import (
    AuditEntry,
    ChoiceStatus,
    Event,
    EventStatus,
    Registration,
    SessionStatus,
    Speaker,
    TypePolicy,
    WorkshopSession,
)
from tests.factories import make_event, make_speaker
from tests.media import images
from tests.registration.helpers import type_id
from tests.workspace.programme_support import attend, change_emails, emails_of_kind, make_workshop


class Pages:
    """Opens a page, fills in its form as a person would and sends it (CSRF token included)."""

    def __init__(self, client):
        self.client = client

    def form_values(self, url: str, marker: str) -> dict[str, list[str]]:
        page = self.client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        tree = lxml.html.fromstring(page.get_data(as_text=True))
        forms = [
            f for f in tree.xpath("//form[@method='post']") if f.xpath(f".//*[@name='{marker}']")
        ]
        assert forms, f"no form with a {marker!r} field on {url}"
        values: dict[str, list[str]] = {}
        for name, value in forms[0].form_values():
            values.setdefault(name, []).append(value)
        return values

    def fill(self, url: str, marker: str, action: str | None = None, files=None, **changes):
        """Send the form holding a field named `marker`, with `changes` (None empties a field)."""
        data = self.form_values(url, marker)
        for name, value in changes.items():
            name = name.replace("__", "-")
            data[name] = [] if value is None else [value]
        if files:
            data.update(files)
        return self.client.post(
            action or url, data=data, content_type="multipart/form-data" if files else None
        )

    def press(self, url: str, action: str, **extra):
        """Press a button on the page: a one-button form posting to `action`."""
        page = self.client.get(url)
        tree = lxml.html.fromstring(page.get_data(as_text=True))
        form = tree.xpath(f"//form[@method='post'][@action='{action}']")
        if not form and action == url:
            form = tree.xpath("//form[@method='post'][not(@action)]")
        assert form, f"no button posting to {action} on {url}"
        token = form[0].xpath(".//input[@name='csrf_token']/@value")[0]
        return self.client.post(action, data={"csrf_token": token, **extra})


@pytest.fixture
def pages(client):
    return Pages(client)


@pytest.fixture
def workshop(db):
    event, hall, other, film, music = make_workshop()
    return {
        "event": event.id,
        "hall": hall.id,
        "other": other.id,
        "film": film.id,
        "music": music.id,
    }


@pytest.fixture
def as_admin(auth, admin):
    auth.login("admin@example.org")


def _edit_url(ids, name="film"):
    return f"/workspace/events/{ids['event']}/sessions/{ids[name]}/edit"


def reread() -> None:
    """End the test's own transaction: on SQLite it still reads the snapshot it started with."""
    db.session.rollback()


def _audit(action: str) -> list[AuditEntry]:
    reread()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _text(response) -> str:
    return response.get_data(as_text=True)


# --- Who may do what ------------------------------------------------------------------------


def test_an_organizer_not_assigned_to_the_event_gets_403(client, auth, organizer, workshop):
    auth.login("organizer@example.org")
    event_id = workshop["event"]
    for url in (
        f"/workspace/events/{event_id}/edit",
        f"/workspace/events/{event_id}/sessions",
        f"/workspace/events/{event_id}/sessions/new",
        _edit_url(workshop),
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
    assert client.get(_edit_url(workshop)).status_code == 200


def test_a_session_of_another_event_is_not_found(client, as_admin, workshop):
    other = make_event()
    db.session.commit()
    assert (
        client.get(f"/workspace/events/{other.id}/sessions/{workshop['film']}/edit").status_code
        == 404
    )


# --- Events ---------------------------------------------------------------------------------


def test_an_organizer_creates_an_event_and_may_edit_it(client, auth, organizer, pages):
    auth.login("organizer@example.org")
    response = pages.fill(
        "/workspace/events/new",
        "title",
        title="Hội thảo Công nghiệp văn hoá",
        title_vi="Hội thảo Công nghiệp văn hoá",
        starts_at="2031-05-20T08:30",
        ends_at="2031-05-20T17:00",
        capacity="120",
        contact_email="ICD@example.org",
    )
    assert response.status_code == 302
    reread()
    event = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-cong-nghiep-van-hoa"))
    assert event.status == EventStatus.DRAFT
    # 08:30 in Hanoi is 01:30 UTC.
    assert event.starts_at.isoformat() == "2031-05-20T01:30:00+00:00"
    assert event.contact_email == "ICD@example.org"
    assert response.headers["Location"].endswith(f"/workspace/events/{event.id}/edit")
    assert client.get(response.headers["Location"]).status_code == 200
    (entry,) = _audit("event.create")
    assert entry.actor == "organizer@example.org" and entry.after["capacity"] == 120


def test_invalid_input_keeps_what_was_typed(client, as_admin, pages):
    response = pages.fill(
        "/workspace/events/new",
        "title",
        title="Diễn đàn sáng tạo",
        venue="Nhà hát Lớn",
        starts_at="2031-05-20T17:00",
        ends_at="2031-05-20T08:00",
        capacity="many",
        notification_emails="a@example.org\nnot-an-address",
    )
    assert response.status_code == 400
    html = _text(response)
    assert 'value="Diễn đàn sáng tạo"' in html and 'value="Nhà hát Lớn"' in html
    assert 'value="many"' in html and "Please enter a whole number." in html
    assert db.session.scalar(select(Event)) is None

    response = pages.fill(
        "/workspace/events/new",
        "title",
        title="Diễn đàn sáng tạo",
        starts_at="2031-05-20T17:00",
        ends_at="2031-05-20T08:00",
        notification_emails="a@example.org\nnot-an-address",
    )
    assert response.status_code == 400
    assert "The event must end after it starts." in _text(response)
    assert "not-an-address" in _text(response)


def test_the_slug_is_frozen_after_publishing(client, as_admin, pages):
    event = make_event(status=EventStatus.DRAFT, slug="draft-workshop")
    db.session.commit()
    edit = f"/workspace/events/{event.id}/edit"
    assert pages.fill(edit, "title", slug="creative-industries-2031").status_code == 302

    response = pages.press(edit, f"/workspace/events/{event.id}/publish")
    assert response.status_code == 302
    page = _text(client.get(edit))
    assert "/events/creative-industries-2031/" in page
    assert 'name="slug" value="creative-industries-2031"' in page  # no longer an input to type in
    assert 'id="slug" name="slug"' not in page

    response = client.post(edit, data={**pages.form_values(edit, "title"), "slug": ["renamed"]})
    assert response.status_code == 400
    assert "cannot change any more" in _text(response)
    reread()
    assert db.session.get(Event, event.id).slug == "creative-industries-2031"
    assert [e.after for e in _audit("event.publish")] == [{"status": "published"}]

    pages.press(edit, f"/workspace/events/{event.id}/unpublish")
    reread()
    assert db.session.get(Event, event.id).status == EventStatus.DRAFT


def test_a_larger_event_capacity_admits_the_waiting_list(client, as_admin, pages):
    event = make_event(capacity=1)
    db.session.commit()
    attend(event, "first@example.org")
    waiting = attend(event, "second@example.org")
    response = pages.fill(f"/workspace/events/{event.id}/edit", "title", capacity="2")
    assert response.status_code == 302
    reread()
    assert db.session.get(Registration, waiting.id).status == "confirmed"
    assert len(emails_of_kind("second@example.org", "registration.promoted")) == 1

    response = pages.fill(f"/workspace/events/{event.id}/edit", "title", capacity="1")
    assert response.status_code == 400
    assert "2 places are already taken" in _text(response)


# --- Sessions -------------------------------------------------------------------------------


def test_the_programme_shows_seats_and_waiting_lists(client, as_admin, workshop):
    event = db.session.get(Event, workshop["event"])
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        attend(event, email, [workshop["film"]])
    page = client.get(f"/workspace/events/{workshop['event']}/sessions")
    assert page.status_code == 200
    row = lxml.html.fromstring(_text(page)).xpath("//tr[.//a[contains(., 'Film and streaming')]]")[
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

    response = pages.fill(_edit_url(workshop), "title", capacity="3")

    assert response.status_code == 302
    reread()
    assert db.session.get(Registration, waiting.id).choices[0].status == ChoiceStatus.HOLDING
    (email,) = emails_of_kind("c@example.org", "registration.session_promoted")
    assert "Film and streaming" in email.subject
    (entry,) = _audit("session.update")
    assert (entry.before, entry.after) == ({"capacity": 2}, {"capacity": 3})
    assert change_emails() == []  # a capacity is no change of time, room or status


def test_a_session_below_its_seats_taken_is_refused_and_keeps_the_form(
    client, as_admin, pages, workshop
):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org", [workshop["film"]])
    attend(event, "b@example.org", [workshop["film"]])
    response = pages.fill(
        _edit_url(workshop), "title", capacity="1", title="Film, TV and streaming"
    )
    assert response.status_code == 400
    html = _text(response)
    assert "2 seats are already taken" in html and 'value="Film, TV and streaming"' in html
    reread()
    assert db.session.get(WorkshopSession, workshop["film"]).title == "Film and streaming"


def test_a_moved_session_emails_its_attendees_one_summary_each(client, as_admin, pages, workshop):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org", [workshop["film"]])
    attend(event, "b@example.org", [workshop["film"], workshop["music"]])
    attend(event, "c@example.org", [workshop["music"]])

    response = pages.fill(
        _edit_url(workshop),
        "title",
        starts_at="2031-03-18T15:00",
        ends_at="2031-03-18T16:30",
        room_id=str(workshop["other"]),
    )

    assert response.status_code == 302
    assert "2 attendees were emailed about the change." in _text(
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
    (entry,) = _audit("session.update")
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
    assert "This time does not exist in the event" in _text(response)


def test_cancelling_asks_first_then_tells_everyone(client, as_admin, pages, workshop):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org", [workshop["film"]])
    attend(event, "b@example.org", [workshop["film"]])
    attend(event, "c@example.org", [workshop["film"]])
    url = f"/workspace/events/{workshop['event']}/sessions/{workshop['film']}/cancel"

    page = client.get(url)
    assert page.status_code == 200
    assert "2 people hold a seat" in _text(page) and "1 person is on its waiting list" in _text(
        page
    )
    response = pages.press(url, url)

    assert response.status_code == 302
    reread()
    assert db.session.get(WorkshopSession, workshop["film"]).status == SessionStatus.CANCELLED
    assert len(change_emails()) == 3
    (entry,) = _audit("session.cancel")
    assert entry.before == {"status": "scheduled"} and entry.after["status"] == "cancelled"
    assert "Cancelled" in _text(client.get(f"/workspace/events/{workshop['event']}/sessions"))

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
    assert _audit("session.create")[0].target_id == session.id


# --- Rooms ----------------------------------------------------------------------------------


def test_rooms_are_added_renamed_ordered_and_deleted(client, as_admin, pages, workshop):
    rooms = f"/workspace/events/{workshop['event']}/rooms"
    assert pages.fill(rooms, "name", name="Room C", capacity="30").status_code == 302
    duplicate = pages.fill(rooms, "name", name="Room C")
    assert duplicate.status_code == 400 and "already has a room with this name" in _text(duplicate)

    room_c = workshop["hall"] + 2
    move = f"/workspace/events/{workshop['event']}/rooms/{room_c}/move"
    assert pages.press(rooms, move, direction="up").status_code == 302
    page = lxml.html.fromstring(_text(client.get(rooms)))
    assert [th.text_content() for th in page.xpath("//tbody/tr/th")] == [
        "Hall A",
        "Room C",
        "Room B",
    ]

    edit = f"/workspace/events/{workshop['event']}/rooms/{workshop['hall']}/edit"
    assert pages.fill(edit, "name", name="Grand Hall").status_code == 302

    delete = f"/workspace/events/{workshop['event']}/rooms/{workshop['hall']}/delete"
    confirmation = _text(client.get(delete))
    assert "keeps running without a room" in confirmation and "Film and streaming" in confirmation
    assert pages.press(delete, delete).status_code == 302
    reread()
    assert db.session.get(WorkshopSession, workshop["film"]).room_id is None
    assert {e.action for e in db.session.scalars(select(AuditEntry))} >= {
        "room.create",
        "room.move",
        "room.update",
        "room.delete",
    }


# --- Registration rules ---------------------------------------------------------------------


def test_registration_rules_are_saved_and_a_low_quota_refused(client, as_admin, pages, workshop):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org")
    attend(event, "b@example.org")
    url = f"/workspace/events/{workshop['event']}/policies"
    values = pages.form_values(url, "rows-0-quota")
    row_of = {
        values[f"rows-{i}-organization_type_id"][0]: i
        for i in range(len(values))
        if f"rows-{i}-organization_type_id" in values
    }
    ministry_row, media_row = row_of[str(type_id("ministry"))], row_of[str(type_id("media"))]

    low = {**values, f"rows-{ministry_row}-quota": ["1"]}
    response = client.post(url, data=low)
    assert response.status_code == 400
    assert "already hold 2 places" in _text(response)

    values.pop(f"rows-{media_row}-admitted", None)
    ok = {**values, f"rows-{ministry_row}-quota": ["5"], f"rows-{media_row}-needs_approval": ["y"]}
    assert client.post(url, data=ok).status_code == 302
    reread()
    ministry = db.session.get(TypePolicy, (event.id, type_id("ministry")))
    media = db.session.get(TypePolicy, (event.id, type_id("media")))
    assert (ministry.quota, ministry.seats_taken) == (5, 2)
    assert (media.admitted, media.needs_approval) == (False, True)
    (entry,) = _audit("policies.update")
    assert entry.after["media"] == {"admitted": False, "needs_approval": True, "quota": None}


# --- Speakers -------------------------------------------------------------------------------


def test_speakers_are_found_without_diacritics(client, as_admin):
    make_speaker(full_name="Nguyễn Phương Hoa", slug="hoa")
    make_speaker(full_name="Trần Minh", slug="minh")
    db.session.commit()
    page = _text(client.get("/workspace/speakers?q=nguyen"))
    assert "Nguyễn Phương Hoa" in page and "Trần Minh" not in page


def test_a_speaker_profile_with_a_jpeg_photo_and_a_refused_gif(client, as_admin, pages):
    response = pages.fill(
        "/workspace/speakers/new",
        "full_name",
        honorific="dr",
        full_name="Nguyễn Phương Hoa",
        organization="Ministry of Culture",
        country="VN",
        links__0__url="https://example.org/hoa",
        files={"photo": (io.BytesIO(images.jpeg()), "hoa.jpg")},
    )
    assert response.status_code == 302
    reread()
    speaker = db.session.scalar(select(Speaker).where(Speaker.slug == "nguyen-phuong-hoa"))
    assert speaker.photo_key and speaker.photo_thumb_key and speaker.country == "VN"
    photo = speaker.photo_key
    edit = f"/workspace/speakers/{speaker.id}/edit"

    response = pages.fill(
        edit,
        "full_name",
        organization="Bộ Văn hoá, Thể thao và Du lịch",
        files={"photo": (io.BytesIO(images.gif()), "hoa.gif")},
    )

    assert response.status_code == 400
    html = _text(response)
    assert "The photo must be a JPEG, PNG or WebP image." in html
    assert 'value="Bộ Văn hoá, Thể thao và Du lịch"' in html
    reread()
    speaker = db.session.get(Speaker, speaker.id)
    assert (speaker.organization, speaker.photo_key) == ("Ministry of Culture", photo)

    assert pages.fill(edit, "full_name", remove_photo="y").status_code == 302
    reread()
    assert db.session.get(Speaker, speaker.id).photo_key is None
    assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "speaker.create",
        "speaker.update",
    ]


def test_a_link_that_is_not_a_web_address_is_a_form_error(client, as_admin, pages):
    response = pages.fill(
        "/workspace/speakers/new",
        "full_name",
        full_name="Trần Minh",
        links__0__url="javascript:alert(1)",
    )
    assert response.status_code == 400
    assert "must be a web address" in _text(response)
    assert 'value="javascript:alert(1)"' in _text(response)
    assert db.session.scalar(select(Speaker)) is None


def test_speakers_are_added_to_a_session_reordered_and_removed(client, as_admin, pages, workshop):
    hoa = make_speaker(full_name="Nguyễn Phương Hoa")
    minh = make_speaker(full_name="Trần Minh")
    db.session.commit()
    url = f"/workspace/events/{workshop['event']}/sessions/{workshop['film']}/speakers"
    assert pages.fill(url, "speaker_id", speaker_id=str(hoa.id)).status_code == 302
    assert (
        pages.fill(
            url, "speaker_id", speaker_id=str(minh.id), role="moderator", position="1"
        ).status_code
        == 302
    )
    again = pages.fill(url, "speaker_id", speaker_id=str(hoa.id))
    assert again.status_code == 400 and "already takes part" in _text(again)

    order = f"{url}/order"
    response = pages.fill(
        url,
        "rows-0-position",
        action=order,
        rows__0__position="2",
        rows__1__position="1",
        rows__1__role="chair",
    )
    assert response.status_code == 302

    def names():
        rows = lxml.html.fromstring(_text(client.get(url))).xpath("//tbody/tr/th")
        return [" ".join(th.text_content().split()) for th in rows]

    assert names() == ["Nguyễn Phương Hoa", "Trần Minh"]

    remove = f"{url}/{minh.id}/remove"
    values = pages.form_values(url, "rows-0-position")
    assert client.post(remove, data={"csrf_token": values["csrf_token"]}).status_code == 302
    assert names() == ["Nguyễn Phương Hoa"]
    assert len(_audit("session.speakers")) == 4


# --- Bad input gets an answer, never a server error -----------------------------------------


def test_absurd_numbers_dates_and_ids_are_answered_clearly(client, as_admin, pages, workshop):
    response = pages.fill(_edit_url(workshop), "title", capacity="99999999999")
    assert response.status_code == 400
    assert "no larger than 1000000" in _text(response)

    response = pages.fill(_edit_url(workshop), "title", starts_at="0001-01-01T00:00")
    assert response.status_code == 400
    assert "Please enter a date and a time" in _text(response)

    response = pages.fill(_edit_url(workshop), "title", title="\x00 ", track="a\x00b")
    assert response.status_code == 400
    assert "Please give the session a title." in _text(response)

    huge = 2**40
    assert client.get(f"/workspace/speakers/{huge}/edit").status_code == 404
    assert (
        client.get(f"/workspace/events/{workshop['event']}/sessions/{huge}/edit").status_code == 404
    )
    assert client.get(f"/workspace/events/{workshop['event']}/rooms/{huge}/edit").status_code == 404
