import pytest
from sqlalchemy import select

from eventapp.accounts import services
from eventapp.accounts.models import Account
from eventapp.accounts.routes import safe_next
from eventapp.audit.models import AuditEntry
from tests.conftest import PASSWORD
from tests.factories import make_event


def test_passwords_are_hashed_with_argon2id(admin):
    assert admin.password_hash.startswith("$argon2id$")
    assert PASSWORD not in admin.password_hash


def test_login_and_reach_the_workspace(client, auth, admin):
    assert client.get("/workspace/").status_code == 302
    response = auth.login("ADMIN@example.org")
    assert response.status_code == 302
    assert client.get("/workspace/").status_code == 200


def test_wrong_password_says_so_without_telling_which(client, auth, admin):
    for email, password in [("admin@example.org", "wrong password!"), ("nobody@example.org", PASSWORD)]:
        response = auth.login(email, password)
        assert response.status_code == 400
        assert "The email address or the password is not right." in response.get_data(as_text=True)


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, auth, admin):
    auth.login("admin@example.org")
    stolen = app.test_client()
    stolen.set_cookie("session", client.get_cookie("session").value)
    assert stolen.get("/workspace/").status_code == 200

    auth.logout()

    assert client.get("/workspace/").status_code == 302
    assert stolen.get("/workspace/").status_code == 302


def test_password_change_signs_out_other_sessions(app, client, auth, admin, db):
    auth.login("admin@example.org")
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    account = db.session.get(Account, admin.id)
    services.change_password(account, PASSWORD, "a brand new passphrase")
    db.session.commit()
    assert other.get("/workspace/").status_code == 302
    assert services.authenticate("admin@example.org", "a brand new passphrase") is not None


@pytest.mark.parametrize(
    "target,expected",
    [
        ("/workspace/events/1", "/workspace/events/1"),
        ("https://evil.example/", "/workspace/"),
        ("//evil.example/path", "/workspace/"),
        ("/\\evil.example", "/workspace/"),
        ("javascript:alert(1)", "/workspace/"),
        ("", "/workspace/"),
    ],
)
def test_next_only_goes_to_our_own_pages(app, target, expected):
    with app.test_request_context():
        assert safe_next(target) == expected


def test_login_follows_a_safe_next(client, auth, admin):
    response = auth.login("admin@example.org", next_url="/workspace/password")
    assert response.headers["Location"].endswith("/workspace/password")


def test_check_in_staff_cannot_use_the_workspace(client, auth, checkin_staff):
    auth.login("door@example.org")
    # Its front door leads them to the station; every page behind it is refused.
    front = client.get("/workspace/")
    assert front.status_code == 302 and front.headers["Location"].endswith("/checkin/")
    assert client.get("/workspace/speakers").status_code == 403


def test_inactive_accounts_cannot_sign_in(db, admin):
    admin.active = False
    db.session.commit()
    assert services.authenticate("admin@example.org", PASSWORD) is None


def test_cli_creates_an_admin(runner, db):
    result = runner.invoke(
        args=["organizer", "create", "Hoa@Example.org", "--role", "admin", "--password", "long enough pw"]
    )
    assert result.exit_code == 0, result.output
    assert services.authenticate("hoa@example.org", "long enough pw").is_admin


def test_cli_assigns_events_and_leaves_an_audit_entry(runner, db):
    event = make_event(slug="creative-industries-2031",
                       title="Cultural and creative industries in the digital environment")
    db.session.commit()
    result = runner.invoke(args=["organizer", "create", "mai@example.org", "--name", "Trần Thị Mai",
                                 "--event", event.slug, "--password", "long enough pw"])
    assert result.exit_code == 0, result.output
    assert "Assigned to creative-industries-2031." in result.output

    db.session.rollback()
    account = db.session.scalar(select(Account).where(Account.email == "mai@example.org"))
    assert account.event_ids == {event.id}
    query = select(AuditEntry).where(AuditEntry.action == "account.create")
    entry = db.session.scalars(query).one()
    assert (entry.actor, entry.account_id, entry.target_type, entry.target_id) == (
        "system", None, "account", account.id,
    )
    assert entry.after == {
        "email": "mai@example.org", "name": "Trần Thị Mai", "role": "organizer", "active": True,
        "events": ["Cultural and creative industries in the digital environment"],
    }


def test_cli_asks_for_the_password(runner, db):
    result = runner.invoke(args=["organizer", "create", "x@example.org"], input="a secret phrase\na secret phrase\n")
    assert result.exit_code == 0, result.output
    short = runner.invoke(args=["organizer", "create", "y@example.org", "--password", "short"])
    assert short.exit_code != 0 and "at least 10 characters" in short.output
