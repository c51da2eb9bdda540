"""`flask demo load`: the seed workshop as a demo event that is always a few weeks ahead."""
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventapp.db import utc_now
from eventapp.demo import data
from eventapp.demo.services import (
    DemoAlreadyLoaded,
    database_is_empty,
    event_day,
    load_demo,
    slug_from_name,
)
from eventapp.events.services import EventNotFound, get_public_event, public_events
from eventapp.models import (
    Event,
    EventStatus,
    Honorific,
    Room,
    SessionKind,
    SessionLanguage,
    SessionSpeaker,
    Speaker,
    SpeakerLink,
    SpeakerRole,
    WorkshopSession,
)
from eventapp.programme.services import build_agenda, event_sessions
from tests.factories import add_speaker, make_event, make_session

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MAIN = "creative-industries-digital"
PAST = "creative-industries-policy-consultation"
DRAFT = "creative-cities-follow-up"
HOA = "Nguyễn Phương Hoa"


def counts(db) -> dict[str, int]:
    db.session.expire_all()
    models = (Event, Room, WorkshopSession, SessionSpeaker, Speaker, SpeakerLink)
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in models
    }


def event_by_slug(db, slug: str) -> Event:
    db.session.expire_all()
    return db.session.scalars(select(Event).where(Event.slug == slug)).one()


# --- the command -------------------------------------------------------------------------


def test_load_creates_a_published_upcoming_workshop_opened_by_dr_hoa(runner, db):
    result = runner.invoke(args=["demo", "load"])

    assert result.exit_code == 0, result.output
    assert MAIN in result.output
    event = event_by_slug(db, MAIN)
    assert event.status == EventStatus.PUBLISHED
    assert event.title == "Cultural and Creative Industries in the Digital Environment"
    assert event.timezone == "Asia/Ho_Chi_Minh"
    assert event.starts_at > utc_now()
    assert event.address == "51 Ngo Quyen Street, Hoan Kiem, Hanoi, Vietnam"
    assert event.address_vi == "51 Ngô Quyền, Hoàn Kiếm, Hà Nội, Việt Nam"
    assert event.organizer_vi == "Cục Hợp tác quốc tế, Bộ Văn hóa, Thể thao và Du lịch"
    assert event.venue_vi == "Hội trường Quốc tế, Bộ Văn hóa, Thể thao và Du lịch"
    assert [(r.name_vi, r.location_vi) for r in event.rooms] == [
        ("Hội trường chính", "Tầng trệt, lối vào A"),
        ("Phòng họp A", "Tầng 2, cánh đông"),
        ("Phòng họp B", "Tầng 2, cánh tây"),
        ("Sảnh", "Tầng trệt, cạnh Hội trường chính"),
    ]
    tracks = {(s.track, s.track_vi) for s in event_sessions(event) if s.track}
    assert tracks == {
        ("Intellectual property", "Sở hữu trí tuệ"),
        ("Creative cities", "Thành phố sáng tạo"),
        ("Film and streaming", "Điện ảnh và truyền hình trực tuyến"),
    }
    assert event.contact_email.endswith("@example.org")
    assert get_public_event(MAIN).id == event.id
    assert [e.slug for e in public_events().upcoming] == [MAIN]

    opening = [s for s in event_sessions(event) if s.kind == SessionKind.OPENING]
    assert len(opening) == 1
    (link,) = opening[0].speaker_links
    hoa = link.speaker
    assert hoa.full_name == HOA
    assert unicodedata.is_normalized("NFC", hoa.full_name)
    assert hoa.honorific == Honorific.DR
    assert hoa.position == "Director, Department of International Cooperation"
    assert hoa.country == "VN"
    assert hoa.slug == "nguyen-phuong-hoa"
    assert link.role == SpeakerRole.SPEAKER
    assert "intellectual property and cybersecurity" in opening[0].description


