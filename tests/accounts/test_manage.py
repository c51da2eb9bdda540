"""Administrators manage accounts: create, change role and events, deactivate, reset passwords."""
from urllib.parse import urlsplit

import lxml.html
import pytest
from sqlalchemy import select

from eventapp.accounts import administration as account_services
from eventapp.accounts import services as accounts
from eventapp.accounts.models import Account, Role
from eventapp.audit.models import AuditEntry
from tests.conftest import PASSWORD, AuthActions, csrf_token_from
from tests.factories import make_event

NEW_PASSWORD = "a fresh passphrase for the door"


def text(response) -> str:
    return " ".join(lxml.html.fromstring(response.get_data(as_text=True)).text_content().split())


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def stored(db, email: str) -> Account | None:
    db.session.rollback()
    return db.session.scalar(select(Account).where(Account.email == email))


def signs_in(db, email: str, password: str) -> bool:
    """Whether the password works now (seen afresh; the check's own write is undone)."""
    db.session.rollback()
    works = accounts.authenticate(email, password) is not None
    db.session.rollback()
    return works


def audit_entries(db, action: str) -> list[AuditEntry]:
    db.session.rollback()
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    ))


@pytest.fixture
def events(db):
    workshop = make_event(title="Cultural and creative industries in the digital environment")
    consultation = make_event(title="Consultation on the creative cities network")
    db.session.commit()
    return workshop.id, consultation.id


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login("admin@example.org")
    return client


