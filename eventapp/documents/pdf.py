"""Building PDF pages with fpdf2: the fonts, the metadata, QR codes and text that fits.

Every document embeds Roboto (regular and bold), which covers Vietnamese; fpdf2 embeds
only the glyphs a document uses. Text is measured with the font it is drawn in, so that
a long name is shrunk or broken over two lines rather than running off a badge.
"""
import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import font_roboto
import segno
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF

FAMILY = "Roboto"
_FONT_FILES = {"": font_roboto.font_files["Roboto"], "B": font_roboto.font_files["RobotoBold"]}

# What the documents write: Latin with every Vietnamese letter and tone, combining marks,
# punctuation, currency signs. Reading the whole Roboto file (Greek, Cyrillic, ...) for each
# document costs more than twice as long as reading this part of it.
_UNICODE_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF),
    (0x2000, 0x206F), (0x20A0, 0x20BF), (0x2100, 0x214F), (0x2190, 0x21FF),
)
# Bumped when the ranges change, so that an older cached file is not used.
_SUBSET_VERSION = "1"

ELLIPSIS = "…"


@cache
def _font_path(style: str) -> Path:
    """A copy of the Roboto style holding only the characters we use, made once per machine."""
    source = Path(_FONT_FILES[style])
    stat = source.stat()
    key = hashlib.sha256(
        f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{_SUBSET_VERSION}".encode()
    ).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"eventapp-{source.stem}-{key}.ttf"
    if not target.exists():
        font = TTFont(source)
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GPOS", "GSUB", "GDEF"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(
            unicodes=[c for low, high in _UNICODE_RANGES for c in range(low, high + 1)]
        )
        subsetter.subset(font)
        # Written aside then renamed: another process may be reading the same name.
        handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".ttf")
        os.close(handle)
        font.save(partial)
        os.replace(partial, target)
    return target


