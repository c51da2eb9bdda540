"""The kinds of organizations attendees come from."""
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db import str_enum
from eventapp.extensions import db
from eventapp.labels import register_labels


class OrganizationGroup(enum.StrEnum):
    GOVERNMENT = "government"
    INTERNATIONAL = "international"
    BUSINESS = "business"
    CULTURE = "culture"
    KNOWLEDGE = "knowledge"
    INDIVIDUAL = "individual"
    OTHER = "other"


class OrganizationType(db.Model):
    __tablename__ = "organization_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_vi: Mapped[str] = mapped_column(String(160))
    group: Mapped[OrganizationGroup] = mapped_column(
        str_enum(OrganizationGroup, "organization_group")
    )
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<OrganizationType {self.code}>"


# The words shown for these values, in the reader's language.
register_labels(
    OrganizationGroup,
    {
        OrganizationGroup.GOVERNMENT: _l("Government"),
        OrganizationGroup.INTERNATIONAL: _l("International"),
        OrganizationGroup.BUSINESS: _l("Business"),
        OrganizationGroup.CULTURE: _l("Culture and the arts"),
        OrganizationGroup.KNOWLEDGE: _l("Research and media"),
        OrganizationGroup.INDIVIDUAL: _l("Individuals"),
        OrganizationGroup.OTHER: _l("Other"),
    },
)
