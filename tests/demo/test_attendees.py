"""`flask demo attendees`: the people of the demo workshop, added once, within every limit."""
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventapp.checkin.report import attendance_report
from eventapp.demo import attendees
from eventapp.demo.attendees import add_attendees, people
from eventapp.events.models import Event
from eventapp.extensions import db as _db
from eventapp.labels import Honorific
from eventapp.mail.models import OutboxMessage
from eventapp.models import (
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionKind,
    TypePolicy,
    WorkshopSession,
)
from eventapp.registration.models import ChoiceStatus, RegistrationLogEntry
from eventapp.text import fold
from tests.factories import make_event, make_session
from tests.registration.helpers import type_id

MAIN = "creative-industries-digital"
ALLOWED_DOMAINS = {"example.org", "example.com", "example.vn"}


def registrations(event_id: int) -> list[Registration]:
    return list(_db.session.scalars(select(Registration).where(Registration.event_id == event_id)))


# --- The people --------------------------------------------------------------------------------


def test_the_list_is_the_same_every_time_and_a_longer_one_begins_with_a_shorter_one(app):
    assert people(40) == people(40)
    assert people(60)[:40] == people(40)


def test_the_people_look_like_those_of_the_workshop(app):
    crowd = people(60)

    assert len({p.email for p in crowd}) == 60
    assert len({p.full_name for p in crowd}) >= 50
    assert {p.email.rsplit("@", 1)[1] for p in crowd} <= ALLOWED_DOMAINS
    assert all(p.email.isascii() for p in crowd)
    # Vietnamese names keep their diacritics.
    assert sum(fold(p.full_name) != p.full_name.lower() for p in crowd) >= 40
    titles = {p.honorific for p in crowd}
    assert {Honorific.MR, Honorific.MS, Honorific.DR, Honorific.ASSOC_PROF_DR} <= titles
    assert {p.language for p in crowd} == {"vi", "en"}
    assert len({p.country for p in crowd if p.country != "VN"}) >= 5
    cities = {p.city for p in crowd}
    assert {"Hà Nội", "Hội An", "Đà Lạt", "Huế"} <= cities
    kinds = {p.type for p in crowd}
    assert {"ministry", "local_authority", "museum", "theatre", "film_studio", "association",
            "company", "artist"} <= kinds
    assert any("AmCham" in p.organization for p in crowd)
    assert any(p.walk_in for p in crowd)


# --- The command -------------------------------------------------------------------------------


def test_the_command_adds_confirmed_people_once(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0

    first = runner.invoke(args=["demo", "attendees", "--count", "40"])
    assert first.exit_code == 0, first.output
    event = db.session.scalar(select(Event).where(Event.slug == MAIN))
    added = registrations(event.id)
    # Walk-ins come only with arrivals.
    expected = [p for p in people(40) if not p.walk_in]
    assert {r.email for r in added} == {p.email for p in expected}
    assert {r.status for r in added} == {RegistrationStatus.CONFIRMED}
    assert all(r.holds_place and r.checked_in_at is None for r in added)
    assert f"Added {len(expected)} attendees" in first.output
    # Organizers entered them: no email.
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    again = runner.invoke(args=["demo", "attendees", "--count", "40"])
    assert again.exit_code == 0, again.output
    assert "Added 0 attendees" in again.output
    db.session.expire_all()
    assert len(registrations(event.id)) == len(expected)
    assert db.session.get(Event, event.id).seats_taken == len(expected)

    more = runner.invoke(args=["demo", "attendees", "--count", "50"])
    assert more.exit_code == 0
    assert len(registrations(event.id)) == len([p for p in people(50) if not p.walk_in])


def test_people_choose_sessions_that_fit_together(runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "attendees"]).exit_code == 0

    event = db.session.scalar(select(Event).where(Event.slug == MAIN))
    chosen = [r.choices for r in registrations(event.id)]
    assert sum(len(c) for c in chosen) > 3 * len(chosen)
    for choices in chosen:
        sessions = sorted((c.session for c in choices), key=lambda s: s.starts_at)
        assert all(a.ends_at <= b.starts_at for a, b in zip(sessions, sessions[1:]))
        assert all(c.status == ChoiceStatus.HOLDING for c in choices)
    workshops = Counter(c.session.title for cs in chosen for c in cs
                        if c.session.kind == SessionKind.WORKSHOP)
    assert len(workshops) == 3


