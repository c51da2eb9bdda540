"""The forms of programme editing: events, rooms, sessions, speakers and registration rules.

Times are typed in the event's own time zone (HTML datetime-local inputs, which carry no
zone); `in_zone` makes them aware, and refuses a time that does not exist there (the hour
skipped when clocks go forward).
"""

from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from eventapp.events.models import DEFAULT_TIMEZONE
from eventapp.i18n import current_language, localized, localized_lang
from eventapp.labels import HONORIFICS, Honorific, label, speaker_name
from eventapp.programme.models import SessionKind, SessionLanguage, SpeakerRole
from eventapp.registration.forms import country_choices as registration_countries
from eventapp.registration.forms import multi_line, single_line
from eventapp.speakers.models import LinkKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
MAX_LINKS = 12


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


def _optional_id(value):
    """A select of ids that may be left empty: "" (or nothing) is None."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_text(field) -> None:
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


def country_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("(not given)")), *registration_countries()]


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


# --- Events ---------------------------------------------------------------------------------


class EventForm(ZonedTimesMixin, FlaskForm):
    time_fields = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    title = StringField(
        _l("Title (English)"),
        filters=[single_line],
        validators=[DataRequired(_l("Please give the event a title.")), Length(max=255)],
    )
    title_vi = StringField(
        _l("Title (Vietnamese)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    slug = StringField(
        _l("Address (slug)"),
        filters=[single_line],
        validators=[Optional(), Length(max=80)],
        description=_l(
            "The event's address on the site: /events/<slug>/. Lowercase letters, "
            "digits and hyphens. It cannot change once the event is published or "
            "registered for. Leave it empty to make one from the title."
        ),
    )
    subtitle = StringField(
        _l("Subtitle (English)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    subtitle_vi = StringField(
        _l("Subtitle (Vietnamese)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    description = markdown_field(_l("Description (English)"), hint=True)
    description_vi = markdown_field(_l("Description (Vietnamese)"))
    organizer = StringField(
        _l("Organized by (English)"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
        description=_l("e.g. Ministry of Culture, Sports and Tourism"),
    )
    organizer_vi = StringField(
        _l("Organized by (Vietnamese)"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
        description=_l("e.g. Bộ Văn hóa, Thể thao và Du lịch"),
    )
    venue = StringField(
        _l("Venue (English)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    venue_vi = StringField(
        _l("Venue (Vietnamese)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    address = StringField(
        _l("Address (English)"), filters=[single_line], validators=[Optional(), Length(max=500)]
    )
    address_vi = StringField(
        _l("Address (Vietnamese)"),
        filters=[single_line],
        validators=[Optional(), Length(max=500)],
    )
    timezone = SelectField(
        _l("Time zone"),
        default=DEFAULT_TIMEZONE,
        validators=[InputRequired()],
        description=_l(
            "Every time of the event and its programme is typed and shown in it. "
            "Changing it keeps the sessions at the same local time."
        ),
    )
    starts_at = LocalDateTimeField(
        _l("Starts"), validators=[InputRequired(_l("Please enter when the event starts."))]
    )
    ends_at = LocalDateTimeField(
        _l("Ends"), validators=[InputRequired(_l("Please enter when the event ends."))]
    )
    move_sessions = BooleanField(
        _l("Move the programme with the event"),
        description=_l(
            "When the start changes, every session moves by as much (an event put "
            "off by a week keeps its programme). Attendees of moved sessions are emailed."
        ),
    )
    capacity = WholeNumberField(
        _l("Places for attendees"),
        validators=[Optional(), NumberRange(min=1, message=_l("At least 1, or leave it empty."))],
        description=_l(
            "Leave it empty for no limit. It cannot go below the places already "
            "taken; a larger number gives places to the waiting list at once."
        ),
    )
    registration_opens_at = LocalDateTimeField(
        _l("Registration opens"),
        validators=[Optional()],
        description=_l("Leave it empty to open it as soon as the event is published."),
    )
    registration_closes_at = LocalDateTimeField(
        _l("Registration closes"),
        validators=[Optional()],
        description=_l("Leave it empty to close it when the event starts."),
    )
    contact_email = StringField(
        _l("Contact email"),
        filters=[single_line],
        validators=[Optional(), Length(max=254)],
        description=_l("Attendees' replies to our emails go there."),
    )
    notification_emails = TextAreaField(
        _l("Tell these organizers of each registration"),
        filters=[multi_line],
        validators=[Optional(), Length(max=2000)],
        description=_l("Email addresses, separated by commas or one per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()
        _as_text(self.slug)

    def zone_name(self) -> str:
        return (
            self.timezone.data if self.timezone.data in available_timezones() else DEFAULT_TIMEZONE
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_times() and valid


# --- Rooms ----------------------------------------------------------------------------------


class RoomForm(FlaskForm):
    name = StringField(
        _l("Name (English)"),
        filters=[single_line],
        validators=[DataRequired(_l("Please give the room a name.")), Length(max=120)],
    )
    name_vi = StringField(
        _l("Name (Vietnamese)"), filters=[single_line], validators=[Optional(), Length(max=120)]
    )
    location = StringField(
        _l("Where to find it (English)"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
        description=_l("Floor, building, directions: e.g. 2nd floor, left wing."),
    )
    location_vi = StringField(
        _l("Where to find it (Vietnamese)"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
        description=_l("e.g. Tầng 2, cánh trái."),
    )
    capacity = WholeNumberField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, message=_l("At least 1, or leave it empty."))],
    )


class ButtonForm(FlaskForm):
    """A button that changes something: only its CSRF token is checked."""


# --- Sessions -------------------------------------------------------------------------------


class SessionForm(ZonedTimesMixin, FlaskForm):
    time_fields = ("starts_at", "ends_at")

    title = StringField(
        _l("Title (English)"),
        filters=[single_line],
        validators=[DataRequired(_l("Please give the session a title.")), Length(max=255)],
    )
    title_vi = StringField(
        _l("Title (Vietnamese)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    kind = SelectField(
        _l("Kind"), validators=[InputRequired()], default=SessionKind.PRESENTATION.value
    )
    starts_at = LocalDateTimeField(
        _l("Starts"), validators=[InputRequired(_l("Please enter when the session starts."))]
    )
    ends_at = LocalDateTimeField(
        _l("Ends"), validators=[InputRequired(_l("Please enter when the session ends."))]
    )
    room_id = SelectField(_l("Room"), coerce=_optional_id, validate_choice=False)
    capacity = WholeNumberField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, message=_l("At least 1, or leave it empty."))],
        description=_l(
            "For sessions people sign up for. Leave it empty for no limit. It cannot "
            "go below the seats taken; a larger number gives seats to the waiting "
            "list at once."
        ),
    )
    language = SelectField(
        _l("Language"), validators=[InputRequired()], default=SessionLanguage.VIETNAMESE.value
    )
    track = StringField(
        _l("Track (English)"), filters=[single_line], validators=[Optional(), Length(max=120)]
    )
    track_vi = StringField(
        _l("Track (Vietnamese)"), filters=[single_line], validators=[Optional(), Length(max=120)]
    )
    description = markdown_field(_l("Description (English)"), hint=True)
    description_vi = markdown_field(_l("Description (Vietnamese)"))

    def __init__(self, *args, zone: str = DEFAULT_TIMEZONE, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._zone = zone
        self.kind.choices = [SelectChoice(kind.value, label(kind)) for kind in SessionKind]
        self.language.choices = [
            SelectChoice(language.value, label(language)) for language in SessionLanguage
        ]
        self.room_id.choices = [SelectChoice("", _l("No room (yet)"))] + [
            _room_option(room) for room in rooms
        ]
        self._room_ids = {room.id for room in rooms}

    def zone_name(self) -> str:
        return self._zone

    def validate_room_id(self, field):
        if field.data is not None and field.data not in self._room_ids:
            raise ValidationError(_l("Please choose one of the event's rooms."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_times() and valid


# --- Speakers -------------------------------------------------------------------------------


class LinkForm(Form):
    """One row of a speaker's links (a sub-form: the CSRF token is the speaker form's)."""

    kind = SelectField(_l("Kind of link"), default=LinkKind.WEBSITE.value)
    url = StringField(
        _l("Web address"),
        filters=[single_line],
        validators=[Optional(), Length(max=500)],
    )
    label = StringField(
        _l("Text shown"), filters=[single_line], validators=[Optional(), Length(max=120)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(kind.value, label(kind)) for kind in LinkKind]

    def validate_url(self, field):
        value = (field.data or "").strip().lower()
        if value and (
            not value.startswith(("https://", "http://")) or len(value) <= len("https://")
        ):
            raise ValidationError(
                _l("A link must be a web address starting with https:// or http://.")
            )


class SpeakerForm(FlaskForm):
    honorific = SelectField(_l("Title"), default=Honorific.NONE.value)
    full_name = StringField(
        _l("Full name"),
        filters=[single_line],
        validators=[DataRequired(_l("Please enter the speaker's full name.")), Length(max=200)],
        description=_l("As it is written, with diacritics: Nguyễn Phương Hoa."),
    )
    slug = StringField(
        _l("Address (slug)"),
        filters=[single_line],
        validators=[Optional(), Length(max=120)],
        description=_l(
            "The profile's address: /speakers/<slug>. Leave it empty to make one from the name."
        ),
    )
    position = StringField(
        _l("Position (English)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    position_vi = StringField(
        _l("Position (Vietnamese)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    organization = StringField(
        _l("Organization (English)"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
    )
    organization_vi = StringField(
        _l("Organization (Vietnamese)"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
    )
    country = SelectField(_l("Country"), default="")
    biography = markdown_field(_l("Biography (English)"), hint=True)
    biography_vi = markdown_field(_l("Biography (Vietnamese)"))
    links = FieldList(FormField(LinkForm), min_entries=0, max_entries=MAX_LINKS)
    photo = FileField(
        _l("Photo"),
        description=_l(
            "A JPEG, PNG or WebP image. It is cropped to a square for lists, and "
            "cleaned of its metadata (camera, GPS position)."
        ),
    )
    remove_photo = BooleanField(_l("Remove the photo"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.honorific.choices = [SelectChoice(Honorific.NONE.value, _l("(none)"))] + [
            SelectChoice(h.value, text) for h, text in HONORIFICS.items() if h != Honorific.NONE
        ]
        self.country.choices = country_choices()
        _as_text(self.slug)
        # Room for new links: two empty rows beyond those filled in.
        while len(self.links) < min(MAX_LINKS, _filled(self.links) + 2):
            self.links.append_entry()


def _filled(links) -> int:
    return sum(1 for entry in links if (entry.form.url.data or "").strip())


class SessionSpeakerForm(FlaskForm):
    speaker_id = SelectField(
        _l("Speaker"),
        coerce=_optional_id,
        validate_choice=False,
        validators=[InputRequired(_l("Please choose a speaker."))],
    )
    role = SelectField(_l("Role"), default=SpeakerRole.SPEAKER.value)
    position = WholeNumberField(
        _l("Order"),
        validators=[Optional(), NumberRange(min=1, message=_l("1 or more."))],
        description=_l("1 is introduced first. Leave it empty to add the speaker last."),
    )

    def __init__(self, *args, speakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
        self.speaker_id.choices = [SelectChoice("", _l("Choose a speaker"))] + [
            SelectChoice(s.id, _speaker_option(s)) for s in speakers
        ]
        self._ids = {s.id for s in speakers}

    def validate_speaker_id(self, field):
        if field.data not in self._ids:
            raise ValidationError(_l("Please choose a speaker."))


def _room_option(room) -> SelectChoice:
    """The room in the reader's language; marked with its own when only the other one is set."""
    language = localized_lang(room, "name")
    render_kw = {"lang": language} if language != current_language() else {}
    return SelectChoice(room.id, localized(room, "name"), render_kw=render_kw)


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, label(role)) for role in SpeakerRole]


def _speaker_option(speaker) -> str:
    organization = speaker.organization or speaker.organization_vi
    return f"{speaker_name(speaker)} ({organization})" if organization else speaker_name(speaker)


class SpeakerRowForm(Form):
    speaker_id = HiddenField()
    role = SelectField(_l("Role"))
    position = WholeNumberField(
        _l("Order"),
        validators=[
            InputRequired(_l("Please give a number.")),
            NumberRange(min=1, message=_l("1 or more.")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class SessionSpeakersForm(FlaskForm):
    rows = FieldList(FormField(SpeakerRowForm))


# --- Registration rules ---------------------------------------------------------------------


class RuleRowForm(Form):
    organization_type_id = HiddenField()
    admitted = BooleanField(_l("Admitted"))
    needs_approval = BooleanField(_l("Needs approval"))
    quota = WholeNumberField(
        _l("Quota"),
        validators=[Optional(), NumberRange(min=0, message=_l("0 or more, or leave it empty."))],
    )


class RulesForm(FlaskForm):
    rows = FieldList(FormField(RuleRowForm))
