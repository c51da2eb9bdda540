"""Name badges: A6, one per page, or four to an A4 sheet with cut marks.

Each badge carries a band in the colour of the person's kind of organization with the kind
written in it: colour helps staff see at a glance, the words make it readable for
everybody (and in black-and-white print).
"""
import zlib

from flask_babel import gettext as _

from eventapp.documents import content
from eventapp.documents.content import INK, MUTED
from eventapp.documents.pdf import Document, fit, line_height
from eventapp.i18n import current_language

LAYOUTS = ("a6", "a4")
BADGE_WIDTH, BADGE_HEIGHT = 105, 148
MARGIN = 7
INNER = BADGE_WIDTH - 2 * MARGIN
BAND_HEIGHT = 17
QR_SIZE = 36

# Background colours of the organization types' bands, keyed by the type's code (stable
# whatever order or name the types get). Codes not listed take one of these by a hash of
# the code, the same one every time.
PALETTE = {
    "ministry": (138, 28, 43),         # lacquer red
    "local_authority": (191, 90, 20),  # orange
    "international": (26, 86, 196),    # blue
    "company": (33, 33, 33),           # near black
    "film_studio": (106, 27, 154),     # purple
    "theatre": (173, 20, 87),          # magenta
    "museum": (121, 85, 72),           # brown
    "association": (0, 121, 107),      # teal
    "research": (40, 53, 147),         # indigo
    "media": (2, 119, 189),            # light blue
    "expert": (11, 93, 87),            # jade
    "artist": (230, 180, 40),          # saffron
    "individual": (189, 189, 189),     # light grey
    "other": (120, 144, 156),          # blue grey
}
_FALLBACK = tuple(PALETTE.values())
BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def band_colour(code: str) -> tuple[int, int, int]:
    return PALETTE.get(code) or _FALLBACK[zlib.crc32(code.encode()) % len(_FALLBACK)]


def _luminance(rgb) -> float:
    """Relative luminance as WCAG 2 defines it."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(background) -> tuple[int, int, int]:
    """Black or white, whichever reads better on the background."""
    return WHITE if contrast(background, WHITE) >= contrast(background, BLACK) else BLACK


def badges_pdf(registrations, event, layout: str = "a6") -> bytes:
    """One badge per registration, in the order given, in the interface's language."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown badge layout {layout!r}")
    title = content.event_title(event)
    language = current_language()
    if layout == "a6":
        pdf = Document(title=_("Badges: %(event)s", event=title), language=language,
                       format=(BADGE_WIDTH, BADGE_HEIGHT))
        for registration in registrations:
            pdf.add_page()
            _badge(pdf, registration, title, 0, 0)
    else:
        pdf = Document(title=_("Badges: %(event)s", event=title), language=language, format="A4")
        for index, registration in enumerate(registrations):
            slot = index % 4
            if slot == 0:
                pdf.add_page()
                _cut_marks(pdf)
            _badge(pdf, registration, title, (slot % 2) * BADGE_WIDTH, (slot // 2) * BADGE_HEIGHT)
    if not pdf.pages:
        pdf.add_page()
        pdf.text_at(MARGIN, MARGIN, INNER, _("No badges to print."), size=12, color=MUTED)
    return pdf.bytes()


def _badge(pdf: Document, registration, title: str, x: float, y: float) -> None:
    left = x + MARGIN
    pdf.paragraph(left, y + MARGIN, INNER, title, size=8.5, bold=True, color=MUTED,
                  align="C", leading=1.15)

    # The name in the largest size that fits, centred in its box.
    name = fit(pdf, content.person_name(registration), INNER, max_size=28, min_size=14,
               bold=True, max_lines=2)
    name_box_top, name_box_height = y + 21, 30
    height = len(name.lines) * line_height(name.size, 1.1)
    top = name_box_top + (name_box_height - height) / 2
    below = pdf.lines_at(left, top, INNER, name.lines, size=name.size, bold=True, color=INK,
                         align="C", leading=1.1)
    below = max(below, name_box_top + name_box_height) + 1
    if registration.position:
        below = pdf.paragraph(left, below, INNER, registration.position, size=10, color=INK,
                              align="C") + 1
    pdf.paragraph(left, below, INNER, registration.organization_name, size=11, bold=True,
                  color=INK, align="C")

    band_top = y + BADGE_HEIGHT - BAND_HEIGHT
    pdf.qr_code(registration.ticket_code, x + (BADGE_WIDTH - QR_SIZE) / 2,
                band_top - QR_SIZE - 3, QR_SIZE)
    _band(pdf, registration, x, band_top)


def _band(pdf: Document, registration, x: float, top: float) -> None:
    colour = band_colour(registration.organization_type.code)
    pdf.set_fill_color(*colour)
    pdf.rect(x, top, BADGE_WIDTH, BAND_HEIGHT, style="F")
    kind = fit(pdf, content.organization_type_name(registration), INNER, max_size=14,
               min_size=9, bold=True, max_lines=2)
    height = len(kind.lines) * line_height(kind.size, 1.1)
    pdf.lines_at(x + MARGIN, top + (BAND_HEIGHT - height) / 2, INNER, kind.lines,
                 size=kind.size, bold=True, color=text_colour(colour), align="C", leading=1.1)


def _cut_marks(pdf: Document) -> None:
    """Short light lines where the sheet is cut into four, outside the badges' text."""
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.2)
    middle_x, middle_y = BADGE_WIDTH, BADGE_HEIGHT
    width, height = 2 * BADGE_WIDTH, 2 * BADGE_HEIGHT
    for y0, y1 in ((0, 5), (height - 5, height), (middle_y - 3, middle_y + 3)):
        pdf.line(middle_x, y0, middle_x, y1)
    for x0, x1 in ((0, 5), (width - 5, width), (middle_x - 3, middle_x + 3)):
        pdf.line(x0, middle_y, x1, middle_y)
