"""Events through the workspace's pages: creating, editing, publishing."""


from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    Event,
    EventStatus,
    Registration,
)
from tests.factories import make_event
from tests.programme.manage_support import (  # noqa: F401  (fixtures)
    as_admin,
    audit_entries,
    pages,
    reread,
    text_of,
    workshop,
)
from tests.programme.support import attend, emails_of_kind

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
    (entry,) = audit_entries("event.create")
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
    html = text_of(response)
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
    assert "The event must end after it starts." in text_of(response)
    assert "not-an-address" in text_of(response)


def test_the_slug_is_frozen_after_publishing(client, as_admin, pages):
    event = make_event(status=EventStatus.DRAFT, slug="draft-workshop")
    db.session.commit()
    edit = f"/workspace/events/{event.id}/edit"
    assert pages.fill(edit, "title", slug="creative-industries-2031").status_code == 302

    response = pages.press(edit, f"/workspace/events/{event.id}/publish")
    assert response.status_code == 302
    page = text_of(client.get(edit))
    assert "/events/creative-industries-2031/" in page
    assert 'name="slug" value="creative-industries-2031"' in page  # no longer an input to type in
    assert 'id="slug" name="slug"' not in page

    response = client.post(edit, data={**pages.form_values(edit, "title"), "slug": ["renamed"]})
    assert response.status_code == 400
    assert "cannot change any more" in text_of(response)
    reread()
    assert db.session.get(Event, event.id).slug == "creative-industries-2031"
    assert [e.after for e in audit_entries("event.publish")] == [{"status": "published"}]

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
    assert "2 places are already taken" in text_of(response)
