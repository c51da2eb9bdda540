"""Forms of the workspace's registration pages and of the registration rules per type."""


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
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

from eventapp.forms import WholeNumberField
from eventapp.registration.admin import BULK_LABELS, BulkAction
from eventapp.registration.forms import (
    DetailsForm,
    MailableAddress,
    MultiCheckboxField,
    multi_line,
    single_line,
)

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


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        filters=[multi_line],
        validators=[DataRequired(_l("Please give the reason: it is emailed to the person.")),
                    Length(max=1000)],
        description=_l("Emailed to the person, in the email that tells them."),
    )


class MoveForm(FlaskForm):
    sessions = MultiCheckboxField(_l("Sessions"), coerce=int, validate_choice=False)
    waitlist_if_full = BooleanField(
        _l("If a session is full, put them on its waiting list (otherwise nothing is changed)")
    )


class BulkForm(FlaskForm):
    ids = SelectMultipleField(
        _l("Selected registrations"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Please select at least one registration."))],
    )
    action = SelectField(
        _l("With the selected registrations"),
        choices=[SelectChoice(a.value, text) for a, text in BULK_LABELS.items()],
        validators=[InputRequired()],
    )
    reason = TextAreaField(
        _l("Reason (when rejecting)"),
        filters=[multi_line],
        validators=[Optional(), Length(max=1000)],
        description=_l("Emailed to each person rejected."),
    )
    # The list's query string, to come back to the same page of the same filter.
    back = HiddenField()

    def validate_reason(self, field):
        if self.action.data == BulkAction.REJECT and not field.data:
            raise ValidationError(_l("Please give the reason: it is emailed to each person."))


class AddRegistrationForm(DetailsForm):
    """An organizer enters an invited guest or a walk-in."""

    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Please enter their email address.")),
            Length(max=254),
            MailableAddress(_l("Please enter a valid email address, e.g. name@example.org.")),
        ],
        description=_l("Their ticket and every later email go to this address."),
    )
    organization_name = StringField(
        _l("Organization"),
        filters=[single_line],
        validators=[DataRequired(_l("Please enter their organization, or “Individual”.")),
                    Length(max=255)],
    )
    organization_type = SelectField(
        _l("Kind of organization"),
        coerce=int,
        validators=[InputRequired(_l("Please choose the kind of organization."))],
    )
    sessions = MultiCheckboxField(_l("Sessions"), coerce=int, validate_choice=False)
    kind = RadioField(
        _l("Who is this?"),
        choices=[
            SelectChoice("invited", _l("An invited guest")),
            SelectChoice("walk_in", _l("A walk-in, here now (checked in at once)")),
        ],
        default="invited",
        validators=[InputRequired()],
    )
    skip_capacity = BooleanField(
        _l("Confirm even if the event is full"),
        description=_l(
            "They come on top of the event's capacity instead of joining the waiting list. "
            "Session seats still follow each session's capacity."
        ),
    )
    notify = BooleanField(
        _l("Email them their confirmation and ticket (or their place on the waiting list)"),
        default=True,
    )

    def selected_type_code(self) -> str | None:
        return self.type_codes.get(self.organization_type.data)

    def validate_organization_type(self, field):
        if field.data not in self.type_codes:
            raise ValidationError(_l("Please choose the kind of organization."))
