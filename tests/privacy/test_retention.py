"""Anonymizing the attendees of long-past events: statistics stay, people are forgotten."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eventapp.audit.models import AuditEntry
from eventapp.db import utc_now
from eventapp.extensions import db
from eventapp.mail.models import OutboxAttachment, OutboxMessage, OutboxStatus
from eventapp.mail.services import enqueue
from eventapp.mailings.models import Mailing
from eventapp.models import Registration, RegistrationLogEntry, RegistrationStatus
from eventapp.registration import services
from eventapp.privacy.retention import PLACEHOLDER_DOMAIN, REMOVED, anonymize_old_events
from tests.factories import make_event, make_session
from tests.registration.helpers import details, last_email, link, token_from, type_id

NOW = utc_now()


def _event(ended_days_ago: int, **overrides):
    starts_at = NOW - timedelta(days=ended_days_ago, hours=8)
    return make_event(
        starts_at=starts_at,
        notification_emails="organizers@example.org",
        **overrides,
    )


def _register(event, email, sessions=(), confirm=False, cancel=False, **overrides):
    when = event.starts_at - timedelta(days=10)
    registration = services.register(event, details(email, **overrides), sessions, now=when)
    db.session.commit()
    if confirm or cancel:
        token = token_from(link(last_email(email, "confirm_request"), "/confirm/"))
        services.confirm_email(token, now=when + timedelta(hours=1))
        db.session.commit()
    if cancel:
        services.cancel(registration, now=when + timedelta(hours=2))
        db.session.commit()
    return registration


PERSONAL = dict(
    phone="+84 24 3943 8231",
    position="Director of the Department of International Cooperation",
    department="Department of International Cooperation",
    city="Hà Nội",
    needs_accessibility="Wheelchair access",
    needs_interpretation=True,
    dietary="Vegetarian",
    honorific="dr",
    publish_consent=True,
)


@pytest.fixture
def past_and_present(db):
    """An event that ended three years ago with three attendees, and a recent one with one."""
    old = _event(3 * 365, title="Consultation 2023", capacity=10)
    workshop = make_session(old, capacity=5)
    recent = _event(30, title="Workshop last month")
    db.session.commit()
    people = {
        "confirmed": _register(old, "hoa@example.org", [workshop.id], confirm=True, **PERSONAL),
        "cancelled": _register(old, "minh@example.org", cancel=True),
        "pending": _register(old, "lan@example.org"),
        "recent": _register(recent, "hoa@example.org", **PERSONAL),
    }
    ids = {name: r.id for name, r in people.items()}
    secrets = {name: r.manage_secret for name, r in people.items()}
    return old, recent, workshop.id, ids, secrets


def _registration(registration_id) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration_id)


def _emails_about(registration_id) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.ref_type == "registration", OutboxMessage.ref_id == registration_id
            )
        )
    )


def test_old_registrations_lose_personal_data_and_keep_statistics(past_and_present):
    old, recent, workshop_id, ids, _ = past_and_present

    report = anonymize_old_events(365, now=NOW)
    db.session.commit()

    assert report.events == [old.slug]
    assert report.registrations == 3
    hoa = _registration(ids["confirmed"])
    for name in ("phone", "position", "department", "city", "needs_accessibility", "dietary"):
        assert getattr(hoa, name) is None, name
    assert hoa.full_name == ""
    assert hoa.honorific == "none"
    assert hoa.needs_interpretation is False
    assert hoa.publish_consent is False
    assert hoa.email == hoa.email_key == f"anonymized-{hoa.id}@{PLACEHOLDER_DOMAIN}"
    assert "hoa" not in hoa.search_text and "nguyen" not in hoa.search_text
    # What the statistics need stays.
    assert hoa.status == RegistrationStatus.CONFIRMED
    assert hoa.organization_type_id == type_id("ministry")
    assert hoa.country == "VN"
    assert [c.session_id for c in hoa.choices] == [workshop_id]
    assert _registration(ids["cancelled"]).status == RegistrationStatus.CANCELLED
    assert _registration(ids["pending"]).status == RegistrationStatus.PENDING_CONFIRMATION


def test_every_placeholder_address_is_unique_within_the_event(past_and_present):
    old, *_ = past_and_present

    anonymize_old_events(365, now=NOW)
    db.session.commit()

    addresses = db.session.scalars(
        select(Registration.email_key).where(Registration.event_id == old.id)
    ).all()
    assert len(addresses) == len(set(addresses)) == 3


def test_old_manage_links_and_tickets_lead_nowhere(past_and_present, client):
    _, _, _, ids, secrets = past_and_present
    ticket = _registration(ids["confirmed"]).ticket_code

    anonymize_old_events(365, now=NOW)
    db.session.commit()

    assert client.get(f"/r/{secrets['confirmed']}").status_code == 404
    hoa = _registration(ids["confirmed"])
    assert hoa.manage_secret != secrets["confirmed"]
    assert hoa.ticket_code != ticket
    assert hoa.confirm_token_hash is None


def test_their_emails_lose_recipient_subject_bodies_and_attachments(past_and_present):
    _, _, _, ids, _ = past_and_present
    old_emails = [
        m.id for name in ("confirmed", "cancelled", "pending") for m in _emails_about(ids[name])
    ]
    # The organizers' notice names the attendee in its subject.
    assert any("Nguyễn" in m.subject for m in _emails_about(ids["confirmed"]))
    assert db.session.scalar(select(func.count()).select_from(OutboxAttachment)) > 0

    report = anonymize_old_events(365, now=NOW)
    db.session.commit()

    assert report.emails == len(old_emails)
    db.session.expire_all()
    for message in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(old_emails))
    ):
        assert message.to_address == f"removed@{PLACEHOLDER_DOMAIN}"
        assert message.to_name is None
        assert message.subject == message.text_body == REMOVED
        assert message.html_body is None
    attachments = db.session.scalar(
        select(func.count())
        .select_from(OutboxAttachment)
        .where(OutboxAttachment.outbox_message_id.in_(old_emails))
    )
    assert attachments == 0


def test_emails_the_organizers_sent_to_attendees_are_emptied_too(past_and_present):
    old, recent, *_ = past_and_present
    sent = {}
    for event in (old, recent):
        mailing = Mailing(
            event_id=event.id,
            subject="Programme update",
            body="Dear {name}, ...",
            filter={},
            created_by="secretariat@example.org",
            queued_at=NOW,
            recipient_count=1,
        )
        db.session.add(mailing)
        db.session.flush()
        sent[event.id] = enqueue(
            "hoa@example.org",
            "Programme update",
            "Dear Nguyễn Thị Hoa, ...",
            to_name="Nguyễn Thị Hoa",
            kind="mailing",
            ref_type="mailing",
            ref_id=mailing.id,
        ).id
    db.session.commit()

    anonymize_old_events(365, now=NOW)
    db.session.commit()

    db.session.expire_all()
    old_copy, recent_copy = (db.session.get(OutboxMessage, sent[e.id]) for e in (old, recent))
    assert (old_copy.to_address, old_copy.to_name) == (f"removed@{PLACEHOLDER_DOMAIN}", None)
    assert old_copy.text_body == REMOVED
    assert recent_copy.to_address == "hoa@example.org"
    assert "Nguyễn Thị Hoa" in recent_copy.text_body


def test_an_email_not_yet_sent_is_never_sent_without_its_body(past_and_present):
    _, _, _, ids, _ = past_and_present
    waiting = _emails_about(ids["pending"])[0]
    waiting.status = OutboxStatus.PENDING
    db.session.commit()

    anonymize_old_events(365, now=NOW)
    db.session.commit()

    db.session.expire_all()
    assert db.session.get(OutboxMessage, waiting.id).status == OutboxStatus.FAILED


def test_recent_events_are_left_alone(past_and_present):
    _, recent, _, ids, secrets = past_and_present
    before = [(m.to_address, m.text_body) for m in _emails_about(ids["recent"])]

    anonymize_old_events(365, now=NOW)
    db.session.commit()

    hoa = _registration(ids["recent"])
    assert hoa.email == "hoa@example.org"
    assert hoa.full_name == "Nguyễn Thị Hoa"
    assert hoa.phone == PERSONAL["phone"]
    assert hoa.manage_secret == secrets["recent"]
    assert [(m.to_address, m.text_body) for m in _emails_about(ids["recent"])] == before


def test_history_and_audit_keep_what_happened_but_not_who(past_and_present):
    _, _, _, ids, _ = past_and_present
    db.session.add(
        RegistrationLogEntry(
            registration_id=ids["confirmed"],
            actor="attendee",
            action="email.sent",
            detail="Confirmation sent to hoa@example.org",
        )
    )
    db.session.add(
        AuditEntry(
            actor="secretariat@example.org",
            action="registration.update",
            target_type="registration",
            target_id=ids["confirmed"],
            before={
                "full_name": "Nguyễn Thị Hoa",
                "phone": "+84 24 3943 8231",
                "status": "pending_approval",
            },
            after={"full_name": "Nguyễn Thị Hòa", "status": "confirmed"},
        )
    )
    db.session.commit()

    anonymize_old_events(365, now=NOW)
    db.session.commit()

    db.session.expire_all()
    history = db.session.scalars(
        select(RegistrationLogEntry).where(RegistrationLogEntry.registration_id == ids["confirmed"])
    ).all()
    assert "email.sent" in [entry.action for entry in history]
    assert {entry.detail for entry in history} == {""}
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.update")
    ).one()
    assert audit.before == {"status": "pending_approval"}
    assert audit.after == {"status": "confirmed"}
    assert audit.actor == "secretariat@example.org"


def test_running_again_changes_nothing_more(past_and_present):
    anonymize_old_events(365, now=NOW)
    db.session.commit()

    again = anonymize_old_events(365, now=NOW)

    assert (again.events, again.registrations, again.emails) == ([], 0, 0)


def test_a_dry_run_counts_without_changing_anything(past_and_present):
    _, _, _, ids, _ = past_and_present

    planned = anonymize_old_events(365, now=NOW, dry_run=True)
    db.session.rollback()

    assert planned.registrations == 3
    assert planned.emails > 0
    assert _registration(ids["confirmed"]).email == "hoa@example.org"
    done = anonymize_old_events(365, now=NOW)
    assert (done.registrations, done.emails) == (planned.registrations, planned.emails)


def test_the_age_decides(past_and_present):
    # Four years: the three-year-old event is still kept.
    assert anonymize_old_events(4 * 365, now=NOW).registrations == 0
    # Ten days: the event of last month goes too.
    assert anonymize_old_events(10, now=NOW).registrations == 4


def test_the_command(past_and_present, runner):
    old, _, _, ids, _ = past_and_present

    dry = runner.invoke(args=["retention", "anonymize", "--older-than-days", "365", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would anonymize 3 registration(s)" in dry.output
    assert old.slug in dry.output
    assert _registration(ids["confirmed"]).email == "hoa@example.org"

    done = runner.invoke(args=["retention", "anonymize", "--older-than-days", "365"])
    assert done.exit_code == 0, done.output
    assert "Anonymized 3 registration(s)" in done.output
    assert _registration(ids["confirmed"]).full_name == ""


def test_the_command_defaults_to_the_configured_age(past_and_present, runner, app):
    app.config["RETENTION_DAYS"] = 4 * 365

    result = runner.invoke(args=["retention", "anonymize", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "Would anonymize 0 registration(s)" in result.output


def test_a_negative_age_is_refused(runner):
    result = runner.invoke(args=["retention", "anonymize", "--older-than-days", "-1"])

    assert result.exit_code != 0
