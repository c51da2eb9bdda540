"""The list of an event's registrations: search, filters, sorting and keyset pages."""
from datetime import timedelta

import pytest

from eventapp.accounts.models import Role
from eventapp.accounts.services import assign, create_account
from eventapp.db import utc_now
from eventapp.extensions import db
from eventapp.models import Event, RegistrationStatus
from eventapp.registration import queries
from eventapp.registration.queries import RegistrationFilter
from tests.conftest import PASSWORD, csrf_token_from
from tests.factories import make_event
from tests.registration.helpers import type_id
from tests.registration.manage_support import (  # noqa: F401  (fixtures)
    HOLDING,
    WAITLISTED,
    add_registration,
    fresh,
    names_listed,
    signed_in_fixture,
    text_of,
    workshop_fixture,
)


@pytest.fixture
def people(workshop):
    """A few registrations from the first user's workshop, in the order they came."""
    start = utc_now() - timedelta(days=10)
    rows = [
        ("Nguyễn Văn A", dict(organization="Bộ Văn hoá, Thể thao và Du lịch")),
        ("Đặng Thị Bích", dict(organization="Nhà hát Lớn Hà Nội", type_code="theatre",
                               status=RegistrationStatus.PENDING_APPROVAL)),
        ("Trần Hoà", dict(email="hoa.tran@hanoi.gov.vn", organization="UBND Hà Nội",
                          type_code="local_authority", sessions=[(workshop.film, HOLDING)],
                          checked_in=True)),
        ("Lê Minh", dict(organization="AmCham Vietnam", type_code="company",
                         status=RegistrationStatus.WAITLISTED,
                         sessions=[(workshop.film, WAITLISTED)])),
        ("Phạm Thu", dict(organization="Hãng phim Giải Phóng", type_code="company",
                          status=RegistrationStatus.CANCELLED)),
    ]
    for n, (name, fields) in enumerate(rows):
        add_registration(workshop.event_id, name, created_at=start + timedelta(hours=n), **fields)
    # Someone from another event never shows.
    other = make_event(title="Another workshop")
    add_registration(other.id, "Nguyễn Văn Khác")
    db.session.commit()
    return [name for name, _ in rows]


def listed(client, workshop, query=""):
    response = client.get(f"{workshop.list_url}{query}")
    assert response.status_code == 200
    return names_listed(response)


def test_the_list_shows_the_newest_first(signed_in, workshop, people):
    assert listed(signed_in, workshop) == [
        "Phạm Thu", "Lê Minh", "Trần Hoà", "Đặng Thị Bích", "Nguyễn Văn A"
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("nguyen", ["Nguyễn Văn A"]),
        ("NGUYỄN văn", ["Nguyễn Văn A"]),
        ("dang", ["Đặng Thị Bích"]),
        ("Đặng", ["Đặng Thị Bích"]),
        ("hoa", ["Trần Hoà", "Nguyễn Văn A"]),  # Trần Hoà, and the "Văn hoá" ministry
        ("tran hoa", ["Trần Hoà"]),
        ("hanoi.gov", ["Trần Hoà"]),  # part of an email address
        ("amcham", ["Lê Minh"]),  # the organization
        ("nha hat lon", ["Đặng Thị Bích"]),
        ("%", []),  # LIKE wildcards are searched for as themselves
        ("_", []),
        ("nobody", []),
    ],
)
def test_search_ignores_diacritics_and_case(signed_in, workshop, people, query, expected):
    assert listed(signed_in, workshop, f"?q={query}") == expected


def test_filters(signed_in, workshop, people):
    assert listed(signed_in, workshop, "?status=pending_approval&status=waitlisted") == [
        "Lê Minh", "Đặng Thị Bích"
    ]
    assert listed(signed_in, workshop, f"?type={type_id('company')}") == ["Phạm Thu", "Lê Minh"]
    assert listed(signed_in, workshop, f"?session={workshop.film}") == ["Lê Minh", "Trần Hoà"]
    assert listed(signed_in, workshop, f"?session={workshop.film}&seat=holding") == ["Trần Hoà"]
    assert listed(signed_in, workshop, f"?session={workshop.film}&seat=waitlisted") == ["Lê Minh"]
    assert listed(signed_in, workshop, "?checked_in=yes") == ["Trần Hoà"]
    assert "Trần Hoà" not in listed(signed_in, workshop, "?checked_in=no")
    # Filters combine.
    assert listed(signed_in, workshop, f"?type={type_id('company')}&status=cancelled&q=pham") == [
        "Phạm Thu"
    ]


