"""The registration form and the forms of the attendee's own pages."""


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from eventapp.forms import (
    MailableAddress,
    MultiCheckboxField,
    country_choices,
    multi_line,
    single_line,
)
from eventapp.i18n import current_language
from eventapp.labels import HONORIFICS, label
from eventapp.registration.details import CITY_TYPES
from eventapp.registration.models import CreativeField, Language

# Organization types whose extra questions the form asks (codes of the default taxonomy);
# the city authorities' (CITY_TYPES) come with the rule of what a registration keeps.
DEPARTMENT_TYPES = frozenset({"ministry"})


INTERNATIONAL_TYPES = frozenset({"international"})


def _choice_or_empty(value) -> str:
    # A choice that may be left empty: nothing sent (or nothing stored) is the empty choice.
    return "" if value is None else str(value)


class DetailsForm(FlaskForm):
    """What an attendee tells about themselves; shared by the form and the edit page."""

    honorific = SelectField(_l("Title"), validators=[InputRequired()])
    full_name = StringField(
        _l("Full name"),
        filters=[single_line],
        # DataRequired, not InputRequired: it looks at the text once filtered, so that
        # spaces or control characters alone are not a name.
        validators=[DataRequired(_l("Please enter your full name.")), Length(max=200)],
        description=_l("As it should appear on your badge, with diacritics, e.g. Nguyễn Thị Hoa."),
    )
    phone = StringField(
        _l("Phone (optional)"),
        filters=[single_line],
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[0-9+().\s-]{6,40}$", message=_l("Please enter a phone number, e.g. +84 24 3943 8231.")),
        ],
    )
    position = StringField(
        _l("Position (optional)"), filters=[single_line], validators=[Optional(), Length(max=255)]
    )
    department = StringField(
        _l("Department"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
        description=_l("For ministries and central agencies: your department or unit."),
    )
    country = SelectField(_l("Country"), validators=[InputRequired()], default="VN")
    city = StringField(
        _l("City or province"),
        filters=[single_line],
        # No Optional(): it would stop validation of an empty field before validate_city.
        validators=[Length(max=120)],
        description=_l("City authorities: the city you represent."),
    )
    unesco_applicant = BooleanField(
        _l("The city is applying to join the UNESCO Creative Cities Network")
    )
    # No Optional(), for the same reason: validate_unesco_field must see an empty choice
    # (and a form sent without the field at all counts as that empty choice).
    unesco_field = SelectField(
        _l("Creative field of the application"), coerce=_choice_or_empty, default=""
    )
    language = RadioField(
        _l("Language for our emails"),
        choices=[
            SelectChoice(Language.VIETNAMESE.value, "Tiếng Việt"),
            SelectChoice(Language.ENGLISH.value, "English"),
        ],
        # The language the person is reading the form in.
        default=current_language,
        validators=[InputRequired()],
    )
    needs_interpretation = BooleanField(
        _l("I need interpretation between Vietnamese and English")
    )
    needs_accessibility = TextAreaField(
        _l("Accessibility needs (optional)"),
        filters=[multi_line],
        validators=[Optional(), Length(max=1000)],
        description=_l("For example wheelchair access, a sign language interpreter, large print."),
    )
    dietary = StringField(
        _l("Dietary requirements (optional)"),
        filters=[single_line],
        validators=[Optional(), Length(max=255)],
    )
    publish_consent = BooleanField(
        _l("I agree that my name, position and organization may appear in the published list of participants.")
    )

    def __init__(self, *args, type_codes: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_codes = type_codes or {}
        self.honorific.choices = [SelectChoice("none", _l("(none)"))] + [
            SelectChoice(h.value, text) for h, text in HONORIFICS.items() if h.value != "none"
        ]
        self.country.choices = country_choices()
        self.unesco_field.choices = [SelectChoice("", _l("Choose a field"))] + [
            SelectChoice(field.value, label(field)) for field in CreativeField
        ]

    def selected_type_code(self) -> str | None:
        return None

    def validate_city(self, field):
        if self.selected_type_code() in CITY_TYPES and not field.data:
            raise ValidationError(_l("Please enter the city or province you represent."))

    def validate_unesco_field(self, field):
        # Only city authorities are asked; a box left ticked under another kind is ignored.
        if self.selected_type_code() not in CITY_TYPES:
            return
        if self.unesco_applicant.data and not field.data:
            raise ValidationError(_l("Please choose the creative field of the application."))


class RegistrationForm(DetailsForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Please enter your email address.")),
            Length(max=254),
            MailableAddress(_l("Please enter a valid email address, e.g. name@example.org.")),
        ],
        description=_l("We send a link to this address: your registration counts once you open it."),
    )
    organization_name = StringField(
        _l("Organization"),
        filters=[single_line],
        validators=[
            DataRequired(_l("Please enter your organization, or “Individual”.")),
            Length(max=255),
        ],
    )
    organization_type = SelectField(
        _l("Kind of organization"),
        coerce=int,
        validators=[InputRequired(_l("Please choose the kind of organization."))],
    )
    sessions = MultiCheckboxField(_l("Sessions you would like to attend"), coerce=int, validate_choice=False)
    consent = BooleanField(
        _l("I agree to the processing of my personal data for this purpose."),
        # DataRequired: a hand-made POST with consent=false must not pass for consent.
        validators=[DataRequired(_l("We can only register you with your consent."))],
    )
    # A field people never see; software that fills every field gives itself away.
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])

    def selected_type_code(self) -> str | None:
        return self.type_codes.get(self.organization_type.data)


class SessionsForm(FlaskForm):
    sessions = MultiCheckboxField(_l("Sessions you would like to attend"), coerce=int, validate_choice=False)


class EditForm(DetailsForm):
    sessions = MultiCheckboxField(_l("Sessions you would like to attend"), coerce=int, validate_choice=False)

    def __init__(self, *args, type_code: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._type_code = type_code

    def selected_type_code(self) -> str | None:
        return self._type_code


class ResendForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Please enter your email address.")), Length(max=254),
                    MailableAddress(_l("Please enter a valid email address."))],
    )


class ConfirmForm(FlaskForm):
    """A button: email scanners open links, but only a person presses it."""


class CancelForm(FlaskForm):
    pass
