"""The certificate of attendance: one A4 landscape page for a person who came."""
from datetime import datetime

from flask_babel import gettext as _

from eventapp.db import utc_now
from eventapp.documents import content
from eventapp.documents.content import ACCENT, BRAND, INK, MUTED
from eventapp.documents.pdf import Document, fit, line_height
from eventapp.i18n import local_date, localized

PAGE_WIDTH, PAGE_HEIGHT = 297, 210
MARGIN = 32
WIDTH = PAGE_WIDTH - 2 * MARGIN
MAX_SESSIONS = 4

# The document's name, written in each language itself: the certificate gives it in the
# attendee's language and, smaller, in the other, as certificates for an international
# audience do; it is the same words whatever state the translations are in.
TITLES = {"vi": "Giấy chứng nhận tham dự", "en": "Certificate of attendance"}


def certificate_number(registration, event) -> str:
    """Stable for a registration: the event's short name and the registration's number."""
    return f"{event.slug.upper()}-{registration.id:06d}"


def certificate_pdf(registration, event, issued: datetime | None = None) -> bytes:
    """The certificate, in the attendee's language (see services.certificate_available),
    issued on the day it was emailed, or else `issued` or today."""
    language = registration.language.value
    other = "en" if language == "vi" else "vi"
    with content.in_language(registration):
        title = content.event_title(event)
        pdf = Document(title=f"{TITLES[language]}: {title}", language=language,
                       orientation="landscape")
        organizer = content.organizer(event)
        pdf.set_author(organizer)
        pdf.set_subject(content.person_name(registration))
        pdf.add_page()
        _frame(pdf)
        y = 26.0
        if organizer:
            y = pdf.paragraph(MARGIN, y, WIDTH, organizer.upper(), size=11, bold=True,
                              color=MUTED, align="C", max_lines=2)
        pdf.text_at(MARGIN, y + 5, WIDTH, TITLES[language], size=32, bold=True, color=BRAND,
                    align="C")
        pdf.text_at(MARGIN, y + 20, WIDTH, TITLES[other], size=12, color=MUTED, align="C")
        y = _person(pdf, registration, y + 36)
        y = _event(pdf, event, title, y + 7)
        _sessions(pdf, registration, event, y + 7)
        _footer(pdf, registration, event, issued)
        return pdf.bytes()


def _frame(pdf: Document) -> None:
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, PAGE_WIDTH - 20, PAGE_HEIGHT - 20)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, PAGE_WIDTH - 26, PAGE_HEIGHT - 26)


def _person(pdf: Document, registration, top: float) -> float:
    pdf.text_at(MARGIN, top, WIDTH, _("This is to certify that"), size=13, color=INK, align="C")
    name = fit(pdf, content.person_name(registration), WIDTH, max_size=30, min_size=16,
               bold=True, max_lines=2)
    y = pdf.lines_at(MARGIN, top + 8, WIDTH, name.lines, size=name.size, bold=True, color=INK,
                     align="C", leading=1.15)
    who = ", ".join(part for part in (registration.position, registration.organization_name)
                    if part)
    return pdf.paragraph(MARGIN, y + 2, WIDTH, who, size=12, color=INK, align="C")


def _event(pdf: Document, event, title: str, top: float) -> float:
    pdf.text_at(MARGIN, top, WIDTH, _("attended"), size=13, color=INK, align="C")
    y = pdf.paragraph(MARGIN, top + 7, WIDTH, title, size=18, bold=True, color=ACCENT,
                      align="C", leading=1.15)
    parts = (content.event_days(event), content.venue(event))
    place = " · ".join(part for part in parts if part)
    return pdf.paragraph(MARGIN, y + 1, WIDTH, place, size=11, color=INK, align="C")


def _sessions(pdf: Document, registration, event, top: float) -> None:
    sessions = content.attended_sessions(registration)
    if not sessions:
        return
    pdf.text_at(MARGIN, top, WIDTH, _("Sessions attended"), size=10, bold=True, color=MUTED,
                align="C")
    with_day = content.multi_day(event)
    lines = [f"{content.session_when(s, event, with_day)}  {localized(s, 'title')}"
             for s in sessions[:MAX_SESSIONS]]
    if len(sessions) > MAX_SESSIONS:
        lines.append(_("and %(num)d more sessions", num=len(sessions) - MAX_SESSIONS))
    pdf.lines_at(MARGIN + 20, top + line_height(10) + 0.5, WIDTH - 40, lines, size=10,
                 color=INK, align="C")


def _footer(pdf: Document, registration, event, issued: datetime | None) -> None:
    issued = registration.certificate_sent_at or issued or utc_now()
    y = PAGE_HEIGHT - 38
    column = 95
    pdf.text_at(MARGIN, y, column, _("Certificate no. %(number)s",
                                     number=certificate_number(registration, event)),
                size=10, color=INK)
    pdf.text_at(MARGIN, y + 6, column, _("Issued on %(date)s",
                                         date=local_date(issued, event, "long")),
                size=10, color=INK)
    organizer = content.organizer(event)
    if organizer:
        right = PAGE_WIDTH - MARGIN - column
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.3)
        pdf.line(right + 10, y + 4, right + column - 10, y + 4)
        pdf.paragraph(right, y + 6, column, organizer, size=10, color=INK, align="C")
