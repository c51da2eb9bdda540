"""Attendance report: who came, by organization type and by session, and when they arrived.

The page and its download (CSV or XLSX) show the same numbers, counted by
`attendance_queries`. The download also lists the arrivals one by one: personal data, so
taking it is written into the audit log, as the registration exports are.
"""


import tempfile
from collections.abc import Iterator
from datetime import date

from babel.numbers import format_decimal, format_percent
from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.charts import Bar, Column, bar_chart, column_chart
from eventapp.checkin import report as attendance_queries
from eventapp.checkin import services as checkin_services
from eventapp.checkin.report import AttendanceReport, Basis, Phase
from eventapp.events.access import managed_event_or_404
from eventapp.extensions import db
from eventapp.i18n import local_time, localized
from eventapp.labels import HONORIFICS
from eventapp.organizations.models import OrganizationType
from eventapp.registration import exports
from eventapp.registration.manage.exports import XLSX_TYPE, download, file_chunks
from eventapp.registration.models import ChoiceStatus, Registration, SessionChoice
from eventapp.security import current_account

# Attached under /workspace by the workspace, whose guard admits organizers only.
bp = Blueprint("attendance", __name__)


EXPORT_FORMATS = ("csv", "xlsx")


BATCH_SIZE = 1000


@bp.get("/events/<int:event_id>/attendance/report")
def attendance(event_id: int):
    event = managed_event_or_404(event_id)
    report = attendance_queries.attendance_report(event)
    return render_template(
        "workspace/attendance/report.html",
        event=event,
        report=report,
        charts=_charts(report),
        number=number,
        percent=percent,
        Basis=Basis,
        Phase=Phase,
    )


@bp.get("/events/<int:event_id>/attendance/report/export")
def attendance_export(event_id: int):
    event = managed_event_or_404(event_id)
    kind = request.args.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        flash(_("The attendance report can be downloaded as CSV or XLSX."), "error")
        return redirect(url_for("workspace.attendance.attendance", event_id=event.id))
    checkin_services.record_attendance_download(event, kind, actor=current_account())
    db.session.commit()
    report = attendance_queries.attendance_report(event)
    filename = f"attendance-{event.slug}-{date.today().isoformat()}.{kind}"
    if kind == "csv":
        body = stream_with_context(exports.csv_chunks(_csv_rows(report)))
        response = Response(body, mimetype="text/csv; charset=utf-8")
    else:
        response = _xlsx_response(report)
    return download(response, filename)


# --- Numbers in the visitor's language --------------------------------------------------------


def number(value: int) -> str:
    return format_decimal(value, locale=get_locale())


def percent(rate: float | None) -> str:
    """25%, 33.3% (25 %, 33,3% in Vietnamese); a dash when there is nothing to divide."""
    if rate is None:
        return "–"
    return format_percent(rate, "#,##0.#%", locale=get_locale())


# --- Charts -------------------------------------------------------------------------------------


def _charts(report: AttendanceReport) -> dict:
    charts = {}
    if report.by_type:
        charts["type"] = bar_chart(
            "chart-attendance-type",
            _("Arrivals by kind of organization"),
            [Bar(localized(row.organization_type, "name"), row.arrived,
                 text=f"{number(row.arrived)} / {number(row.confirmed)}", limit=row.confirmed)
             for row in report.by_type],
            _("People arrived out of those confirmed, for each kind of organization."),
        )
    if report.arrivals:
        first, last = report.arrivals[0], report.arrivals[-1]
        charts["arrivals"] = column_chart(
            "chart-arrivals",
            _("Arrivals over time"),
            [Column(_slot_label(slot), slot.count, local_time(slot.starts, report.event))
             for slot in report.arrivals],
            _("Arrivals per %(minutes)d minutes from %(first)s to %(last)s: %(total)s in all.",
              minutes=report.slot_minutes, first=local_time(first.starts, report.event),
              last=local_time(last.ends, report.event), total=number(report.arrived)),
        )
    return charts


def _slot_label(slot) -> str:
    return f"{slot.starts:%H:%M}–{slot.ends:%H:%M}"


# --- The download -------------------------------------------------------------------------------


def _sections(report: AttendanceReport) -> list[tuple[str, Iterator[list]]]:
    """(title, rows with their header first) for each part of the download."""
    return [
        (_("Summary"), _summary_rows(report)),
        (_("By kind of organization"), _type_rows(report)),
        (_("By session"), _session_rows(report)),
        (_("Arrivals"), _arrival_rows(report)),
    ]


