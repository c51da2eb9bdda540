"""Organizers' Markdown on public pages, its plain-text form, and Vietnamese name order."""
import unicodedata
from html.parser import HTMLParser

import pytest
from flask import render_template_string
from markupsafe import Markup

from eventapp.text import name_sort_key, plain_text, render_markdown

# render_markdown


class _Elements(HTMLParser):
    """Every start tag in a piece of HTML, with its attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


SAFE_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "script tag, other case": "<ScRiPt>alert(1)</sCrIpT>",
    "img onerror": '<img src=x onerror="alert(1)">',
    "svg onload": "<svg onload=alert(1)>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style": "<style>body { display: none }</style>",
    "raw link": '<a href="javascript:alert(1)">click</a>',
    "div handler": "<div onmouseover=alert(1)>hover</div>",
    "html comment": "<!-- <script>alert(1)</script> -->",
    "javascript link": "[x](javascript:alert(1))",
    "javascript link, mixed case": "[x](JaVaScRiPt:alert(1))",
    "javascript link, tab inside": "[x](java\tscript:alert(1))",
    "javascript link, decimal entity": "[x](&#106;avascript:alert(1))",
    "javascript link, hex entity": "[x](&#x6A;avascript:alert(1))",
    "javascript link, entity colon": "[x](javascript&#58;alert(1))",
    "javascript link, angle brackets": "[x](<javascript:alert(1)>)",
    "javascript link, leading space": "[x]( javascript:alert(1))",
    "javascript reference link": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "javascript autolink": "<javascript:alert(1)>",
    "vbscript link": "[x](vbscript:msgbox(1))",
    "data html link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data svg image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "data png image": "![x](data:image/png;base64,iVBORw0KGgo=)",
    "image with handler in title": '![x](https://evil.example/x.png "a\\" onerror=\\"alert(1)")',
    "title breaking out": '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
    "file link": "[x](file:///etc/passwd)",
}


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_script_reaches_the_page(source):
    html = str(render_markdown(source))
    for tag, attrs in _Elements(html).tags:
        assert tag in SAFE_TAGS, html
        assert not [name for name in attrs if name.startswith("on")], html
        assert "style" not in attrs, html
        href = (attrs.get("href") or "").strip().lower()
        if href and ":" in href.split("/")[0]:
            assert href.startswith(("http:", "https:", "mailto:")), html
    assert "<script" not in html.lower()


def test_raw_html_is_shown_as_text_not_interpreted():
    html = str(render_markdown("Dear <b>guests</b>"))
    assert "<b>" not in html
    assert "&lt;b&gt;guests&lt;/b&gt;" in html


def test_ordinary_markdown_still_renders():
    html = str(
        render_markdown(
            "**Bold** and *italic*\n\n"
            "- first\n- second\n\n"
            "1. one\n2. two\n\n"
            "> quoted\n\n"
            "See [the programme](https://example.org/programme) or `code`."
        )
    )
    assert "<strong>Bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<ul>\n<li>first</li>\n<li>second</li>\n</ul>" in html
    assert "<ol>" in html and "<li>two</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.org/programme"' in html
    assert ">the programme</a>" in html
    assert "<code>code</code>" in html


def test_links_get_nofollow_and_noopener():
    for source in ("[site](https://example.org)", "<https://example.org>", "<hoa@example.org>"):
        (anchor,) = [a for tag, a in _Elements(str(render_markdown(source))).tags if tag == "a"]
        rel = anchor["rel"].split()
        assert "nofollow" in rel and "noopener" in rel


def test_autolinks_become_links_but_bare_addresses_do_not():
    tags = _Elements(str(render_markdown("<https://example.org/a?b=1&c=2>"))).tags
    assert [attrs["href"] for tag, attrs in tags if tag == "a"] == ["https://example.org/a?b=1&c=2"]
    assert '<a href="mailto:hoa@example.org"' in str(render_markdown("<hoa@example.org>"))
    assert "<a" not in str(render_markdown("see www.example.org"))


def test_headings_sit_below_the_page_headings():
    html = str(render_markdown("# One\n\n## Two\n\n### Three\n\n#### Four"))
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>One</h3>" in html and "<h3>Two</h3>" in html and "<h3>Three</h3>" in html
    assert "<h4>Four</h4>" in html


def test_vietnamese_text_is_intact():
    source = "Tiến sĩ **Nguyễn Phương Hoa**, Cục trưởng Cục Hợp tác quốc tế — Hà Nội"
    html = str(render_markdown(source))
    assert "Tiến sĩ <strong>Nguyễn Phương Hoa</strong>, Cục trưởng Cục Hợp tác quốc tế — Hà Nội" in html
    assert unicodedata.is_normalized("NFC", html)


def test_empty_text_renders_nothing():
    assert render_markdown(None) == Markup("")
    assert render_markdown("") == Markup("")


def test_template_filter_is_not_escaped_twice(app):
    with app.test_request_context():
        html = render_template_string("{{ text|markdown }}", text="**hi** <script>x</script>")
    assert "<strong>hi</strong>" in html
    assert "&lt;script&gt;" in html and "&amp;lt;" not in html


# plain_text


def test_plain_text_drops_the_markup():
    text = plain_text("# Title\n\n**Bold** and _em_, see [the site](https://example.org).\n\n- one")
    assert "<" not in text and "*" not in text and "](" not in text
    assert "Title" in text
    assert "Bold and em, see the site." in text
    assert "one" in text


def test_plain_text_unescapes_entities():
    assert plain_text("Culture &amp; Creative Industries &copy; 2031") == (
        "Culture & Creative Industries © 2031"
    )
    assert plain_text("Ministry & partners, 5 > 3") == "Ministry & partners, 5 > 3"


def test_plain_text_keeps_what_the_page_shows():
    # Raw HTML is shown as typed on the page, so the plain text keeps it as text too: it is
    # text, and whoever puts it in HTML escapes it (as Jinja does).
    assert plain_text("Talk on <AI> & culture") == "Talk on <AI> & culture"


def test_plain_text_of_vietnamese_and_empty_text():
    assert plain_text("Hội thảo *công nghiệp văn hoá*") == "Hội thảo công nghiệp văn hoá"
    assert plain_text(None) == ""
    assert plain_text("") == ""


# name_sort_key


def by_name(names):
    return sorted(names, key=name_sort_key)


def test_people_are_sorted_by_given_name_first():
    names = ["Trần Thị Châu", "Nguyễn Văn Bình", "Lê An", "Phạm Minh Anh"]
    assert by_name(names) == ["Lê An", "Phạm Minh Anh", "Nguyễn Văn Bình", "Trần Thị Châu"]


def test_same_given_name_then_sorted_by_the_whole_name():
    names = ["Trần Văn Hùng", "Nguyễn Văn Hùng", "Lê Hùng"]
    assert by_name(names) == ["Lê Hùng", "Nguyễn Văn Hùng", "Trần Văn Hùng"]


def test_d_with_stroke_comes_after_every_d():
    names = ["Lê Minh Đức", "Trần Dương", "Vũ Dũng", "Nguyễn Duy", "Vũ Dung", "Hồ Em"]
    assert by_name(names) == [
        "Vũ Dung",
        "Vũ Dũng",
        "Nguyễn Duy",
        "Trần Dương",
        "Lê Minh Đức",
        "Hồ Em",
    ]


def test_letters_with_breve_circumflex_or_horn_follow_their_base_letter():
    assert by_name(["Ân", "Ăn", "An", "Bo"]) == ["An", "Ăn", "Ân", "Bo"]
    assert by_name(["Ơn", "Ôn", "On"]) == ["On", "Ôn", "Ơn"]
    assert by_name(["Ưng", "Ung", "Vy"]) == ["Ung", "Ưng", "Vy"]


def test_tone_marks_only_break_ties():
    # Accents do not move a name away from its letters: "Ánh" sits next to "Anh".
    names = ["Trần Bảo", "Lê Ánh", "Vũ Anh", "Ngô Ân", "Phạm An"]
    assert by_name(names) == ["Phạm An", "Lê Ánh", "Vũ Anh", "Ngô Ân", "Trần Bảo"]
    # With the same letters, tones follow the dictionary: level, grave, hook, tilde, acute, dot.
    assert by_name(["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def test_case_does_not_matter():
    assert name_sort_key("nguyễn văn an") == name_sort_key("NGUYỄN VĂN AN")
    assert by_name(["bình", "An"]) == ["An", "bình"]


def test_decomposed_text_sorts_like_composed_text():
    # Unikey's "Unicode tổ hợp" and macOS produce names with combining marks.
    composed = ["Nguyễn Duy", "Trần Dũng", "Lê Đức", "Phạm Dương"]
    decomposed = [unicodedata.normalize("NFD", name) for name in composed]
    assert [name_sort_key(n) for n in decomposed] == [name_sort_key(n) for n in composed]
    assert by_name(decomposed) == [
        unicodedata.normalize("NFD", n) for n in ["Trần Dũng", "Nguyễn Duy", "Phạm Dương", "Lê Đức"]
    ]


def test_eth_that_looks_like_d_with_stroke_sorts_as_one():
    assert name_sort_key("\u00d0ức") == name_sort_key("Đức")


def test_empty_or_blank_name_does_not_fail():
    assert by_name(["An", "", "  "])[-1] == "An"
