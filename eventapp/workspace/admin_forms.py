"""Forms of the administrators' pages: accounts and their access to events."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import EqualTo, InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp.accounts.forms import AccountForm
from eventapp.accounts.services import MIN_PASSWORD_LENGTH

EVENTS_HINT = _l(
    "Organizers manage these events; check-in staff check people in at them. "
    "Administrators see every event whatever is ticked here."
)


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes, one per choice (rendered by the radios macro of _forms.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _events_field():
    return CheckboxesField(_l("Events"), coerce=int, choices=[], description=EVENTS_HINT,
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


class ConfirmActionForm(FlaskForm):
    """A button that changes something: only its CSRF token is sent."""
