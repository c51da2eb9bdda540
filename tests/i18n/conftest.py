"""Fixtures for the language tests: the compiled catalogue, the demo event, Vietnamese
visitors and the text a page shows them."""
import re

import lxml.html
import pytest

from tests.i18n import fixtures
from tests.i18n.catalogue import ensure_compiled

demo = fixtures.demo


@pytest.fixture(autouse=True)
def compiled_catalogue():
    ensure_compiled()


@pytest.fixture
def vi_client(app):
    client = app.test_client()
    client.set_cookie("lang", "vi")
    return client


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def shown_text(html: str) -> str:
    """What a visitor reads or hears in the page's own language.

    Scripts are dropped, and so is every element marked as being in another language (the
    switch's "English", an English title shown for want of a Vietnamese one); the words of
    alt, title, aria-label, placeholder attributes and button values are kept.
    """
    document = lxml.html.fromstring(html)
    language = document.get("lang")
    for element in document.xpath("//script|//style|//*[@lang]"):
        if element is document:
            continue
        if element.tag in ("script", "style") or element.get("lang") != language:
            element.drop_tree()
    parts = [document.text_content()]
    parts += document.xpath("//@alt|//@title|//@aria-label|//@placeholder")
    parts += document.xpath("//input[@type='submit' or @type='button']/@value")
    return "\n".join(parts)


def without(text: str, contents) -> str:
    """`text` with the organizers' and attendees' own words taken out (names, venues, ...)."""
    for content in sorted({c for c in contents if c}, key=len, reverse=True):
        text = text.replace(content, " ")
    return text