def test_the_filter_form_shows_what_was_chosen_and_how_many_match(signed_in, workshop, people):
    response = signed_in.get(f"{workshop.list_url}?status=waitlisted&q=le+minh")
    html = response.get_data(as_text=True)
    assert 'value="waitlisted" checked' in html
    assert 'value="le minh"' in html
    assert "1 registration matches." in text_of(response)
    # The exports and the email page take the same filter.
    assert "/registrations/export.csv?status=waitlisted&amp;q=le+minh" in html


def test_sorting(signed_in, workshop, people):
    assert listed(signed_in, workshop, "?sort=oldest")[0] == "Nguyễn Văn A"
    assert listed(signed_in, workshop, "?sort=name") == [
        "Đặng Thị Bích", "Lê Minh", "Nguyễn Văn A", "Phạm Thu", "Trần Hoà"
    ]
    assert listed(signed_in, workshop, "?sort=organization") == [
        "Lê Minh", "Nguyễn Văn A", "Phạm Thu", "Đặng Thị Bích", "Trần Hoà"
    ]
    by_status = listed(signed_in, workshop, "?sort=status")
    assert by_status[0] == "Phạm Thu"  # cancelled, confirmed, pending..., waitlisted
    assert by_status[-1] == "Lê Minh"


def test_nonsense_in_the_query_string_shows_the_list_anyway(signed_in, workshop, people):
    response = signed_in.get(
        f"{workshop.list_url}?status=bogus&type=abc&type=99999999999&session=x&seat=maybe"
        "&checked_in=perhaps&sort=evil&after=zz&before=-1&per_page=100000&q=" + "x" * 5000
    )
    assert response.status_code == 200


def walk(event, filter, per_page):
    """Every page forward, then every page back: the ids seen in each direction."""
    forward, pages, after = [], [], None
    while True:
        page = queries.page(event, filter, after=after, per_page=per_page)
        pages.append(page)
        forward += [r.id for r in page.items]
        if page.next_after is None:
            break
        after = page.next_after
    backward, before = [], pages[-1].prev_before
    while before is not None:
        page = queries.page(event, filter, before=before, per_page=per_page)
        backward = [r.id for r in page.items] + backward
        before = page.prev_before
    return forward, backward + [r.id for r in pages[-1].items]


@pytest.mark.parametrize("sort", sorted(queries.SORTS))
def test_keyset_pages_visit_every_registration_once_in_order(workshop, sort):
    # Equal timestamps, names and organizations: the id breaks the ties.
    same_moment = utc_now()
    statuses = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    for n in range(11):
        add_registration(workshop.event_id, f"Nguyễn Văn {n % 3}", created_at=same_moment,
                         organization=f"Org {n % 2}",
                         status=statuses[n % 2])
    db.session.commit()
    event = db.session.get(Event, workshop.event_id)
    filter = RegistrationFilter(sort=sort)
    everything = [r.id for r in queries.page(event, filter, per_page=100).items]

    forward, backward = walk(event, filter, per_page=3)

    assert len(everything) == 11
    assert forward == everything
    assert backward == everything


def test_pages_in_the_browser(signed_in, workshop):
    start = utc_now() - timedelta(days=1)
    for n in range(60):
        add_registration(workshop.event_id, f"Người {n:02d}",
                         created_at=start + timedelta(minutes=n))
    db.session.commit()

    first = signed_in.get(f"{workshop.list_url}?sort=oldest&per_page=25")
    assert names_listed(first)[0] == "Người 00" and len(names_listed(first)) == 25
    assert "60 registrations match." in text_of(first)
    html = first.get_data(as_text=True)
    assert "Previous page" not in html

    second = signed_in.get(_link(first, "next"))
    assert names_listed(second)[0] == "Người 25"
    third = signed_in.get(_link(second, "next"))
    assert names_listed(third) == [f"Người {n}" for n in range(50, 60)]
    assert 'rel="next"' not in third.get_data(as_text=True)

    back = signed_in.get(_link(third, "prev"))
    assert names_listed(back) == names_listed(second)
    # The filter and the page size stay with the links.
    assert "sort=oldest" in _link(second, "next") and "per_page=25" in _link(second, "next")


def _link(response, rel):
    import lxml.html

    page = lxml.html.fromstring(response.get_data(as_text=True))
    return page.xpath(f"//a[@rel='{rel}']/@href")[0]


def test_the_count_stops_at_its_cap(workshop):
    for n in range(7):
        add_registration(workshop.event_id, f"Người {n}")
    db.session.commit()
    query = queries.filtered_query(workshop.event_id, RegistrationFilter())
    assert queries.count_capped(query, cap=5) == (5, True)
    assert queries.count_capped(query, cap=7) == (7, False)
    assert queries.count(query) == 7


