"""Registration through the browser's eyes: the pages, the emails and the links in them."""
from datetime import timedelta

import icalendar
import lxml.html
import pytest
from sqlalchemy import select

from eventapp.db import utc_now
from eventapp.extensions import db as _db
from eventapp.models import Event, EventStatus, Registration, RegistrationStatus
from tests.factories import make_event, make_session
from tests.registration.helpers import emails_to, last_email, link, type_id

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- Reading pages and the database ---------------------------------------------------------


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.get_data(as_text=True))


def text(response) -> str:
    """The words on the page, as a person reads them (whitespace collapsed)."""
    return " ".join(page(response).text_content().split())


def value(response, name: str) -> str | None:
    """What an input or textarea of the page holds."""
    doc = page(response)
    found = doc.xpath(f"//input[@name='{name}']/@value")
    if found:
        return found[0]
    areas = doc.xpath(f"//textarea[@name='{name}']")
    return areas[0].text_content() if areas else None


def attribute(response, element_id: str, name: str) -> str | None:
    return page(response).get_element_by_id(element_id).get(name)


def summary_links(response) -> list[str]:
    return page(response).xpath("//div[@id='error-summary']//a/@href")


def stored(email: str = "hoa@example.org") -> dict | None:
    """The registration as the database has it now, as plain values."""
    _db.session.rollback()
    registration = _db.session.scalar(
        select(Registration).where(Registration.email_key == email.lower())
    )
    if registration is None:
        return None
    values = {
        "status": registration.status,
        "secret": registration.manage_secret,
        "ticket_code": registration.ticket_code,
        "full_name": registration.full_name,
        "position": registration.position,
        "city": registration.city,
        "unesco_field": registration.unesco_field,
        "sessions": sorted(c.session_id for c in registration.choices),
    }
    _db.session.rollback()
    return values


def registrations() -> int:
    _db.session.rollback()
    return len(_db.session.scalars(select(Registration.id)).all())


def mail_to(address: str, kind: str | None = None) -> list[str]:
    """The plain-text bodies of the emails to `address` (of one kind), oldest first."""
    _db.session.rollback()
    bodies = [message.text_body for message in emails_to(address, kind)]
    _db.session.rollback()
    return bodies


def kinds_to(address: str) -> list[str]:
    _db.session.rollback()
    kinds = [message.kind for message in emails_to(address)]
    _db.session.rollback()
    return kinds


def link_in_last(address: str, kind: str, path_part: str) -> str:
    """A link in the last email of a kind (links are built on PUBLIC_URL)."""
    _db.session.rollback()
    url = link(last_email(address, kind), path_part)
    _db.session.rollback()
    assert url.startswith("http://eventapp.test/"), url
    return url


def register(browser, workshop, form_data, **overrides):
    response = browser.submit(workshop.form_url, form_data(**overrides))
    assert response.status_code == 302, text(response)
    return response


def confirm(browser, email="hoa@example.org"):
    """Open the link of the last please-confirm email and press its button."""
    return browser.submit(link_in_last(email, "confirm_request", "/confirm/"), {})


def confirmed_registration(browser, workshop, form_data, **overrides) -> str:
    """Register, confirm, and return the secret of the manage link."""
    register(browser, workshop, form_data, **overrides)
    response = confirm(browser, overrides.get("email", "hoa@example.org"))
    assert response.status_code == 302
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


# --- 1. The form -----------------------------------------------------------------------------


def test_form_offers_admitted_types_and_selectable_sessions(browser, workshop):
    response = browser.get(workshop.form_url)

    assert response.status_code == 200
    doc = page(response)
    codes = doc.xpath("//select[@name='organization_type']/option/@data-code")
    assert {"ministry", "local_authority", "international", "company"} <= set(codes)
    assert "media" not in codes  # its TypePolicy says admitted=False
    offered = doc.xpath("//fieldset[@id='sessions']//label/text()")
    assert offered == [
        "Opening and keynote", "Film and streaming", "Cultural products as intellectual property",
    ]
    assert "Tea break" not in offered
    assert "120 seats left of 120" in text(response)
    assert "30 seats left of 30" in text(response)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_emails_default_to_the_language_the_form_is_read_in(browser, workshop, lang):
    response = browser.get(workshop.form_url, headers={"Accept-Language": lang})

    checked = page(response).xpath("//input[@name='language'][@checked]/@value")
    assert checked == [lang]


