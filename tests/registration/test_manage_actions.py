"""What organizers do with registrations: decide, cancel, move, resend, add by hand, in bulk."""
import pytest

from eventapp.extensions import db
from eventapp.models import Event, Registration, RegistrationStatus, TypePolicy, WorkshopSession
from eventapp.registration.models import ChoiceStatus, CreativeField
from tests.registration.helpers import details, type_id
from tests.registration.manage_support import (  # noqa: F401  (fixtures)
    add_registration,
    audit_entries,
    flashes,
    fresh,
    outbox,
    post,
    signed_in_fixture,
    text_of,
    through_the_form,
    workshop_fixture,
)


def event_of(workshop) -> Event:
    return db.session.get(Event, workshop.event_id)


def reloaded(registration) -> Registration:
    fresh()
    return db.session.get(Registration, registration.id)


@pytest.fixture
def approval(workshop):
    """Ministries need an organizer's approval for this event."""
    db.session.add(TypePolicy(event_id=workshop.event_id, organization_type_id=type_id("ministry"),
                              needs_approval=True))
    db.session.commit()


# --- Deciding -------------------------------------------------------------------------------


def test_approving_confirms_and_emails_the_ticket(signed_in, workshop, approval):
    hoa = through_the_form(event_of(workshop), "hoa@example.org")
    assert hoa.status == RegistrationStatus.PENDING_APPROVAL

    response = post(signed_in, workshop.detail_url(hoa.id) + "/approve",
                    page_url=workshop.detail_url(hoa.id))

    assert response.status_code == 302
    assert reloaded(hoa).status == RegistrationStatus.CONFIRMED
    assert len(outbox("hoa@example.org", "registration.confirmed")) == 1
    entry = audit_entries("registration.approve")[-1]
    assert entry.actor == "organizer@example.org" and entry.target_id == hoa.id
    assert entry.before["status"] == "pending_approval" and entry.after["status"] == "confirmed"
    page = text_of(signed_in.get(workshop.detail_url(hoa.id)))
    assert "Approved organizer@example.org" in page
    assert "confirmation with ticket" in page


def test_approving_twice_is_refused_with_a_reason(signed_in, workshop):
    hoa = through_the_form(event_of(workshop), "hoa@example.org")
    response = post(signed_in, workshop.detail_url(hoa.id) + "/approve",
                    page_url=workshop.detail_url(hoa.id))
    page = signed_in.get(response.headers["Location"])
    assert "Only a registration waiting for approval can be approved." in flashes(page)
    assert audit_entries("registration.approve") == []


def test_rejecting_emails_the_reason(signed_in, workshop, approval):
    hoa = through_the_form(event_of(workshop), "hoa@example.org")
    reason = "This workshop is for delegates of the provinces applying to UNESCO."

    post(signed_in, workshop.detail_url(hoa.id) + "/reject", {"reason": reason},
         page_url=workshop.detail_url(hoa.id))

    assert reloaded(hoa).status == RegistrationStatus.REJECTED
    email = outbox("hoa@example.org", "registration.rejected")[-1]
    assert reason in email.text_body
    assert reason in email.html_body
    assert audit_entries("registration.reject")[-1].after["decision_reason"] == reason


def test_rejecting_without_a_reason_is_refused_and_keeps_the_page(signed_in, workshop, approval):
    hoa = through_the_form(event_of(workshop), "hoa@example.org")
    response = post(signed_in, workshop.detail_url(hoa.id) + "/reject", {"reason": "   "},
                    page_url=workshop.detail_url(hoa.id))
    assert response.status_code == 400
    assert "Please give the reason" in text_of(response)
    assert reloaded(hoa).status == RegistrationStatus.PENDING_APPROVAL


def test_cancelling_gives_the_place_to_the_next_person_waiting(signed_in, workshop):
    event = event_of(workshop)
    event.capacity = 1
    db.session.commit()
    first = through_the_form(event_of(workshop), "first@example.org")
    second = through_the_form(event_of(workshop), "second@example.org")
    assert second.status == RegistrationStatus.WAITLISTED

    post(signed_in, workshop.detail_url(first.id) + "/cancel",
         page_url=workshop.detail_url(first.id))

    assert reloaded(first).status == RegistrationStatus.CANCELLED
    assert reloaded(second).status == RegistrationStatus.CONFIRMED
    assert outbox("second@example.org", "registration.promoted")
    page = text_of(signed_in.get(workshop.detail_url(first.id)))
    assert "Cancelled organizer@example.org" in page


