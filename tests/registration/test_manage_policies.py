"""The registration rules per organization type, through the workspace's page."""


from eventapp.extensions import db
from eventapp.models import (
    Event,
    TypePolicy,
)
from tests.programme.manage_support import (  # noqa: F401  (fixtures)
    as_admin,
    audit_entries,
    pages,
    reread,
    text_of,
    workshop,
)
from tests.programme.support import attend
from tests.registration.helpers import type_id

# --- Registration rules ---------------------------------------------------------------------


def test_registration_rules_are_saved_and_a_low_quota_refused(client, as_admin, pages, workshop):
    event = db.session.get(Event, workshop["event"])
    attend(event, "a@example.org")
    attend(event, "b@example.org")
    url = f"/workspace/events/{workshop['event']}/policies"
    values = pages.form_values(url, "rows-0-quota")
    row_of = {
        values[f"rows-{i}-organization_type_id"][0]: i
        for i in range(len(values))
        if f"rows-{i}-organization_type_id" in values
    }
    ministry_row, media_row = row_of[str(type_id("ministry"))], row_of[str(type_id("media"))]

    low = {**values, f"rows-{ministry_row}-quota": ["1"]}
    response = client.post(url, data=low)
    assert response.status_code == 400
    assert "already hold 2 places" in text_of(response)

    values.pop(f"rows-{media_row}-admitted", None)
    ok = {**values, f"rows-{ministry_row}-quota": ["5"], f"rows-{media_row}-needs_approval": ["y"]}
    assert client.post(url, data=ok).status_code == 302
    reread()
    ministry = db.session.get(TypePolicy, (event.id, type_id("ministry")))
    media = db.session.get(TypePolicy, (event.id, type_id("media")))
    assert (ministry.quota, ministry.seats_taken) == (5, 2)
    assert (media.admitted, media.needs_approval) == (False, True)
    (entry,) = audit_entries("policies.update")
    assert entry.after["media"] == {"admitted": False, "needs_approval": True, "quota": None}
