"""The registration rules per organization type, without HTTP."""


import pytest

from eventapp.models import (
    RegistrationStatus,
    TypePolicy,
)
from eventapp.registration import policies
from eventapp.registration.policies import PolicyError, RuleChoice
from tests.factories import make_event
from tests.programme.support import attend
from tests.registration.helpers import type_id

# --- Registration rules ---------------------------------------------------------------------

ORGANIZER = "organizer@example.org"


def test_rules_list_every_active_type_with_defaults(db):
    event = make_event()
    db.session.commit()
    rules = policies.type_rules(event)
    assert len(rules) > 5
    assert all(r.admitted and not r.needs_approval and r.quota is None for r in rules)


def test_a_new_quota_counts_the_places_already_held(db):
    event = make_event()
    db.session.commit()
    attend(event, "a@example.org")
    attend(event, "b@example.org")
    ministry = type_id("ministry")
    with pytest.raises(PolicyError) as refused:
        policies.save_rules(event, [RuleChoice(ministry, quota=1)], actor=ORGANIZER)
    assert refused.value.organization_type_id == ministry
    assert "already hold 2 places" in refused.value.message
    db.session.rollback()

    policies.save_rules(event, [RuleChoice(ministry, quota=2)], actor=ORGANIZER)
    db.session.commit()
    policy = db.session.get(TypePolicy, (event.id, ministry))
    assert (policy.quota, policy.seats_taken) == (2, 2)
    # The quota now counts: a third ministry registration waits.
    assert attend(event, "c@example.org").status == RegistrationStatus.WAITLISTED


def test_a_larger_quota_admits_the_waiting_list(db):
    event = make_event()
    ministry = type_id("ministry")
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=ministry, quota=1))
    db.session.commit()
    attend(event, "a@example.org")
    waiting = attend(event, "b@example.org")
    assert waiting.status == RegistrationStatus.WAITLISTED

    assert policies.save_rules(event, [RuleChoice(ministry, quota=None)], actor=ORGANIZER) is True
    db.session.commit()
    db.session.refresh(waiting)
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_default_rules_write_no_rows_and_changes_do(db):
    event = make_event()
    db.session.commit()
    media = type_id("media")
    policies.save_rules(event, [RuleChoice(t.id) for t in policies.active_types()], actor=ORGANIZER)
    db.session.commit()
    assert policies.audit_snapshot(event) == {}
    policies.save_rules(event, [RuleChoice(media, admitted=False, needs_approval=True)],
                        actor=ORGANIZER)
    db.session.commit()
    assert policies.audit_snapshot(event) == {
        "media": {"admitted": False, "needs_approval": True, "quota": None}
    }