def post_form(client, path: str, data: dict, page_path: str | None = None):
    """Send a form of the page at `page_path` (default: `path`) with its CSRF token."""
    token = csrf_token_from(client.get(page_path or path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


# --- The list and creating accounts ----------------------------------------------------------


def test_the_list_shows_role_state_and_events(signed_in, db, organizer, checkin_staff, events):
    workshop_id, _ = events
    accounts.assign(db.session.get(Account, organizer.id), workshop_id)
    db.session.get(Account, checkin_staff.id).active = False
    db.session.commit()

    response = signed_in.get("/workspace/accounts")

    assert response.status_code == 200
    rows = {
        row.xpath("th//a/text()")[0]: [" ".join(td.text_content().split())
                                       for td in row.xpath("td")]
        for row in page(response).xpath("//table/tbody/tr")
    }
    assert rows["Organizer"][:3] == [
        "Organizer", "Yes", "Cultural and creative industries in the digital environment",
    ]
    assert rows["Door"][:2] == ["Check-in staff", "Deactivated"]
    assert rows["Admin"][:3] == ["Administrator", "Yes", "All events"]


def test_an_admin_creates_an_organizer_for_an_event(signed_in, db, events):
    workshop_id, _ = events

    response = post_form(signed_in, "/workspace/accounts", {
        "name": "Trần Thị Mai", "email": "Mai@Example.org", "role": "organizer",
        "password": NEW_PASSWORD, "events": [str(workshop_id)],
    })

    assert response.status_code == 302
    listing = text(signed_in.get("/workspace/accounts"))
    assert "The account of mai@example.org is created." in listing
    account = stored(db, "mai@example.org")
    assert (account.name, account.role, account.event_ids) == ("Trần Thị Mai", Role.ORGANIZER,
                                                              {workshop_id})
    assert signs_in(db, "mai@example.org", NEW_PASSWORD)
    [entry] = audit_entries(db, "account.create")
    assert entry.actor == "admin@example.org"
    assert entry.after == {
        "email": "mai@example.org", "name": "Trần Thị Mai", "role": "organizer", "active": True,
        "events": ["Cultural and creative industries in the digital environment"],
    }
    assert NEW_PASSWORD not in str(entry.after) and "argon2" not in str(entry.after)


@pytest.mark.parametrize("changes, field, message", [
    ({"email": "organizer@example.org"}, "email",
     "An account with this email address already exists."),
    ({"email": "not an address"}, "email", "Invalid email address."),
    ({"password": "short"}, "password", "Field must be between 10 and 200 characters long."),
    ({"name": ""}, "name", "This field is required."),
])
def test_a_refused_account_keeps_what_was_typed(signed_in, db, organizer, changes, field, message):
    typed = {"name": "Trần Thị Mai", "email": "mai@example.org", "role": "checkin",
             "password": NEW_PASSWORD, **changes}

    response = post_form(signed_in, "/workspace/accounts", typed)

    assert response.status_code == 400
    doc = page(response)
    assert f"#{field}" in doc.xpath("//div[@id='error-summary']//a/@href")
    assert message in text(response)
    assert doc.get_element_by_id("name").get("value", "") == typed["name"]
    assert doc.get_element_by_id("email").get("value") == typed["email"]
    assert doc.xpath("//select[@id='role']/option[@selected]/@value") == ["checkin"]
    assert audit_entries(db, "account.create") == []


# --- Changing an account ---------------------------------------------------------------------


def test_role_and_events_change_and_the_audit_log_says_how(signed_in, db, organizer, events):
    workshop_id, consultation_id = events
    accounts.assign(db.session.get(Account, organizer.id), workshop_id)
    db.session.commit()
    path = f"/workspace/accounts/{organizer.id}"
    shown = page(signed_in.get(path))
    assert shown.xpath("//input[@name='events'][@checked]/@value") == [str(workshop_id)]

    response = post_form(signed_in, path, {
        "name": "Organizer", "role": "checkin", "events": [str(consultation_id)],
    })

    assert response.status_code == 302
    account = stored(db, "organizer@example.org")
    assert (account.role, account.event_ids) == (Role.CHECKIN, {consultation_id})
    [entry] = audit_entries(db, "account.update")
    assert entry.target_type == "account" and entry.target_id == organizer.id
    assert entry.before == {
        "role": "organizer",
        "events": ["Cultural and creative industries in the digital environment"],
    }
    assert entry.after == {
        "role": "checkin", "events": ["Consultation on the creative cities network"],
    }


def test_an_admin_cannot_demote_themselves(signed_in, db, admin):
    path = f"/workspace/accounts/{admin.id}"

    response = post_form(signed_in, path, {"name": "Admin", "role": "organizer"})

    assert response.status_code == 400
    assert "You cannot take away your own administrator role" in text(response)
    assert "#role" in page(response).xpath("//div[@id='error-summary']//a/@href")
    assert stored(db, "admin@example.org").role == Role.ADMIN
    assert audit_entries(db, "account.update") == []


def test_an_unknown_account_is_not_found(signed_in):
    assert signed_in.get("/workspace/accounts/999999").status_code == 404


# --- Deactivating ----------------------------------------------------------------------------


def test_deactivating_ends_their_sessions_at_once(app, signed_in, db, organizer):
    their_client = app.test_client()
    AuthActions(their_client).login("organizer@example.org")
    assert their_client.get("/workspace/").status_code == 200
    path = f"/workspace/accounts/{organizer.id}"

    response = post_form(signed_in, f"{path}/deactivate", {}, page_path=path)

    assert response.status_code == 302
    assert "can no longer sign in" in text(signed_in.get(path))
    kicked_out = their_client.get("/workspace/")
    assert urlsplit(kicked_out.headers["Location"]).path == "/workspace/login"
    assert AuthActions(their_client).login("organizer@example.org").status_code == 400
    [entry] = audit_entries(db, "account.deactivate")
    assert (entry.before, entry.after) == ({"active": True}, {"active": False})

    post_form(signed_in, f"{path}/reactivate", {}, page_path=path)
    assert stored(db, "organizer@example.org").active
    assert AuthActions(their_client).login("organizer@example.org").status_code == 302
    assert audit_entries(db, "account.reactivate")[0].after == {"active": True}


def test_an_admin_cannot_deactivate_themselves(signed_in, db, admin):
    path = f"/workspace/accounts/{admin.id}"
    assert page(signed_in.get(path)).xpath("//form[contains(@action, '/deactivate')]") == []

    response = post_form(signed_in, f"{path}/deactivate", {}, page_path=path)

    assert response.status_code == 400
    assert "You cannot deactivate your own account" in text(response)
    assert stored(db, "admin@example.org").active
    assert signed_in.get("/workspace/").status_code == 200


# --- Passwords -------------------------------------------------------------------------------


def test_a_password_reset_ends_their_sessions_and_records_none(app, signed_in, db, organizer):
    their_client = app.test_client()
    AuthActions(their_client).login("organizer@example.org")
    path = f"/workspace/accounts/{organizer.id}"

    response = post_form(signed_in, f"{path}/password",
                         {"new": NEW_PASSWORD, "repeat": NEW_PASSWORD}, page_path=path)

    assert response.status_code == 302
    assert their_client.get("/workspace/").status_code == 302
    assert not signs_in(db, "organizer@example.org", PASSWORD)
    assert signs_in(db, "organizer@example.org", NEW_PASSWORD)
    [entry] = audit_entries(db, "account.password_reset")
    assert (entry.target_id, entry.before, entry.after) == (organizer.id, None, None)


def test_a_mistyped_new_password_is_pointed_out(signed_in, db, organizer):
    path = f"/workspace/accounts/{organizer.id}"

    response = post_form(signed_in, f"{path}/password",
                         {"new": NEW_PASSWORD, "repeat": "something else"}, page_path=path)

    assert response.status_code == 400
    assert "The two passwords differ." in text(response)
    assert signs_in(db, "organizer@example.org", PASSWORD)


def test_resetting_ones_own_password_keeps_this_session(signed_in, db, admin):
    path = f"/workspace/accounts/{admin.id}"

    post_form(signed_in, f"{path}/password", {"new": NEW_PASSWORD, "repeat": NEW_PASSWORD},
              page_path=path)

    assert signed_in.get("/workspace/").status_code == 200
    assert signs_in(db, "admin@example.org", NEW_PASSWORD)


# --- The services, without HTTP ----------------------------------------------------------------


def test_set_events_refuses_an_event_that_does_not_exist(db, organizer):
    account = db.session.get(Account, organizer.id)
    with pytest.raises(accounts.AccountError):
        account_services.set_events(account, [999999])


def test_the_snapshot_never_holds_the_password(db, organizer):
    snapshot = account_services.snapshot(db.session.get(Account, organizer.id))
    assert set(snapshot) == {"email", "name", "role", "active", "events"}


def test_each_change_to_an_account_writes_its_own_audit_entry(db, admin, organizer, events):
    workshop_id, _ = events
    account = account_services.create("mai@example.org", "Mai", NEW_PASSWORD, Role.CHECKIN,
                                      [workshop_id], actor="system")
    account_services.update(account, name="Trần Thị Mai", role=Role.ORGANIZER, event_ids=[],
                            actor=admin)
    account_services.reset_password(account, "another long passphrase", actor=admin)
    account_services.deactivate(account, actor=admin)
    account_services.reactivate(account, actor=admin)
    db.session.commit()

    entries = audit_entries(db, "account.create")
    assert [(e.actor, e.account_id, e.target_id) for e in entries] == [
        ("system", None, account.id)
    ]
    assert entries[0].after["events"] == [
        "Cultural and creative industries in the digital environment"
    ]
    [updated] = audit_entries(db, "account.update")
    assert (updated.actor, updated.before, updated.after) == (
        "admin@example.org",
        {"name": "Mai", "role": "checkin",
         "events": ["Cultural and creative industries in the digital environment"]},
        {"name": "Trần Thị Mai", "role": "organizer", "events": []},
    )
    assert [(e.before, e.after) for e in audit_entries(db, "account.password_reset")] == [
        (None, None)
    ]
    [deactivated] = audit_entries(db, "account.deactivate")
    assert (deactivated.target_id, deactivated.after) == (account.id, {"active": False})
    assert [e.after for e in audit_entries(db, "account.reactivate")] == [{"active": True}]


def test_a_refused_lockout_writes_no_audit_entry(db, admin):
    account = db.session.get(Account, admin.id)
    with pytest.raises(account_services.SelfLockout):
        account_services.deactivate(account, actor=account)
    with pytest.raises(account_services.SelfLockout):
        account_services.update(account, name="Admin", role=Role.ORGANIZER, event_ids=[],
                                actor=account)
    assert audit_entries(db, "account.deactivate") == audit_entries(db, "account.update") == []
