"""Friendly error pages: a visitor never sees a bare traceback or a blank 500."""
from flask import Flask, abort, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from eventapp.extensions import db


class Refused(ValueError):
    """A change or request the rules refuse: what the services raise and the views show.

    `message` says why, for the person who asked (a lazy string: shown in their language);
    `field` names the form field it is about ("capacity", "links-2-url"), or None for the
    whole form. Each capability subclasses it (EventError, SessionFull, ...).
    """

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


_MESSAGES = {
    400: _l("The request could not be understood. Please check what you entered and try again."),
    403: _l("You do not have access to this page."),
    404: _l("We could not find this page. It may have moved, or the event is not published yet."),
    405: _l("This page cannot be used that way."),
    413: _l("The file you sent is too large."),
    429: _l("Too many requests. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. Please try again in a moment."),
}


def render_error(code: int):
    message = _MESSAGES.get(code, _MESSAGES[500])
    return render_template("errors/error.html", code=code, message=message), code


def register(app: Flask) -> None:
    @app.url_value_preprocessor
    def _refuse_impossible_values(endpoint, values):
        # A NUL byte can be in no slug, token or name of ours, and PostgreSQL refuses it in
        # a query with an error: it is simply a page that does not exist.
        if values and any(isinstance(v, str) and "\x00" in v for v in values.values()):
            abort(404)
        # Ids beyond a database integer are no row of ours (PostgreSQL would refuse them).
        if values and any(isinstance(v, int) and not 0 <= v < 2**31 for v in values.values()):
            abort(404)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if app.testing:
            raise error
        app.logger.exception("Unhandled error")
        db.session.rollback()
        return render_error(500)


# Ids beyond a 32-bit INTEGER exist nowhere; PostgreSQL would refuse to even look them up.
LARGEST_ID = 2**31 - 1


def id_or_404(value: int) -> int:
    if not 0 < value <= LARGEST_ID:
        abort(404)
    return value
