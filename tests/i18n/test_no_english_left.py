"""A Vietnamese visitor meets no English word of the interface: on every public page, through
the whole registration, and in every email.

Each page is rendered in Vietnamese and searched for the interface's own English strings
(the msgids of the catalogue): one found verbatim is a string not translated, or not marked
for translation and translated by accident nowhere. What organizers and attendees wrote
(names, venues, rooms) is taken out first, and so is text marked as being in another
language (an English title shown for want of a Vietnamese one carries lang="en").
"""
import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db as _db
from eventapp.mail.models import OutboxMessage
from eventapp.models import Event, Room, Speaker, SpeakerLink, WorkshopSession
from eventapp.registration import emails
from eventapp.registration.models import Registration
from tests.i18n.catalogue import english_left_in
from tests.i18n.conftest import csrf_token, shown_text, without
from tests.registration.helpers import type_id

ADDRESS = "hoa.nguyen@example.org"


def _content() -> list[str]:
    """Everything the organizers and attendees wrote that has no translation to check."""
    texts = []
    for event in _db.session.scalars(select(Event)):
        texts += [event.organizer, event.venue, event.address, event.contact_email]
    for room in _db.session.scalars(select(Room)):
        texts += [room.name, room.location]
    texts += list(_db.session.scalars(select(WorkshopSession.track)))
    for speaker in _db.session.scalars(select(Speaker)):
        texts.append(speaker.full_name)
    texts += list(_db.session.scalars(select(SpeakerLink.label)))
    for registration in _db.session.scalars(select(Registration)):
        texts += [registration.full_name, registration.organization_name, registration.email,
                  registration.position, registration.ticket_code, registration.decision_reason]
    return texts


def assert_vietnamese(html: str, where: str) -> None:
    assert re.search(r'<html lang="vi"', html), f"{where}: not a Vietnamese page"
    left = english_left_in(without(shown_text(html), _content()))
    assert not left, f"{where}: English left in the interface: {left}"


def assert_vietnamese_text(text: str, where: str) -> None:
    left = english_left_in(without(text, _content()))
    assert not left, f"{where}: English left: {left}"


def _emails_to(address: str) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.to_address == address)
    return list(_db.session.scalars(query.order_by(OutboxMessage.id)))


