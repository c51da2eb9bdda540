"""Registrations as spreadsheets (CSV and XLSX), and the attendance list of a session.

Both files are written row by row from batches of BATCH_SIZE registrations read by keyset
(the list's own pages), so memory stays flat whatever the number of rows: the CSV is a
generator the response streams; the XLSX is written by openpyxl's write-only workbook, which
puts each row into a temporary file as inline strings (no shared-string table in memory),
and then streamed from that file.

Spreadsheets run formulas. A cell whose text starts with =, +, -, @, a tab or a carriage
return could be read as one (=HYPERLINK(...) to leak data, DDE to run commands), so such
text is written with an apostrophe in front, as OWASP recommends; numbers and dates are
written as numbers and dates.
"""
import csv
import io
from collections.abc import Iterator
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.i18n import country_name, localized
from eventapp.labels import HONORIFICS, label
from eventapp.programme.models import WorkshopSession
from eventapp.registration import queries
from eventapp.registration.models import (
    ChoiceStatus,
    CreativeField,
    Registration,
    RegistrationStatus,
    SessionChoice,
)
from eventapp.registration.queries import RegistrationFilter
from eventapp.text import name_sort_key

BATCH_SIZE = 1000
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """Text that a spreadsheet could take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _columns() -> list[str]:
    return [
        _("Registration"), _("Status"), _("Registered at"), _("Title"), _("Full name"),
        _("Email"), _("Phone"), _("Position"), _("Organization"), _("Kind of organization"),
        _("Department"), _("City or province"), _("Country"), _("Language for emails"),
        _("UNESCO Creative Cities applicant"), _("Creative field"), _("Needs interpretation"),
        _("Accessibility needs"), _("Dietary requirements"), _("May be published"),
        _("Sessions"), _("Checked in at"),
    ]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _local(moment: datetime | None, event: Event) -> datetime | None:
    """The moment in the event's zone, without zone: what a spreadsheet can hold."""
    return moment.astimezone(event.tz).replace(tzinfo=None, microsecond=0) if moment else None


def _sessions_of(ids: list[int], event: Event) -> dict[int, str]:
    rows = db.session.execute(
        select(SessionChoice.registration_id, SessionChoice.status, WorkshopSession)
        .join(WorkshopSession, WorkshopSession.id == SessionChoice.session_id)
        .where(SessionChoice.registration_id.in_(ids))
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    texts: dict[int, list[str]] = {}
    for registration_id, status, session in rows:
        text = localized(session, "title")
        if status == ChoiceStatus.WAITLISTED:
            text += f" ({_('waiting list')})"
        texts.setdefault(registration_id, []).append(text)
    return {key: "; ".join(value) for key, value in texts.items()}


def _row(registration: Registration, sessions: str, event: Event) -> list:
    field = registration.unesco_field
    return [
        registration.id,
        label(RegistrationStatus(registration.status)),
        _local(registration.created_at, event),
        str(HONORIFICS.get(registration.honorific, "")),
        registration.full_name,
        registration.email,
        registration.phone or "",
        registration.position or "",
        registration.organization_name,
        localized(registration.organization_type, "name"),
        registration.department or "",
        registration.city or "",
        country_name(registration.country),
        registration.language.value,
        _yes_no(registration.unesco_applicant),
        label(CreativeField(field)) if field else "",
        _yes_no(registration.needs_interpretation),
        registration.needs_accessibility or "",
        registration.dietary or "",
        _yes_no(registration.publish_consent),
        sessions,
        _local(registration.checked_in_at, event),
    ]


def rows(event: Event, filter: RegistrationFilter) -> Iterator[list]:
    """The header, then one row per matching registration, in the filter's order."""
    yield _columns()
    after = None
    while True:
        batch = queries.page(event, filter, after=after, per_page=BATCH_SIZE)
        if not batch.items:
            return
        sessions = _sessions_of([r.id for r in batch.items], event)
        for registration in batch.items:
            yield _row(registration, sessions.get(registration.id, ""), event)
        if batch.next_after is None:
            return
        after = batch.next_after


# --- CSV ------------------------------------------------------------------------------------


def _csv_value(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return neutralize(value)


def csv_chunks(table: Iterator[list], rows_per_chunk: int = 200) -> Iterator[str]:
    """CSV text in pieces, for a streamed response. UTF-8 with a BOM, so that Excel reads
    the Vietnamese letters right; CRLF line ends, as RFC 4180 and Excel expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    for n, row in enumerate(table, start=1):
        writer.writerow([_csv_value(value) for value in row])
        if n % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_value(value):
    if isinstance(value, str):
        # XML cannot hold most control characters; openpyxl would refuse the whole file.
        return neutralize(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def write_xlsx(table: Iterator[list], fileobj, title: str) -> None:
    """Write the rows as a one-sheet workbook into a binary file object."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    header = next(table, None)
    if header is not None:
        sheet.append(header)
        sheet.freeze_panes = "A2"
    for row in table:
        cells = []
        for value in row:
            if isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            else:
                cells.append(_xlsx_value(value))
        sheet.append(cells)
    workbook.save(fileobj)


def _sheet_title(title: str) -> str:
    # Excel's rules: at most 31 characters, none of []:*?/\
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Sheet"


# --- Attendance lists -----------------------------------------------------------------------


def attendance(event: Event, session: WorkshopSession | None = None) -> list[Registration]:
    """Who is expected: confirmed registrations (with a seat, for a session), in the
    Vietnamese order of names (given name first, then the whole name)."""
    query = select(Registration).where(
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.CONFIRMED,
    )
    if session is not None:
        query = query.join(SessionChoice, SessionChoice.registration_id == Registration.id).where(
            SessionChoice.session_id == session.id,
            SessionChoice.status == ChoiceStatus.HOLDING,
        )
    people = list(db.session.scalars(query))
    return sorted(people, key=lambda r: (name_sort_key(r.full_name), r.id))