def clean(text: str | None) -> str:
    """Text as the fonts draw it: composed (NFC) Vietnamese, one line, no control characters.

    Text typed in Unikey's "Unicode tổ hợp" mode is decomposed; drawn as it is, each tone
    mark would be a glyph of its own beside its letter.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


class Document(FPDF):
    """An fpdf2 document with our fonts, metadata and helpers; sizes in millimetres."""

    def __init__(self, *, title: str, language: str, orientation: str = "portrait",
                 format: str | tuple[float, float] = "A4"):
        super().__init__(orientation=orientation, unit="mm", format=format)
        for style in _FONT_FILES:
            self.add_font(FAMILY, style, str(_font_path(style)))
        self.set_font(FAMILY, "", 11)
        self.set_title(clean(title))
        self.set_lang(language)
        self.set_creator("eventapp")
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.c_margin = 0

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)

    def width_of(self, text: str, size: float, bold: bool = False) -> float:
        self.font(size, bold)
        return self.get_string_width(text)

    def text_at(self, x: float, y: float, width: float, text: str, *, size: float,
                bold: bool = False, align: str = "L", color=(0, 0, 0)) -> None:
        """One line of text in the box from x to x + width (cut with "…" if longer than
        that); y is the top of the line."""
        text = _cut(self, clean(text), width, size, bold)
        self.font(size, bold)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.cell(width, line_height(size), text, align=align)

    def lines_at(self, x: float, y: float, width: float, lines: list[str], *, size: float,
                 bold: bool = False, align: str = "L", color=(0, 0, 0),
                 leading: float = 1.2) -> float:
        """Lines one under the other from y; returns the y below the last one."""
        for line in lines:
            self.text_at(x, y, width, line, size=size, bold=bold, align=align, color=color)
            y += line_height(size, leading)
        return y

    def paragraph(self, x: float, y: float, width: float, text: str, *, size: float,
                  bold: bool = False, align: str = "L", color=(0, 0, 0), max_lines: int = 2,
                  leading: float = 1.2) -> float:
        """Text wrapped to `width` over at most `max_lines` (cut with "…"); returns y below."""
        lines = wrap(self, text, width, size, bold=bold, max_lines=max_lines)
        return self.lines_at(x, y, width, lines, size=size, bold=bold, align=align,
                             color=color, leading=leading)

    def qr_code(self, data: str, x: float, y: float, size: float) -> None:
        """The QR code of `data` in squares (sharp at any print size), quiet zone included."""
        draw_qr(self, data, x, y, size)

    def bytes(self) -> bytes:
        return bytes(self.output())


def line_height(size_pt: float, leading: float = 1.2) -> float:
    """The height in millimetres of a line of text in `size_pt` points."""
    return size_pt * leading * 25.4 / 72


def _fits(pdf: Document, text: str, width: float, size: float, bold: bool) -> bool:
    return pdf.width_of(text, size, bold) <= width


def _cut(pdf: Document, text: str, width: float, size: float, bold: bool) -> str:
    """The longest start of `text` that fits with an ellipsis after it."""
    if _fits(pdf, text, width, size, bold):
        return text
    words = text.split()
    while len(words) > 1 and not _fits(pdf, " ".join(words) + ELLIPSIS, width, size, bold):
        words.pop()
    kept = " ".join(words)
    while kept and not _fits(pdf, kept + ELLIPSIS, width, size, bold):
        kept = kept[:-1]
    return kept.rstrip() + ELLIPSIS


def wrap(pdf: Document, text: str, width: float, size: float, *, bold: bool = False,
         max_lines: int = 2) -> list[str]:
    """`text` broken between words into lines no wider than `width`, at most `max_lines`;
    the last line ends with "…" when something had to be left out. A word wider than the
    line on its own is cut."""
    words = clean(text).split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if not current or _fits(pdf, candidate, width, size, bold):
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            lines[-1] = _cut(pdf, " ".join([lines[-1], *words[index:]]), width, size, bold)
            return lines
    if current:
        lines.append(current)
    return [_cut(pdf, line, width, size, bold) for line in lines]


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    size: float


def fit(pdf: Document, text: str, width: float, *, max_size: float, min_size: float,
        bold: bool = False, max_lines: int = 2, step: float = 0.5) -> FittedText:
    """The largest size from max_size down to min_size at which `text` fits on one line,
    else on up to `max_lines` lines; at min_size whatever is left over is cut with "…".

    One line is preferred while the text stays at least two thirds of its largest size: a
    name reads best whole, but not in print too small to read across a room.
    """
    text = clean(text)
    one_line_floor = max(min_size, max_size * 2 / 3)
    size = max_size
    while size >= one_line_floor:
        if _fits(pdf, text, width, size, bold):
            return FittedText([text], size)
        size -= step
    size = max_size
    while size >= min_size:
        lines = wrap(pdf, text, width, size, bold=bold, max_lines=max_lines + 1)
        if len(lines) <= max_lines and not any(line.endswith(ELLIPSIS) for line in lines):
            return FittedText(lines, size)
        size -= step
    return FittedText(wrap(pdf, text, width, min_size, bold=bold, max_lines=max_lines), min_size)


def grouped_code(code: str, group: int = 4) -> str:
    """A ticket code in groups for reading aloud or typing: "ABCD EFGH IJKL MNOP"."""
    return " ".join(code[i:i + group] for i in range(0, len(code), group))


# A QR code needs a light margin of four modules around it to be read reliably.
QR_QUIET_ZONE = 4


def draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """segno's QR code of `data` in the square (x, y, size), dark runs drawn as rectangles."""
    # make_qr: segno.make picks a Micro QR for a ticket code, which cameras cannot read.
    qr = segno.make_qr(data, error="m")
    rows = [list(row) for row in qr.matrix_iter(border=QR_QUIET_ZONE)]
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            # A hair wider than the run, so that no white seam shows between neighbours.
            pdf.rect(x + start * module, y + r * module, (c - start) * module + 0.01,
                     module + 0.01, style="F")
