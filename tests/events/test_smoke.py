from tests.factories import make_event


def test_factory_event_round_trips_aware_utc(db):
    event = make_event()
    db.session.commit()
    db.session.expire_all()
    assert event.starts_at.tzinfo is not None
    assert event.starts_at.utcoffset().total_seconds() == 0
