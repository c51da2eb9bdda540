"""Email to attendees: write, preview for a real recipient, test to oneself, queue, watch."""
import re
from datetime import timedelta

import lxml.html
import pytest

from eventapp.db import utc_now
from eventapp.extensions import db
from eventapp.mail.models import OutboxStatus
from eventapp.models import Mailing, RegistrationLogEntry, RegistrationStatus
from eventapp.registration.models import Language
from tests.registration.manage_support import (  # noqa: F401  (fixtures)
    HOLDING,
    add_registration,
    audit_entries,
    flashes,
    fresh,
    outbox,
    post,
    signed_in_fixture,
    text_of,
    workshop_fixture,
)

BODY = """Dear {name},

The **film workshop** moves to Hall B. See or change your registration: {manage_link}

[Your registration]({manage_link})"""


@pytest.fixture
def attendees(workshop):
    start = utc_now() - timedelta(days=1)
    add_registration(workshop.event_id, "Nguyễn Văn A", email="a@example.org", honorific="dr",
                     created_at=start, sessions=[(workshop.film, HOLDING)])
    add_registration(workshop.event_id, "Trần Thị Bích", email="b@example.org",
                     created_at=start + timedelta(hours=1), language=Language.ENGLISH,
                     sessions=[(workshop.film, HOLDING)])
    add_registration(workshop.event_id, "Lê Văn Khác", email="c@example.org",
                     created_at=start + timedelta(hours=2), sessions=[(workshop.ip, HOLDING)])
    add_registration(workshop.event_id, "Phạm Huỷ", email="d@example.org",
                     status=RegistrationStatus.CANCELLED, sessions=[])
    db.session.commit()


def emails_url(workshop):
    return f"{workshop.base}/emails"


def draft(client, workshop, subject="Film workshop: {name}, a new room", body=BODY, **recipients):
    data = {"subject": subject, "body": body, "q": "", "status": "confirmed", **recipients}
    response = post(client, emails_url(workshop), data)
    return response


def the_mailing() -> Mailing:
    fresh()
    return db.session.query(Mailing).one()


def test_the_form_starts_with_the_confirmed_attendees(signed_in, workshop, attendees):
    response = signed_in.get(emails_url(workshop))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="confirmed" checked' in html
    assert "3 registrations match now." in text_of(response)


def test_the_list_links_to_the_form_with_its_filter(signed_in, workshop, attendees):
    response = signed_in.get(f"{workshop.list_url}?session={workshop.film}")
    assert f"/emails?session={workshop.film}" in response.get_data(as_text=True)
    form = signed_in.get(f"{emails_url(workshop)}?session={workshop.film}")
    assert "2 registrations match now." in text_of(form)


def test_preview_is_rendered_for_a_real_recipient(signed_in, workshop, attendees):
    response = draft(signed_in, workshop, session=str(workshop.film))

    assert response.status_code == 302
    mailing = the_mailing()
    assert mailing.filter == {"status": ["confirmed"], "session": workshop.film}
    assert audit_entries("mailing.create")[-1].target_id == mailing.id
    page = signed_in.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    text = text_of(page)
    # The newest matching registration, with its own name and link.
    assert "As Trần Thị Bích will receive it" in text
    assert "Film workshop: Trần Thị Bích, a new room" in text
    assert "<strong>film workshop</strong>" in html
    bich = _registration("b@example.org")
    assert f'href="http://eventapp.test/r/{bich.manage_secret}"' in html
    assert "Send to 2 people" in text
    assert outbox() == []  # nothing sent by a preview


def _registration(email):
    from eventapp.models import Registration

    return db.session.query(Registration).filter_by(email=email).one()


def test_unknown_placeholders_are_refused_and_the_text_kept(signed_in, workshop, attendees):
    response = draft(signed_in, workshop, body="Dear {nmae}, see you there.")
    assert response.status_code == 400
    assert "Unknown placeholder: {nmae}" in text_of(response)
    assert "Dear {nmae}, see you there." in response.get_data(as_text=True)
    assert db.session.query(Mailing).count() == 0


def test_a_test_goes_to_the_organizer_alone(signed_in, workshop, attendees):
    mailing_url = draft(signed_in, workshop).headers["Location"]

    post(signed_in, f"{mailing_url}/test", page_url=mailing_url)

    tests = outbox("organizer@example.org")
    assert len(tests) == 1
    assert tests[0].subject.startswith("[Test] Film workshop: ")
    assert tests[0].kind == "mailing.test"
    assert len(outbox()) == 1
    assert audit_entries("mailing.test")[-1].after == {"to": "organizer@example.org"}


