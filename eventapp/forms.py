"""What the forms of every capability share: fields and filters for what people type, the
one-button form, and how a form shows a service's refusal.

Times are typed in the event's own time zone (HTML datetime-local inputs, which carry no
zone); `in_zone` makes them aware, and refuses a time that does not exist there (the hour
skipped when clocks go forward).
"""


import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from flask import flash
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp.errors import Refused
from eventapp.extensions import db
from eventapp.mail.services import InvalidAddress, normalize_address, one_line
from eventapp.text import text_sort_key


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# Control characters (a NUL byte, an escape sequence) come from pasted text or from software,
# never from a person typing; they cannot be printed on a badge, and PostgreSQL refuses NUL
# outright. The filters below drop them and keep every visible character, diacritics,
# right-to-left marks and emoji included.


def single_line(value: str | None) -> str | None:
    """A one-line field: no control characters; line breaks and runs of spaces one space."""
    return None if value is None else one_line(value)


def multi_line(value: str | None) -> str | None:
    """A text area: no control characters except line breaks and tabs."""
    if value is None:
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    ).strip()


class MailableAddress:
    """An address the outbox can send to, checked as the outbox checks it.

    No DNS lookup, intranet domains welcome (even one-word ones); an address that would need
    SMTPUTF8 (accented letters before the @) is refused here rather than after the form.
    """

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        try:
            normalize_address(field.data or "")
        except InvalidAddress:
            raise ValidationError(self.message) from None


# Two-letter codes CLDR names that are not countries a person comes from: groupings (EU,
# eurozone, UN, Outlying Oceania), pseudo-locales and "unknown region" (XA, XB, ZZ), and
# territories reserved for other uses (Ascension, Clipperton, Diego Garcia, Ceuta and
# Melilla, Canary Islands, Tristan da Cunha, Sark).
NOT_COUNTRIES = frozenset({
    "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "DG", "EA", "IC", "TA", "CQ",
})


def country_choices() -> list[SelectChoice]:
    # Localizing and sorting some 250 names was a third of a registration's CPU: once per
    # language is enough, as CLDR's names do not change while the app runs.
    return list(_country_choices(str(get_locale())))


@functools.cache
def _country_choices(locale: str) -> tuple[SelectChoice, ...]:
    territories = Locale.parse(locale).territories
    # Two-letter codes are countries; the others are regions ("001" is the world).
    countries = [
        (code, name) for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    ]
    return tuple(
        SelectChoice(code, name)
        for code, name in sorted(countries, key=lambda item: text_sort_key(item[1]))
    )


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


# --- Fields ---------------------------------------------------------------------------------

# Years a date typed into the workspace may have: year 1 or 9999 would overflow when moved
# to UTC, and no event takes place then.
YEARS = range(1900, 2200)


# Integers every database column takes (a 32-bit INTEGER on PostgreSQL).
LARGEST_NUMBER = 1_000_000


class LocalDateTimeField(DateTimeLocalField):
    """A datetime-local input: the naive time as typed, to be read in the event's zone."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", DATETIME_FORMATS)
        kwargs.setdefault(
            "invalid_value_message",
            _l("Please enter a date and a time, e.g. 2031-03-18 09:00."),
        )
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and self.data.year not in YEARS:
            self.data = None
            raise ValueError(self.invalid_value_message)


class WholeNumberField(IntegerField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Please enter a whole number."))
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > LARGEST_NUMBER:
            self.data = None
            raise ValueError(
                _l("Please enter a number no larger than %(largest)d.", largest=LARGEST_NUMBER)
            )


def optional_id(value):
    """A select of ids that may be left empty: "" (or nothing) is None."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_text(field) -> None:
    """Show the field's hint as text: a lazy string passes for HTML in a template, and the
    "<slug>" in it would vanish as an unknown tag."""
    field.description = str(field.description)


class NonexistentTime(ValueError):
    pass


def in_zone(local: datetime, zone_name: str) -> datetime:
    """The typed local time in the zone, aware; NonexistentTime for a skipped hour."""
    zone = ZoneInfo(zone_name)
    aware = local.replace(tzinfo=zone)
    if aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != local:
        raise NonexistentTime(local)
    return aware