def test_countries_are_countries_in_the_readers_alphabetical_order(browser, workshop):
    vi = page(browser.get(workshop.form_url, headers={"Accept-Language": "vi"}))
    en = page(browser.get(workshop.form_url, headers={"Accept-Language": "en"}))

    codes = en.xpath("//select[@name='country']/option/@value")
    assert {"VN", "US", "FR", "XK"} <= set(codes)
    assert not {"EU", "UN", "XA", "XB", "ZZ", "EZ"} & set(codes)
    names = vi.xpath("//select[@name='country']/option/text()")
    # Vietnamese order: đ after d, Ú among the u's (not after every unaccented letter).
    assert names.index("Dominica") < names.index("Đan Mạch") < names.index("Estonia")
    assert names.index("Úc") < names.index("Uganda") < names.index("Ukraina") < names.index("Việt Nam")


def test_a_draft_events_form_does_not_exist(app, db, browser):
    draft = make_event(status=EventStatus.DRAFT)
    db.session.commit()

    assert browser.get(f"/events/{draft.slug}/register").status_code == 404
    app.config["WTF_CSRF_ENABLED"] = False
    assert browser.post(f"/events/{draft.slug}/register", {}).status_code == 404


def test_a_closed_registration_says_so_and_takes_nothing(app, db, browser, workshop, form_data):
    event = db.session.get(Event, workshop.id)
    event.registration_closes_at = utc_now() - timedelta(days=1)
    db.session.commit()

    response = browser.get(workshop.form_url)
    assert response.status_code == 200
    assert "Registration for this event is closed." in text(response)
    assert "Please write to contact@example.org." in text(response)
    assert page(response).xpath("//input[@name='full_name']") == []

    app.config["WTF_CSRF_ENABLED"] = False
    response = browser.post(workshop.form_url, form_data())
    assert response.status_code == 400
    assert "Registration for this event is closed." in text(response)
    assert registrations() == 0
    assert mail_to("hoa@example.org") == []


# --- 2. Register, confirm, get the ticket ----------------------------------------------------


def test_register_confirm_and_get_the_ticket(browser, workshop, form_data):
    response = register(browser, workshop, form_data,
                        sessions=[str(workshop.opening), str(workshop.film)])

    assert browser.path_of(response.headers["Location"]) == workshop.sent_url
    assert "Check your email" in text(browser.follow(response))
    assert registrations() == 1
    assert kinds_to("hoa@example.org") == ["registration.confirm_request"]
    confirm_path = link_in_last("hoa@example.org", "confirm_request", "/register/confirm/")

    # Mail scanners open links: a GET shows a button and changes nothing.
    button_page = browser.get(confirm_path)
    assert button_page.status_code == 200
    assert "Confirm my registration" in text(button_page)
    assert stored()["status"] == RegistrationStatus.PENDING_CONFIRMATION

    response = browser.post(confirm_path, {"csrf_token": browser.csrf_token(button_page)})
    registration = stored()
    assert registration["status"] == RegistrationStatus.CONFIRMED
    assert browser.path_of(response.headers["Location"]) == f"/r/{registration['secret']}"

    manage = browser.follow(response)
    assert manage.status_code == 200
    assert "Confirmed" in text(manage)
    assert registration["ticket_code"] in text(manage)
    assert "Film and streaming" in text(manage)
    assert mail_to("hoa@example.org", "confirmed")
    assert mail_to("organizers@example.org")

    qr = browser.get(f"/r/{registration['secret']}/ticket.png")
    assert qr.status_code == 200
    assert qr.mimetype == "image/png"
    assert qr.data.startswith(PNG_SIGNATURE)

    ics = browser.get(f"/r/{registration['secret']}/calendar.ics")
    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(ics.data)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Film and streaming", "Opening and keynote"]


