"""Whatever is typed or sent to the registration pages, the answer is never a server error.

Property-based: Hypothesis sends arbitrary text (very long strings, control characters, NUL
bytes, right-to-left marks, emoji, Vietnamese), lists where one value is expected, and
missing fields, to every field of the registration, resend and edit forms. In tests an
unexpected exception is raised rather than turned into a 500 page, so a failure shows its
traceback and the example that caused it.
"""
import unicodedata
from itertools import count
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from eventapp.extensions import db as _db
from eventapp.models import Event, Registration
from eventapp.registration import services
from tests.registration.helpers import details, type_id

NUMBERS = count()

# What a form may answer: the next page, the form again, no such page, slow down.
ANSWERS = {200, 302, 400, 404, 429}

fuzz = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ODD_TEXT = [
    "",
    " ",
    "\x00",
    "Nguyễn\x00Thị Hoa",
    "\r\nBcc: victim@example.org",
    "\t\x0b\x0c\x1c\x1d\x1e\x1f\x7f\x85",
    "\x1b[31mred\x1b[0m",
    "\u200f\u202eأحمد\u202c",  # RTL mark and override
    "\u200b\u200d\ufeff",  # zero-width characters, byte order mark
    "👩🏽‍🎨🇻🇳🎭",
    "Nguyễn Phương Hoà",
    "Nguye\u0302\u0303n",  # decomposed diacritics
    "\uffff\U0010ffff\ue000",
    "<script>alert(1)</script>",
    "{{ 7*7 }} %(name)s %s",
    "' OR 1=1 --",
    "9" * 40,
    "-1",
    "0",
    "99999999999999999999999",
]

long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "ệ", "🎭", "\x00", " ", "\u200f", "xyz\n"]),
    st.integers(min_value=100, max_value=5000),
)
text = st.one_of(st.text(), st.sampled_from(ODD_TEXT), long_text)
# A form field's value as sent: missing (None), one value, or the name repeated.
anything = st.one_of(st.none(), text, st.lists(text, min_size=2, max_size=3))


def or_anything(*valid):
    """What a browser sends for the field, or anything at all."""
    return st.one_of(st.sampled_from(valid), anything)


def registration_form(type_ids, session_ids):
    ids = [str(i) for i in type_ids]
    sessions = [str(i) for i in session_ids]
    return st.fixed_dictionaries(
        {
            "honorific": or_anything("none", "dr", "prof_dr"),
            "full_name": or_anything("Nguyễn Thị Hoa", "John Smith"),
            "email": or_anything("hoa@example.org", "HOA@Example.org", "an@bvhttdl"),
            "phone": or_anything("", "+84 24 3943 8231"),
            "position": or_anything("", "Director"),
            "language": or_anything("vi", "en"),
            "organization_name": or_anything("Bộ Văn hoá, Thể thao và Du lịch", "Individual"),
            "organization_type": or_anything(*ids),
            "department": or_anything("", "Department of International Cooperation"),
            "country": or_anything("VN", "FR", "US"),
            "city": or_anything("", "Hội An"),
            "unesco_applicant": or_anything("y"),
            "unesco_field": or_anything("", "crafts_folk_art", "film"),
            "needs_interpretation": or_anything("y"),
            "needs_accessibility": or_anything("", "Wheelchair access"),
            "dietary": or_anything("", "Vegetarian"),
            "publish_consent": or_anything("y"),
            "consent": or_anything("y"),
            "sessions": st.one_of(st.lists(st.sampled_from(sessions), max_size=3), anything),
            "website": st.one_of(st.none(), st.just(""), anything),
        }
    )


# The fields people type into freely; everything typed there may reach the database.
FREE_TEXT = ("full_name", "organization_name", "position", "department", "city", "phone",
             "dietary", "needs_accessibility")


def valid_form(type_ids, number: int) -> dict:
    """A registration that passes every check, from an address of its own."""
    return {
        "honorific": "none",
        "full_name": "Nguyễn Thị Hoa",
        "email": f"person{number}@example.org",
        "language": "vi",
        "organization_name": "Bảo tàng Mỹ thuật Việt Nam",
        "organization_type": str(type_ids[1]),  # a city authority: the city is asked for
        "city": "Hội An",
        "country": "VN",
        "consent": "y",
    }


def stored_value(email: str, field: str) -> str:
    _db.session.rollback()
    registration = _db.session.scalar(select(Registration).where(Registration.email_key == email))
    kept = getattr(registration, field) or ""
    _db.session.rollback()
    return kept