def as_local(moment: datetime | None, zone_name: str) -> datetime | None:
    """A stored moment as the form shows it: naive, in the event's zone."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)


def timezone_choices() -> list[SelectChoice]:
    names = sorted(
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [SelectChoice(name, name.replace("_", " ")) for name in [*names, "UTC"]]


def markdown_field(label, hint: bool = False) -> TextAreaField:
    """A long text in Markdown (a description, a biography)."""
    return TextAreaField(
        label,
        filters=[multi_line],
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown: **bold**, *italics*, lists with -, links as [text](https://…).")
        if hint
        else "",
    )


class ZonedTimesMixin:
    """For forms whose times are typed in one zone: checks them and makes them aware."""

    time_fields: tuple[str, ...] = ()

    def zone_name(self) -> str:
        raise NotImplementedError

    def check_times(self) -> bool:
        ok = True
        for name in self.time_fields:
            field = getattr(self, name)
            if field.data is None:
                continue
            try:
                in_zone(field.data, self.zone_name())
            except NonexistentTime:
                field.errors.append(
                    _l(
                        "This time does not exist in the event's time zone (the clocks go "
                        "forward then). Please choose another."
                    )
                )
                ok = False
        return ok

    def aware(self, name: str) -> datetime | None:
        value = getattr(self, name).data
        return in_zone(value, self.zone_name()) if value is not None else None


class ButtonForm(FlaskForm):
    """A button that changes something: only its CSRF token is checked."""


# --- A service's refusal, and errors, on the form ------------------------------------------


T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A change the service made and the request committed; `value` is what it returned."""

    value: T


def save(form, change: Callable[[], T], done: str | None = None) -> Saved[T] | None:
    """The management views' one sequence around a service that changes something.

    The service makes the change and writes its audit entry; a refusal (`Refused`) goes on
    the form, after a rollback, and None is returned so that the view shows the form again
    with what was typed. Otherwise the request commits, `done` is flashed, and the service's
    result comes back as `Saved(value)`.
    """
    try:
        value = change()
    except Refused as error:
        refuse(form, error)
        return None
    db.session.commit()
    if done:
        flash(done, "success")
    return Saved(value)


def refuse(form, error) -> None:
    """Put a service's refusal on the field it is about (or above the form), after a rollback."""
    db.session.rollback()
    field = find_field(form, getattr(error, "field", None))
    target = field if field is not None else form.csrf_token
    target.errors = (
        [*target.errors, error.message] if isinstance(target.errors, list) else [error.message]
    )


def find_field(form, name: str | None):
    """The field called `name`, nested ones included ("links-2-url")."""
    if not name:
        return None
    for field in form:
        if field.name == name:
            return field
        if hasattr(field, "entries"):
            for entry in field.entries:
                found = find_field(entry.form, name) if hasattr(entry, "form") else None
                if found is not None:
                    return found
                if entry.name == name:
                    return entry
    return None


def ask_to_send_again(form) -> None:
    """An expired CSRF token: the form comes back with what was typed, and says why."""
    if form.errors.get("csrf_token"):
        form.csrf_token.errors = [
            _(
                "This page was open for a long time, so we need you to send it once more. "
                "Everything you typed is still here."
            )
        ]


def stale_button() -> None:
    flash(_("This page was open for a long time: please press the button again."), "error")


def status_of(form) -> int:
    return 400 if form_errors(form) else 200


def form_errors(form) -> list[tuple[str, str]]:
    """(field id, first message) of every field in error, rows of nested forms included.

    WTForms keeps a list's errors as they were when it validated; an error a service adds
    later to one field of a row is found here all the same.
    """
    found = []
    for field in form:
        if field.type == "FieldList":
            for entry in field.entries:
                found += form_errors(entry.form) if entry.type == "FormField" else _first(entry)
        elif field.type == "FormField":
            found += form_errors(field.form)
        else:
            found += _first(field)
    return found


def _first(field) -> list[tuple[str, str]]:
    return [(field.id, field.errors[0])] if field.errors else []
