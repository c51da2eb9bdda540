"""At the door on the event day, on a phone: check-in staff sign in, land on the station, find
an attendee by a name typed without diacritics and check them in, then check in another by
the code of their ticket, are told when the same code comes again, and undo a check-in.

A second test lets Chromium's fake camera show the QR code of the ticket email: the station
reads it with the vendored jsQR (Chromium on Linux has no BarcodeDetector) and checks the
attendee in.
"""
import io
import re
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import itsdangerous
import pytest
from playwright.sync_api import expect

from eventapp.registration.emails import ticket_qr_png
from tests.checkin.helpers import make_registration
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_event

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSPHRASE = "lotus pond at dawn 2031"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "en-GB"}


@pytest.fixture
def event_day(app, db, runner):
    """Today's workshop, two confirmed attendees and a check-in account assigned to it."""
    event = make_event(title="Cultural and creative industries in the digital environment",
                       starts_at=datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))
    db.session.commit()
    hoa = make_registration(event, "Nguyễn Thị Hoa", honorific="dr",
                            organization="Cục Hợp tác quốc tế")
    lam = make_registration(event, "Đặng Văn Lâm", organization="Hãng phim truyện Việt Nam",
                            type_code="film_studio")
    created = runner.invoke(args=["organizer", "create", "door@example.org", "--role", "checkin",
                                  "--name", "Lê Thu Trang", "--event", event.slug,
                                  "--password", PASSPHRASE])
    assert created.exit_code == 0, created.output
    return event, hoa, lam


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


@contextmanager
def at_the_station(browser, live_server, event, **options):
    """A phone of its own (`options` for its browser context), signed in at the station."""
    context = browser.new_context(**PHONE, **options)
    try:
        page = context.new_page()
        sign_in(page, live_server)
        page.wait_for_url(re.compile(rf".*/checkin/{event.id}$"))
        yield page
    finally:
        context.close()


def sign_in(page, live_server):
    page.goto(f"{live_server}/workspace/login")
    page.get_by_label("Email address").fill("door@example.org")
    page.get_by_label("Password").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()


def banner(page):
    return page.locator("#checkin-answer .ci-banner__heading")


def arrived(page):
    return page.locator('[data-count="arrived"]')


def test_check_in_staff_at_the_door(live_server, phone, event_day):
    event, hoa, lam = event_day
    page = phone

    # 1. After signing in, the station of their only event, not the workspace.
    sign_in(page, live_server)
    page.wait_for_url(re.compile(rf".*/checkin/{event.id}$"))
    assert page.get_by_role("heading", level=1).inner_text() == event.title
    assert arrived(page).inner_text() == "0"
    # 127.0.0.1 is a secure context: the camera can be offered.
    assert page.get_by_role("button", name="Scan with the camera").is_visible()

    # 2. A name typed without diacritics finds her; one tap checks her in.
    page.get_by_label("Name, organization or email").fill("nguyen thi hoa")
    page.get_by_role("button", name="Check in Nguyễn Thị Hoa").click()
    expect(arrived(page)).to_have_text("1")
    assert banner(page).inner_text() == "Checked in"
    assert page.locator(".ci-person__name").inner_text() == "Dr. Nguyễn Thị Hoa"
    assert "Cục Hợp tác quốc tế" in page.locator(".ci-person").inner_text()

    # 3. Another attendee by the code on their ticket, typed with a space and in lowercase.
    code = lam.ticket_code
    page.get_by_label("Ticket code").fill(f"{code[:8].lower()} {code[8:]}")
    page.get_by_label("Ticket code").press("Enter")
    page.locator(".ci-person__name", has_text="Đặng Văn Lâm").wait_for()
    assert banner(page).inner_text() == "Checked in"
    expect(arrived(page)).to_have_text("2")
    assert page.get_by_label("Ticket code").input_value() == ""
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "checkin-station.png"))

    # 4. The same code again: already in, since when and by whom.
    page.get_by_label("Ticket code").fill(code)
    page.locator("[data-scan-form]").get_by_role("button", name="Check in").click()
    page.locator(".ci-banner--warn").wait_for()
    assert re.fullmatch(r"Already checked in at \d\d:\d\d", banner(page).inner_text())
    assert "Let in by Lê Thu Trang" in page.locator(".ci-banner").inner_text()
    page.screenshot(path=str(ARTIFACTS / "checkin-already.png"))

    # 5. Undo: the counter goes back down, and they can be checked in again.
    page.get_by_role("button", name="Undo").click()
    page.locator(".ci-banner--info").wait_for()
    assert banner(page).inner_text() == "Check-in undone"
    expect(arrived(page)).to_have_text("1")
    page.locator("#checkin-answer").get_by_role("button", name="Check in").click()
    page.locator(".ci-banner--ok").wait_for()
    expect(arrived(page)).to_have_text("2")


