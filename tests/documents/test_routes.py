"""Who may download which document, and what others see instead."""
from datetime import UTC, datetime

import pytest

from eventapp.accounts.models import Role
from eventapp.accounts.services import assign
from eventapp.models import RegistrationStatus
from eventapp.registration import services as registration_services
from tests.documents.conftest import confirmed, pdf_reader, pdf_text, started
from tests.factories import make_event
from tests.registration.helpers import details
from tests.workspace.url_arguments import make_account, sign_in


@pytest.fixture
def people(db, workshop):
    """Accounts: admin; organizer and check-in staff of the workshop; and of another event."""
    other = make_event(title="Another event")
    accounts = {
        "admin": make_account("admin@example.org", Role.ADMIN),
        "organizer": make_account("organizer@example.org", Role.ORGANIZER),
        "door": make_account("door@example.org", Role.CHECKIN),
        "other_organizer": make_account("other-organizer@example.org", Role.ORGANIZER),
        "other_door": make_account("other-door@example.org", Role.CHECKIN),
    }
    assign(accounts["organizer"], workshop.id)
    assign(accounts["door"], workshop.id)
    assign(accounts["other_organizer"], other.id)
    assign(accounts["other_door"], other.id)
    db.session.commit()
    return {name: account.id for name, account in accounts.items()}


def private_page(response):
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]


# --- Ticket ------------------------------------------------------------------------------------


