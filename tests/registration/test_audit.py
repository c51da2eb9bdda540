"""What organizers (or commands) do to registrations is in the audit log, whoever calls the
service: these tests call the services directly, with no request and no page."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventapp.audit.models import AuditEntry
from eventapp.extensions import db
from eventapp.models import RegistrationStatus, SessionKind, TypePolicy
from eventapp.registration import admin, amendments, exports, offers, policies, services
from eventapp.registration.policies import RuleChoice
from eventapp.registration.queries import RegistrationFilter
from tests.factories import make_event, make_session
from tests.registration.helpers import details, last_email, link, token_from, type_id

NOW = datetime(2030, 6, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def event(db):
    event = make_event(title="Cultural and creative industries")
    make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP,
                 starts_at=event.starts_at + timedelta(hours=1))
    make_session(event, title="Music rights", kind=SessionKind.WORKSHOP,
                 starts_at=event.starts_at + timedelta(hours=3))
    db.session.commit()
    return event


@pytest.fixture
def approval(event):
    """Ministries wait for an organizer's approval."""
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=type_id("ministry"),
                              needs_approval=True))
    db.session.commit()


def sessions(event):
    film, music = offers.selectable_sessions(event)
    return film, music


def registered(event, email="hoa@example.org", session_ids=()):
    """A registration made and confirmed as the attendee makes it."""
    services.register(event, details(email), list(session_ids), now=NOW)
    db.session.commit()
    token = token_from(link(last_email(email, "confirm_request"), "/confirm/"))
    registration = services.confirm_email(token, now=NOW)
    db.session.commit()
    return registration


def entries(action=None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


# --- One registration -----------------------------------------------------------------------


def test_approving_is_audited_with_who_and_what_changed(event, approval, organizer):
    hoa = registered(event)

    services.approve(hoa, actor=organizer)
    db.session.commit()

    (entry,) = entries("registration.approve")
    assert (entry.actor, entry.account_id) == ("organizer@example.org", organizer.id)
    assert (entry.target_type, entry.target_id, entry.event_id) == (
        "registration", hoa.id, event.id)
    assert entry.before["status"] == "pending_approval"
    assert entry.after["status"] == "confirmed"
    assert "bulk" not in entry.after


def test_a_command_approving_is_audited_under_its_name(event, approval):
    hoa = registered(event)

    services.approve(hoa, actor="system")

    (entry,) = entries("registration.approve")
    assert (entry.actor, entry.account_id) == ("system", None)


def test_a_refused_approval_writes_no_entry(event, organizer):
    hoa = registered(event)  # confirmed at once: nobody to approve

    with pytest.raises(services.NotChangeable):
        services.approve(hoa, actor=organizer)

    assert entries() == []


def test_rejecting_is_audited_with_the_reason(event, approval, organizer):
    hoa = registered(event)

    services.reject(hoa, "For delegates of the provinces only.", actor=organizer)

    (entry,) = entries("registration.reject")
    assert entry.before["status"] == "pending_approval"
    assert entry.after["status"] == "rejected"
    assert entry.after["decision_reason"] == "For delegates of the provinces only."


def test_an_organizer_cancelling_is_audited_and_the_attendee_cancelling_is_not(event,
                                                                             organizer):
    hoa = registered(event, "hoa@example.org")
    lan = registered(event, "lan@example.org")

    services.cancel_by_organizer(hoa, actor=organizer)
    services.cancel(lan)
    db.session.commit()

    (entry,) = entries("registration.cancel")
    assert entry.target_id == hoa.id
    assert (entry.before["status"], entry.after["status"]) == ("confirmed", "cancelled")
    assert (entry.before["holds_place"], entry.after["holds_place"]) == (True, False)
    assert lan.status == RegistrationStatus.CANCELLED
    assert [e.target_id for e in entries()] == [hoa.id]


def test_moving_someone_to_other_sessions_is_audited(event, organizer):
    film, music = sessions(event)
    hoa = registered(event, session_ids=[film.id])

    amendments.move_sessions(hoa, [music.id], actor=organizer)

    (entry,) = entries("registration.sessions")
    assert entry.before["sessions"] == [f"{film.id}:holding"]
    assert entry.after["sessions"] == [f"{music.id}:holding"]


def test_the_attendee_changing_sessions_writes_no_audit_entry(event):
    film, music = sessions(event)
    hoa = registered(event, session_ids=[film.id])

    amendments.change_sessions(hoa, [music.id])

    assert entries() == []


def test_sending_the_latest_email_again_is_audited(event, organizer):
    hoa = registered(event)

    services.resend_latest_email(hoa, actor=organizer)

    (entry,) = entries("registration.resend")
    assert entry.target_id == hoa.id and entry.actor == "organizer@example.org"


@pytest.mark.parametrize("walk_in, kind", [(False, "invited"), (True, "walk_in")])
def test_adding_someone_by_hand_is_audited_with_the_kind_of_guest(event, organizer, walk_in,
                                                                  kind):
    guest = services.add_by_organizer(event, details("guest@example.org"), "guest@example.org",
                                      actor=organizer, walk_in=walk_in, notify=False)

    (entry,) = entries("registration.add")
    assert entry.target_id == guest.id and entry.before is None
    assert entry.after["kind"] == kind and entry.after["status"] == "confirmed"


# --- Several at once ------------------------------------------------------------------------


def test_a_bulk_action_audits_each_registration_done_and_none_refused(event, approval,
                                                                      organizer):
    hoa = registered(event, "hoa@example.org")
    lan = registered(event, "lan@example.org")
    services.approve(lan, actor=organizer)
    db.session.commit()

    result = admin.bulk(event, [hoa.id, lan.id], admin.BulkAction.APPROVE, actor=organizer)
    db.session.commit()

    assert result.done == [hoa] and [r for r, _ in result.refused] == [lan]
    bulk = [e for e in entries("registration.approve") if e.after.get("bulk")]
    assert [e.target_id for e in bulk] == [hoa.id]
    assert bulk[0].before["status"] == "pending_approval"


@pytest.mark.parametrize("action", list(admin.BulkAction))
def test_every_bulk_action_is_audited_under_its_own_name(event, approval, organizer, action):
    hoa = registered(event)

    admin.bulk(event, [hoa.id], action, actor=organizer, reason="No places for media.")

    (entry,) = entries(f"registration.{action.value}")
    assert entry.target_id == hoa.id and entry.after["bulk"] is True


# --- The event's rules and its downloads ----------------------------------------------------


def test_saving_the_rules_is_audited_before_and_after(event, organizer):
    media = type_id("media")

    policies.save_rules(event, [RuleChoice(media, admitted=False)], actor=organizer)

    (entry,) = entries("policies.update")
    assert (entry.target_type, entry.target_id) == ("event", event.id)
    assert entry.before == {}
    assert entry.after == {"media": {"admitted": False, "needs_approval": False, "quota": None}}


def test_refused_rules_write_no_entry(event, organizer):
    registered(event, "a@example.org")
    registered(event, "b@example.org")

    with pytest.raises(policies.PolicyError):
        policies.save_rules(event, [RuleChoice(type_id("ministry"), quota=1)], actor=organizer)
    db.session.rollback()

    assert entries() == []


def test_taking_a_download_is_audited_with_its_filter_before_any_row_is_read(event, organizer):
    registered(event)
    filter = RegistrationFilter(statuses=(RegistrationStatus.CONFIRMED,))

    rows = exports.download_rows(event, filter, "csv", actor=organizer)

    (entry,) = entries("registrations.export_csv")
    assert entry.after == {"filter": filter.to_json()}
    assert len(list(rows)) == 2  # the header and the one registration
