"""The visitor's language: the browser's first, then the one chosen in the header, remembered."""
import lxml.html
import pytest

from tests.factories import make_event


def _lang(response) -> str:
    return lxml.html.fromstring(response.get_data(as_text=True)).get("lang")


def test_the_browser_language_is_the_first_guess(client, db):
    assert _lang(client.get("/", headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})) == "vi"
    assert _lang(client.get("/", headers={"Accept-Language": "fr-FR,en;q=0.5"})) == "en"
    # A language we do not have falls back to English, the default.
    assert _lang(client.get("/", headers={"Accept-Language": "ja"})) == "en"


def test_the_header_offers_both_languages_each_named_in_itself(client, db):
    page = lxml.html.fromstring(client.get("/").get_data(as_text=True))
    links = page.xpath("//nav[contains(@class, 'language-switch')]//a")
    assert [(a.text_content(), a.get("lang"), a.get("hreflang")) for a in links] == [
        ("Tiếng Việt", "vi", "vi"), ("English", "en", "en"),
    ]
    current = [a.text_content() for a in links if a.get("aria-current") == "true"]
    assert current == ["English"]


def test_choosing_a_language_is_remembered_and_comes_back_to_the_page(client, db):
    event = make_event(title="Creative industries", title_vi="Công nghiệp sáng tạo")
    db.session.commit()
    page = f"/events/{event.slug}/"

    response = client.get(f"/language/vi?next={page}", headers={"Accept-Language": "en"})
    assert response.status_code == 303
    assert response.headers["Location"] == page
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=vi;") and "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    # The cookie wins over the browser's own preference from then on.
    again = client.get(page, headers={"Accept-Language": "en"})
    assert _lang(again) == "vi"
    assert "Công nghiệp sáng tạo" in again.get_data(as_text=True)

    client.get(f"/language/en?next={page}")
    assert _lang(client.get(page, headers={"Accept-Language": "vi"})) == "en"


def test_the_switch_link_returns_to_the_same_page_with_its_query(client, db):
    page = lxml.html.fromstring(client.get("/?x=1").get_data(as_text=True))
    (link,) = page.xpath("//a[@hreflang='vi']")
    assert link.get("href") == "/language/vi?next=/?x%3D1"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
     "evil", "/\r\nSet-Cookie: x=1", ""],
)
def test_the_switch_never_sends_anyone_to_another_site(client, db, target):
    response = client.get("/language/vi", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client, db):
    response = client.get("/language/fr?next=/")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers


def test_pages_tell_caches_they_depend_on_the_language(client, db):
    response = client.get("/")
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
