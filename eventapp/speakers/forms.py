"""The forms of speaker profiles and of the speakers of a session."""


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
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

from eventapp.forms import WholeNumberField, as_text, markdown_field, optional_id, single_line
from eventapp.forms import country_choices as all_countries
from eventapp.labels import HONORIFICS, Honorific, label, speaker_name
from eventapp.programme.models import SpeakerRole
from eventapp.speakers.models import LinkKind

MAX_LINKS = 12


def country_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("(not given)")), *all_countries()]


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
        as_text(self.slug)
        # Room for new links: two empty rows beyond those filled in.
        while len(self.links) < min(MAX_LINKS, _filled(self.links) + 2):
            self.links.append_entry()


def _filled(links) -> int:
    return sum(1 for entry in links if (entry.form.url.data or "").strip())


class SessionSpeakerForm(FlaskForm):
    speaker_id = SelectField(
        _l("Speaker"),
        coerce=optional_id,
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
