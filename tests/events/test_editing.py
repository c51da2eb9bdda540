"""Creating and changing events: the rules of events.editing, without HTTP."""


from dataclasses import fields
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from eventapp.events import editing as events
from eventapp.events.editing import EventData, EventError
from eventapp.models import (
    EventStatus,
    RegistrationStatus,
)
from eventapp.text import slugify
from tests.factories import make_event
from tests.programme.support import (
    attend,
    audit_log,
    change_emails,
    emails_of_kind,
    history_step,
    make_workshop,
)


def _event_data(event, **changes) -> EventData:
    values = {f.name: getattr(event, f.name) for f in fields(EventData)}
    values.update(changes)
    return EventData(**values)


# --- Events ---------------------------------------------------------------------------------


def test_slugs_are_made_from_vietnamese_titles():
    assert (
        slugify("Hội thảo Công nghiệp văn hoá — Đà Nẵng 2031")
        == "hoi-thao-cong-nghiep-van-hoa-da-nang-2031"
    )
    assert slugify("!!!") == ""


def test_a_new_event_is_a_draft_assigned_to_its_creator(db, organizer):
    start = make_event().starts_at + timedelta(days=30)
    event = events.create_event(
        EventData(
            title="Hội thảo sáng tạo",
            starts_at=start,
            ends_at=start + timedelta(hours=8),
            notification_emails="a@example.org; b@example.org\nc@example.org",
        ),
        actor=organizer,
    )
    db.session.commit()
    assert event.status == EventStatus.DRAFT
    assert event.slug == "hoi-thao-sang-tao"
    assert event.id in organizer.event_ids
    assert event.notification_addresses == ["a@example.org", "b@example.org", "c@example.org"]
    # The same title again gets an address of its own.
    again = events.create_event(
        EventData(title="Hội thảo sáng tạo", starts_at=start, ends_at=start + timedelta(hours=1)),
        actor=organizer,
    )
    assert again.slug == "hoi-thao-sang-tao-2"


@pytest.mark.parametrize("slug", ["Has-Capitals", "hội-thảo", "double--hyphen", "-edge", "a b"])
def test_bad_slugs_are_refused(db, organizer, slug):
    start = make_event().starts_at
    with pytest.raises(EventError) as refused:
        events.create_event(
            EventData(title="X", slug=slug, starts_at=start, ends_at=start + timedelta(hours=1)),
            actor=organizer,
        )
    assert refused.value.field == "slug"


def test_the_slug_is_frozen_once_published_or_registered_for(db):
    draft = make_event(status=EventStatus.DRAFT)
    db.session.commit()
    events.update_event(draft, _event_data(draft, slug="a-better-address"))
    db.session.commit()
    assert draft.slug == "a-better-address"

    events.publish_event(draft)
    db.session.commit()
    with pytest.raises(EventError) as refused:
        events.update_event(draft, _event_data(draft, slug="yet-another"))
    assert refused.value.field == "slug"
    db.session.rollback()

    # Unpublished again, it stays frozen once someone has registered.
    attend(draft, "hoa@example.org")
    events.unpublish_event(draft)
    db.session.commit()
    with pytest.raises(EventError):
        events.update_event(draft, _event_data(draft, slug="yet-another"))


def test_a_taken_slug_is_refused(db):
    first, second = make_event(status=EventStatus.DRAFT), make_event(status=EventStatus.DRAFT)
    db.session.commit()
    with pytest.raises(EventError, match="Another event already has this address"):
        events.update_event(second, _event_data(second, slug=first.slug))


def test_event_capacity_cannot_go_below_the_places_taken(db):
    event = make_event(capacity=2)
    db.session.commit()
    attend(event, "a@example.org")
    attend(event, "b@example.org")
    with pytest.raises(EventError) as refused:
        events.update_event(event, _event_data(event, capacity=1))
    assert refused.value.field == "capacity"
    assert "2 places are already taken" in refused.value.message


def test_a_larger_event_capacity_admits_the_waiting_list_at_once(db):
    event = make_event(capacity=1)
    db.session.commit()
    attend(event, "a@example.org")
    waiting = attend(event, "b@example.org")
    assert waiting.status == RegistrationStatus.WAITLISTED

    events.update_event(event, _event_data(event, capacity=2))
    db.session.commit()

    db.session.refresh(waiting)
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert len(emails_of_kind("b@example.org", "registration.promoted")) == 1
    # No limit at all admits everyone waiting as well.
    third = attend(event, "c@example.org")
    events.update_event(event, _event_data(event, capacity=None))
    db.session.commit()
    db.session.refresh(third)
    assert third.status == RegistrationStatus.CONFIRMED


