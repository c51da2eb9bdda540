"""The kinds of organizations attendees come from."""
import enum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventapp.db import str_enum
from eventapp.extensions import db


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