# --- Sessions -------------------------------------------------------------------------------


def test_moving_to_another_session_frees_the_seat_for_the_next_person(signed_in, workshop):
    event = event_of(workshop)
    a = through_the_form(event, "a@example.org", [workshop.film])
    through_the_form(event_of(workshop), "b@example.org", [workshop.film])
    c = through_the_form(event_of(workshop), "c@example.org", [workshop.film])
    assert [ch.status for ch in reloaded(c).choices] == [ChoiceStatus.WAITLISTED]

    response = post(signed_in, workshop.detail_url(a.id) + "/sessions", {"sessions": [workshop.ip]},
                    page_url=workshop.detail_url(a.id))

    assert response.status_code == 302
    assert [(ch.session_id, ch.status) for ch in reloaded(a).choices] == [
        (workshop.ip, ChoiceStatus.HOLDING)
    ]
    assert [ch.status for ch in reloaded(c).choices] == [ChoiceStatus.HOLDING]
    assert outbox("c@example.org", "registration.session_promoted")
    assert db.session.get(WorkshopSession, workshop.film).seats_taken == 2


def test_moving_into_a_full_session_is_refused_unless_asked(signed_in, workshop):
    through_the_form(event_of(workshop), "a@example.org", [workshop.film])
    through_the_form(event_of(workshop), "b@example.org", [workshop.film])
    c = through_the_form(event_of(workshop), "c@example.org", [workshop.ip])
    url = workshop.detail_url(c.id) + "/sessions"

    refused = post(signed_in, url, {"sessions": [workshop.film]},
                   page_url=workshop.detail_url(c.id))

    assert refused.status_code == 400
    assert "“Film and streaming” is full." in text_of(refused)
    assert [ch.session_id for ch in reloaded(c).choices] == [workshop.ip]
    assert db.session.get(WorkshopSession, workshop.ip).seats_taken == 1

    post(signed_in, url, {"sessions": [workshop.film], "waitlist_if_full": "y"},
         page_url=workshop.detail_url(c.id))

    assert [(ch.session_id, ch.status) for ch in reloaded(c).choices] == [
        (workshop.film, ChoiceStatus.WAITLISTED)
    ]
    assert db.session.get(WorkshopSession, workshop.ip).seats_taken == 0


def test_organizers_may_move_people_after_registration_closed(signed_in, workshop):
    from datetime import timedelta

    from eventapp.db import utc_now

    a = through_the_form(event_of(workshop), "a@example.org", [workshop.film])
    event = event_of(workshop)
    event.registration_closes_at = utc_now() - timedelta(minutes=1)
    event.registration_opens_at = utc_now() - timedelta(days=1)
    db.session.commit()

    post(signed_in, workshop.detail_url(a.id) + "/sessions", {"sessions": [workshop.ip]},
         page_url=workshop.detail_url(a.id))

    assert [ch.session_id for ch in reloaded(a).choices] == [workshop.ip]


# --- Resending ------------------------------------------------------------------------------


def test_resending_writes_the_latest_email_afresh(signed_in, workshop):
    hoa = through_the_form(event_of(workshop), "hoa@example.org", [workshop.film])
    assert len(outbox("hoa@example.org", "registration.confirmed")) == 1
    # Moved since: the resent ticket shows the session as it is now.
    post(signed_in, workshop.detail_url(hoa.id) + "/sessions", {"sessions": [workshop.ip]},
         page_url=workshop.detail_url(hoa.id))

    post(signed_in, workshop.detail_url(hoa.id) + "/resend", page_url=workshop.detail_url(hoa.id))

    emails = outbox("hoa@example.org", "registration.confirmed")
    assert len(emails) == 2
    assert "Cultural products as intellectual property" in emails[-1].text_body
    assert "Film and streaming" not in emails[-1].text_body
    page = text_of(signed_in.get(workshop.detail_url(hoa.id)))
    assert ("Email sent again by an organizer: confirmation with ticket organizer@example.org"
            in page)