def test_a_new_time_zone_keeps_sessions_at_the_same_local_time(db):
    event, hall, other, film, music = make_workshop()
    attend(event, "hoa@example.org", [film.id])
    paris = ZoneInfo("Europe/Paris")
    local = lambda moment, zone: moment.astimezone(zone).replace(tzinfo=None)  # noqa: E731
    hanoi = event.tz
    film_local = local(film.starts_at, hanoi)
    data = _event_data(
        event,
        timezone="Europe/Paris",
        starts_at=local(event.starts_at, hanoi).replace(tzinfo=paris),
        ends_at=local(event.ends_at, hanoi).replace(tzinfo=paris),
    )

    assert events.update_event(event, data) == 1
    db.session.commit()

    assert local(film.starts_at, paris) == film_local
    (message,) = change_emails("hoa@example.org")
    # The old and the new time, each named with its zone: the same 10:00, six hours apart.
    assert "(Asia/Ho_Chi_Minh) → " in message.text_body and "(Europe/Paris)" in message.text_body


def test_moving_the_event_moves_the_programme_when_asked(db):
    event, hall, other, film, music = make_workshop()
    attend(event, "hoa@example.org", [film.id, music.id])
    week = timedelta(days=7)
    later = _event_data(event, starts_at=event.starts_at + week, ends_at=event.ends_at + week)

    with pytest.raises(EventError, match="fall outside the event's new dates"):
        events.update_event(event, later)
    db.session.rollback()
    film_start = film.starts_at

    assert events.update_event(event, later, move_sessions=True) == 1
    db.session.commit()
    assert film.starts_at == film_start + week
    # One email for both moved sessions.
    (message,) = change_emails("hoa@example.org")
    assert "Film and streaming" in message.text_body and "Music rights" in message.text_body


def test_the_services_write_the_audit_log_whoever_calls_them(db, organizer):
    start = make_event().starts_at + timedelta(days=30)
    event = events.create_event(
        EventData(title="Hội thảo sáng tạo", starts_at=start, ends_at=start + timedelta(hours=8)),
        actor=organizer,
    )
    db.session.commit()
    (created,) = audit_log("event.create")
    assert (created.actor, created.account_id) == ("organizer@example.org", organizer.id)
    assert (created.target_type, created.target_id) == ("event", event.id)
    assert created.event_id == event.id
    assert created.after["title"] == "Hội thảo sáng tạo" and created.after["status"] == "draft"

    # A command or a task names itself: the change is in the log all the same.
    events.update_event(event, _event_data(event, title="Hội thảo công nghiệp sáng tạo"),
                        actor="system")
    events.publish_event(event, actor="system")
    events.unpublish_event(event, actor=organizer)
    db.session.commit()

    (updated,) = audit_log("event.update")
    assert updated.actor == "system" and updated.account_id is None
    assert updated.before == {"title": "Hội thảo sáng tạo"}
    assert updated.after == {"title": "Hội thảo công nghiệp sáng tạo"}
    assert [e.after for e in audit_log("event.publish")] == [{"status": "published"}]
    (unpublished,) = audit_log("event.unpublish")
    assert (unpublished.before, unpublished.after) == ({"status": "published"}, {"status": "draft"})


def test_the_audit_log_counts_the_attendees_told_of_moved_sessions(db, organizer):
    event, hall, other, film, music = make_workshop()
    hoa = attend(event, "hoa@example.org", [film.id])
    hour = timedelta(hours=1)
    later = _event_data(event, starts_at=event.starts_at + hour, ends_at=event.ends_at + hour)

    assert events.update_event(event, later, move_sessions=True, actor=organizer) == 1
    db.session.commit()

    (entry,) = audit_log("event.update")
    assert entry.after["attendees_emailed"] == 1
    # The attendee's history names the same organizer, by their address.
    assert history_step(hoa, "programme.changed").actor == "organizer@example.org"


def test_a_refused_change_writes_nothing_to_the_audit_log(db):
    event = make_event()
    db.session.commit()
    with pytest.raises(EventError):
        events.update_event(event, _event_data(event, ends_at=event.starts_at), actor="system")
    assert audit_log("event.update") == []


def test_registration_window_and_dates_are_checked(db):
    event = make_event()
    db.session.commit()
    with pytest.raises(EventError) as backwards:
        events.update_event(event, _event_data(event, ends_at=event.starts_at))
    assert backwards.value.field == "ends_at"
    db.session.rollback()
    with pytest.raises(EventError) as window:
        events.update_event(
            event,
            _event_data(
                event, registration_opens_at=event.starts_at, registration_closes_at=event.starts_at
            ),
        )
    assert window.value.field == "registration_closes_at"
    db.session.rollback()
    with pytest.raises(EventError) as address:
        events.update_event(event, _event_data(event, contact_email="not an address"))
    assert address.value.field == "contact_email"
