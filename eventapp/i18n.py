"""Language choice and formatting of dates, times and places for the visitor's language."""
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_timezone_name
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # CLI commands and workers: emails choose their language explicitly (force_locale).
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def _locale() -> Locale:
    return get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])


def _zone(event) -> ZoneInfo:
    return ZoneInfo(event.timezone)


def local_time(moment: datetime, event) -> str:
    """09:00 — a time of day in the event's own zone."""
    return format_time(moment.astimezone(_zone(event)), "HH:mm", locale=_locale())


def local_date(moment: datetime, event, form: str = "full") -> str:
    """Tuesday, 12 January 2027 — a day in the event's own zone."""
    return format_date(moment.astimezone(_zone(event)).date(), form, locale=_locale())


def local_datetime(moment: datetime, event) -> str:
    """Jan 3, 2027, 17:00 — a moment in the event's own zone, on the 24-hour clock."""
    local = moment.astimezone(_zone(event))
    return f"{format_date(local.date(), 'medium', locale=_locale())}, {format_time(local, 'HH:mm', locale=_locale())}"


def timezone_label(event) -> str:
    """The event's zone named for a visitor abroad, e.g. "Indochina Time (GMT+07:00)"."""
    zone = _zone(event)
    name = get_timezone_name(zone, locale=_locale())
    offset = format_datetime(event.starts_at.astimezone(zone), "ZZZZ", locale=_locale())
    return f"{name} ({offset})"


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _locale().territories.get(code.upper(), code.upper())


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.globals["timezone_label"] = timezone_label
    app.jinja_env.globals["country_name"] = country_name

    @app.context_processor
    def _current_language():
        return {"current_language": str(_locale())}
