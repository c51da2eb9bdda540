"""Names as Vietnamese readers expect them: lists of people in Vietnamese order (by given
name, đ after d), searches that ignore diacritics."""
import lxml.html

from eventapp.registration import exports, queries, services
from eventapp.speakers.editing import search_speakers
from tests.factories import add_speaker, make_event, make_session, make_speaker
from tests.registration.helpers import details

# Given names (written last): Anh < Dũng < Duy < Đức < Ước.
PEOPLE = ["Trần Minh Đức", "Lê Văn Duy", "Nguyễn Thị Ước", "Phạm Tiến Dũng", "Vũ Ngọc Anh"]
EXPECTED = ["Vũ Ngọc Anh", "Phạm Tiến Dũng", "Lê Văn Duy", "Trần Minh Đức", "Nguyễn Thị Ước"]


def test_the_public_speakers_list_is_in_vietnamese_order(client, db):
    event = make_event()
    session = make_session(event)
    for position, name in enumerate(PEOPLE):
        add_speaker(session, make_speaker(full_name=name), position=position)
    db.session.commit()

    page = lxml.html.fromstring(client.get(f"/events/{event.slug}/speakers").get_data(as_text=True))
    names = page.xpath("//h2[@class='speaker-card__name']")
    assert [name.text_content().strip() for name in names] == EXPECTED


def test_the_attendance_list_is_in_vietnamese_order(app, db):
    event = make_event()
    db.session.commit()
    for number, name in enumerate(PEOPLE):
        registration = services.register(event, details(f"p{number}@example.org", full_name=name))
        token = services._new_confirm_token(registration)
        db.session.commit()
        services.confirm_email(token)
        db.session.commit()

    assert [r.full_name for r in exports.attendance(event)] == EXPECTED


def test_searching_people_ignores_diacritics(app, db):
    event = make_event()
    db.session.commit()
    for number, name in enumerate(PEOPLE):
        services.register(event, details(f"p{number}@example.org", full_name=name))
        db.session.commit()
    for name in PEOPLE:
        make_speaker(full_name=name)
    db.session.commit()

    def registrations(q):
        query = queries.filtered_query(event, queries.RegistrationFilter(q=q))
        return sorted(r.full_name for r in db.session.scalars(query))

    assert registrations("duc") == ["Trần Minh Đức"]
    assert registrations("TRAN MINH DUC") == ["Trần Minh Đức"]
    assert registrations("dung") == ["Phạm Tiến Dũng"]
    assert registrations("uoc") == ["Nguyễn Thị Ước"]
    assert [s.full_name for s in search_speakers("duc")] == ["Trần Minh Đức"]
    assert [s.full_name for s in search_speakers("ngoc anh")] == ["Vũ Ngọc Anh"]