def sent(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def fuzz_app(app, workshop):
    """CSRF off, so that what Hypothesis sends reaches validation and the services."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def choices(fuzz_app, workshop):
    codes = ("ministry", "local_authority", "international", "individual", "media")
    sessions = [workshop.opening, workshop.film, workshop.ip, workshop.tea]
    return [type_id(code) for code in codes], sessions


@fuzz
@given(data=st.data())
def test_any_registration_form_gets_an_answer(client, workshop, choices, data):
    form = data.draw(registration_form(*choices))

    response = client.post(workshop.form_url, data=sent(form))

    assert response.status_code in ANSWERS


@fuzz
@given(field=st.sampled_from(FREE_TEXT), typed=text)
@example(field="full_name", typed="Nguyễn\x00Thị Hoa")
@example(field="needs_accessibility", typed="Wheelchair\x00\r\naccess")
@example(field="city", typed="\x00")
def test_any_text_in_a_free_field_of_a_valid_form_gets_an_answer(
    client, workshop, choices, field, typed
):
    form = {**valid_form(choices[0], next(NUMBERS)), field: typed}

    response = client.post(workshop.form_url, data=form)

    assert response.status_code in {302, 400}
    if response.status_code == 302:
        kept = stored_value(form["email"], field)
        assert not any(unicodedata.category(ch) == "Cc" for ch in kept.replace("\n", "")), kept


@fuzz
@given(email=anything)
def test_any_address_to_resend_to_gets_an_answer(client, workshop, fuzz_app, email):
    response = client.post(workshop.resend_url, data=sent({"email": email}))

    assert response.status_code in ANSWERS


@pytest.fixture
def secret(fuzz_app, workshop):
    """The manage-link secret of a confirmed registration from a city authority."""
    event = _db.session.get(Event, workshop.id)
    registration = services.register(
        event, details(type_code="local_authority", city="Hội An"), [workshop.opening]
    )
    registration.status = services.RegistrationStatus.CONFIRMED
    _db.session.commit()
    return registration.manage_secret


def edit_form(session_ids):
    sessions = [str(i) for i in session_ids]
    return st.fixed_dictionaries(
        {
            "honorific": or_anything("none", "dr"),
            "full_name": or_anything("Nguyễn Thị Hoa"),
            "phone": or_anything(""),
            "position": or_anything("", "Director"),
            "language": or_anything("vi", "en"),
            "department": or_anything(""),
            "country": or_anything("VN"),
            "city": or_anything("Hội An"),
            "unesco_applicant": or_anything("y"),
            "unesco_field": or_anything("", "design"),
            "needs_interpretation": or_anything("y"),
            "needs_accessibility": or_anything(""),
            "dietary": or_anything(""),
            "publish_consent": or_anything("y"),
            "sessions": st.one_of(st.lists(st.sampled_from(sessions), max_size=3), anything),
        }
    )


@fuzz
@given(data=st.data())
def test_any_edit_gets_an_answer(client, workshop, choices, secret, data):
    form = data.draw(edit_form(choices[1]))

    response = client.post(f"/r/{secret}/edit", data=sent(form))

    assert response.status_code in ANSWERS


@fuzz
@given(
    field=st.sampled_from([f for f in FREE_TEXT if f != "organization_name"]),
    typed=text,
    sessions=st.lists(st.sampled_from(["opening", "film", "ip"]), max_size=2, unique=True),
)
@example(field="position", typed="Director\x00", sessions=[])
def test_any_text_in_a_free_field_of_a_valid_edit_gets_an_answer(
    client, workshop, secret, field, typed, sessions
):
    form = {
        "honorific": "none", "full_name": "Nguyễn Thị Hoa", "language": "en", "country": "VN",
        "city": "Hội An", "unesco_field": "",
        "sessions": [str(getattr(workshop, name)) for name in sessions],
        field: typed,
    }

    response = client.post(f"/r/{secret}/edit", data=form)

    assert response.status_code in {302, 400}


@fuzz
@given(part=st.one_of(st.text(min_size=1), st.sampled_from([p for p in ODD_TEXT if p])))
@example(part="\x00")
def test_any_secret_or_token_in_a_link_gets_an_answer(client, fuzz_app, part):
    segment = quote(part, safe="")

    for path in (f"/r/{segment}", f"/r/{segment}/edit", f"/r/{segment}/ticket.png",
                 f"/r/{segment}/calendar.ics", f"/register/confirm/{segment}"):
        # 308: Werkzeug merges the slashes of a "/" segment and redirects.
        assert client.get(path).status_code in {200, 308, 404}, path
    assert client.post(f"/register/confirm/{segment}").status_code in {308, 404, 410}


def test_a_nul_in_the_event_address_is_not_found(client, fuzz_app, workshop):
    for path in ("/events/%00/register", "/events/%00/register/resend", "/events/%00/",
                 "/events/%00/agenda", "/speakers/%00", "/events/%00/schedule.ics"):
        assert client.get(path).status_code == 404
    assert client.post("/events/%00/register", data={}).status_code == 404