def test_programme_has_every_kind_of_session_a_workshop_day_needs(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    sessions = event_sessions(event_by_slug(db, MAIN))
    kinds = {s.kind for s in sessions}

    for kind in (SessionKind.OPENING, SessionKind.PANEL, SessionKind.BREAK,
                 SessionKind.WORKSHOP, SessionKind.CLOSING, SessionKind.NETWORKING):
        assert kind in kinds, kind
    assert kinds & {SessionKind.KEYNOTE, SessionKind.PRESENTATION}
    assert any("research results" in s.title.lower() for s in sessions)
    assert {s.language for s in sessions} == set(SessionLanguage)


def test_afternoon_workshops_run_in_parallel_with_limited_places(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    event = event_by_slug(db, MAIN)
    (day,) = build_agenda(event, event_sessions(event))

    parallel = [slot for slot in day.slots if slot.is_parallel]
    assert parallel
    workshops = parallel[0].sessions
    assert all(s.kind == SessionKind.WORKSHOP for s in workshops)
    assert len({s.room_id for s in workshops}) == len(workshops)
    assert all(s.track for s in workshops)
    limited = sorted(s.capacity for s in workshops if s.capacity is not None)
    assert limited == [30, 40]
    for session in workshops:
        if session.capacity is not None:
            assert session.capacity <= session.room.capacity
            assert session.seats_left == session.capacity


def test_no_speaker_is_in_two_sessions_at_once_and_all_fit_in_the_day(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    event = event_by_slug(db, MAIN)
    sessions = event_sessions(event)
    busy: dict[int, list[WorkshopSession]] = {}
    for session in sessions:
        assert event.starts_at <= session.starts_at < session.ends_at <= event.ends_at
        for link in session.speaker_links:
            for other in busy.get(link.speaker_id, []):
                overlap = session.starts_at < other.ends_at and other.starts_at < session.ends_at
                assert not overlap, (link.speaker.full_name, session.title, other.title)
            busy.setdefault(link.speaker_id, []).append(session)
    assert 8 <= len(busy) <= 10


def test_if_empty_loads_into_an_empty_database_then_does_nothing(runner, db):
    assert database_is_empty()
    first = runner.invoke(args=["demo", "load", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert not database_is_empty()
    loaded = counts(db)

    second = runner.invoke(args=["demo", "load", "--if-empty"])

    assert second.exit_code == 0, second.output
    assert "not loaded" in second.output
    assert counts(db) == loaded


def test_if_empty_leaves_a_database_with_other_events_alone(runner, db):
    make_event(slug="our-own-event", status=EventStatus.DRAFT)
    db.session.commit()

    result = runner.invoke(args=["demo", "load", "--if-empty"])

    assert result.exit_code == 0
    assert "not loaded" in result.output
    assert counts(db)["Event"] == 1


def test_loading_twice_fails_clearly_and_adds_nothing(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    loaded = counts(db)

    again = runner.invoke(args=["demo", "load"])

    assert again.exit_code != 0
    assert "already loaded" in again.output
    assert "--replace" in again.output
    assert counts(db) == loaded


def test_replace_loads_the_demo_afresh(runner, db):
    assert runner.invoke(args=["demo", "load", "--today", "2027-03-03"]).exit_code == 0
    loaded = counts(db)
    # Someone played with the demo: the replacement undoes it.
    event_by_slug(db, MAIN).title = "Edited during a demonstration"
    db.session.commit()

    result = runner.invoke(args=["demo", "load", "--replace", "--today", "2027-03-03"])

    assert result.exit_code == 0, result.output
    assert "Deleted the demo events" in result.output
    assert counts(db) == loaded
    assert event_by_slug(db, MAIN).title == data.MAIN_EVENT["title"]


def test_replace_keeps_other_events_and_speakers_they_share(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    hoa = db.session.scalars(select(Speaker).where(Speaker.slug == "nguyen-phuong-hoa")).one()
    ours = make_event(slug="our-own-event")
    add_speaker(make_session(ours, title="Our opening"), hoa)
    db.session.commit()
    loaded = counts(db)

    result = runner.invoke(args=["demo", "load", "--replace"])

    assert result.exit_code == 0, result.output
    assert counts(db) == loaded
    assert event_by_slug(db, "our-own-event")
    still_hoa = db.session.scalars(select(Speaker).where(Speaker.full_name == HOA)).one()
    assert still_hoa.id == hoa.id


def test_if_empty_and_replace_together_are_refused(runner, db):
    result = runner.invoke(args=["demo", "load", "--if-empty", "--replace"])
    assert result.exit_code != 0
    assert counts(db)["Event"] == 0


# --- the other events of the series ------------------------------------------------------


def test_the_draft_follow_up_exists_but_the_public_never_sees_it(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0

    draft = event_by_slug(db, DRAFT)

    assert draft.status == EventStatus.DRAFT
    assert draft.starts_at > event_by_slug(db, MAIN).ends_at
    with pytest.raises(EventNotFound):
        get_public_event(DRAFT)
    listing = public_events()
    assert DRAFT not in [e.slug for e in listing.upcoming + listing.past]


def test_an_earlier_event_of_the_series_is_listed_as_past(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0

    past = event_by_slug(db, PAST)

    assert past.status == EventStatus.PUBLISHED
    assert [e.slug for e in public_events().past] == [PAST]
    assert past.registration_closes_at < past.starts_at < utc_now()
    assert len(event_sessions(past)) >= 3


# --- dates -------------------------------------------------------------------------------


def test_dates_follow_the_given_today_deterministically(db):
    today = date(2027, 3, 3)
    event = load_demo(today)
    starts_at, ends_at = event.starts_at, event.ends_at
    db.session.rollback()
    assert database_is_empty(), "load_demo must flush, never commit"

    again = load_demo(today)

    assert (again.starts_at, again.ends_at) == (starts_at, ends_at)
    day = starts_at.astimezone(HANOI).date()
    assert day.weekday() < 5
    assert timedelta(weeks=4) <= day - today <= timedelta(weeks=6)


@pytest.mark.parametrize("offset", range(7))
def test_the_main_event_falls_on_a_weekday_four_to_six_weeks_ahead(offset):
    today = date(2026, 11, 23) + timedelta(days=offset)

    day = event_day(data.MAIN_EVENT, today)

    assert day.weekday() < 5
    assert 28 <= (day - today).days <= 42
    assert event_day(data.MAIN_EVENT, today) == day


def test_the_day_runs_from_eight_to_five_local_time_stored_as_utc(db):
    event = load_demo(date(2027, 3, 3))

    assert event.starts_at.utcoffset() == timedelta(0)
    assert (event.starts_at.hour, event.starts_at.minute) == (1, 0)
    assert (event.ends_at.hour, event.ends_at.minute) == (10, 0)
    assert event.local(event.starts_at).time() == time(8, 0)
    assert event.local(event.ends_at).time() == time(17, 0)
    db.session.commit()
    db.session.expire_all()
    stored = event_by_slug(db, MAIN)
    assert stored.starts_at == datetime.combine(stored.starts_at.date(), time(1, 0), tzinfo=UTC)
    first = event_sessions(stored)[0]
    assert first.starts_at == stored.starts_at


def test_registration_is_open_now_and_closes_two_days_before(db):
    today = datetime.now(HANOI).date()
    event = load_demo(today)

    assert event.registration_opens_at <= utc_now() < event.registration_closes_at
    closes_on = event.local(event.registration_closes_at).date()
    assert closes_on == event.local(event.starts_at).date() - timedelta(days=2)


def test_load_refuses_when_a_demo_event_exists(db):
    load_demo(date(2027, 3, 3))
    with pytest.raises(DemoAlreadyLoaded) as caught:
        load_demo(date(2027, 3, 3))
    assert MAIN in caught.value.slugs


# --- the people --------------------------------------------------------------------------


def test_speakers_are_complete_fictional_beyond_dr_hoa_and_link_to_example_sites(db):
    load_demo(date(2027, 3, 3))
    db.session.flush()
    speakers = list(db.session.scalars(select(Speaker).options(selectinload(Speaker.links))))

    assert 8 <= len(speakers) <= 10
    for speaker in speakers:
        assert speaker.slug == slug_from_name(speaker.full_name)
        assert speaker.slug.isascii()
        assert unicodedata.is_normalized("NFC", speaker.full_name)
        assert speaker.honorific in set(Honorific) - {Honorific.NONE}
        assert speaker.position and speaker.organization and speaker.biography
        assert speaker.country and len(speaker.country) == 2
        assert speaker.photo_key is None and speaker.photo_thumb_key is None
        for link in speaker.links:
            host = urlsplit(link.url).hostname
            assert host in {"example.org", "example.com"}, link.url
    assert any(s.country != "VN" for s in speakers)


def test_the_international_expert_presents_in_english(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    sessions = event_sessions(event_by_slug(db, MAIN))

    english = [s for s in sessions if s.language == SessionLanguage.ENGLISH]

    assert english
    assert any(link.speaker.country != "VN" for s in english for link in s.speaker_links)


def test_slugs_drop_vietnamese_diacritics():
    assert slug_from_name("Nguyễn Phương Hoa") == "nguyen-phuong-hoa"
    assert slug_from_name("Trần Minh Đức") == "tran-minh-duc"
    assert slug_from_name("Ngô Đức Thắng") == "ngo-duc-thang"


def test_registration_policies_fit_the_audience(db):
    from eventapp.models import OrganizationType, TypePolicy

    event = load_demo(today=date(2026, 11, 27))
    policies = {
        code: policy
        for policy, code in db.session.execute(
            select(TypePolicy, OrganizationType.code)
            .join(OrganizationType, OrganizationType.id == TypePolicy.organization_type_id)
            .where(TypePolicy.event_id == event.id)
        )
    }
    assert event.capacity == 180
    assert not policies["ministry"].needs_approval
    assert policies["individual"].needs_approval
    assert policies["company"].quota == 30


def test_load_with_attendees_registers_them_once_and_only_with_the_demo(runner, db):
    from eventapp.models import Registration, RegistrationStatus

    first = runner.invoke(args=["demo", "load", "--if-empty", "--attendees", "12"])
    second = runner.invoke(args=["demo", "load", "--if-empty", "--attendees", "12"])

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "Added 12 attendees" in first.output
    registrations = db.session.scalars(select(Registration)).all()
    assert len(registrations) == 12
    assert {r.status for r in registrations} == {RegistrationStatus.CONFIRMED}
    assert {r.event_id for r in registrations} == {event_by_slug(db, MAIN).id}
    assert all(r.checked_in_at is None for r in registrations)
