"""The check-in services without HTTP: reading tickets, checking in once, undoing, searching,
counting."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventapp.accounts.services import assign
from eventapp.audit.models import AuditEntry
from eventapp.checkin import services
from eventapp.checkin.services import Outcome
from eventapp.extensions import db
from eventapp.registration.models import (
    Registration,
    RegistrationLogEntry,
    RegistrationStatus,
    SessionChoice,
)
from tests.checkin.helpers import make_registration
from tests.factories import make_event

NOW = datetime(2031, 3, 18, 1, 42, tzinfo=UTC)  # 08:42 in Hanoi


def history(registration, action=None) -> list[RegistrationLogEntry]:
    query = select(RegistrationLogEntry).where(
        RegistrationLogEntry.registration_id == registration.id)
    if action:
        query = query.where(RegistrationLogEntry.action == action)
    return list(db.session.scalars(query.order_by(RegistrationLogEntry.id)))


def audits(action) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == action))


# --- Reading a ticket -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP"),
    ("  abcd-efgh ijkl-mnop\n", "ABCDEFGHIJKLMNOP"),
    ("ab cd\tef", "ABCDEF"),
    ("", ""),
    (None, ""),
])
def test_codes_are_normalised(raw, expected):
    assert services.normalize_code(raw) == expected


def test_a_confirmed_ticket_not_yet_in_is_valid(app, event):
    hoa = make_registration(event)
    answer = services.look_up(event, hoa.ticket_code.lower())
    assert answer.outcome == Outcome.VALID
    assert answer.registration.id == hoa.id
    assert answer.may_enter


def test_a_code_typed_with_lookalike_digits_is_found(app, event):
    hoa = make_registration(event, ticket_code="OOIIBBAAOOIIBBAA")
    assert services.look_up(event, "00118BAA-0011-8BAA").registration.id == hoa.id


@pytest.mark.parametrize("status, outcome", [
    (RegistrationStatus.CANCELLED, Outcome.CANCELLED),
    (RegistrationStatus.REJECTED, Outcome.REJECTED),
    (RegistrationStatus.EXPIRED, Outcome.EXPIRED),
    (RegistrationStatus.WAITLISTED, Outcome.WAITLISTED),
    (RegistrationStatus.PENDING_CONFIRMATION, Outcome.PENDING),
    (RegistrationStatus.PENDING_APPROVAL, Outcome.PENDING),
])
def test_tickets_that_give_no_entry_say_why_and_write_nothing(app, event, door, status, outcome):
    registration = make_registration(event, status=status)

    answer = services.scan(event, registration.ticket_code, door, NOW)

    assert answer.outcome == outcome
    assert not answer.may_enter
    assert answer.registration.id == registration.id
    assert db.session.get(Registration, registration.id).checked_in_at is None
    assert history(registration) == []
    assert audits("registration.check_in") == 0


def test_a_ticket_of_another_event_names_that_event(app, event, other_event, door):
    stranger = make_registration(other_event)

    answer = services.scan(event, stranger.ticket_code, door, NOW)

    assert answer.outcome == Outcome.OTHER_EVENT
    assert answer.other_event.id == other_event.id
    # Nothing about the person leaks to another event's door.
    assert answer.registration is None
    assert db.session.get(Registration, stranger.id).checked_in_at is None


@pytest.mark.parametrize("raw", ["ZZZZZZZZZZZZZZZZ", "not a code!", "X" * 200, "%"])
def test_unknown_codes(app, event, door, raw):
    make_registration(event)
    answer = services.scan(event, raw, door, NOW)
    assert answer.outcome == Outcome.UNKNOWN
    assert answer.registration is None


# --- Checking in ----------------------------------------------------------------------------------


def test_scanning_checks_in_once_and_then_says_when_and_by_whom(app, event, door):
    hoa = make_registration(event)
    code = hoa.ticket_code

    first = services.scan(event, code, door, NOW)
    db.session.commit()
    again = services.scan(event, code, door, NOW + timedelta(minutes=5))
    db.session.commit()

    assert first.outcome == Outcome.CHECKED_IN
    assert first.checked_in_at == NOW
    assert again.outcome == Outcome.ALREADY_CHECKED_IN
    assert again.checked_in_at == NOW
    assert again.checked_in_by == door.name
    assert db.session.get(Registration, hoa.id).checked_in_at == NOW
    [entry] = history(hoa)
    assert (entry.action, entry.actor) == ("checked_in", door.email)
    assert audits("registration.check_in") == 1


def test_checking_in_twice_directly_is_the_same(app, event, door):
    hoa = make_registration(event)
    assert services.check_in(hoa, door, NOW).outcome == Outcome.CHECKED_IN
    second = services.check_in(hoa, door, NOW + timedelta(seconds=3))
    assert second.outcome == Outcome.ALREADY_CHECKED_IN
    assert second.checked_in_at == NOW
    assert len(history(hoa, "checked_in")) == 1


def test_check_in_refuses_what_is_not_confirmed(app, event, door):
    cancelled = make_registration(event, status=RegistrationStatus.CANCELLED)
    assert services.check_in(cancelled, door, NOW).outcome == Outcome.CANCELLED
    assert history(cancelled) == []


def test_undo_takes_the_check_in_back_once(app, event, door):
    hoa = make_registration(event)
    services.check_in(hoa, door, NOW)

    undone = services.undo_check_in(hoa, door, NOW + timedelta(minutes=1))
    again = services.undo_check_in(hoa, door, NOW + timedelta(minutes=2))

    assert undone.outcome == Outcome.UNDONE
    assert again.outcome == Outcome.VALID
    assert db.session.get(Registration, hoa.id).checked_in_at is None
    assert [e.action for e in history(hoa)] == ["checked_in", "check_in.undone"]
    assert audits("registration.check_in_undo") == 1
    # And they can come in again.
    assert services.check_in(hoa, door, NOW + timedelta(minutes=3)).outcome == Outcome.CHECKED_IN


# --- Sessions -------------------------------------------------------------------------------------


def test_checking_into_a_session_checks_into_the_event_too(app, event, workshop, door):
    hoa = make_registration(event, sessions=[workshop])

    answer = services.scan(event, hoa.ticket_code, door, NOW, session=workshop)
    again = services.scan(event, hoa.ticket_code, door, NOW + timedelta(minutes=1),
                          session=workshop)

    assert answer.outcome == Outcome.CHECKED_IN and answer.session.id == workshop.id
    assert again.outcome == Outcome.ALREADY_CHECKED_IN and again.checked_in_at == NOW
    choice = db.session.scalar(select(SessionChoice).where(SessionChoice.registration_id == hoa.id))
    assert choice.checked_in_at == NOW
    assert db.session.get(Registration, hoa.id).checked_in_at == NOW
    assert [e.action for e in history(hoa)] == ["checked_in", "session.checked_in"]
    assert history(hoa, "session.checked_in")[0].detail == "Film heritage online"
    assert audits("registration.session_check_in") == 1


def test_a_session_check_in_after_the_entrance_leaves_the_entrance_time(app, event, workshop,
                                                                        door):
    hoa = make_registration(event, sessions=[workshop])
    services.check_in(hoa, door, NOW)
    later = NOW + timedelta(hours=1)

    answer = services.check_in(hoa, door, later, session=workshop)

    assert answer.outcome == Outcome.CHECKED_IN
    assert db.session.get(Registration, hoa.id).checked_in_at == NOW
    assert services.arrival(hoa, workshop) == later


def test_no_seat_in_the_session_is_said_and_nothing_written(app, event, workshop, door):
    without = make_registration(event)
    waiting = make_registration(event, "Trần Văn Nam", waitlisted_sessions=[workshop])

    for registration in (without, waiting):
        answer = services.scan(event, registration.ticket_code, door, NOW, session=workshop)
        assert answer.outcome == Outcome.NO_SEAT
        assert db.session.get(Registration, registration.id).checked_in_at is None
        assert history(registration) == []


def test_undoing_a_session_keeps_the_event_and_undoing_the_event_clears_both(app, event,
                                                                           workshop, door):
    hoa = make_registration(event, sessions=[workshop])
    services.check_in(hoa, door, NOW, session=workshop)

    assert services.undo_check_in(hoa, door, NOW, session=workshop).outcome == Outcome.UNDONE
    assert services.arrival(hoa, workshop) is None
    assert db.session.get(Registration, hoa.id).checked_in_at == NOW

    services.check_in(hoa, door, NOW, session=workshop)
    assert services.undo_check_in(hoa, door, NOW).outcome == Outcome.UNDONE
    assert services.arrival(hoa, workshop) is None
    assert db.session.get(Registration, hoa.id).checked_in_at is None
    assert [e.action for e in history(hoa)] == [
        "checked_in", "session.checked_in", "session.check_in_undone", "session.checked_in",
        "session.check_in_undone", "check_in.undone",
    ]


# --- Search ---------------------------------------------------------------------------------------


def names(found) -> list[str]:
    return [r.full_name for r in found[0]]


def test_search_ignores_diacritics_and_case(app, event):
    make_registration(event, "Nguyễn Thị Hoa")
    make_registration(event, "Đặng Văn Lâm", organization="Hãng phim truyện Việt Nam",
                      email="lam@studio.vn")
    make_registration(event, "Trần Quốc Bảo")

    assert names(services.search(event, "nguyen thi")) == ["Nguyễn Thị Hoa"]
    assert names(services.search(event, "dang")) == ["Đặng Văn Lâm"]
    assert names(services.search(event, "ĐẶNG")) == ["Đặng Văn Lâm"]
    assert names(services.search(event, "hang phim")) == ["Đặng Văn Lâm"]
    assert names(services.search(event, "studio.vn")) == ["Đặng Văn Lâm"]
    assert names(services.search(event, "")) == []
    # A LIKE wildcard is a plain character.
    assert names(services.search(event, "%")) == []


def test_search_puts_confirmed_first_then_in_vietnamese_name_order(app, event, other_event):
    make_registration(event, "Nguyễn Văn Bình", status=RegistrationStatus.CANCELLED)
    make_registration(event, "Nguyễn Thị Hoa")
    make_registration(event, "Nguyễn Văn An")
    make_registration(other_event, "Nguyễn Văn Anh")

    found, more = services.search(event, "nguyen")

    assert [r.full_name for r in found] == ["Nguyễn Văn An", "Nguyễn Thị Hoa", "Nguyễn Văn Bình"]
    assert not more


def test_search_gives_at_most_twenty(app, event):
    for n in range(25):
        make_registration(event, f"Lê Văn {n}")
    found, more = services.search(event, "le van")
    assert len(found) == 20 and more


# --- Counters -------------------------------------------------------------------------------------


def test_counters(app, event, workshop, door):
    arrived = make_registration(event, sessions=[workshop])
    make_registration(event, "Trần Văn Nam", sessions=[workshop])
    make_registration(event, "Lê Thị Mai", type_code="museum", walk_in=True, checked_in_at=NOW)
    make_registration(event, "Phạm Văn Cường", status=RegistrationStatus.CANCELLED,
                      checked_in_at=NOW)
    make_registration(event, "Hoàng Văn Dũng", status=RegistrationStatus.WAITLISTED)
    services.check_in(arrived, door, NOW, session=workshop)

    counts = services.counters(event)
    assert counts.as_dict() == {"confirmed": 3, "arrived": 2, "expected": 1, "walk_ins": 1}
    by_type = {c.organization_type.code: (c.confirmed, c.arrived) for c in counts.by_type}
    assert by_type == {"ministry": (2, 1), "museum": (1, 1)}

    in_session = services.counters(event, workshop)
    assert in_session.as_dict() == {"confirmed": 2, "arrived": 1, "expected": 1, "walk_ins": 0}


def test_counters_of_an_empty_event(app, event):
    assert services.counters(event).as_dict() == {
        "confirmed": 0, "arrived": 0, "expected": 0, "walk_ins": 0}


# --- The attendance report as a file -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_taking_the_attendance_report_as_a_file_is_audited(app, event, organizer, kind):
    services.record_attendance_download(event, kind, actor=organizer)
    db.session.commit()

    entry = db.session.scalar(select(AuditEntry))
    assert entry.action == f"attendance.export_{kind}"
    assert (entry.actor, entry.target_type, entry.target_id, entry.event_id) == (
        "organizer@example.org", "event", event.id, event.id)


# --- Which events ---------------------------------------------------------------------------------


def test_events_for_staff_today_first_then_coming_then_past(app, checkin_staff, admin):
    today = datetime.now(UTC).replace(microsecond=0)
    past = make_event(title="Past", starts_at=today - timedelta(days=30))
    later = make_event(title="Later", starts_at=today + timedelta(days=30))
    soon = make_event(title="Soon", starts_at=today + timedelta(days=3))
    now = make_event(title="Now", starts_at=today - timedelta(hours=1))
    make_event(title="Not theirs")
    for e in (past, later, soon, now):
        assign(checkin_staff, e.id)

    def today_of(e):
        return e.local(datetime.now(UTC)).date()

    assert [e.title for e in services.events_for(checkin_staff, today_of)] == [
        "Now", "Soon", "Later", "Past"]
    assert len(services.events_for(admin, today_of)) == 5


def test_the_history_says_each_step_in_words(app, event, workshop, door):
    from eventapp.registration.admin import describe

    hoa = make_registration(event, sessions=[workshop])
    services.check_in(hoa, door, NOW, session=workshop)
    services.undo_check_in(hoa, door, NOW)

    assert [describe(entry) for entry in history(hoa)] == [
        "Checked in", "Checked in to “Film heritage online”",
        "Check-in to “Film heritage online” undone", "Check-in undone",
    ]
