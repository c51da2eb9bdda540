"""axe-core finds no WCAG 2.1 A/AA violation on any public page, in either language.

axe-core comes bundled in the axe-playwright-python package (nothing is downloaded); it runs
in Debian's Chromium against the app served on a local port. Every page of the registration
flow is checked in the state a person meets it: the form empty and sent with errors, the
pages reached by the emailed links, the error pages.
"""
import os
import re

import pytest
from sqlalchemy import select

from eventapp.models import Speaker, WorkshopSession
from eventapp.registration import services
from tests.i18n import fixtures
from tests.registration.helpers import details

demo = fixtures.demo

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # as with Chromium: a developer may skip, CI may not
    if os.environ.get("CI"):
        raise
    pytest.skip("axe-playwright-python is not installed", allow_module_level=True)

# The rules of WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (landmarks,
# headings, a page that has a main heading, ...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
LANGUAGES = {"vi": "vi-VN", "en": "en-GB"}


def _registrations(event, db):
    """A confirmed registration (ticket, sessions) and one waiting for its emailed link."""
    workshop = db.session.scalar(select(WorkshopSession).where(
        WorkshopSession.event_id == event.id, WorkshopSession.capacity == 40))
    confirmed = services.register(event, details("confirmed@example.org"), [workshop.id])
    token = services._new_confirm_token(confirmed)
    db.session.commit()
    services.confirm_email(token)
    db.session.commit()
    pending = services.register(event, details("pending@example.org"))
    pending_token = services._new_confirm_token(pending)
    db.session.commit()
    return confirmed.manage_secret, pending_token


def violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


@pytest.fixture(params=list(LANGUAGES))
def visitor(request, browser):
    """A page in a browser that reads `language` first, and has chosen it on the site."""
    language = request.param
    context = browser.new_context(
        locale=LANGUAGES[language], viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.language = language
    yield page
    context.close()


def test_public_pages_and_the_registration_flow_pass_axe(live_server, visitor, demo, db):
    page = visitor
    slug = demo.slug
    manage_secret, confirm_token = _registrations(demo, db)
    session_ids = list(db.session.scalars(select(WorkshopSession.id).where(
        WorkshopSession.event_id == demo.id, WorkshopSession.capacity.is_not(None)).limit(1)))
    session_ids += list(db.session.scalars(select(WorkshopSession.id).where(
        WorkshopSession.event_id == demo.id, WorkshopSession.capacity.is_(None)).limit(1)))
    speaker = db.session.scalar(select(Speaker.slug).where(Speaker.full_name == "Trần Minh Đức"))

    found: dict[str, list[str]] = {}

    def check(name: str, path: str | None = None) -> None:
        if path is not None:
            page.goto(live_server + path)
        assert page.locator("html").get_attribute("lang") == page.language, name
        problems = violations(page)
        if problems:
            found[name] = problems

    check("home", "/")
    check("event", f"/events/{slug}/")
    check("agenda", f"/events/{slug}/agenda")
    for session_id in session_ids:
        check(f"session {session_id}", f"/events/{slug}/sessions/{session_id}")
    check("speakers", f"/events/{slug}/speakers")
    check("profile", f"/speakers/{speaker}")
    check("past event", "/events/creative-industries-policy-consultation/")

    check("registration form", f"/events/{slug}/register")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    check("registration form with errors")
    check("sent", f"/events/{slug}/register/sent")
    check("resend", f"/events/{slug}/register/resend")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    check("resend with errors")

    check("confirm", f"/register/confirm/{confirm_token}")
    check("manage", f"/r/{manage_secret}")
    check("edit", f"/r/{manage_secret}/edit")
    page.locator("#full_name").fill("")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    check("edit with errors")
    check("cancel", f"/r/{manage_secret}/cancel")
    page.goto(f"{live_server}/register/confirm/no-such-link")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    check("link that cannot be used")

    check("login", "/workspace/login")
    page.locator("#email").fill("nobody@example.org")
    page.locator("#password").fill("not the password")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    check("login refused")
    check("not found", "/events/no-such-event/")

    assert not found, "\n".join(
        f"{name}:\n  " + "\n  ".join(problems) for name, problems in found.items()
    )


def test_the_error_summary_is_announced_and_takes_the_focus(live_server, visitor, demo):
    page = visitor
    page.goto(f"{live_server}/events/{demo.slug}/register")
    page.locator("form.form button[type=submit]").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    # The page's script moves the focus once it has run (it is deferred: the summary can be
    # in the page a moment before); it must get there.
    page.wait_for_function("document.activeElement && document.activeElement.id"
                           " === 'error-summary'", timeout=5000)
    # Each error links to its field, and the field says it is invalid and why.
    first = summary.locator("a").first
    target = first.get_attribute("href")
    assert re.fullmatch(r"#[\w-]+", target)
    field = page.locator(target)
    assert field.count() == 1
    first.press("Enter")
    assert page.evaluate("location.hash") == target


# --- The organizers' workspace -------------------------------------------------------------

WORKSPACE_PAGES = {
    "events": "/workspace/",
    "dashboard": "/workspace/events/{event_id}/",
    "registrations": "/workspace/events/{event_id}/registrations",
    "programme": "/workspace/events/{event_id}/sessions",
}


def test_the_workspace_main_pages_pass_axe(live_server, visitor, demo, db, admin):
    """The screens organizers spend their day on, with a programme and registrations in them."""
    from tests.conftest import PASSWORD

    page = visitor
    _registrations(demo, db)
    page.goto(f"{live_server}/workspace/login")
    page.locator("#email").fill(admin.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/workspace/$"))

    found = {}
    for name, path in WORKSPACE_PAGES.items():
        response = page.goto(live_server + path.format(event_id=demo.id))
        assert response.status == 200, name
        assert page.locator("html").get_attribute("lang") == page.language, name
        problems = violations(page)
        if problems:
            found[name] = problems
    assert not found, "\n".join(
        f"{name}:\n  " + "\n  ".join(problems) for name, problems in found.items()
    )
