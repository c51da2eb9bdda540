"""What a person tells about themselves when they register (or an organizer enters for
them), and what a registration keeps of a form's answers: one rule for every form."""
from collections.abc import Mapping
from dataclasses import dataclass

from eventapp.registration.models import CreativeField, Language


@dataclass
class AttendeeDetails:
    """What an attendee tells about themselves on the form."""

    full_name: str
    email: str
    organization_name: str
    organization_type_id: int
    country: str
    language: Language = Language.VIETNAMESE
    honorific: str = "none"
    phone: str | None = None
    position: str | None = None
    city: str | None = None
    department: str | None = None
    unesco_applicant: bool = False
    unesco_field: CreativeField | None = None
    needs_accessibility: str | None = None
    needs_interpretation: bool = False
    dietary: str | None = None
    publish_consent: bool = False

    def __post_init__(self):
        # Forms hand over plain strings; the model keeps enumerations.
        self.language = Language(self.language)
        self.unesco_field = CreativeField(self.unesco_field) if self.unesco_field else None


# Organization types asked which city they represent and whether it applies to the UNESCO
# Creative Cities Network (codes of the default taxonomy).
CITY_TYPES = frozenset({"local_authority"})


def _text(value) -> str | None:
    return (value or "").strip() or None


def attendee_details(answers: Mapping, type_code: str | None) -> AttendeeDetails:
    """What a registration form's answers say about the person, as a registration keeps it.

    `answers` is the form's data by field name (full_name, email, organization_name,
    organization_type: the type's id, country, ...); `type_code` is the code of that kind of
    organization. The UNESCO Creative Cities answers mean something only for city
    authorities (CITY_TYPES): for any other kind they are dropped, whoever fills the form in
    (a box ticked before the person changed their kind of organization, say). A city given
    is kept whatever the kind. Texts left empty are None.
    """
    city_authority = type_code in CITY_TYPES
    unesco = city_authority and bool(answers.get("unesco_applicant"))
    return AttendeeDetails(
        full_name=_text(answers.get("full_name")) or "",
        email=_text(answers.get("email")) or "",
        organization_name=_text(answers.get("organization_name")) or "",
        organization_type_id=answers["organization_type"],
        country=answers["country"],
        language=answers.get("language") or Language.VIETNAMESE,
        honorific=answers.get("honorific") or "none",
        phone=_text(answers.get("phone")),
        position=_text(answers.get("position")),
        city=_text(answers.get("city")),
        department=_text(answers.get("department")),
        unesco_applicant=unesco,
        unesco_field=(answers.get("unesco_field") or None) if unesco else None,
        needs_accessibility=_text(answers.get("needs_accessibility")),
        needs_interpretation=bool(answers.get("needs_interpretation")),
        dietary=_text(answers.get("dietary")),
        publish_consent=bool(answers.get("publish_consent")),
    )
