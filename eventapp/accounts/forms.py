"""Forms of the administrators' pages: accounts and their access to events."""


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length

from eventapp.accounts.models import Role
from eventapp.accounts.services import MIN_PASSWORD_LENGTH
from eventapp.forms import MultiCheckboxField


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])
    next = HiddenField()


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[InputRequired(), Length(max=200)])
    new = PasswordField(
        _l("New password"),
        validators=[InputRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
    )
    repeat = PasswordField(
        _l("New password again"),
        validators=[InputRequired(), EqualTo("new", message=_l("The two passwords differ."))],
    )


class AccountForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(), Length(max=254), Email(check_deliverability=False)],
    )
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.ORGANIZER.value, _l("Organizer (assigned events)")),
            SelectChoice(Role.CHECKIN.value, _l("Check-in staff")),
            SelectChoice(Role.ADMIN.value, _l("Administrator (everything)")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(n)d characters. Give it to the person in a safe way."),
    )


EVENTS_HINT = _l(
    "Organizers manage these events; check-in staff check people in at them. "
    "Administrators see every event whatever is ticked here."
)


def _events_field():
    return MultiCheckboxField(_l("Events"), coerce=int, choices=[], description=EVENTS_HINT,
                           validate_choice=True)


class NewAccountForm(AccountForm):
    # AccountForm's own hint leaves its "%(n)d" unfilled.
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(n)d characters. Give it to the person in a safe way.",
                       n=MIN_PASSWORD_LENGTH),
    )
    events = _events_field()


class AccountEditForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=AccountForm.role.kwargs["choices"])
    events = _events_field()


class PasswordResetForm(FlaskForm):
    new = PasswordField(
        _l("New password"),
        validators=[InputRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l(
            "At least %(n)d characters. Every session of the account ends; give the new "
            "password to the person in a safe way.", n=MIN_PASSWORD_LENGTH,
        ),
    )
    repeat = PasswordField(
        _l("New password again"),
        validators=[InputRequired(), EqualTo("new", message=_l("The two passwords differ."))],
    )