def _share(rate: float | None):
    """A rate as a number of percent, one decimal: what a spreadsheet can add up."""
    return round(100 * rate, 1) if rate is not None else ""


def _summary_rows(report: AttendanceReport) -> Iterator[list]:
    yield [_("Figure"), _("Number")]
    yield [_("Confirmed"), report.confirmed]
    yield [_("Arrived"), report.arrived]
    yield [_("Walk-ins among the arrived"), report.walk_ins]
    yield [_("No-shows"), report.no_shows]
    yield [_("No-show rate (%)"), _share(report.no_show_rate)]


def _type_rows(report: AttendanceReport) -> Iterator[list]:
    yield [_("Kind of organization"), _("Confirmed"), _("Arrived"), _("Walk-ins"),
           _("No-shows"), _("No-show rate (%)")]
    for row in report.by_type:
        yield [localized(row.organization_type, "name"), row.confirmed, row.arrived,
               row.walk_ins, row.no_shows, _share(row.no_show_rate)]


def _basis_text(basis: Basis) -> str:
    if basis == Basis.SESSION:
        return _("checked in at the session")
    return _("holding a place, arrived at the event")


def _session_rows(report: AttendanceReport) -> Iterator[list]:
    yield [_("Session"), _("Starts"), _("Places held"), _("Arrived"), _("Counted as"),
           _("Did not come"), _("Share who did not come (%)")]
    for row in report.sessions:
        yield [localized(row.session, "title"), exports.local_moment(row.session.starts_at, report.event),
               row.held, row.arrived, _basis_text(row.basis), row.absent, _share(row.absent_rate)]


def _arrival_rows(report: AttendanceReport) -> Iterator[list]:
    """Each arrival: who, from where, when, and which sessions they attended (as the session
    table counts them: checked in there, or holding a place where nobody was checked in)."""
    event = report.event
    yield [_("Title"), _("Full name"), _("Organization"), _("Kind of organization"),
           _("Checked in at"), _("Sessions attended")]
    types = {t.id: localized(t, "name") for t in db.session.scalars(select(OrganizationType))}
    honorifics = {str(key): str(text) for key, text in HONORIFICS.items()}
    titles = {row.session.id: localized(row.session, "title") for row in report.sessions}
    by_session = {row.session.id for row in report.sessions if row.basis == Basis.SESSION}
    people = db.session.execute(
        select(Registration.id, Registration.honorific, Registration.full_name,
               Registration.organization_name, Registration.organization_type_id,
               Registration.checked_in_at)
        .where(attendance_queries.confirmed_in(event.id), attendance_queries.has_arrived())
        .order_by(Registration.checked_in_at, Registration.id)
        .execution_options(yield_per=BATCH_SIZE)
    )
    for batch in people.partitions():
        attended = _sessions_attended([p.id for p in batch], by_session, titles)
        for p in batch:
            yield [honorifics.get(p.honorific, ""), p.full_name, p.organization_name,
                   types.get(p.organization_type_id, ""), exports.local_moment(p.checked_in_at, event),
                   "; ".join(attended.get(p.id, []))]


def _sessions_attended(ids: list[int], by_session: set[int], titles: dict[int, str]):
    """{registration id: titles of the sessions attended, in programme order}."""
    rows = db.session.execute(
        select(SessionChoice.registration_id, SessionChoice.session_id, SessionChoice.status,
               SessionChoice.checked_in_at)
        .where(SessionChoice.registration_id.in_(ids))
    )
    attended: dict[int, set[int]] = {}
    for registration_id, session_id, status, checked_in_at in rows:
        if session_id in by_session:
            came = checked_in_at is not None
        else:
            came = status == ChoiceStatus.HOLDING
        if came:
            attended.setdefault(registration_id, set()).add(session_id)
    return {key: [title for session_id, title in titles.items() if session_id in chosen]
            for key, chosen in attended.items()}


def _csv_rows(report: AttendanceReport) -> Iterator[list]:
    """The sections one under the other: a title line, the table, an empty line."""
    yield [localized(report.event, "title")]
    yield []
    for title, rows in _sections(report):
        yield [title]
        yield from rows
        yield []


def _xlsx_response(report: AttendanceReport) -> Response:
    # A workbook is a zip whose directory comes last: written whole to a temporary file
    # (deleted when closed), then streamed from there.
    spool = tempfile.TemporaryFile()
    try:
        exports.write_xlsx_sheets(_sections(report), spool)
        size = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = Response(file_chunks(spool), mimetype=XLSX_TYPE)
    response.content_length = size
    return response