def test_queueing_sends_one_email_per_recipient(signed_in, workshop, attendees):
    mailing_url = draft(signed_in, workshop, session=str(workshop.film)).headers["Location"]

    response = post(signed_in, f"{mailing_url}/send", {"expected": "2"}, page_url=mailing_url)

    assert response.status_code == 302
    mailing = the_mailing()
    assert mailing.recipient_count == 2 and mailing.queued_at is not None
    sent = outbox(kind="mailing")
    assert sorted(m.to_address for m in sent) == ["a@example.org", "b@example.org"]
    assert {(m.ref_type, m.ref_id) for m in sent} == {("mailing", mailing.id)}
    a = next(m for m in sent if m.to_address == "a@example.org")
    registration_a = _registration("a@example.org")
    assert a.to_name == "Nguyễn Văn A"
    assert a.reply_to == "contact@example.org"
    assert "Nguyễn Văn A" in a.subject
    assert f"http://eventapp.test/r/{registration_a.manage_secret}" in a.text_body
    assert f'href="http://eventapp.test/r/{registration_a.manage_secret}"' in a.html_body
    assert "<strong>film workshop</strong>" in a.html_body
    # Each recipient's history says so.
    entry = db.session.query(RegistrationLogEntry).filter_by(
        registration_id=registration_a.id, action="email.sent").one()
    assert (entry.detail, entry.actor) == ("mailing", "organizer@example.org")
    assert audit_entries("mailing.send")[-1].after["recipient_count"] == 2
    # Sent is sent: it cannot be sent twice, nor changed.
    post(signed_in, f"{mailing_url}/send", {"expected": "2"}, page_url=workshop.list_url)
    assert len(outbox(kind="mailing")) == 2
    edit = signed_in.get(f"{mailing_url}/edit")
    assert edit.status_code == 302


def test_the_recipients_are_counted_again_before_sending(signed_in, workshop, attendees):
    mailing_url = draft(signed_in, workshop).headers["Location"]
    add_registration(workshop.event_id, "Người Mới", email="new@example.org")
    db.session.commit()

    response = post(signed_in, f"{mailing_url}/send", {"expected": "3"}, page_url=mailing_url)

    messages = flashes(signed_in.get(response.headers["Location"]))
    assert any("it is now 4 people" in m for m in messages)
    assert outbox(kind="mailing") == []


def test_nobody_to_send_to(signed_in, workshop, attendees):
    mailing_url = draft(signed_in, workshop, q="nobody at all").headers["Location"]
    page = signed_in.get(mailing_url)
    assert "Nobody matches" in text_of(page)
    assert "/send" not in page.get_data(as_text=True)
    response = post(signed_in, f"{mailing_url}/send", {"expected": "0"}, page_url=mailing_url)
    assert any("Nobody matches" in m for m in flashes(signed_in.get(response.headers["Location"])))
    assert the_mailing().queued_at is None


def test_progress_while_it_goes_out(signed_in, workshop, attendees, app):
    # Left to the deliverer (`flask outbox work`), as with a real mail server.
    app.config["OUTBOX_DELIVER_AFTER_REQUEST"] = False
    mailing_url = draft(signed_in, workshop).headers["Location"]
    post(signed_in, f"{mailing_url}/send", {"expected": "3"}, page_url=mailing_url)

    waiting = signed_in.get(mailing_url)
    assert _counts(waiting) == {"Waiting to be sent": "3", "Sent": "0", "Failed": "0",
                                "Uncertain (may not have arrived)": "0"}
    assert '<meta http-equiv="refresh" content="5">' in waiting.get_data(as_text=True)

    from eventapp.mail.delivery import deliver_due

    fresh()
    deliver_due(limit=2)
    fresh()
    halfway = signed_in.get(mailing_url)
    assert _counts(halfway)["Sent"] == "2" and _counts(halfway)["Waiting to be sent"] == "1"

    fresh()
    deliver_due()
    fresh()
    done = signed_in.get(mailing_url)
    assert _counts(done)["Sent"] == "3"
    assert "http-equiv" not in done.get_data(as_text=True)
    assert all(m.status == OutboxStatus.SENT for m in outbox(kind="mailing"))
    listing = text_of(signed_in.get(emails_url(workshop)))
    assert "3 delivered, 0 waiting, 0 failed" in listing


def _counts(response) -> dict[str, str]:
    page = lxml.html.fromstring(response.get_data(as_text=True))
    return {
        div.findtext("dt"): div.findtext("dd")
        for div in page.xpath("//dl[contains(@class, 'reg-progress__counts')]/div")
    }


def test_editing_a_draft(signed_in, workshop, attendees):
    mailing_url = draft(signed_in, workshop).headers["Location"]
    form = signed_in.get(f"{mailing_url}/edit")
    assert 'value="Film workshop: {name}, a new room"' in form.get_data(as_text=True)

    response = post(signed_in, f"{mailing_url}/edit",
                    {"subject": "Hall B", "body": "Hello {full_name}", "q": "",
                     "session": str(workshop.ip)})

    assert response.status_code == 302
    mailing = the_mailing()
    assert (mailing.subject, mailing.body) == ("Hall B", "Hello {full_name}")
    assert mailing.filter == {"session": workshop.ip}
    assert audit_entries("mailing.update")[-1].after["subject"] == "Hall B"