def test_no_ticket_before_confirmation(browser, workshop, form_data):
    register(browser, workshop, form_data)
    secret = stored()["secret"]

    manage = browser.get(f"/r/{secret}")
    assert "Waiting for email confirmation" in text(manage)
    assert browser.get(f"/r/{secret}/ticket.png").status_code == 404


# --- 3. Invalid input keeps what the person typed --------------------------------------------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"consent": None}, "consent"),
        ({"email": "hoa@"}, "email"),
        ({"email": "hoa.example.org"}, "email"),
        ({"full_name": ""}, "full_name"),
        ({"organization_name": ""}, "organization_name"),
        ({"organization_type": ""}, "organization_type"),
        ({"phone": "call me"}, "phone"),
    ],
)
def test_invalid_input_is_pointed_out_and_the_rest_kept(
    browser, workshop, form_data, overrides, field
):
    response = browser.submit(workshop.form_url, form_data(**overrides))

    assert response.status_code == 400
    assert f"#{field}" in summary_links(response)
    assert attribute(response, field, "aria-invalid") == "true"
    typed = form_data(**overrides)
    for name in ("full_name", "organization_name", "position", "email", "phone", "department"):
        assert value(response, name) == typed.get(name, ""), name
    assert registrations() == 0
    assert mail_to("hoa@example.org") == []


def test_spaces_alone_are_not_a_name(browser, workshop, form_data):
    response = browser.submit(workshop.form_url, form_data(full_name=" \t ", organization_name=" "))

    assert response.status_code == 400
    assert {"#full_name", "#organization_name"} <= set(summary_links(response))
    assert registrations() == 0


def test_invisible_control_characters_are_dropped_and_the_rest_kept(browser, workshop, form_data):
    # Pasted from another program: a NUL byte, a tab, a line break. PostgreSQL refuses NUL.
    register(browser, workshop, form_data, full_name="Nguyễn\x00 Phương\tHoà\r\n",
             needs_accessibility="Wheelchair\x00 access\r\nLarge print", position="\u200fمدير")

    _db.session.rollback()
    registration = _db.session.scalar(select(Registration))
    assert registration.full_name == "Nguyễn Phương Hoà"
    assert registration.needs_accessibility == "Wheelchair access\nLarge print"
    assert registration.position == "\u200fمدير"  # right-to-left mark kept
    _db.session.rollback()


def test_a_typed_email_is_kept_when_another_field_is_wrong(browser, workshop, form_data):
    typed = form_data(full_name="", email="trần.an@bảo-tàng.vn")
    response = browser.submit(workshop.form_url, typed)

    assert response.status_code == 400
    assert value(response, "email") == "trần.an@bảo-tàng.vn"


def test_a_city_authority_must_name_its_city(browser, workshop, form_data):
    response = browser.submit(workshop.form_url, form_data(
        organization_type=str(type_id("local_authority")), city="",
        organization_name="Hội An People's Committee",
    ))

    assert response.status_code == 400
    assert "#city" in summary_links(response)
    assert attribute(response, "city", "aria-invalid") == "true"
    assert "Please enter the city or province you represent." in text(response)
    assert value(response, "organization_name") == "Hội An People's Committee"
    # The type chosen stays chosen.
    chosen = page(response).xpath("//select[@name='organization_type']/option[@selected]")
    assert [option.get("data-code") for option in chosen] == ["local_authority"]


def test_a_unesco_applicant_must_choose_a_creative_field(browser, workshop, form_data):
    city_authority = {
        "organization_type": str(type_id("local_authority")),
        "organization_name": "Hội An People's Committee",
        "city": "Hội An",
        "unesco_applicant": "y",
    }
    response = browser.submit(workshop.form_url, form_data(**city_authority))

    assert response.status_code == 400
    assert "#unesco_field" in summary_links(response)
    assert attribute(response, "unesco_field", "aria-invalid") == "true"
    assert value(response, "city") == "Hội An"
    assert page(response).get_element_by_id("unesco_applicant").get("checked") is not None

    register(browser, workshop, form_data, unesco_field="crafts_folk_art", **city_authority)
    assert stored()["city"] == "Hội An"
    assert stored()["unesco_field"] == "crafts_folk_art"


