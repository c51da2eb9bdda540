"""The forms of programme editing: rooms and sessions."""


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    SelectField,
    StringField,
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
from eventapp.forms import (
    LocalDateTimeField,
    WholeNumberField,
    ZonedTimesMixin,
    markdown_field,
    optional_id,
    single_line,
)
from eventapp.i18n import current_language, localized, localized_lang
from eventapp.labels import label
from eventapp.programme.models import SessionKind, SessionLanguage

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
    room_id = SelectField(_l("Room"), coerce=optional_id, validate_choice=False)
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


def _room_option(room) -> SelectChoice:
    """The room in the reader's language; marked with its own when only the other one is set."""
    language = localized_lang(room, "name")
    render_kw = {"lang": language} if language != current_language() else {}
    return SelectChoice(room.id, localized(room, "name"), render_kw=render_kw)
