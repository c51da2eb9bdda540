"""The attendee's ticket: one printable A4 page with the QR code shown at the entrance."""
from flask_babel import gettext as _

from eventapp.documents import content
from eventapp.documents.content import ACCENT, BRAND, INK, LINE, MUTED
from eventapp.documents.pdf import Document, grouped_code, line_height, wrap
from eventapp.i18n import localized

PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN = 18
WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 64
# The sessions' table stops above the footer; what does not fit is counted instead.
SESSIONS_BOTTOM = 268


def ticket_pdf(registration, event) -> bytes:
    """The ticket of a confirmed registration, in the attendee's language."""
    with content.in_language(registration):
        title = content.event_title(event)
        pdf = Document(title=_("Ticket: %(event)s", event=title),
                       language=registration.language.value)
        pdf.set_author(content.organizer(event))
        pdf.add_page()
        y = _event_header(pdf, event, title)
        y = _person_and_code(pdf, registration, y + 6)
        _sessions(pdf, registration, event, y + 8)
        pdf.text_at(MARGIN, 278, WIDTH, _("Show this ticket, printed or on your phone, at the "
                                          "entrance. Keep it to yourself: the code is yours."),
                    size=9, color=MUTED)
        return pdf.bytes()


def _event_header(pdf: Document, event, title: str) -> float:
    pdf.text_at(MARGIN, MARGIN, WIDTH, _("Ticket"), size=11, bold=True, color=BRAND)
    y = pdf.paragraph(MARGIN, MARGIN + 7, WIDTH, title, size=20, bold=True, color=INK,
                      max_lines=3, leading=1.15)
    subtitle = localized(event, "subtitle")
    if subtitle:
        y = pdf.paragraph(MARGIN, y + 1, WIDTH, subtitle, size=12, color=MUTED, max_lines=2)
    y = pdf.paragraph(MARGIN, y + 3, WIDTH, content.event_when(event), size=11, bold=True,
                      color=INK, max_lines=2)
    venue, address = content.venue(event), content.address(event)
    if venue:
        y = pdf.paragraph(MARGIN, y + 1, WIDTH, venue, size=11, color=INK, max_lines=2)
    if address:
        y = pdf.paragraph(MARGIN, y, WIDTH, address, size=10, color=MUTED, max_lines=2)
    y += 4
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.4)
    pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    return y


def _person_and_code(pdf: Document, registration, top: float) -> float:
    """The person on the left; the QR code and the code written out on the right."""
    qr_x = PAGE_WIDTH - MARGIN - QR_SIZE
    left = qr_x - MARGIN - 8
    pdf.text_at(MARGIN, top, left, _("Attendee"), size=9, color=MUTED)
    y = pdf.paragraph(MARGIN, top + 5, left, content.person_name(registration), size=18,
                      bold=True, color=INK, leading=1.15)
    if registration.position:
        y = pdf.paragraph(MARGIN, y + 1, left, registration.position, size=11, color=INK)
    y = pdf.paragraph(MARGIN, y + 1, left, registration.organization_name, size=11, bold=True,
                      color=INK)
    y = pdf.paragraph(MARGIN, y, left, content.organization_type_name(registration), size=10,
                      color=MUTED, max_lines=1)

    pdf.qr_code(registration.ticket_code, qr_x, top, QR_SIZE)
    code_y = top + QR_SIZE + 1
    pdf.text_at(qr_x, code_y, QR_SIZE, _("Ticket code"), size=9, color=MUTED, align="C")
    pdf.text_at(qr_x - 6, code_y + 4.5, QR_SIZE + 12, grouped_code(registration.ticket_code),
                size=14, bold=True, color=INK, align="C")
    return max(y, code_y + 4.5 + line_height(14))


def _sessions(pdf: Document, registration, event, top: float) -> None:
    sessions = content.held_sessions(registration)
    pdf.text_at(MARGIN, top, WIDTH, _("Your sessions"), size=13, bold=True, color=ACCENT)
    y = top + line_height(13) + 1.5
    if not sessions:
        pdf.paragraph(MARGIN, y, WIDTH, _("You have no seat reserved in a particular session; "
                                          "the ticket admits you to the event."),
                      size=10, color=MUTED)
        return
    with_day = content.multi_day(event)
    when_width = 38 if with_day else 24
    room_width = 40
    title_x = MARGIN + when_width + 3
    title_width = WIDTH - when_width - room_width - 6
    row = line_height(10)
    for index, session in enumerate(sessions):
        lines = max(1, len(_title_lines(pdf, session, title_width)))
        if y + lines * row > SESSIONS_BOTTOM - row:
            left = len(sessions) - index
            pdf.text_at(MARGIN, y + 1, WIDTH,
                        _("… and %(num)d more: see your registration page.", num=left),
                        size=10, color=MUTED)
            return
        pdf.text_at(MARGIN, y + 1, when_width, content.session_when(session, event, with_day),
                    size=10, bold=True, color=INK)
        pdf.lines_at(title_x, y + 1, title_width, _title_lines(pdf, session, title_width),
                     size=10, color=INK)
        pdf.text_at(PAGE_WIDTH - MARGIN - room_width, y + 1, room_width,
                    content.room_name(session, event), size=10, color=MUTED, align="R")
        y += lines * row + 2
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.2)
        pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)


def _title_lines(pdf: Document, session, width: float) -> list[str]:
    return wrap(pdf, localized(session, "title"), width, 10, max_lines=2)
