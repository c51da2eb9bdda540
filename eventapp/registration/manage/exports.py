"""Downloads of an event's registrations (the list's current filter) and attendance lists."""


import tempfile
from datetime import date

from flask import Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _

from eventapp.events.access import managed_event_or_404
from eventapp.events.models import Room
from eventapp.extensions import db
from eventapp.programme.models import WorkshopSession
from eventapp.registration import exports
from eventapp.registration.manage import bp
from eventapp.registration.queries import RegistrationFilter
from eventapp.security import current_account

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_CHUNK = 64 * 1024


def download(response: Response, filename: str) -> Response:
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    # Personal data: never kept by a shared cache or the browser's back/forward cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _filename(event, extension: str) -> str:
    return f"registrations-{event.slug}-{date.today().isoformat()}.{extension}"


def _taken_rows(event, kind: str):
    """The rows of the download, its audit entry committed before any is read."""
    filter = RegistrationFilter.from_args(request.args)
    rows = exports.download_rows(event, filter, kind, actor=current_account())
    db.session.commit()
    return rows


@bp.get("/events/<int:event_id>/registrations/export.csv")
def registrations_csv(event_id: int):
    event = managed_event_or_404(event_id)
    rows = _taken_rows(event, "csv")
    # The rows are read in batches while the response is sent (stream_with_context keeps
    # the request's database session open until the last one).
    body = stream_with_context(exports.csv_chunks(rows))
    return download(Response(body, mimetype="text/csv; charset=utf-8"), _filename(event, "csv"))


@bp.get("/events/<int:event_id>/registrations/export.xlsx")
def registrations_xlsx(event_id: int):
    event = managed_event_or_404(event_id)
    rows = _taken_rows(event, "xlsx")
    # A workbook is a zip whose directory comes last: it is written whole to a temporary
    # file (deleted when closed), then streamed from there.
    spool = tempfile.TemporaryFile()
    try:
        exports.write_xlsx(rows, spool, title=_("Registrations"))
        size = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = Response(file_chunks(spool), mimetype=XLSX_TYPE)
    response.content_length = size
    return download(response, _filename(event, "xlsx"))


def file_chunks(file):
    try:
        while chunk := file.read(_CHUNK):
            yield chunk
    finally:
        file.close()


@bp.get("/events/<int:event_id>/attendance", defaults={"session_id": None})
@bp.get("/events/<int:event_id>/sessions/<int:session_id>/attendance")
def attendance_list(event_id: int, session_id: int | None):
    event = managed_event_or_404(event_id)
    session = None
    if session_id is not None:
        session = db.session.get(WorkshopSession, session_id)
        if session is None or session.event_id != event.id:
            abort(404)
    room = db.session.get(Room, session.room_id) if session and session.room_id else None
    return render_template(
        "workspace/registrations/attendance.html",
        event=event,
        session=session,
        room=room,
        people=exports.attendance(event, session),
    )