def unesco_answers() -> dict | None:
    _db.session.rollback()
    registration = _db.session.scalar(select(Registration))
    answers = {"city": registration.city, "unesco_applicant": registration.unesco_applicant,
               "unesco_field": registration.unesco_field and registration.unesco_field.value}
    _db.session.rollback()
    return answers


def test_only_a_city_authority_keeps_its_unesco_answers(browser, workshop, form_data):
    # A museum that ticked the box (under "city authority" first, then changed its kind).
    register(browser, workshop, form_data, organization_type=str(type_id("museum")),
             organization_name="Bảo tàng Văn hóa Cố đô", city="Huế", unesco_applicant="y",
             unesco_field="crafts_folk_art")

    assert unesco_answers() == {"city": "Huế", "unesco_applicant": False, "unesco_field": None}


def test_a_city_authority_keeps_its_unesco_application(browser, workshop, form_data):
    register(browser, workshop, form_data, organization_type=str(type_id("local_authority")),
             organization_name="Hội An People's Committee", city="Hội An", unesco_applicant="y",
             unesco_field="crafts_folk_art")

    assert unesco_answers() == {"city": "Hội An", "unesco_applicant": True,
                                "unesco_field": "crafts_folk_art"}


# --- 4. An expired form is sent again, not lost ----------------------------------------------


@pytest.mark.parametrize("token", ["expired-or-forged", None])
def test_a_stale_csrf_token_keeps_everything_typed(browser, workshop, form_data, token):
    data = form_data(sessions=[str(workshop.film)])
    if token:
        data["csrf_token"] = token
    response = browser.post(workshop.form_url, data)

    assert response.status_code == 400
    assert "send it once more" in text(response)
    assert "Everything you typed is still here." in text(response)
    assert value(response, "full_name") == "Nguyễn Phương Hoà"
    assert value(response, "organization_name") == "Bộ Văn hoá, Thể thao và Du lịch"
    assert page(response).get_element_by_id(f"sessions-{workshop.film}").get("checked") is not None
    assert registrations() == 0

    # The page came back with a fresh token: sending it again works.
    again = browser.post(workshop.form_url, {**data, "csrf_token": browser.csrf_token(response)})
    assert again.status_code == 302
    assert registrations() == 1


# --- 5. The honeypot ---------------------------------------------------------------------------


def test_a_filled_honeypot_looks_like_success_and_keeps_nothing(browser, workshop, form_data):
    response = browser.submit(workshop.form_url, form_data(website="http://cheap-pills.example"))

    assert response.status_code == 302
    assert browser.path_of(response.headers["Location"]) == workshop.sent_url
    assert registrations() == 0
    assert mail_to("hoa@example.org") == []


# --- 6. Nothing tells who registered ---------------------------------------------------------


def test_registering_twice_gives_the_same_page_and_mails_the_owner(browser, workshop, form_data):
    first = register(browser, workshop, form_data)
    confirm(browser)
    secret = stored()["secret"]

    second = register(browser, workshop, form_data,
                      email="HOA@Example.ORG", full_name="Someone Else")

    assert second.headers["Location"] == first.headers["Location"]
    assert browser.follow(second).data == browser.follow(first).data
    assert registrations() == 1
    assert stored()["full_name"] == "Nguyễn Phương Hoà"
    assert kinds_to("hoa@example.org") == [
        "registration.confirm_request", "registration.confirmed", "registration.already_registered",
    ]
    notice = mail_to("hoa@example.org", "already_registered")
    assert f"http://eventapp.test/r/{secret}" in notice[0]


