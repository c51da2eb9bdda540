"""Registering with the keyboard alone: Tab, Shift+Tab, Space, Enter, arrow keys and typing.

The test reads the page to know where the focus is, but acts only through the keyboard, the
way a person who cannot use a mouse (or who uses a screen reader) registers.
"""
import re
from pathlib import Path

from sqlalchemy import select

from eventapp.mail.models import OutboxMessage
from eventapp.models import WorkshopSession
from tests.i18n import fixtures

demo = fixtures.demo

MAX_TABS = 120


def focused(page, selector: str) -> bool:
    return page.evaluate(
        "s => document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page, selector: str, key: str = "Tab") -> None:
    """Press Tab until the element matching `selector` has the focus, and check it shows."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if focused(page, selector):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{selector} cannot be reached with {key}")


def assert_focus_visible(page) -> None:
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[0] != "none" and style[1] != "0px", (
        f"no visible focus on {page.evaluate('document.activeElement.outerHTML')[:120]}"
    )


def choose_by_arrows(page, select: str, predicate_js: str) -> None:
    """Move through a focused <select> with the arrow keys until the option wanted is chosen."""
    tab_to(page, select)
    for _ in range(40):
        chosen = f"document.querySelector('{select}').selectedOptions[0]"
        if page.evaluate(f"() => {{ const o = {chosen}; return {predicate_js}; }}"):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option of {select} matches {predicate_js}")


def test_a_person_switches_to_vietnamese_and_registers_by_keyboard(
        live_server, page, app, db, demo):
    workshop = db.session.scalar(select(WorkshopSession).where(
        WorkshopSession.event_id == demo.id, WorkshopSession.capacity == 30))
    page.goto(f"{live_server}/events/{demo.slug}/")

    # The first Tab shows the skip link; Enter takes the focus to the content.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    assert page.locator("a.skip-link").is_visible()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert focused(page, "main")

    # Back up to the header, where the language switch is.
    tab_to(page, "a[hreflang=vi]", key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.lang === 'vi'")

    tab_to(page, ".event-nav a[href$='/register']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/register$"))
    assert page.locator("h1").inner_text() == "Đăng ký"

    choose_by_arrows(page, "#honorific", "o.value === 'mr'")
    tab_to(page, "#full_name")
    page.keyboard.type("Đặng Văn Bình")
    tab_to(page, "#email")
    page.keyboard.type("binh.dang@example.org")
    # The language of the emails: Vietnamese is chosen; the arrows move between the two.
    tab_to(page, "input[name=language]:checked")
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=language][value=en]").is_checked()
    page.keyboard.press("ArrowUp")
    assert page.locator("input[name=language][value=vi]").is_checked()
    tab_to(page, "#organization_name")
    page.keyboard.type("Cục Hợp tác quốc tế")
    choose_by_arrows(page, "#organization_type", "o.dataset.code === 'ministry'")
    tab_to(page, "#department")
    page.keyboard.type("Phòng Hợp tác đa phương")
    tab_to(page, f"#sessions-{workshop.id}")
    page.keyboard.press("Space")
    assert page.locator(f"#sessions-{workshop.id}").is_checked()

    # Sent without the consent: the summary of errors takes the focus and leads to the box.
    tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    assert focused(page, "#error-summary")
    tab_to(page, "#error-summary a[href='#consent']")
    page.keyboard.press("Enter")
    # What was typed is still there.
    assert page.locator("#full_name").input_value() == "Đặng Văn Bình"
    assert page.locator(f"#sessions-{workshop.id}").is_checked()
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    assert page.locator("#consent").is_checked()
    tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/register/sent(#.*)?$"))  # the #field of the error link stays
    assert page.locator("h1").inner_text() == "Quý vị vui lòng kiểm tra email"

    # The emailed link leads to a button pressed with the keyboard too.
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "binh.dang@example.org"))
        assert message.subject.startswith("Vui lòng xác nhận đăng ký")
        assert message.text_body.startswith("Kính gửi Ông Đặng Văn Bình,")
        path = re.search(r"https?://[^/]+(/register/confirm/\S+)", message.text_body).group(1)
    page.goto(live_server + path)
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r".*/r/[\w-]+$"))
    assert page.get_by_role("heading", name="Đã xác nhận").is_visible()
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "keyboard-registration-vi.png"), full_page=True)
