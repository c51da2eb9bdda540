"""Organizer accounts: creating them, checking passwords, ending sessions."""
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eventapp.accounts.models import Account, EventAssignment, Role
from eventapp.db import utc_now
from eventapp.errors import Refused
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.mail.services import InvalidAddress, normalize_address


# Argon2id: memory-hard, so that a stolen table of hashes is slow to crack on GPUs. The costs
# come from the config (ARGON2_*); a hash carries its own, so it verifies whatever they are now.
@cache
def _hasher_with(time_cost: int, memory_cost: int, parallelism: int) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    # Checked against when the address is unknown, so that a login takes as long either way.
    return hasher, hasher.hash("not a real password")


def _configured() -> tuple[PasswordHasher, str]:
    cfg = current_app.config
    return _hasher_with(
        cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"]
    )


def password_hasher() -> PasswordHasher:
    """The hasher with the costs of the current app's config."""
    return _configured()[0]


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


MIN_PASSWORD_LENGTH = 10


class AccountError(Refused):
    """A change to an account the rules refuse."""


def _normalized(email: str) -> str:
    try:
        return normalize_address(email).lower()
    except InvalidAddress as error:
        raise AccountError(error.args[0]) from None


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _l("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )


def create_account(email: str, name: str, password: str, role: Role = Role.ORGANIZER) -> Account:
    email = _normalized(email)
    if db.session.scalar(select(Account.id).where(Account.email == email)) is not None:
        raise AccountError(_l("An account with this email address already exists."))
    check_password_strength(password)
    account = Account(email=email, name=name.strip() or email, role=Role(role),
                      password_hash=hash_password(password))
    db.session.add(account)
    db.session.flush()
    return account


def authenticate(email: str, password: str) -> Account | None:
    """The active account with this address and password, or None (same time either way)."""
    try:
        email = _normalized(email)
    except AccountError:
        email = ""
    account = db.session.scalar(select(Account).where(Account.email == email)) if email else None
    hasher, dummy_hash = _configured()
    try:
        hasher.verify(account.password_hash if account else dummy_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if account is None or not account.active:
        return None
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)
    account.last_login_at = utc_now()
    db.session.flush()
    return account


def load_account(session_id: str) -> Account | None:
    """Flask-Login's loader: the id in the cookie carries the session version."""
    account_id, _, version = session_id.partition(":")
    if not account_id.isdigit() or not version.isdigit():
        return None
    account = db.session.get(Account, int(account_id))
    if account is None or not account.active or account.session_version != int(version):
        return None
    return account


def end_sessions(account: Account) -> None:
    """Every cookie issued to the account stops working (logout, password change)."""
    account.session_version += 1
    db.session.flush()


def change_password(account: Account, current: str, new: str) -> None:
    try:
        password_hasher().verify(account.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise AccountError(_l("The current password is not right.")) from None
    set_password(account, new)


def set_password(account: Account, new: str) -> None:
    check_password_strength(new)
    account.password_hash = hash_password(new)
    end_sessions(account)


def assign(account: Account, event_id: int) -> None:
    account.assign(event_id)
    db.session.flush()


def list_accounts() -> list[Account]:
    return list(db.session.scalars(select(Account).order_by(Account.email)))


def managed_events(account: Account) -> list[Event]:
    query = select(Event).order_by(Event.starts_at.desc(), Event.id)
    if account.role != Role.ADMIN:
        query = query.join(EventAssignment, EventAssignment.event_id == Event.id).where(
            EventAssignment.account_id == account.id
        )
    return list(db.session.scalars(query))
