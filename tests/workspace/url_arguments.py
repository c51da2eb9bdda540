"""Real objects to fill the URL arguments of every route, found by the argument's name.

The tests that walk the URL map (test_access.py, test_csrf.py) build each rule's URL from
BUILDERS. A rule with an argument that is not named here makes them FAIL, on purpose: when
you add a route with a new kind of argument, add a builder for it here, so that the route is
checked like every other.

There are two events: "ours", to which the organizer and the check-in staff member are
assigned, and "theirs", to which nobody but the administrator has access. Each has the same
set of objects (room, session, speaker, registrations, ...), so that a URL can be built from
either side, or from a mix of both (an event of ours, a session of theirs).
"""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from werkzeug.routing import Rule

from eventapp.accounts.models import Account, Role
from eventapp.accounts.services import assign, hash_password
from eventapp.audit.services import record
from eventapp.extensions import db
from eventapp.models import RegistrationStatus, SessionKind, TypePolicy
from eventapp.registration import services as registration
from tests.conftest import PASSWORD
from tests.factories import add_speaker, make_event, make_room, make_session, make_speaker
from tests.registration.helpers import details, type_id


@dataclass
class Side:
    """The objects of one event, by id (never ORM objects: they must outlive the session)."""

    event_id: int
    slug: str
    room_id: int
    session_id: int
    speaker_id: int
    speaker_slug: str
    # A confirmed registration holding a seat in the session.
    registration_id: int
    manage_secret: str
    # A registration still waiting for its address to be confirmed, and its link's token.
    pending_registration_id: int
    confirm_token: str
    organization_type_id: int
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    admin_id: int
    organizer_id: int
    checkin_id: int
    # An account to administer (an organizer assigned to no event).
    other_account_id: int
    audit_entry_id: int
    ours: Side
    theirs: Side


def make_account(email: str, role: Role) -> Account:
    """An account that signs in with tests.conftest.PASSWORD."""
    account = Account(email=email, name=email.split("@")[0].title(), role=role,
                      password_hash=hash_password(PASSWORD))
    db.session.add(account)
    db.session.flush()
    return account


def build_world() -> World:
    admin = make_account("admin@example.org", Role.ADMIN)
    organizer = make_account("organizer@example.org", Role.ORGANIZER)
    checkin = make_account("door@example.org", Role.CHECKIN)
    other = make_account("other@example.org", Role.ORGANIZER)
    ours, theirs = _side("ours"), _side("theirs")
    assign(organizer, ours.event_id)
    assign(checkin, ours.event_id)
    entry = record(admin, "test.setup", "event", ours.event_id, event_id=ours.event_id,
                   before={"title": "Before"}, after={"title": "After"})
    world = World(admin.id, organizer.id, checkin.id, other.id, entry.id, ours, theirs)
    db.session.commit()
    for side in (ours, theirs):
        for name, (make, _bound) in OPTIONAL_OBJECTS.items():
            side.extra[name] = make(world, side)
    db.session.commit()
    return world


def _side(name: str) -> Side:
    event = make_event(title=f"Workshop of {name}", capacity=100)
    room = make_room(event, name=f"Room of {name}", capacity=40)
    session = make_session(event, title=f"Session of {name}", kind=SessionKind.WORKSHOP,
                           room=room, capacity=20)
    make_session(event, title="Tea break", kind=SessionKind.BREAK,
                 starts_at=event.starts_at + timedelta(hours=2))
    speaker = make_speaker(full_name=f"Speaker of {name}")
    add_speaker(session, speaker)
    ministry = type_id("ministry")
    db.session.add(TypePolicy(event_id=event.id, organization_type_id=ministry))
    db.session.commit()
    event_id, slug, room_id, session_id = event.id, event.slug, room.id, session.id
    speaker_id, speaker_slug = speaker.id, speaker.slug

    confirmed = registration.register(event, details(f"confirmed-{name}@example.org"), [session_id])
    token = registration._new_confirm_token(confirmed)
    db.session.commit()
    registration.confirm_email(token)
    db.session.commit()
    confirmed_id, secret = confirmed.id, confirmed.manage_secret

    pending = registration.register(event, details(f"pending-{name}@example.org"), [])
    pending_token = registration._new_confirm_token(pending)
    db.session.commit()
    assert pending.status == RegistrationStatus.PENDING_CONFIRMATION
    return Side(
        event_id=event_id, slug=slug, room_id=room_id, session_id=session_id,
        speaker_id=speaker_id, speaker_slug=speaker_slug, registration_id=confirmed_id,
        manage_secret=secret, pending_registration_id=pending.id, confirm_token=pending_token,
        organization_type_id=ministry,
    )


