"""Emailing the certificates of attendance: once per person, with the PDF attached."""
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eventapp.accounts.models import Account, Role
from eventapp.accounts.services import assign
from eventapp.audit.models import AuditEntry
from eventapp.documents import services
from eventapp.extensions import db as _db
from eventapp.mail.models import OutboxMessage
from eventapp.registration.models import Registration, RegistrationLogEntry
from tests.conftest import csrf_token_from
from tests.documents.conftest import confirmed, pdf_text, started
from tests.workspace.url_arguments import make_account, sign_in

KIND = "documents.certificate"


def _certificate_emails(address: str | None = None) -> list[OutboxMessage]:
    query = (select(OutboxMessage).where(OutboxMessage.kind == KIND)
             .options(selectinload(OutboxMessage.attachments)).order_by(OutboxMessage.id))
    if address:
        query = query.where(OutboxMessage.to_address == address)
    return list(_db.session.scalars(query))


def _check_in(registration, moment=None):
    registration.checked_in_at = moment or datetime.now(UTC) - timedelta(hours=20)


@pytest.fixture
def organizer(db, workshop):
    account = make_account("organizer@example.org", Role.ORGANIZER)
    assign(account, workshop.id)
    db.session.commit()
    return account


@pytest.fixture
def attended(db, workshop, hoa):
    """The workshop is over; Hoa and John were checked in, Lan was not."""
    john = confirmed(workshop, "john@example.org", full_name="John Smith", honorific="mr")
    confirmed(workshop, "lan@example.org", full_name="Lê Thị Lan")
    started(workshop, db)
    _check_in(hoa)
    _check_in(john)
    db.session.commit()
    return hoa, john


def test_each_person_checked_in_gets_one_email_with_their_certificate(db, workshop, attended,
                                                                      organizer):
    hoa, john = attended
    assert services.email_certificates(workshop, actor=organizer) == 2
    db.session.commit()
    assert {m.to_address for m in _certificate_emails()} == {"hoa@example.org",
                                                            "john@example.org"}

    # Hoa's, in Vietnamese, with her PDF certificate attached.
    message = _certificate_emails("hoa@example.org")[0]
    assert message.ref_type == "registration" and message.ref_id == hoa.id
    assert f"/r/{hoa.manage_secret}" in message.text_body
    assert f"/r/{hoa.manage_secret}" in message.html_body
    [attachment] = message.attachments
    assert attachment.content_type == "application/pdf"
    assert attachment.filename == f"certificate-CCI-2031-{hoa.id:06d}.pdf"
    text = pdf_text(attachment.data)
    assert "Giấy chứng nhận tham dự" in text and "Nguyễn Thị Phương Hoa" in text

    john_text = pdf_text(_certificate_emails("john@example.org")[0].attachments[0].data)
    assert "Certificate of attendance" in john_text and "Mr. John Smith" in john_text

    # Noted in each history.
    history = db.session.scalars(
        select(RegistrationLogEntry).where(RegistrationLogEntry.action == "certificate.emailed")
    ).all()
    assert {entry.registration_id for entry in history} == {hoa.id, john.id}
    assert all(entry.actor == "organizer@example.org" for entry in history)
    db.session.refresh(hoa)
    assert hoa.certificate_sent_at is not None


def test_asking_again_only_emails_people_checked_in_since(db, workshop, attended, organizer):
    services.email_certificates(workshop, actor=organizer)
    db.session.commit()
    assert services.email_certificates(workshop, actor=organizer) == 0
    db.session.commit()
    lan = db.session.scalar(select(Registration).where(Registration.email == "lan@example.org"))
    _check_in(lan)
    db.session.commit()
    assert services.email_certificates(workshop, actor=organizer) == 1
    db.session.commit()
    assert len(_certificate_emails()) == 3
    assert len(_certificate_emails("hoa@example.org")) == 1
    counts = services.certificate_counts(workshop)
    assert (counts.checked_in, counts.emailed, counts.remaining) == (3, 3, 0)


