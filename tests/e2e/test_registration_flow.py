"""An attendee registers in the browser, confirms from the email, changes sessions; the person
waiting for the seat they gave up is promoted and emailed."""
import re
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlsplit

from eventapp.models import SessionKind
from eventapp.registration import services
from tests.factories import make_event, make_session
from tests.registration.helpers import details, last_email

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def read_eml(mail_dir: Path, to: str, subject_part: str):
    for path in sorted(mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"].addresses[0].addr_spec == to and subject_part in message["Subject"]:
            return message
    raise AssertionError(f"no email to {to} about {subject_part!r} in {mail_dir}")


def local(url: str, live_server: str) -> str:
    """Links in emails are built on PUBLIC_URL; open them on the test server."""
    parts = urlsplit(url)
    return live_server + parts.path


def test_register_confirm_change_sessions(live_server, page, app, db):
    event = make_event(title="Cultural and Creative Industries in the Digital Environment")
    make_session(event, title="Coffee break", kind=SessionKind.BREAK)
    film = make_session(event, title="Film and streaming", kind=SessionKind.WORKSHOP,
                        starts_at=event.starts_at.replace(hour=6), capacity=1)
    db.session.commit()

    # 1. Register through the form, with the keyboard where a person would use it.
    page.goto(f"{live_server}/events/{event.slug}/register")
    assert "Coffee break" not in page.content()
    page.get_by_label("Full name").fill("Nguyễn Thị Thu Hà")
    page.get_by_label("Email address").fill("thuha@example.org")
    page.get_by_role("radio", name="English").check()
    page.get_by_label("Organization", exact=True).fill("Vietnam Feature Film Studio")
    page.get_by_label("Kind of organization").select_option(label="Film studio")
    page.get_by_label("Film and streaming").check()
    page.get_by_label("I agree to the processing of my personal data for this purpose.").check()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "registration-form.png"), full_page=True)
    page.get_by_role("button", name="Register").press("Enter")
    page.wait_for_url(re.compile(r".*/register/sent$"))
    assert page.locator("h1").inner_text() == "Check your email"

    # 2. The email is a file in the instance folder; its link leads to a confirm button.
    mail_dir = Path(app.instance_path) / "mail"
    email = read_eml(mail_dir, "thuha@example.org", "Please confirm")
    text = email.get_body(preferencelist=("plain",)).get_content()
    confirm_url = re.search(r"https?://\S+/register/confirm/\S+", text).group(0)
    page.goto(local(confirm_url, live_server))
    page.get_by_role("button", name="Confirm my registration").click()
    page.wait_for_url(re.compile(r".*/r/[\w-]+$"))
    assert page.get_by_role("heading", name="Confirmed").is_visible()
    assert page.get_by_alt_text(re.compile("QR code of your ticket")).is_visible()
    page.screenshot(path=str(ARTIFACTS / "registration-manage.png"), full_page=True)
    manage_url = page.url

    # 3. Someone else now waits for the only seat in the film workshop.
    with app.app_context():
        waiting = services.register(event, details("waiting@example.org"), [film.id])
        token = services._new_confirm_token(waiting)
        db.session.commit()
        services.confirm_email(token)
        db.session.commit()

    # 4. Giving the seat up promotes them at once, by email.
    page.goto(manage_url)
    page.get_by_role("link", name="Change your details or sessions").click()
    page.get_by_label("Film and streaming").uncheck()
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(manage_url)
    assert page.get_by_text("Your changes are saved.").is_visible()

    with app.app_context():
        promoted = last_email("waiting@example.org", "session_promoted")
        assert "Film and streaming" in promoted.subject