# --- Objects other parts of the workspace add to the schema ----------------------------------


def _mailing(world: World, side: Side):
    from eventapp.mailings.models import Mailing

    mailing = Mailing(event_id=side.event_id, subject="Programme update", body="Dear {name},",
                      filter={}, created_by_id=world.admin_id, created_by="admin@example.org")
    db.session.add(mailing)
    db.session.flush()
    return mailing.id


# name -> (make(world, side) -> id, bound to the side's event)
OPTIONAL_OBJECTS = {"mailing_id": (_mailing, True)}


# --- Arguments by name -----------------------------------------------------------------------

# name -> (value(world, side), whether the object belongs to the side's event). Objects that
# belong to an event are swapped for the other event's in the cross-event checks.
BUILDERS = {
    "event_id": (lambda w, s: s.event_id, True),
    "room_id": (lambda w, s: s.room_id, True),
    "session_id": (lambda w, s: s.session_id, True),
    "registration_id": (lambda w, s: s.registration_id, True),
    "speaker_id": (lambda w, s: s.speaker_id, False),
    "account_id": (lambda w, s: w.other_account_id, False),
    "organization_type_id": (lambda w, s: s.organization_type_id, False),
    "type_id": (lambda w, s: s.organization_type_id, False),
    "entry_id": (lambda w, s: w.audit_entry_id, False),
    "slug": (lambda w, s: s.slug, False),
    "secret": (lambda w, s: s.manage_secret, False),
    "token": (lambda w, s: s.confirm_token, False),
}
for _name, (_make, _bound) in OPTIONAL_OBJECTS.items():
    BUILDERS[_name] = ((lambda name: lambda w, s: s.extra[name])(_name), _bound)

# Arguments whose meaning depends on the route.
BY_ENDPOINT = {
    ("speakers.profile", "slug"): lambda w, s: s.speaker_slug,
}


class MissingBuilder(AssertionError):
    pass


def arguments(rule: Rule, world: World, side: Side, objects_from: Side | None = None) -> dict:
    """The rule's URL arguments from `side`; objects bound to an event from `objects_from`."""
    values = {}
    for name in sorted(rule.arguments):
        if (rule.endpoint, name) in BY_ENDPOINT:
            values[name] = BY_ENDPOINT[(rule.endpoint, name)](world, side)
            continue
        if name not in BUILDERS:
            raise MissingBuilder(
                f"{rule.endpoint} ({rule.rule}) takes <{name}>, which tests/workspace/"
                f"url_arguments.py cannot fill: add a builder for it to BUILDERS."
            )
        value, bound = BUILDERS[name]
        swap = bound and objects_from is not None and name != "event_id"
        source = objects_from if swap else side
        values[name] = value(world, source)
    return values


def is_event_scoped(rule: Rule) -> bool:
    """Whether the route works on one event's data (named by event_id or by an object of it)."""
    return any(BUILDERS.get(name, (None, False))[1] for name in rule.arguments)


def bound_objects(rule: Rule) -> list[str]:
    """The arguments other than event_id that name an object of an event."""
    return [n for n in rule.arguments if n != "event_id" and BUILDERS.get(n, (None, False))[1]]


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def sign_in(client, account_id: int) -> None:
    """Put the account's session in the client's cookie, as the login form would."""
    account = db.session.get(Account, account_id)
    with client.session_transaction() as session:
        session["_user_id"] = account.get_id()
        session["_fresh"] = True


def database_state() -> dict:
    """Every row of every table, to prove that a refused request changed nothing."""
    db.session.rollback()
    state = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows = db.session.execute(select(table).order_by(*order)).all()
        state[table.name] = [tuple(row) for row in rows]
    db.session.rollback()
    return state
