"""An administrator set up with the command line signs in, adds a session to the demo workshop's
programme through the workspace, and finds it on the public agenda and on the dashboard."""
import re
from pathlib import Path

from eventapp.demo.data import MAIN_EVENT

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSPHRASE = "lotus pond at dawn 2031"
TITLE = "Copyright for digital creative works"


def test_an_admin_adds_a_session_that_the_public_sees(live_server, page, runner):
    # What a new user does on `make run`: the demo is loaded, an admin is created.
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0
    created = runner.invoke(args=["organizer", "create", "hoa@example.org", "--role", "admin",
                                  "--name", "Nguyễn Phương Hoa", "--password", PASSPHRASE])
    assert created.exit_code == 0, created.output

    # 1. The workspace sends a stranger to the login page; the admin signs in there.
    page.goto(f"{live_server}/workspace/")
    page.wait_for_url(re.compile(r".*/workspace/login"))
    page.get_by_label("Email address").fill("hoa@example.org")
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/workspace/$"))

    # 2. From the list of events to the workshop's programme.
    page.get_by_role("link", name=MAIN_EVENT["title"]).click()
    assert page.get_by_role("heading", name="Dashboard", level=1).is_visible()
    page.get_by_role("navigation", name="Event sections").get_by_role(
        "link", name="Programme").click()
    page.get_by_role("link", name="Add a session").click()

    # 3. A new workshop with a limited number of seats, at the time the form suggests.
    page.get_by_label("Title (English)").fill(TITLE)
    page.get_by_label("Title (Vietnamese)").fill("Bản quyền cho tác phẩm sáng tạo số")
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Seats").fill("25")
    page.get_by_role("button", name="Add the session").click()
    assert page.get_by_text("The session is added to the programme.").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workspace-session-added.png"), full_page=True)

    # 4. The public agenda shows it at once, with its seats.
    page.goto(f"{live_server}/events/{MAIN_EVENT['slug']}/agenda")
    session = page.locator(".session-card", has_text=TITLE)
    assert session.is_visible()
    assert "25 seats left of 25" in session.inner_text()

    # 5. The dashboard counts its seats; the audit log says who added it.
    page.goto(f"{live_server}/workspace/")
    page.get_by_role("link", name=MAIN_EVENT["title"]).click()
    row = page.get_by_role("row", name=re.compile(TITLE))
    assert row.get_by_role("cell").nth(1).inner_text() == "0"
    assert row.get_by_role("cell").nth(2).inner_text() == "25"
    page.screenshot(path=str(ARTIFACTS / "workspace-dashboard.png"), full_page=True)
    page.get_by_role("link", name="Audit log").click()
    newest = page.locator(".audit__entry").first
    assert "hoa@example.org" in newest.inner_text()
    assert "session.create" in newest.inner_text()