def test_resending_to_someone_who_has_not_confirmed_sends_a_new_link(signed_in, workshop):
    from eventapp.registration import services

    services.register(event_of(workshop), details("hoa@example.org"))
    db.session.commit()
    hoa = db.session.query(Registration).one()

    post(signed_in, workshop.detail_url(hoa.id) + "/resend", page_url=workshop.detail_url(hoa.id))

    assert len(outbox("hoa@example.org", "registration.confirm_request")) == 2


def test_an_expired_registration_has_nothing_to_resend(signed_in, workshop):
    gone = add_registration(workshop.event_id, "Nguyễn Văn A", status=RegistrationStatus.EXPIRED)
    db.session.commit()
    response = post(signed_in, workshop.detail_url(gone.id) + "/resend",
                    page_url=workshop.detail_url(gone.id))
    messages = " ".join(flashes(signed_in.get(response.headers["Location"])))
    assert "there is no email to send again" in messages
    assert outbox() == []


# --- Adding by hand -------------------------------------------------------------------------


def guest(**overrides):
    data = {
        "kind": "invited",
        "honorific": "dr",
        "full_name": "Nguyễn Phương Hoa",
        "email": "hoa@example.org",
        "language": "vi",
        "organization_name": "Department of International Cooperation",
        "organization_type": str(type_id("ministry")),
        "country": "VN",
        "notify": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def add(client, workshop, **overrides):
    return post(client, f"{workshop.list_url}/new", guest(**overrides))


def test_an_invited_guest_is_confirmed_at_once_without_email_confirmation(signed_in, workshop):
    response = add(signed_in, workshop, sessions=[str(workshop.film)])

    assert response.status_code == 302
    hoa = db.session.query(Registration).one()
    assert hoa.status == RegistrationStatus.CONFIRMED
    assert hoa.holds_place and hoa.checked_in_at is None
    assert [c.status for c in hoa.choices] == [ChoiceStatus.HOLDING]
    assert outbox("hoa@example.org", "registration.confirm_request") == []
    assert len(outbox("hoa@example.org", "registration.confirmed")) == 1
    assert audit_entries("registration.add")[-1].after["kind"] == "invited"
    page = text_of(signed_in.get(response.headers["Location"]))
    assert "Added by an organizer as an invited guest organizer@example.org" in page


@pytest.mark.parametrize("code, organization, kept", [
    # A museum that ticked the box (entered as a city authority, then changed): no
    # application kept; its city is.
    ("museum", "Bảo tàng Văn hóa Cố đô", ("Huế", False, None)),
    ("local_authority", "Phòng Văn hóa và Thông tin thành phố Huế",
     ("Huế", True, CreativeField.CRAFTS_FOLK_ART)),
])
def test_an_organizers_addition_keeps_unesco_answers_for_city_authorities_only(
    signed_in, workshop, code, organization, kept
):
    response = add(signed_in, workshop, organization_type=str(type_id(code)),
                   organization_name=organization, city="Huế", unesco_applicant="y",
                   unesco_field="crafts_folk_art")

    assert response.status_code == 302
    added = db.session.query(Registration).one()
    assert (added.city, added.unesco_applicant, added.unesco_field) == kept


def test_when_the_event_is_full_they_wait_unless_the_capacity_is_skipped(signed_in, workshop):
    event = event_of(workshop)
    event.capacity = 1
    db.session.commit()
    through_the_form(event_of(workshop), "first@example.org")

    add(signed_in, workshop, email="waiting@example.org")
    add(signed_in, workshop, email="vip@example.org", skip_capacity="y",
        sessions=[str(workshop.film)])

    waiting = db.session.query(Registration).filter_by(email="waiting@example.org").one()
    vip = db.session.query(Registration).filter_by(email="vip@example.org").one()
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert outbox("waiting@example.org", "registration.waitlisted")
    assert vip.status == RegistrationStatus.CONFIRMED and not vip.holds_place
    # On top of the capacity: the event's count stays within it.
    assert event_of(workshop).seats_taken == 1
    assert [c.status for c in vip.choices] == [ChoiceStatus.HOLDING]
    page = text_of(signed_in.get(workshop.detail_url(vip.id)))
    assert "Confirmed beyond the event's capacity" in page


def test_a_walk_in_is_checked_in_at_once_and_needs_no_email(signed_in, workshop):
    add(signed_in, workshop, kind="walk_in", notify=None)
    walk_in = db.session.query(Registration).one()
    assert walk_in.status == RegistrationStatus.CONFIRMED
    assert walk_in.checked_in_at is not None
    assert outbox() == []


def test_adding_someone_already_registered_points_to_them(signed_in, workshop):
    existing = through_the_form(event_of(workshop), "hoa@example.org")
    response = add(signed_in, workshop, email="HOA@example.org", full_name="Nguyễn P. Hoa")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "already registered" in text_of(response)
    assert workshop.detail_url(existing.id) in html
    # What was typed is still there.
    assert 'value="Nguyễn P. Hoa"' in html
    assert db.session.query(Registration).count() == 1


def test_the_form_keeps_what_was_typed_when_something_is_missing(signed_in, workshop):
    response = add(signed_in, workshop, organization_name="", position="Director")
    assert response.status_code == 400
    assert 'value="Director"' in response.get_data(as_text=True)
    assert db.session.query(Registration).count() == 0


def test_any_kind_of_organization_may_be_added_even_if_not_admitted(signed_in, workshop):
    db.session.add(TypePolicy(event_id=workshop.event_id, organization_type_id=type_id("media"),
                              admitted=False))
    db.session.commit()
    add(signed_in, workshop, organization_type=str(type_id("media")))
    assert db.session.query(Registration).one().status == RegistrationStatus.CONFIRMED


# --- Bulk -----------------------------------------------------------------------------------


def bulk(client, workshop, ids, action, reason=""):
    response = post(client, f"{workshop.list_url}/bulk",
                    {"ids": [str(i) for i in ids], "action": action, "reason": reason,
                     "back": "status=pending_approval"},
                    page_url=workshop.list_url)
    return response, flashes(client.get(response.headers["Location"]))


def test_bulk_approval_says_what_was_done_and_what_was_refused(signed_in, workshop, approval):
    a = through_the_form(event_of(workshop), "a@example.org")
    b = through_the_form(event_of(workshop), "b@example.org")
    confirmed = through_the_form(event_of(workshop), "c@example.org", type_code="company")

    response, messages = bulk(signed_in, workshop, [a.id, b.id, confirmed.id], "approve")

    assert response.headers["Location"].endswith("/registrations?status=pending_approval")
    assert reloaded(a).status == reloaded(b).status == RegistrationStatus.CONFIRMED
    assert "2 registrations approved." in messages
    assert ("1 refused: Only a registration waiting for approval can be approved. (Nguyễn Thị Hoa)"
            in messages)
    assert len(audit_entries("registration.approve")) == 2


def test_bulk_rejection_emails_everyone_the_one_reason(signed_in, workshop, approval):
    a = through_the_form(event_of(workshop), "a@example.org")
    b = through_the_form(event_of(workshop), "b@example.org")
    reason = "Places are reserved for the provinces' delegates."

    bulk(signed_in, workshop, [a.id, b.id], "reject", reason)

    for address in ("a@example.org", "b@example.org"):
        assert reason in outbox(address, "registration.rejected")[-1].text_body


def test_bulk_rejection_needs_a_reason_and_then_changes_nothing(signed_in, workshop, approval):
    a = through_the_form(event_of(workshop), "a@example.org")
    _, messages = bulk(signed_in, workshop, [a.id], "reject", "")
    assert any("Please give the reason" in m for m in messages)
    assert reloaded(a).status == RegistrationStatus.PENDING_APPROVAL


def test_bulk_cancel_and_resend(signed_in, workshop):
    a = through_the_form(event_of(workshop), "a@example.org")
    b = through_the_form(event_of(workshop), "b@example.org")

    _, messages = bulk(signed_in, workshop, [a.id, b.id], "resend")
    assert "2 emails sent again." in messages
    assert len(outbox("a@example.org", "registration.confirmed")) == 2

    _, messages = bulk(signed_in, workshop, [a.id, b.id], "cancel")
    assert "2 registrations cancelled." in messages
    assert reloaded(a).status == reloaded(b).status == RegistrationStatus.CANCELLED


def test_bulk_ignores_registrations_of_other_events(signed_in, workshop):
    from tests.factories import make_event

    elsewhere = make_event(title="Another workshop")
    theirs = add_registration(elsewhere.id, "Nguyễn Văn Khác")
    db.session.commit()
    _, messages = bulk(signed_in, workshop, [theirs.id], "cancel")
    assert reloaded(theirs).status == RegistrationStatus.CONFIRMED
    assert "0 registrations cancelled." in messages
