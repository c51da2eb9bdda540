"""The registration lifecycle, service by service, with the emails it writes."""
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from eventapp.extensions import db
from eventapp.models import Registration, RegistrationStatus, TypePolicy
from eventapp.registration import amendments
from eventapp.registration import services
from eventapp.registration.models import ChoiceStatus
from eventapp.registration.services import (
    InvalidLink,
    LinkExpired,
    RegistrationClosed,
    SessionConflict,
    TypeNotAdmitted,
)
from tests.factories import make_event, make_session
from tests.registration.helpers import details, emails_to, last_email, link, token_from, type_id

NOW = datetime(2030, 6, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def event(db):
    event = make_event(
        title="Cultural and creative industries", contact_email="contact@example.org",
        notification_emails="organizers@example.org, secretariat@example.org",
    )
    db.session.commit()
    return event


def register(event, email="hoa@example.org", sessions=(), now=NOW, **overrides):
    registration = services.register(event, details(email, **overrides), sessions, now=now)
    db.session.commit()
    return registration


def confirm(email, now=NOW):
    token = token_from(link(last_email(email, "confirm_request"), "/confirm/"))
    registration = services.confirm_email(token, now=now)
    db.session.commit()
    return registration


def test_register_confirm_and_receive_the_ticket(event):
    registration = register(event)

    assert registration.status == RegistrationStatus.PENDING_CONFIRMATION
    assert registration.holds_place
    request = last_email("hoa@example.org", "confirm_request")
    assert "Please confirm your registration" in request.subject
    assert request.reply_to == "contact@example.org"
    assert request.to_name == "Nguyễn Thị Hoa"

    confirm("hoa@example.org")

    assert registration.status == RegistrationStatus.CONFIRMED
    confirmed = last_email("hoa@example.org", "confirmed")
    assert registration.ticket_code in confirmed.text_body
    assert f"/r/{registration.manage_secret}" in link(confirmed, "/r/")
    names = sorted(a.filename for a in confirmed.attachments)
    assert names == [f"{event.slug}.ics", "ticket-qr.png"]
    assert "cid:ticket-qr@eventapp" in confirmed.html_body
    # The organizers hear of it once the address is confirmed, not before.
    assert len(emails_to("organizers@example.org")) == 1
    assert "Nguyễn Thị Hoa" in emails_to("secretariat@example.org")[0].subject


@pytest.mark.parametrize("language, other", [("vi", "en"), ("en", "vi")])
def test_the_calendar_in_the_ticket_email_speaks_the_attendees_language(event, language, other):
    event.title_vi = "Các ngành công nghiệp văn hóa và sáng tạo"
    db.session.commit()
    register(event, language=language)

    # Confirmed while the app speaks the other language (an organizer's screen, say).
    with force_locale(other):
        confirm("hoa@example.org")

    ics = next(a for a in last_email("hoa@example.org", "confirmed").attachments
               if a.filename.endswith(".ics"))
    calendar = ics.data.decode()
    title = {"vi": "Các ngành công nghiệp văn hóa và sáng tạo",
             "en": "Cultural and creative industries"}
    assert title[language] in calendar.replace("\r\n ", "")
    assert title[other] not in calendar.replace("\r\n ", "")


def test_confirmation_links_are_single_use(event):
    register(event)
    token = token_from(link(last_email("hoa@example.org", "confirm_request"), "/confirm/"))
    services.confirm_email(token, now=NOW)
    db.session.commit()
    with pytest.raises(InvalidLink):
        services.confirm_email(token, now=NOW)
    with pytest.raises(InvalidLink):
        services.confirm_email("made-up-token", now=NOW)


def test_an_expired_link_releases_the_place(event):
    event.capacity = 1
    db.session.commit()
    registration = register(event)
    later = NOW + timedelta(hours=49)

    with pytest.raises(LinkExpired):
        confirm("hoa@example.org", now=later)
    db.session.commit()

    assert registration.status == RegistrationStatus.EXPIRED
    db.session.refresh(event)
    assert event.seats_taken == 0


def test_registering_twice_reveals_nothing_and_mails_the_owner(event):
    first = register(event)
    confirm("hoa@example.org")

    again = register(event, email="HOA@Example.org")

    assert again.id == first.id
    assert db.session.query(Registration).count() == 1
    notice = last_email("hoa@example.org", "already_registered")
    assert f"/r/{first.manage_secret}" in link(notice, "/r/")


def test_registering_again_before_confirming_sends_a_fresh_link(event):
    register(event)
    old = token_from(link(last_email("hoa@example.org", "confirm_request"), "/confirm/"))
    register(event)
    with pytest.raises(InvalidLink):
        services.confirm_email(old, now=NOW)
    assert confirm("hoa@example.org").status == RegistrationStatus.CONFIRMED


def test_resend_is_silent_for_unknown_addresses(event):
    services.resend_confirmation(event, "nobody@example.org", now=NOW)
    services.resend_confirmation(event, "not an address", now=NOW)
    assert emails_to("nobody@example.org") == []

    register(event)
    services.resend_confirmation(event, "hoa@example.org", now=NOW)
    assert len(emails_to("hoa@example.org", "confirm_request")) == 2


def test_full_event_waitlists_then_promotes_on_cancellation(event):
    event.capacity = 1
    db.session.commit()
    first = register(event, "first@example.org")
    confirm("first@example.org")
    second = register(event, "second@example.org")
    assert not second.holds_place
    confirm("second@example.org")

    assert second.status == RegistrationStatus.WAITLISTED
    assert "position 1" in last_email("second@example.org", "waitlisted").text_body

    services.cancel(first, now=NOW)
    db.session.commit()

    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.CONFIRMED
    assert second.holds_place
    assert "A place is free" in last_email("second@example.org", "promoted").subject
    assert last_email("first@example.org", "cancelled")
    db.session.refresh(event)
    assert event.seats_taken == 1


def test_waiting_list_is_first_come_first_served(event):
    event.capacity = 1
    db.session.commit()
    holder = register(event, "holder@example.org")
    confirm("holder@example.org")
    for name in ("a", "b", "c"):
        register(event, f"{name}@example.org")
        confirm(f"{name}@example.org")
    positions = [
        services.waitlist_position(db.session.query(Registration).filter_by(email=f"{n}@example.org").one())
        for n in ("a", "b", "c")
    ]
    assert positions == [1, 2, 3]

    services.cancel(holder, now=NOW)
    db.session.commit()

    statuses = {r.email: r.status for r in db.session.query(Registration)}
    assert statuses["a@example.org"] == RegistrationStatus.CONFIRMED
    assert statuses["b@example.org"] == RegistrationStatus.WAITLISTED
    assert emails_to("b@example.org", "promoted") == []


def test_a_full_quota_does_not_block_others(event):
    event.capacity = 3
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("company"), quota=1))
    db.session.commit()

    register(event, "amcham@example.org", type_code="company")
    second_company = register(event, "studio@example.org", type_code="company")
    individual = register(event, "artist@example.org", type_code="individual")

    assert not second_company.holds_place
    assert individual.holds_place


