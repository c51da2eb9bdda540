"""Language choice and formatting of dates, times and places for the visitor's language."""
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_timezone_name
from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale, gettext, pgettext
from markupsafe import Markup, escape

from eventapp.db import utc_now

LANGUAGE_COOKIE = "lang"
# Each language named in itself, as a language switch shows it (never translated).
LANGUAGE_NAMES = (("vi", "Tiếng Việt"), ("en", "English"))


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


def current_language() -> str:
    """"vi" or "en": the language pages, emails and exports are being written in."""
    return _locale().language


# Bilingual content: a text is stored in the default language (English) in `field` and in
# Vietnamese in `field_vi`; either may be missing. A visitor reads their own language, and
# the other one rather than nothing.
VIETNAMESE = "vi"


def _texts(obj, field: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """((language, text) wanted first, (language, text) to fall back on)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    main = (default, (getattr(obj, field, None) or "").strip())
    vietnamese = (VIETNAMESE, (getattr(obj, f"{field}_vi", None) or "").strip())
    if current_language() == VIETNAMESE:
        return vietnamese, main
    return main, vietnamese


def _shown(obj, field: str) -> tuple[str, str]:
    wanted, other = _texts(obj, field)
    return wanted if wanted[1] else other


def localized(obj, field: str) -> str:
    """`obj.field` in the visitor's language, or in the other one; "" when neither is set."""
    if obj is None:
        return ""
    return _shown(obj, field)[1]


def localized_lang(obj, field: str) -> str:
    """The language of the text `localized` gives (the wanted one when there is none)."""
    language, text = _shown(obj, field)
    return language if text else current_language()


def lang_attr(obj, field: str) -> Markup:
    """` lang="en"` when the text shown is not in the page's language (WCAG 3.1.2), else "".

    Screen readers then read an English title on a Vietnamese page with English voices.
    """
    language = localized_lang(obj, field)
    if language == current_language():
        return Markup("")
    return Markup(' lang="%s"') % language


def localized_html(obj, field: str) -> Markup:
    """`localized` as HTML: in a `<span lang>` when it is in the other language, else bare.

    For texts run into a sentence or a list ("Main Hall, International Hall"), where no
    element of their own could carry `lang_attr`.
    """
    text = localized(obj, field)
    attribute = lang_attr(obj, field) if text else ""
    if not attribute:
        return escape(text)
    return Markup("<span%s>%s</span>") % (attribute, text)


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


def salutation(person) -> str:
    """The opening of a letter: "Dear Dr. Nguyễn Phương Hoa," ("Kính gửi TS. Nguyễn Phương Hoa,").

    Without a title, Vietnamese letters address "Ông/Bà" (Sir or Madam) before the name.
    """
    from eventapp.labels import speaker_name

    if not person.honorific or person.honorific == "none":
        return pgettext("salutation, no title", "Dear %(name)s,", name=person.full_name)
    return gettext("Dear %(name)s,", name=speaker_name(person))


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
    # {{ localized(event, "title") }} or {{ event|localized("title") }}
    app.jinja_env.globals["localized"] = localized
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.globals["lang_attr"] = lang_attr
    app.jinja_env.globals["localized_html"] = localized_html
    app.jinja_env.globals["salutation"] = salutation

    @app.context_processor
    def _current_language():
        return {
            "current_language": str(_locale()),
            "language_choices": LANGUAGE_NAMES,
        }


@dataclass(frozen=True)
class HomeZone:
    """The site's own time zone, shaped like an event for the date filters of eventapp.i18n."""

    timezone: str
    starts_at: datetime = field(default_factory=utc_now)


def home_zone() -> HomeZone:
    return HomeZone(current_app.config["BABEL_DEFAULT_TIMEZONE"])