def test_names_stay_text_in_the_html(signed_in, workshop):
    add_registration(workshop.event_id, "Nguyễn *Văn* <b>A</b> [x](javascript:alert(1))",
                     email="odd@example.org")
    db.session.commit()
    mailing_url = draft(signed_in, workshop, body="Dear {name},").headers["Location"]
    post(signed_in, f"{mailing_url}/send", {"expected": "1"}, page_url=mailing_url)
    html = outbox("odd@example.org", "mailing")[0].html_body
    assert "Nguyễn *Văn* &lt;b&gt;A&lt;/b&gt; [x](javascript:alert(1))" in html
    assert "<em>" not in html and "<b>" not in html and 'href="javascript' not in html


def test_placeholders_are_documented_on_the_form(signed_in, workshop):
    text = text_of(signed_in.get(emails_url(workshop)))
    for placeholder in ("{name}", "{full_name}", "{event}", "{manage_link}"):
        assert placeholder in text
    assert re.search(r"Markdown", text)


# --- The audit log, whoever calls the services ------------------------------------------------


def test_writing_changing_testing_and_sending_are_audited_by_the_services(workshop, attendees,
                                                                          organizer):
    from eventapp.mailings import services
    from eventapp.models import Event
    from eventapp.registration.queries import RegistrationFilter

    event = db.session.get(Event, workshop.event_id)
    confirmed = RegistrationFilter(statuses=(RegistrationStatus.CONFIRMED,))
    mailing = services.create_draft(event, "Hall B", BODY, confirmed, actor=organizer)
    services.update_draft(mailing, "Hall B, second floor", BODY, confirmed, actor=organizer)
    services.send_test(mailing, event, actor=organizer)
    db.session.commit()
    # A command sends it, under its own name.
    services.queue(mailing.id, event, actor="system")
    db.session.commit()

    create, update, test, send = audit_entries()
    assert [e.action for e in (create, update, test, send)] == [
        "mailing.create", "mailing.update", "mailing.test", "mailing.send"]
    assert {(e.target_type, e.target_id, e.event_id) for e in (create, update, test, send)} == {
        ("mailing", mailing.id, event.id)}
    assert create.actor == "organizer@example.org" and create.after["subject"] == "Hall B"
    assert (update.before, update.after) == (
        {"subject": "Hall B"}, {"subject": "Hall B, second floor"})
    assert test.after == {"to": "organizer@example.org"}
    assert (send.actor, send.account_id) == ("system", None)
    assert send.before["recipient_count"] == 0 and send.after["recipient_count"] == 3
    assert send.before["queued_at"] is None and send.after["queued_at"] is not None


def test_a_mailing_sent_twice_is_refused_and_audited_once(workshop, attendees, organizer):
    from eventapp.mailings import services
    from eventapp.models import Event
    from eventapp.registration.queries import RegistrationFilter

    event = db.session.get(Event, workshop.event_id)
    mailing = services.create_draft(event, "Hall B", BODY, RegistrationFilter(), actor=organizer)
    db.session.commit()
    services.queue(mailing.id, event, actor=organizer)
    db.session.commit()

    with pytest.raises(services.MailingError):
        services.queue(mailing.id, event, actor=organizer)
    db.session.rollback()

    assert len(audit_entries("mailing.send")) == 1


def test_a_mailing_another_organizer_just_sent_is_not_sent_again(workshop, attendees, organizer,
                                                                  database_url):
    """The page was open in two browsers: the mailing this request loaded is a draft, but
    another request queued it and committed meanwhile. Queueing reads it again under the
    lock and refuses (on PostgreSQL the loaded object would otherwise still say "draft")."""
    from sqlalchemy import create_engine, text

    from eventapp.mailings import services
    from eventapp.models import Event
    from eventapp.registration.queries import RegistrationFilter

    event = db.session.get(Event, workshop.event_id)
    mailing = services.create_draft(event, "Hall B", BODY, RegistrationFilter(), actor=organizer)
    db.session.commit()
    assert db.session.get(Mailing, mailing.id).is_draft  # loaded by this request

    other = create_engine(database_url)
    with other.begin() as connection:  # the other organizer's request, committed
        connection.execute(
            text("UPDATE mailing SET queued_at = CURRENT_TIMESTAMP, recipient_count = 3"
                 " WHERE id = :id"),
            {"id": mailing.id},
        )
    other.dispose()

    with pytest.raises(services.MailingError):
        services.queue(mailing.id, event, actor=organizer)
    db.session.rollback()
    assert audit_entries("mailing.send") == []