def test_a_confirmed_attendee_downloads_their_ticket(client, workshop, hoa):
    response = client.get(f"/r/{hoa.manage_secret}/ticket.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "inline" in response.headers["Content-Disposition"]
    private_page(response)
    assert "Nguyễn Thị Phương Hoa" in pdf_text(response.data)


def test_the_manage_page_links_the_ticket(client, hoa):
    page = client.get(f"/r/{hoa.manage_secret}").get_data(as_text=True)
    assert f"/r/{hoa.manage_secret}/ticket.pdf" in page
    assert "certificate.pdf" not in page


def test_no_ticket_before_the_registration_is_confirmed(client, db, workshop):
    pending = registration_services.register(workshop, details("late@example.org"), [])
    db.session.commit()
    assert pending.status == RegistrationStatus.PENDING_CONFIRMATION
    response = client.get(f"/r/{pending.manage_secret}/ticket.pdf")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "a ticket is issued once the registration is confirmed" in page
    assert f'href="/r/{pending.manage_secret}"' in page
    private_page(response)


def test_no_ticket_after_cancelling(client, db, hoa):
    registration_services.cancel(hoa)
    db.session.commit()
    assert client.get(f"/r/{hoa.manage_secret}/ticket.pdf").status_code == 404


@pytest.mark.parametrize("secret", ["nonexistent-secret", "bad%00secret"])
def test_an_unknown_link_is_not_found(client, workshop, secret):
    assert client.get(f"/r/{secret}/ticket.pdf").status_code == 404
    assert client.get(f"/r/{secret}/certificate.pdf").status_code == 404


# --- Certificate -------------------------------------------------------------------------------


def test_no_certificate_before_check_in(client, db, workshop, hoa):
    started(workshop, db)
    response = client.get(f"/r/{hoa.manage_secret}/certificate.pdf")
    assert response.status_code == 404
    assert "checked in" in response.get_data(as_text=True)
    private_page(response)


def test_no_certificate_before_the_event_starts_even_if_checked_in(client, db, hoa):
    hoa.checked_in_at = datetime.now(UTC)
    db.session.commit()
    assert client.get(f"/r/{hoa.manage_secret}/certificate.pdf").status_code == 404


def test_the_certificate_once_checked_in_at_an_event_that_started(client, db, workshop, hoa):
    started(workshop, db)
    hoa.checked_in_at = workshop.starts_at
    db.session.commit()
    response = client.get(f"/r/{hoa.manage_secret}/certificate.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    private_page(response)
    text = pdf_text(response.data)
    assert "Giấy chứng nhận tham dự" in text and "Nguyễn Thị Phương Hoa" in text
    page = client.get(f"/r/{hoa.manage_secret}").get_data(as_text=True)
    assert f"/r/{hoa.manage_secret}/certificate.pdf" in page


# --- Badges ------------------------------------------------------------------------------------


def _badges_url(event, **args):
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/events/{event.id}/badges.pdf" + (f"?{query}" if query else "")


def test_anonymous_visitors_are_sent_to_sign_in_for_badges(client, workshop, hoa):
    response = client.get(_badges_url(workshop))
    assert response.status_code == 302
    assert "/workspace/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["other_organizer", "other_door"])
def test_staff_of_another_event_cannot_print_its_badges(client, workshop, hoa, people, who):
    sign_in(client, people[who])
    assert client.get(_badges_url(workshop)).status_code == 403
    assert client.get(_badges_url(workshop, ids=hoa.id)).status_code == 403


def test_a_missing_event_is_not_found(client, people):
    sign_in(client, people["admin"])
    assert client.get("/events/987654/badges.pdf").status_code == 404


@pytest.mark.parametrize("who", ["door", "organizer", "admin"])
def test_staff_of_the_event_print_one_badge(client, workshop, hoa, people, who):
    sign_in(client, people[who])
    response = client.get(_badges_url(workshop, ids=hoa.id))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    reader = pdf_reader(response.data)
    assert len(reader.pages) == 1
    assert "Nguyễn Thị Phương Hoa" in pdf_text(response.data)


def test_badges_only_for_confirmed_registrations_of_the_event(client, db, workshop, hoa,
                                                              people):
    other_event = make_event(title="Elsewhere")
    db.session.commit()
    stranger = confirmed(other_event, "stranger@example.org", full_name="Phạm Văn Lạ")
    pending = registration_services.register(workshop, details("wait@example.org",
                                                               full_name="Đỗ Chờ"), [])
    db.session.commit()
    sign_in(client, people["door"])
    response = client.get(_badges_url(workshop, ids=f"{hoa.id},{stranger.id},{pending.id}"))
    text = pdf_text(response.data)
    assert len(pdf_reader(response.data).pages) == 1
    assert "Phạm Văn Lạ" not in text and "Đỗ Chờ" not in text
    # The whole list: confirmed only, whatever status the link asks for.
    response = client.get(_badges_url(workshop, status="pending_confirmation"))
    assert "Đỗ Chờ" not in pdf_text(response.data)
    assert "Nguyễn Thị Phương Hoa" in pdf_text(response.data)


def test_badges_follow_the_list_filter_in_vietnamese_name_order(client, db, workshop, hoa,
                                                                people):
    confirmed(workshop, "an@example.org", full_name="Trần Văn An", type_code="artist")
    confirmed(workshop, "binh@example.org", full_name="Lê Thanh Bình", type_code="artist")
    confirmed(workshop, "anh@example.org", full_name="Phạm Ánh", type_code="artist")
    db.session.commit()
    from tests.registration.helpers import type_id

    sign_in(client, people["organizer"])
    response = client.get(_badges_url(workshop, type=type_id("artist"), layout="a6"))
    reader = pdf_reader(response.data)
    names = [page.extract_text() for page in reader.pages]
    assert len(names) == 3
    # Given names in Vietnamese order: An, Ánh, Bình.
    assert ["Trần Văn An" in names[0], "Phạm Ánh" in names[1], "Lê Thanh Bình" in names[2]] \
        == [True, True, True]
    response = client.get(_badges_url(workshop, q="nguyen", layout="a4"))
    assert "Nguyễn Thị Phương Hoa" in pdf_text(response.data)
    assert len(pdf_reader(response.data).pages) == 1


def test_no_matching_badge_gives_a_page_that_says_so(client, workshop, hoa, people):
    sign_in(client, people["organizer"])
    response = client.get(_badges_url(workshop, q="nobody-at-all"))
    assert response.status_code == 200
    assert "No badges to print." in pdf_text(response.data)


def test_nonsense_arguments_are_ignored(client, workshop, hoa, people):
    sign_in(client, people["organizer"])
    for args in ({"ids": "abc,,-1"}, {"layout": "poster"}, {"type": "x", "session": "9" * 30}):
        assert client.get(_badges_url(workshop, **args)).status_code == 200


# --- Workspace pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["badges", "certificates"])
def test_workspace_pages_for_the_events_organizers_only(client, workshop, people, page):
    url = f"/workspace/events/{workshop.id}/{page}"
    assert "/workspace/login" in client.get(url).headers["Location"]
    for who, status in (("door", 403), ("other_organizer", 403), ("other_door", 403),
                        ("organizer", 200), ("admin", 200)):
        sign_in(client, people[who])
        assert client.get(url).status_code == status, who


def test_the_badges_page_counts_what_it_will_print(client, db, workshop, hoa, people):
    registration_services.register(workshop, details("wait@example.org"), [])
    db.session.commit()
    sign_in(client, people["organizer"])
    page = client.get(f"/workspace/events/{workshop.id}/badges").get_data(as_text=True)
    assert "1 badge to print" in page
    assert f"/events/{workshop.id}/badges.pdf" in page
    page = client.get(f"/workspace/events/{workshop.id}/badges?checked_in=yes")
    assert "No confirmed attendee matches" in page.get_data(as_text=True)


def test_the_confirmation_email_links_the_ticket_to_print(hoa):
    from tests.registration.helpers import last_email

    message = last_email("hoa@example.org", "confirmed")
    url = f"http://eventapp.test/r/{hoa.manage_secret}/ticket.pdf"
    assert url in message.text_body
    assert f'href="{url}"' in message.html_body


def test_the_registrations_list_links_badges_for_its_selection(client, workshop, hoa, people):
    sign_in(client, people["organizer"])
    page = client.get(f"/workspace/events/{workshop.id}/registrations?q=nguyen&checked_in=no")
    assert (f"/workspace/events/{workshop.id}/badges?checked_in=no&amp;q=nguyen"
            in page.get_data(as_text=True))