def test_resend_answers_the_same_for_known_and_unknown_addresses(browser, workshop, form_data):
    register(browser, workshop, form_data)

    known = browser.submit(workshop.resend_url, {"email": "Hoa@example.org"})
    unknown = browser.submit(workshop.resend_url, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert browser.path_of(known.headers["Location"]) == workshop.sent_url
    assert len(mail_to("hoa@example.org", "confirm_request")) == 2
    assert mail_to("nobody@example.org") == []


def test_resend_points_out_a_malformed_address(browser, workshop):
    response = browser.submit(workshop.resend_url, {"email": "hoa@"})

    assert response.status_code == 200
    assert "#email" in summary_links(response)
    assert value(response, "email") == "hoa@"


# --- 7. Sessions at the same time --------------------------------------------------------------


def test_overlapping_sessions_are_refused_next_to_the_sessions(browser, workshop, form_data):
    both = [str(workshop.film), str(workshop.ip)]
    response = browser.submit(workshop.form_url, form_data(sessions=both))

    assert response.status_code == 400
    assert "#sessions" in summary_links(response)
    error = page(response).get_element_by_id("sessions-error").text_content()
    assert ("“Film and streaming” and “Cultural products as intellectual property” "
            "take place at the same time") in error
    assert page(response).get_element_by_id(f"sessions-{workshop.film}").get("checked") is not None
    assert value(response, "full_name") == "Nguyễn Phương Hoà"
    assert registrations() == 0
    assert mail_to("hoa@example.org") == []


def test_a_session_of_another_event_is_refused_with_a_message(db, browser, workshop, form_data):
    other = make_session(make_event(), title="Elsewhere")
    db.session.commit()

    response = browser.submit(workshop.form_url, form_data(sessions=[str(other.id)]))

    assert response.status_code == 400
    assert "One of the chosen sessions is not part of this event." in text(response)
    assert registrations() == 0


def test_an_address_mail_servers_refuse_is_pointed_out(browser, workshop, form_data):
    # Accented local parts need SMTPUTF8, which the outbox does not use.
    response = browser.submit(workshop.form_url, form_data(email="hoà@example.org"))

    assert response.status_code == 400
    assert "#email" in summary_links(response)
    assert value(response, "email") == "hoà@example.org"
    assert registrations() == 0


def test_an_intranet_address_is_accepted(browser, workshop, form_data):
    # Ministries may use internal mail domains, even one-word ones; nothing is looked up.
    register(browser, workshop, form_data, email="hoa@bvhttdl")

    assert stored("hoa@bvhttdl")["status"] == RegistrationStatus.PENDING_CONFIRMATION
    assert mail_to("hoa@bvhttdl", "confirm_request")


# --- 8. The attendee's own page ----------------------------------------------------------------


def test_edit_details_and_sessions(browser, workshop, form_data):
    secret = confirmed_registration(browser, workshop, form_data,
                                    sessions=[str(workshop.opening), str(workshop.film)])
    form = browser.get(f"/r/{secret}/edit")
    assert form.status_code == 200
    assert value(form, "full_name") == "Nguyễn Phương Hoà"
    assert page(form).get_element_by_id(f"sessions-{workshop.film}").get("checked") is not None

    response = browser.fill(f"/r/{secret}/edit", position="Deputy Director",
                            sessions=[str(workshop.opening), str(workshop.ip)])

    assert response.status_code == 302
    assert browser.path_of(response.headers["Location"]) == f"/r/{secret}"
    manage = browser.follow(response)
    assert "Your changes are saved." in text(manage)
    assert "Deputy Director" in text(manage)
    assert "Cultural products as intellectual property" in text(manage)
    assert "Film and streaming" not in text(manage)
    registration = stored()
    assert registration["position"] == "Deputy Director"
    assert registration["full_name"] == "Nguyễn Phương Hoà"
    assert registration["sessions"] == sorted([workshop.opening, workshop.ip])


def test_an_invalid_edit_keeps_what_was_typed(browser, workshop, form_data):
    secret = confirmed_registration(browser, workshop, form_data)

    response = browser.fill(f"/r/{secret}/edit", full_name="", position="Deputy Director",
                            sessions=[str(workshop.film), str(workshop.ip)])

    assert response.status_code == 400
    assert "#full_name" in summary_links(response)
    assert attribute(response, "full_name", "aria-invalid") == "true"
    assert value(response, "position") == "Deputy Director"
    assert stored()["position"] == "Director of the Department of International Cooperation"


def test_an_edit_with_overlapping_sessions_changes_nothing(browser, workshop, form_data):
    secret = confirmed_registration(browser, workshop, form_data, sessions=[str(workshop.film)])

    response = browser.fill(f"/r/{secret}/edit", position="Deputy Director",
                            sessions=[str(workshop.film), str(workshop.ip)])

    assert response.status_code == 400
    error = page(response).get_element_by_id("sessions-error").text_content()
    assert "take place at the same time" in error
    assert value(response, "position") == "Deputy Director"
    assert stored()["position"] == "Director of the Department of International Cooperation"
    assert stored()["sessions"] == [workshop.film]


def test_an_expired_token_on_the_edit_page_keeps_the_changes(browser, workshop, form_data):
    secret = confirmed_registration(browser, workshop, form_data)

    response = browser.fill(f"/r/{secret}/edit", position="Deputy Director", csrf_token="expired")

    assert response.status_code == 400
    assert "send it once more" in text(response)
    assert value(response, "position") == "Deputy Director"
    assert stored()["position"] == "Director of the Department of International Cooperation"


def test_cancel_asks_first_then_cancels(browser, workshop, form_data):
    secret = confirmed_registration(browser, workshop, form_data)

    question = browser.get(f"/r/{secret}/cancel")
    assert question.status_code == 200
    assert "Yes, cancel my registration" in text(question)
    assert stored()["status"] == RegistrationStatus.CONFIRMED

    response = browser.submit(f"/r/{secret}/cancel", {})
    assert response.status_code == 302
    manage = browser.follow(response)
    assert "Your registration is cancelled." in text(manage)
    assert "Cancelled" in page(manage).get_element_by_id("status-heading").text_content()
    assert stored()["status"] == RegistrationStatus.CANCELLED
    assert mail_to("hoa@example.org", "cancelled")

    edit = browser.get(f"/r/{secret}/edit")
    assert edit.status_code == 302
    assert browser.path_of(edit.headers["Location"]) == f"/r/{secret}"
    assert "This registration can no longer be changed here." in text(browser.follow(edit))


@pytest.mark.parametrize("suffix", ["", "/edit", "/cancel", "/ticket.png", "/calendar.ics"])
def test_an_unknown_secret_is_not_found(browser, workshop, suffix):
    assert browser.get(f"/r/no-such-secret{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "/edit", "/cancel", "/ticket.png", "/calendar.ics"])
def test_secret_pages_are_neither_cached_nor_leaked(browser, workshop, form_data, suffix):
    secret = confirmed_registration(browser, workshop, form_data)

    response = browser.get(f"/r/{secret}{suffix}")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


# --- 9. A used link ----------------------------------------------------------------------------


def test_a_confirmation_link_works_once(browser, workshop, form_data):
    register(browser, workshop, form_data)
    confirm_path = link_in_last("hoa@example.org", "confirm_request", "/confirm/")
    assert browser.submit(confirm_path, {}).status_code == 302

    again = browser.submit(confirm_path, {})

    assert again.status_code == 410
    assert "This link cannot be used" in text(again)
    assert "not valid or has already been used" in text(again)
    assert again.headers["Cache-Control"] == "private, no-store"
    assert browser.submit("/register/confirm/made-up", {}).status_code == 410


# --- 10. Rate limiting -------------------------------------------------------------------------


def test_a_third_registration_in_a_minute_is_turned_away_kindly(
    limited_browser, workshop, form_data
):
    statuses = [
        limited_browser.submit(workshop.form_url, form_data(email=f"p{n}@example.org")).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    refused = limited_browser.post(workshop.form_url, form_data(email="late@example.org"))
    assert refused.status_code == 429
    assert "Too many requests. Please wait a moment and try again." in text(refused)
    assert registrations() == 2
    # Reading the form is never limited.
    assert limited_browser.get(workshop.form_url).status_code == 200
