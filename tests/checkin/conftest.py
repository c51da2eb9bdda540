import pytest

from eventapp.accounts.services import assign
from eventapp.extensions import db
from eventapp.programme.models import SessionKind
from tests.factories import make_event, make_session


@pytest.fixture
def event(app):
    event = make_event(title="Cultural and creative industries in the digital environment")
    db.session.commit()
    return event


@pytest.fixture
def workshop(event):
    session = make_session(event, title="Film heritage online", kind=SessionKind.WORKSHOP,
                           capacity=30)
    db.session.commit()
    return session


@pytest.fixture
def other_event(app):
    event = make_event(title="Creative cities forum")
    db.session.commit()
    return event


@pytest.fixture
def door(checkin_staff, event):
    """Check-in staff assigned to the event."""
    assign(checkin_staff, event.id)
    db.session.commit()
    return checkin_staff
