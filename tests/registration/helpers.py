"""Shared pieces of the registration tests: attendee details and reading the outbox."""
import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage
from eventapp.organizations.models import OrganizationType
from eventapp.registration.services import AttendeeDetails


def type_id(code: str) -> int:
    return db.session.scalar(select(OrganizationType.id).where(OrganizationType.code == code))


def details(email="hoa@example.org", type_code="ministry", **overrides) -> AttendeeDetails:
    values = {
        "full_name": "Nguyễn Thị Hoa",
        "email": email,
        "organization_name": "Ministry of Culture, Sports and Tourism",
        "organization_type_id": type_id(type_code),
        "country": "VN",
        # The tests read the English emails; the Vietnamese ones are tested on their own.
        "language": "en",
    }
    values.update(overrides)
    return AttendeeDetails(**values)


def emails_to(address: str, kind: str | None = None) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.to_address == address)
        .options(selectinload(OutboxMessage.attachments))
    )
    if kind:
        query = query.where(OutboxMessage.kind == f"registration.{kind}")
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def last_email(address: str, kind: str) -> OutboxMessage:
    found = emails_to(address, kind)
    assert found, f"no {kind} email to {address}; got {[m.kind for m in emails_to(address)]}"
    return found[-1]


def link(message: OutboxMessage, path_part: str) -> str:
    for url in re.findall(r"https?://\S+", message.text_body):
        if path_part in url:
            return url
    raise AssertionError(f"no link with {path_part!r} in:\n{message.text_body}")


def token_from(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]
