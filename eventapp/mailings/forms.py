"""The form organizers write an email to attendees with."""


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from eventapp.forms import multi_line, single_line
from eventapp.mailings import services as mailing_services


def _placeholders_known(form, field):
    unknown = mailing_services.unknown_placeholders(field.data or "")
    if unknown:
        raise ValidationError(
            _l("Unknown placeholder: %(names)s. Use %(known)s.",
               names=", ".join(f"{{{name}}}" for name in sorted(unknown)),
               known=", ".join(f"{{{name}}}" for name in mailing_services.PLACEHOLDERS))
        )


class MailingForm(FlaskForm):
    subject = StringField(
        _l("Subject"),
        filters=[single_line],
        validators=[DataRequired(_l("Please write a subject.")), Length(max=200),
                    _placeholders_known],
    )
    body = TextAreaField(
        _l("Message"),
        filters=[multi_line],
        validators=[DataRequired(_l("Please write the message.")),
                    Length(max=mailing_services.MAX_BODY_LENGTH), _placeholders_known],
        description=_l(
            "Markdown: **bold**, *italic*, [link text](https://…), lists with “- ”. "
            "Placeholders: {name} (title and full name), {full_name}, {event} (the event's "
            "title), {manage_link} (their own page to see or change their registration)."
        ),
    )