def test_a_station_left_open_past_its_token_keeps_working(live_server, browser, event_day,
                                                           monkeypatch):
    """CSRF tokens last an hour; a station stays open all day. An expired token is replaced
    by a fresh one (from the counters) and the request sent again, unseen."""
    event, hoa, lam = event_day
    with at_the_station(browser, live_server, event) as page:
        # An hour and a second later, on the clock the tokens are signed and checked with.
        later = int(time.time()) + 3601
        monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: later)
        page.get_by_label("Ticket code").fill(hoa.ticket_code)
        page.get_by_label("Ticket code").press("Enter")
        page.locator(".ci-banner--ok").wait_for()
        assert banner(page).inner_text() == "Checked in"


def test_without_javascript_the_forms_still_work(live_server, browser, event_day):
    event, hoa, lam = event_day
    with at_the_station(browser, live_server, event, java_script_enabled=False) as page:
        page.get_by_label("Ticket code").fill(lam.ticket_code)
        page.locator("[data-scan-form]").get_by_role("button", name="Check in").click()
        assert banner(page).inner_text() == "Checked in"
        assert arrived(page).inner_text() == "1"
        page.get_by_label("Name, organization or email").fill("hoa")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("button", name="Check in Nguyễn Thị Hoa").click()
        assert banner(page).inner_text() == "Checked in"
        assert arrived(page).inner_text() == "2"
        # No camera without JavaScript: its section stays hidden.
        assert not page.get_by_role("button", name="Scan with the camera").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "checkin-station-no-js.png"), full_page=True)


def _ticket_video(path: Path, ticket_code: str) -> None:
    """A still Y4M video of the QR code the ticket email carries, for Chromium's fake camera."""
    from PIL import Image

    width, height = 640, 480
    qr = Image.open(io.BytesIO(ticket_qr_png(ticket_code))).convert("L")
    picture = Image.new("L", (width, height), 235)
    picture.paste(qr, ((width - qr.width) // 2, (height - qr.height) // 2))
    # Video luma runs from 16 (black) to 235 (white).
    luma = picture.point(lambda v: 16 + v * 219 // 255).tobytes()
    chroma = bytes([128]) * (width * height // 4)
    frame = b"FRAME\n" + luma + chroma + chroma
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(frame)


def test_the_camera_reads_a_ticket(live_server, browser, event_day, tmp_path):
    event, hoa, lam = event_day
    video = tmp_path / "ticket.y4m"
    _ticket_video(video, hoa.ticket_code)
    camera_browser = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        with at_the_station(camera_browser, live_server, event, permissions=["camera"]) as page:
            page.get_by_role("button", name="Scan with the camera").click()
            page.locator(".ci-banner--ok").wait_for(timeout=15000)
            assert banner(page).inner_text() == "Checked in"
            assert page.locator(".ci-person__name").inner_text() == "Dr. Nguyễn Thị Hoa"
            assert page.evaluate("typeof window.jsQR") == "function" or page.evaluate(
                "'BarcodeDetector' in window")
            # The ticket stays in front of the camera: it is not sent again and again.
            page.wait_for_timeout(3000)
            assert banner(page).inner_text() == "Checked in"
            assert arrived(page).inner_text() == "1"
            page.screenshot(path=str(ARTIFACTS / "checkin-camera.png"))
    finally:
        camera_browser.close()


def test_the_station_passes_axe(live_server, browser, event_day):
    """No WCAG 2.1 A/AA violation on the station, with an answer and people found on it."""
    from tests.e2e.test_accessibility import violations

    event, hoa, lam = event_day
    # bypass_csp: axe-core is injected as an inline script.
    with at_the_station(browser, live_server, event, bypass_csp=True) as page:
        page.get_by_label("Ticket code").fill(lam.ticket_code)
        page.get_by_label("Ticket code").press("Enter")
        page.locator(".ci-banner--ok").wait_for()
        page.get_by_label("Name, organization or email").fill("nguyen")
        page.locator(".ci-result").first.wait_for()
        assert violations(page) == []
        page.goto(f"{live_server}/checkin/{event.id}")
        page.get_by_label("Ticket code").fill("WRONGCODE")
        page.get_by_label("Ticket code").press("Enter")
        page.locator(".ci-banner--stop").wait_for()
        assert violations(page) == []