def test_session_waiting_list_moves_when_a_seat_frees(event):
    workshop = make_session(event, title="Preparing a UNESCO Creative Cities application", capacity=1)
    db.session.commit()
    first = register(event, "first@example.org", sessions=[workshop.id])
    confirm("first@example.org")
    second = register(event, "second@example.org", sessions=[workshop.id])
    confirm("second@example.org")
    assert [c.status for c in second.choices] == [ChoiceStatus.WAITLISTED]
    assert "waiting list, position 1" in last_email("second@example.org", "confirmed").text_body

    amendments.change_sessions(first, [], now=NOW)
    db.session.commit()

    assert [c.status for c in second.choices] == [ChoiceStatus.HOLDING]
    assert "A seat is free" in last_email("second@example.org", "session_promoted").subject
    db.session.refresh(workshop)
    assert workshop.seats_taken == 1


def test_overlapping_sessions_cannot_both_be_chosen(event):
    a = make_session(event, title="Film and streaming")
    b = make_session(event, title="Cultural products as intellectual property",
                     starts_at=a.starts_at + timedelta(minutes=30))
    db.session.commit()
    with pytest.raises(SessionConflict) as error:
        register(event, sessions=[a.id, b.id])
    assert "Film and streaming" in str(error.value.message)
    db.session.rollback()


def test_approval_then_confirmation(event):
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("individual"),
                              needs_approval=True))
    db.session.commit()
    registration = register(event, "person@example.org", type_code="individual")
    confirm("person@example.org")
    assert registration.status == RegistrationStatus.PENDING_APPROVAL
    assert last_email("person@example.org", "awaiting_approval")

    services.approve(registration, now=NOW)
    db.session.commit()

    assert registration.status == RegistrationStatus.CONFIRMED
    assert "approved" in last_email("person@example.org", "confirmed").text_body


def test_rejection_gives_the_reason_and_frees_the_place(event):
    event.capacity = 1
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("individual"),
                              needs_approval=True))
    db.session.commit()
    registration = register(event, "person@example.org", type_code="individual")
    confirm("person@example.org")

    services.reject(registration, "The workshop is for invited institutions only.", now=NOW)
    db.session.commit()

    assert registration.status == RegistrationStatus.REJECTED
    assert "invited institutions only" in last_email("person@example.org", "rejected").text_body
    db.session.refresh(event)
    assert event.seats_taken == 0


def test_types_not_admitted_and_closed_window_are_refused(event):
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("media"), admitted=False))
    event.registration_closes_at = NOW + timedelta(days=1)
    db.session.commit()
    with pytest.raises(TypeNotAdmitted):
        register(event, type_code="media")
    db.session.rollback()
    with pytest.raises(RegistrationClosed):
        register(event, now=NOW + timedelta(days=2))
    db.session.rollback()


def test_expire_holds_frees_places_for_the_waiting_list(event):
    event.capacity = 1
    db.session.commit()
    register(event, "slow@example.org")
    waiting = register(event, "quick@example.org", now=NOW + timedelta(hours=1))
    confirm("quick@example.org", now=NOW + timedelta(hours=1))
    assert waiting.status == RegistrationStatus.WAITLISTED

    expired = services.expire_holds(now=NOW + timedelta(hours=48, minutes=1))
    db.session.commit()

    assert expired == 1
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert last_email("quick@example.org", "promoted")
