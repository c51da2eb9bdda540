"""The form organizers create and edit an event with."""


from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from eventapp.events.models import DEFAULT_TIMEZONE
from eventapp.forms import (
    LocalDateTimeField,
    WholeNumberField,
    ZonedTimesMixin,
    as_text,
    markdown_field,
    multi_line,
    single_line,
    timezone_choices,
)

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
        as_text(self.slug)

    def zone_name(self) -> str:
        return (
            self.timezone.data if self.timezone.data in available_timezones() else DEFAULT_TIMEZONE
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self.check_times() and valid