def test_no_limit_is_ever_exceeded(app, db):
    event = make_event(slug="small-workshop", capacity=12)
    film = make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP,
                        capacity=3)
    make_session(event, title="Cultural products as intellectual property", capacity=4,
                 kind=SessionKind.WORKSHOP)
    make_session(event, title="Opening", starts_at=event.starts_at - timedelta(hours=1))
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("company"),
                              quota=1))
    # Museums are not invited to this one.
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("museum"),
                              admitted=False))
    db.session.commit()

    outcome = add_attendees("small-workshop", count=60)
    db.session.commit()

    db.session.expire_all()
    event = db.session.get(Event, event.id)
    added = registrations(event.id)
    assert outcome.added == len(added) == event.seats_taken == 12
    assert outcome.no_place > 0
    assert {r.status for r in added} == {RegistrationStatus.CONFIRMED}
    kinds = Counter(r.organization_type.code for r in added)
    assert kinds["company"] <= 1 and kinds["museum"] == 0
    for session in db.session.scalars(select(WorkshopSession)
                                      .where(WorkshopSession.event_id == event.id)):
        holding = db.session.scalar(select(func.count()).select_from(SessionChoice).where(
            SessionChoice.session_id == session.id, SessionChoice.status == ChoiceStatus.HOLDING))
        assert holding == session.seats_taken
        assert session.capacity is None or holding <= session.capacity
    assert db.session.get(WorkshopSession, film.id).seats_taken == 3


def test_arrivals_over_the_morning_of_a_past_event_with_walk_ins(app, db):
    starts = datetime(2026, 3, 12, 1, 30, tzinfo=UTC)  # 08:30 in Hanoi
    event = make_event(slug="past-workshop", starts_at=starts)
    workshop = make_session(event, title="Preparing a UNESCO Creative Cities Network application",
                            kind=SessionKind.WORKSHOP, starts_at=starts + timedelta(hours=4))
    make_session(event, title="Opening", starts_at=starts)
    db.session.commit()

    outcome = add_attendees("past-workshop", count=45, checked_in=0.6)
    db.session.commit()

    added = registrations(event.id)
    arrived = [r for r in added if r.checked_in_at]
    assert outcome.walk_ins == 3 and outcome.checked_in + 3 == len(arrived)
    assert 0.4 * len(added) < len(arrived) < 0.8 * len(added)
    assert all(starts - timedelta(minutes=30) <= r.checked_in_at <= starts + timedelta(hours=3)
               for r in arrived)
    assert len({r.checked_in_at.replace(second=0) for r in arrived}) > 10
    walk_ins = db.session.scalars(select(RegistrationLogEntry.registration_id).where(
        RegistrationLogEntry.detail == "walk_in")).all()
    assert len(walk_ins) == 3
    session_arrivals = db.session.scalars(select(SessionChoice.checked_in_at).where(
        SessionChoice.session_id == workshop.id, SessionChoice.checked_in_at.is_not(None))).all()
    assert session_arrivals
    assert all(abs(t - workshop.starts_at) <= timedelta(minutes=10) for t in session_arrivals)
    # Written into the histories as the check-in station writes them.
    actions = Counter(db.session.scalars(select(RegistrationLogEntry.action)))
    assert actions["session.checked_in"] == len(session_arrivals)
    assert actions["checked_in"] == len(arrived)
    report = attendance_report(event)
    assert report.walk_ins == 3 and report.arrived == len(arrived)

    again = add_attendees("past-workshop", count=45, checked_in=0.6)
    db.session.commit()
    assert (again.added, again.checked_in, again.already_there) == (0, 0, len(added))


def test_while_the_event_runs_nobody_arrives_after_now(app, db):
    starts = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)
    event = make_event(slug="today", starts_at=starts)
    db.session.commit()
    now = starts + timedelta(minutes=20)

    add_attendees("today", count=40, checked_in=1.0, now=now)
    db.session.commit()

    added = registrations(event.id)
    arrived = [r.checked_in_at for r in added if r.checked_in_at]
    assert arrived and all(moment <= now for moment in arrived)
    assert len(arrived) < len(added)


def test_an_unknown_event_is_a_clear_error(runner, db):
    result = runner.invoke(args=["demo", "attendees", "--event", "nowhere"])

    assert result.exit_code != 0
    assert "flask demo load" in result.output
    bad = runner.invoke(args=["demo", "attendees", "--checked-in", "1.5"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("share", ["0", "0.6"])
def test_the_demo_command_prints_what_it_did(runner, db, share):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    result = runner.invoke(args=["demo", "attendees", "--count", "30", "--checked-in", share])

    assert result.exit_code == 0, result.output
    assert "Places:" in result.output
    if share != "0":
        assert "as if the day had come" in result.output


def test_defaults_name_the_upcoming_demo_workshop():
    assert attendees.DEFAULT_EVENT == MAIN
    assert attendees.DEFAULT_COUNT >= 40
