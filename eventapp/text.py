"""Markdown written by organizers, rendered so that no script ever reaches a page."""
import html as html_lib
import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# "js-default" escapes raw HTML and refuses javascript:/vbscript:/data: links; nh3 (Ammonia)
# then cleans the output once more, so that a bug in either one alone lets nothing through.
_markdown = MarkdownIt("js-default", {"linkify": False, "typographer": False}).enable("table")

_ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}


def render_markdown(source: str | None) -> Markup:
    if not source:
        return Markup("")
    html = _markdown.render(source)
    # Headings in user text sit below the page's own h1/h2.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)


def plain_text(source: str | None) -> str:
    """The words of a Markdown text without its markup, for feeds and exports."""
    if not source:
        return ""
    html = _markdown.render(source)
    return html_lib.unescape(nh3.clean(html, tags=set())).strip()


# Vietnamese alphabetical order: letters with a breve, circumflex or horn, and đ, are letters
# of their own that come after their base letter (a < ă < â, d < đ, o < ô < ơ, u < ư); tone
# marks only break ties, in dictionary order (level, grave, hook, tilde, acute, dot below).
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


# "Ð" (U+00D0, the Icelandic eth) looks just like "Đ" and is sometimes typed or converted
# in its place; it is sorted as đ.
_D_WITH_STROKE = {"đ", "ð"}


def _collation(word: str) -> tuple[tuple, tuple]:
    letters, tones = [], []
    # Composed form first: text typed in Unikey's "Unicode tổ hợp" mode, or taken from
    # macOS file names, is decomposed, and each mark would otherwise count as a letter of
    # its own ("Dũng" sorted after "Duy").
    for char in unicodedata.normalize("NFC", word.casefold()):
        if char in _D_WITH_STROKE:
            letters.append(("d", 1))
            tones.append(0)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letters.append((base, sum(_LETTER_MARKS.get(m, 0) for m in marks)))
        tones.append(sum(_TONE_MARKS.get(m, 0) for m in marks))
    return tuple(letters), tuple(tones)


def name_sort_key(full_name: str) -> tuple:
    """Sort people as Vietnamese lists do: by given name (written last), then the whole name."""
    words = full_name.split()
    given = words[-1] if words else ""
    (given_letters, given_tones), (all_letters, all_tones) = _collation(given), _collation(full_name)
    return (given_letters, all_letters, given_tones, all_tones)


def text_sort_key(text: str) -> tuple:
    """Sort words and names of things (countries, organizations) in Vietnamese alphabetical
    order, which also suits English: "Đan Mạch" after "Dominica", "Úc" among the u's."""
    letters, tones = _collation(text)
    return (letters, tones)


def fold(text: str | None) -> str:
    """Lowercase without diacritics, for searching: "Nguyễn Đức" -> "nguyen duc"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str, max_length: int = 80) -> str:
    """ "Hội thảo Công nghiệp văn hoá 2031" -> "hoi-thao-cong-nghiep-van-hoa-2031"."""
    words = re.split(r"[^a-z0-9]+", fold(unicodedata.normalize("NFC", text or "")))
    slug = "-".join(word for word in words if word)
    return slug[:max_length].strip("-")
