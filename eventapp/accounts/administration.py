"""Administering organizer accounts: roles, access to events, deactivation, password resets.

Plain functions that flush and never commit. An administrator can never lock themselves out:
they cannot deactivate or demote their own account, so at least one active administrator
always remains.

Every change is written to the audit log here, with the account as it was and as it is
(`snapshot`: never anything about its password). `actor` is who makes it: the signed-in
administrator's Account, or a name ("system" for a command).
"""


from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.accounts import services as accounts
from eventapp.accounts.models import Account, EventAssignment, Role
from eventapp.accounts.services import AccountError
from eventapp.audit.services import record
from eventapp.events.models import Event
from eventapp.extensions import db


class SelfLockout(AccountError):
    """An administrator tried to take their own rights away."""


@dataclass(frozen=True)
class AccountRow:
    account: Account
    events: list[Event]


def all_events() -> list[Event]:
    """Every event, the latest first: what an account can be assigned to."""
    return list(db.session.scalars(select(Event).order_by(Event.starts_at.desc(), Event.id)))


def account_rows() -> list[AccountRow]:
    """Every account with the events it is assigned to, in two queries."""
    events = {event.id: event for event in all_events()}
    rows = []
    for account in accounts.list_accounts():
        assigned = [events[i] for i in account.event_ids if i in events]
        assigned.sort(key=lambda e: (e.starts_at, e.id), reverse=True)
        rows.append(AccountRow(account, assigned))
    return rows


def snapshot(account: Account) -> dict:
    """What the audit log keeps of an account: never anything about its password."""
    query = select(Event.id, Event.title).where(Event.id.in_(account.event_ids))
    titles = dict(db.session.execute(query).all()) if account.event_ids else {}
    return {
        "email": account.email,
        "name": account.name,
        "role": account.role.value,
        "active": account.active,
        "events": sorted(titles[i] for i in account.event_ids if i in titles),
    }


def _record(actor, action: str, account: Account, before: dict | None, after: dict | None) -> None:
    record(actor, action, "account", account.id, before=before, after=after)


def _is_self(account: Account, actor) -> bool:
    return account.id == getattr(actor, "id", None)


def create(
    email: str, name: str, password: str, role: Role, event_ids=(), *, actor="system"
) -> Account:
    account = accounts.create_account(email, name, password, Role(role))
    set_events(account, event_ids)
    _record(actor, "account.create", account, None, snapshot(account))
    return account


def update(account: Account, *, name: str, role: Role, event_ids, actor) -> None:
    before = snapshot(account)
    role = Role(role)
    if _is_self(account, actor) and role != Role.ADMIN:
        raise SelfLockout(
            _l("You cannot take away your own administrator role: ask another administrator.")
        )
    account.name = name.strip() or account.email
    account.role = role
    set_events(account, event_ids)
    db.session.flush()
    _record(actor, "account.update", account, before, snapshot(account))


def set_events(account: Account, event_ids) -> None:
    """Assign the account to exactly these events (removing the others)."""
    wanted = set(event_ids or ())
    known = set(db.session.scalars(select(Event.id).where(Event.id.in_(wanted))))
    if wanted - known:
        raise AccountError(_l("One of the chosen events does not exist any more."))
    for assignment in list(account.assignments):
        if assignment.event_id not in wanted:
            account.assignments.remove(assignment)
    for event_id in sorted(wanted - account.event_ids):
        account.assignments.append(EventAssignment(event_id=event_id))
    db.session.flush()


def deactivate(account: Account, *, actor) -> None:
    """The account can no longer sign in, and every session it has ends now."""
    if _is_self(account, actor):
        raise SelfLockout(
            _l("You cannot deactivate your own account: ask another administrator.")
        )
    before = snapshot(account)
    account.active = False
    accounts.end_sessions(account)
    _record(actor, "account.deactivate", account, before, snapshot(account))


def reactivate(account: Account, *, actor="system") -> None:
    before = snapshot(account)
    account.active = True
    db.session.flush()
    _record(actor, "account.reactivate", account, before, snapshot(account))


def reset_password(account: Account, new_password: str, *, actor="system") -> None:
    """A new password chosen by an administrator; the account's sessions end."""
    accounts.set_password(account, new_password)
    _record(actor, "account.password_reset", account, None, None)