def _get(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_public_pages_in_vietnamese(vi_client, demo, db):
    slug = demo.slug
    urls = ["/", f"/events/{slug}/", f"/events/{slug}/agenda", f"/events/{slug}/speakers",
            f"/events/{slug}/register", f"/events/{slug}/register/sent",
            f"/events/{slug}/register/resend", "/events/creative-industries-policy-consultation/"]
    urls += [f"/events/{slug}/sessions/{s.id}" for s in db.session.scalars(
        select(WorkshopSession).where(WorkshopSession.event_id == demo.id))]
    urls += [f"/speakers/{slug}" for slug in db.session.scalars(select(Speaker.slug))]
    for url in urls:
        assert_vietnamese(_get(vi_client, url), url)
    # Pages that are not there, and the organizers' sign-in.
    assert_vietnamese(_get(vi_client, "/events/no-such-event/", 404), "404")
    assert_vietnamese(_get(vi_client, "/events/creative-cities-follow-up/", 404), "draft")
    assert_vietnamese(_get(vi_client, "/workspace/login"), "login")
    login = vi_client.post("/workspace/login", data={
        "email": "nobody@example.org", "password": "wrong", "csrf_token": csrf_token(
            _get(vi_client, "/workspace/login"))})
    assert_vietnamese(login.get_data(as_text=True), "login failed")


def _registration_form(client, slug, **values) -> dict:
    page = _get(client, f"/events/{slug}/register")
    data = {"csrf_token": csrf_token(page), "honorific": "none", "country": "VN",
            "language": "vi", "unesco_field": ""}
    data.update(values)
    return data


def test_the_registration_flow_and_its_emails_in_vietnamese(vi_client, demo, db, app):
    slug = demo.slug
    workshop = db.session.scalar(select(WorkshopSession).where(
        WorkshopSession.event_id == demo.id, WorkshopSession.capacity == 40))

    # A form sent empty comes back with its errors, in Vietnamese.
    empty = vi_client.post(f"/events/{slug}/register", data=_registration_form(vi_client, slug))
    assert empty.status_code == 400
    assert_vietnamese(empty.get_data(as_text=True), "form with errors")

    sent = vi_client.post(f"/events/{slug}/register", data=_registration_form(
        vi_client, slug, full_name="Nguyễn Thị Hoa", email=ADDRESS,
        organization_name="Cục Hợp tác quốc tế", organization_type=str(type_id("ministry")),
        sessions=[str(workshop.id)], consent="y"))
    assert sent.status_code == 302, sent.get_data(as_text=True)
    assert_vietnamese(_get(vi_client, sent.headers["Location"]), "sent")

    # The confirmation email is in Vietnamese, subject included. (The requests committed in
    # sessions of their own: end this one's transaction to see what they wrote.)
    db.session.rollback()
    (confirm_email,) = _emails_to(ADDRESS)
    assert confirm_email.subject == (
        "Vui lòng xác nhận đăng ký: Phát triển chính sách cho các ngành công nghiệp văn hóa, "
        "sáng tạo trong môi trường số tại Việt Nam"
    )
    assert confirm_email.text_body.startswith("Kính gửi Ông/Bà Nguyễn Thị Hoa,")
    confirm_url = re.search(r"https?://\S+/register/confirm/\S+", confirm_email.text_body).group(0)
    confirm_path = "/" + confirm_url.split("/", 3)[3]

    page = _get(vi_client, confirm_path)
    assert_vietnamese(page, "confirm")
    manage = vi_client.post(confirm_path, data={"csrf_token": csrf_token(page)})
    assert manage.status_code == 302
    manage_path = manage.headers["Location"]
    assert_vietnamese(_get(vi_client, manage_path), "manage")
    edit = _get(vi_client, manage_path + "/edit")
    assert_vietnamese(edit, "edit")
    edit_errors = vi_client.post(manage_path + "/edit", data={
        "csrf_token": csrf_token(edit), "honorific": "none", "full_name": " ", "country": "VN",
        "language": "vi", "unesco_field": ""})
    assert edit_errors.status_code == 400
    assert_vietnamese(edit_errors.get_data(as_text=True), "edit with errors")
    assert_vietnamese(_get(vi_client, manage_path + "/cancel"), "cancel")

    resend = _get(vi_client, f"/events/{slug}/register/resend")
    resend_errors = vi_client.post(f"/events/{slug}/register/resend", data={
        "csrf_token": csrf_token(resend), "email": "not an address"})
    assert_vietnamese(resend_errors.get_data(as_text=True), "resend with errors")
    link_error = vi_client.post("/register/confirm/no-such-token", data={
        "csrf_token": csrf_token(page)})
    assert link_error.status_code == 410
    assert_vietnamese(link_error.get_data(as_text=True), "link error")

    # Every other email of the lifecycle, in the attendee's language.
    db.session.rollback()
    registration = db.session.scalar(select(Registration).where(Registration.email == ADDRESS))
    registration.decision_reason = None
    with app.test_request_context(headers={"Accept-Language": "en"}):
        emails.already_registered(registration, demo)
        emails.awaiting_approval(registration, demo)
        emails.confirmed(registration, demo)
        emails.promoted(registration, demo)
        emails.waitlisted(registration, demo, 3)
        emails.session_promoted(registration, demo, workshop)
        emails.rejected(registration, demo)
        emails.cancelled(registration, demo)
    db.session.commit()
    messages = _emails_to(ADDRESS)
    assert len(messages) >= 10
    for message in messages:
        assert_vietnamese_text(message.subject, f"subject of {message.kind}")
        assert_vietnamese_text(message.text_body, f"text of {message.kind}")
        assert_vietnamese(message.html_body, f"HTML of {message.kind}")


@pytest.mark.parametrize("language, subject", [
    ("vi", "Vui lòng xác nhận đăng ký: "), ("en", "Please confirm your registration: "),
])
def test_the_confirmation_email_is_in_the_language_the_registrant_chose(
        client, demo, db, language, subject):
    # The page is read in English; the registrant asks for emails in `language`.
    response = client.post(f"/events/{demo.slug}/register", data=_registration_form(
        client, demo.slug, full_name="Lê Văn Minh", email="minh@example.org", language=language,
        organization_name="Nhà hát Tuổi trẻ", organization_type=str(type_id("theatre")),
        consent="y"))
    assert response.status_code == 302
    db.session.rollback()
    (message,) = _emails_to("minh@example.org")
    assert message.subject.startswith(subject)