def test_a_page_view_costs_the_same_few_queries_on_any_page(signed_in, workshop, app):
    from sqlalchemy import event as sa_event

    for n in range(30):
        add_registration(workshop.event_id, f"Người {n:02d}", sessions=[(workshop.film, HOLDING)])
    db.session.commit()
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        first = signed_in.get(f"{workshop.list_url}?per_page=25")
        first_count = len(statements)
        statements.clear()
        signed_in.get(_link(first, "next"))
        second_count = len(statements)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    # Rows are never loaded one by one (no query per registration).
    assert first_count < 20
    assert second_count <= first_count + 2


def test_the_filter_round_trips_through_json():
    filter = RegistrationFilter.from_args({
        "status": ["confirmed", "waitlisted"], "type": ["3"], "session": "7", "seat": "holding",
        "checked_in": "no", "q": "  Nguyễn   Hoa ", "sort": "name",
    })
    assert filter.q == "Nguyễn Hoa"
    assert RegistrationFilter.from_json(filter.to_json()) == filter
    assert RegistrationFilter.from_args({}).is_empty


# --- Who may see it -------------------------------------------------------------------------

MY_PAGES = [
    ("get", "{base}/registrations"),
    ("get", "{base}/registrations/{registration}"),
    ("post", "{base}/registrations/{registration}/approve"),
    ("post", "{base}/registrations/{registration}/reject"),
    ("post", "{base}/registrations/{registration}/cancel"),
    ("post", "{base}/registrations/{registration}/sessions"),
    ("post", "{base}/registrations/{registration}/resend"),
    ("post", "{base}/registrations/bulk"),
    ("get", "{base}/registrations/new"),
    ("post", "{base}/registrations/new"),
    ("get", "{base}/registrations/export.csv"),
    ("get", "{base}/registrations/export.xlsx"),
    ("get", "{base}/attendance"),
    ("get", "{base}/sessions/{session}/attendance"),
    ("get", "{base}/emails"),
    ("post", "{base}/emails"),
    ("get", "{base}/emails/{mailing}"),
    ("get", "{base}/emails/{mailing}/edit"),
    ("post", "{base}/emails/{mailing}/edit"),
    ("post", "{base}/emails/{mailing}/test"),
    ("post", "{base}/emails/{mailing}/send"),
]


def test_an_organizer_of_another_event_is_refused_everywhere(client, auth, workshop, db):
    from eventapp.mailings.models import Mailing

    registration = add_registration(workshop.event_id, "Nguyễn Văn A",
                                    status=RegistrationStatus.PENDING_APPROVAL)
    mailing = Mailing(event_id=workshop.event_id, subject="Hello", body="Dear {name},",
                      filter={}, created_by="organizer@example.org")
    db.session.add(mailing)
    elsewhere = make_event(title="Another workshop")
    stranger = create_account("stranger@example.org", "Stranger", PASSWORD, Role.ORGANIZER)
    assign(stranger, elsewhere.id)
    db.session.commit()
    values = dict(base=f"/workspace/events/{workshop.event_id}", registration=registration.id,
                  session=workshop.film, mailing=mailing.id)
    auth.login("stranger@example.org")
    fresh()
    # A valid token of the stranger's own session: the refusal is for who they are.
    token = csrf_token_from(client.get("/workspace/").get_data(as_text=True))
    data = {"csrf_token": token, "ids": [registration.id], "action": "approve",
            "reason": "No", "subject": "Hello", "body": "Hello", "expected": "1", "q": ""}

    for method, url in MY_PAGES:
        response = getattr(client, method)(url.format(**values), data=data)
        assert response.status_code == 403, (method, url, response.status_code)

    fresh()
    unchanged = db.session.get(type(registration), registration.id)
    assert unchanged.status == RegistrationStatus.PENDING_APPROVAL


def test_anonymous_visitors_are_sent_to_sign_in(client, workshop):
    response = client.get(workshop.list_url)
    assert response.status_code == 302
    assert "/workspace/login" in response.headers["Location"]


def test_a_registration_of_another_event_is_not_found(signed_in, workshop):
    elsewhere = make_event(title="Another workshop")
    theirs = add_registration(elsewhere.id, "Nguyễn Văn Khác")
    db.session.commit()
    assert signed_in.get(workshop.detail_url(theirs.id)).status_code == 404
    assert signed_in.get(f"{workshop.base}/sessions/999999/attendance").status_code == 404
