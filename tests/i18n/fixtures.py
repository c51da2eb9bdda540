"""Fixtures shared by the language and accessibility tests (imported where they are used)."""
import pytest

from tests.i18n.catalogue import ensure_compiled


@pytest.fixture
def demo(app, db):
    """The demo workshop (Vietnamese and English texts), its series and a draft; the
    Vietnamese catalogue compiled and loaded afresh."""
    from eventapp.demo.services import load_demo

    ensure_compiled()
    event = load_demo()
    db.session.commit()
    return event
