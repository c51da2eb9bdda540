"""The Vietnamese catalogue as the tests see it: read, compiled, and turned into phrases to
look for in pages that should have none of them left in English."""
import re
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "eventapp" / "translations"
PO = TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")

# %(name)s, %(num)d, %% and the like: what a formatted message fills in.
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
# Brand names and codes that read the same in both languages.
_SAME_IN_BOTH = {"eventapp", "LinkedIn", "ORCID", "Facebook", "X", "Email", "JSON"}


def read_catalogue():
    with PO.open("rb") as fh:
        return read_po(fh, locale="vi")


def ensure_compiled() -> None:
    """The .mo the app reads, built from the .po when missing or older (as `make install` does).

    Flask-Babel keeps loaded catalogues for the whole process, so it is told to forget them.
    """
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        with MO.open("wb") as fh:
            write_mo(fh, read_catalogue())
    from eventapp.extensions import babel

    domain = babel.__dict__.get("domain_instance")  # made on first use, then shared
    if domain is not None:
        domain.cache.clear()


@cache
def english_phrases() -> tuple[str, ...]:
    """The English words of every interface string, as they would appear untranslated.

    A msgid with placeholders gives its longest literal piece ("Your place is held until "
    ... gives "If you do not confirm by then, it is released for others."). Strings that read
    the same in Vietnamese (brand names, "Email") and pieces without a letter are left out.
    """
    phrases = set()
    for message in read_catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            pieces = [p.strip(" .,:;()“”\"'-–—·") for p in _PLACEHOLDER.split(msgid)]
            pieces = [p for p in pieces if re.search(r"[A-Za-z]{2,}", p) and p not in _SAME_IN_BOTH]
            if not pieces:
                continue
            longest = max(pieces, key=len)
            # "%(taken)d of %(capacity)d" leaves only "of": too common a word to tell anything.
            if len(pieces) == 1 and longest == msgid.strip(" .,:;()") or len(longest) >= 4:
                phrases.add(longest)
    return tuple(sorted(phrases, key=len, reverse=True))


def english_left_in(text: str) -> list[str]:
    """The interface phrases found verbatim (whole words, same case) in `text`."""
    found = []
    for phrase in english_phrases():
        if re.search(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", text):
            found.append(phrase)
    return found
