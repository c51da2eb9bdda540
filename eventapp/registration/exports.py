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

from eventapp.audit.services import record
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.i18n import country_name, localized
from eventapp.labels import HONORIFICS, label
from eventapp.organizations.models import OrganizationType
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


# What each row is read from: plain columns, no objects.
_FIELDS = (
    Registration.id, Registration.status, Registration.created_at, Registration.honorific,
    Registration.full_name, Registration.email, Registration.phone, Registration.position,
    Registration.organization_name, Registration.organization_type_id, Registration.department,
    Registration.city, Registration.country, Registration.language,
    Registration.unesco_applicant, Registration.unesco_field, Registration.needs_interpretation,
    Registration.needs_accessibility, Registration.dietary, Registration.publish_consent,
    Registration.checked_in_at,
)


class _Words:
    """Translated labels, looked up once per export rather than once per cell."""

    def __init__(self, event: Event):
        self.yes, self.no = _("yes"), _("no")
        self.waiting = _("waiting list")
        self.statuses = {status: label(status) for status in RegistrationStatus}
        self.fields = {field: label(field) for field in CreativeField}
        self.honorifics = {str(key): str(text) for key, text in HONORIFICS.items()}
        types = db.session.scalars(select(OrganizationType))
        self.types = {t.id: localized(t, "name") for t in types}
        sessions = db.session.scalars(
            select(WorkshopSession).where(WorkshopSession.event_id == event.id)
        )
        self.sessions = {s.id: localized(s, "title") for s in sessions}
        self._countries: dict[str, str] = {}

    def yes_no(self, value: bool) -> str:
        return self.yes if value else self.no

    def country(self, code: str) -> str:
        if code not in self._countries:
            self._countries[code] = country_name(code)
        return self._countries[code]


def local_moment(moment: datetime | None, event: Event) -> datetime | None:
    """The moment in the event's zone, without zone: what a spreadsheet can hold."""
    return moment.astimezone(event.tz).replace(tzinfo=None, microsecond=0) if moment else None


def _sessions_of(ids: list[int], words: _Words) -> dict[int, str]:
    rows = db.session.execute(
        select(SessionChoice.registration_id, SessionChoice.status, SessionChoice.session_id)
        .join(WorkshopSession, WorkshopSession.id == SessionChoice.session_id)
        .where(SessionChoice.registration_id.in_(ids))
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)
    )
    texts: dict[int, list[str]] = {}
    for registration_id, status, session_id in rows:
        text = words.sessions.get(session_id, "")
        if status == ChoiceStatus.WAITLISTED:
            text += f" ({words.waiting})"
        texts.setdefault(registration_id, []).append(text)
    return {key: "; ".join(value) for key, value in texts.items()}


def _row(r, sessions: str, event: Event, words: _Words) -> list:
    return [
        r.id,
        words.statuses[r.status],
        local_moment(r.created_at, event),
        words.honorifics.get(r.honorific, ""),
        r.full_name,
        r.email,
        r.phone or "",
        r.position or "",
        r.organization_name,
        words.types.get(r.organization_type_id, ""),
        r.department or "",
        r.city or "",
        words.country(r.country),
        r.language.value,
        words.yes_no(r.unesco_applicant),
        words.fields[r.unesco_field] if r.unesco_field else "",
        words.yes_no(r.needs_interpretation),
        r.needs_accessibility or "",
        r.dietary or "",
        words.yes_no(r.publish_consent),
        sessions,
        local_moment(r.checked_in_at, event),
    ]


def download_rows(event: Event, filter: RegistrationFilter, kind: str, *,
                  actor) -> Iterator[list]:
    """The rows of a download (`kind`: "csv" or "xlsx") of the registrations the filter
    selects, taken by `actor`.

    Personal data: the audit log records who took which part of it, now, in the caller's
    transaction; the rows themselves are read as they are iterated, after the caller has
    committed (a long download holds no lock).
    """
    record(actor, f"registrations.export_{kind}", "event", event.id, event_id=event.id,
           after={"filter": filter.to_json()})
    return rows(event, filter)


def rows(event: Event, filter: RegistrationFilter) -> Iterator[list]:
    """The header, then one row per matching registration, in the filter's order."""
    yield _columns()
    words = _Words(event)
    for batch in queries.batches(event, filter, _FIELDS, BATCH_SIZE):
        sessions = _sessions_of([r.id for r in batch], words)
        for r in batch:
            yield _row(r, sessions.get(r.id, ""), event, words)


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
    write_xlsx_sheets([(title, table)], fileobj)


def write_xlsx_sheets(sheets, fileobj) -> None:
    """Write (title, rows) pairs as the sheets of a workbook, each with its first row (the
    header) frozen, into a binary file object."""
    workbook = Workbook(write_only=True)
    for title, table in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title))
        sheet.freeze_panes = "A2"
        for row in table:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(fileobj)


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    return _xlsx_value(value)


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