def test_each_sending_is_audited_with_how_many_went(db, workshop, attended, organizer):
    services.email_certificates(workshop, actor=organizer)
    db.session.commit()
    # A command asking again finds nobody left: nothing happened, nothing to audit.
    assert services.email_certificates(workshop, actor="system") == 0
    db.session.commit()

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "certificates.email")
    ).all()
    assert [(e.actor, e.account_id, e.target_type, e.target_id, e.after) for e in entries] == [
        ("organizer@example.org", organizer.id, "event", workshop.id, {"queued": 2}),
    ]


def test_nothing_is_sent_before_the_event_starts(db, workshop, hoa, organizer):
    _check_in(hoa, datetime.now(UTC))
    db.session.commit()
    with pytest.raises(services.TooEarly):
        services.email_certificates(workshop, actor=organizer)
    db.session.rollback()
    assert _certificate_emails() == []


def test_two_requests_at_the_same_moment_send_each_certificate_once(app, db, workshop,
                                                                    attended, organizer):
    organizer_id, event_id = organizer.id, workshop.id
    barrier = threading.Barrier(2)
    errors, queued = [], []

    def run():
        with app.app_context():
            try:
                account = _db.session.get(Account, organizer_id)
                event = _db.session.get(type(workshop), event_id)
                barrier.wait()
                queued.append(services.email_certificates(event, actor=account))
                _db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
                _db.session.rollback()
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(queued) == [0, 2]
    db.session.rollback()
    per_person = db.session.execute(
        select(OutboxMessage.to_address, func.count()).where(OutboxMessage.kind == KIND)
        .group_by(OutboxMessage.to_address)
    ).all()
    assert sorted(per_person) == [("hoa@example.org", 1), ("john@example.org", 1)]


# --- Through the workspace ---------------------------------------------------------------------


def test_the_organizer_emails_the_certificates_from_the_workspace(client, db, workshop,
                                                                  attended, organizer):
    sign_in(client, organizer.id)
    url = f"/workspace/events/{workshop.id}/certificates"
    page = client.get(url).get_data(as_text=True)
    assert "Email 2 certificates" in page
    token = csrf_token_from(page)
    response = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "2 certificates are on their way." in response.get_data(as_text=True)
    # The same form sent again (a double click, say) sends nothing more.
    response = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "nothing was sent" in response.get_data(as_text=True)
    db.session.rollback()
    assert len(_certificate_emails()) == 2
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "certificates.email")
    ).all()
    assert len(entries) == 1
    assert entries[0].event_id == workshop.id and entries[0].after == {"queued": 2}
    assert entries[0].actor == "organizer@example.org"


def test_the_page_says_when_the_event_has_not_started_or_not_ended(client, db, workshop, hoa,
                                                                  organizer):
    sign_in(client, organizer.id)
    url = f"/workspace/events/{workshop.id}/certificates"
    assert "has not started yet" in client.get(url).get_data(as_text=True)
    db.session.rollback()
    workshop.starts_at = datetime.now(UTC) - timedelta(hours=1)
    workshop.ends_at = datetime.now(UTC) + timedelta(hours=5)
    _check_in(hoa, datetime.now(UTC))
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "still going on" in page and "Email 1 certificate" in page


def test_a_post_before_the_event_starts_sends_nothing_and_says_why(client, db, workshop, hoa,
                                                                   organizer):
    _check_in(hoa, datetime.now(UTC))
    db.session.commit()
    sign_in(client, organizer.id)
    url = f"/workspace/events/{workshop.id}/certificates"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "has not started yet" in response.get_data(as_text=True)
    db.session.rollback()
    assert _certificate_emails() == []


def test_a_large_event_is_emailed_in_parts_without_sending_anyone_twice(db, workshop,
                                                                        attended, organizer):
    assert services.email_certificates(workshop, actor=organizer, limit=1) == 1
    db.session.commit()
    assert services.certificate_counts(workshop).remaining == 1
    assert services.email_certificates(workshop, actor=organizer, limit=1) == 1
    db.session.commit()
    assert services.email_certificates(workshop, actor=organizer, limit=1) == 0
    assert sorted(m.to_address for m in _certificate_emails()) == ["hoa@example.org",
                                                                   "john@example.org"]
