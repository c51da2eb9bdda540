"""What a registration keeps of a form's answers, whichever form (the attendee's own, an
organizer's) they were typed into."""
from eventapp.registration.models import CreativeField, Language
from eventapp.registration.services import attendee_details

ANSWERS = {
    "honorific": "dr",
    "full_name": "  Nguyễn Phương Hoà ",
    "email": "hoa@example.org",
    "phone": "",
    "position": "Director",
    "language": "vi",
    "organization_name": "Phòng Văn hóa và Thông tin thành phố Hội An",
    "organization_type": 7,
    "department": "",
    "country": "VN",
    "city": "Hội An",
    "unesco_applicant": True,
    "unesco_field": "crafts_folk_art",
    "needs_interpretation": False,
    "needs_accessibility": "",
    "dietary": "Vegetarian",
    "publish_consent": True,
    # Fields of the form that are not the person's details.
    "csrf_token": "x",
    "sessions": [3],
    "consent": True,
}


def test_a_city_authority_keeps_its_city_and_its_unesco_application():
    details = attendee_details(ANSWERS, "local_authority")

    assert details.city == "Hội An"
    assert details.unesco_applicant is True
    assert details.unesco_field is CreativeField.CRAFTS_FOLK_ART


def test_any_other_kind_of_organization_keeps_its_city_but_no_unesco_answer():
    details = attendee_details(ANSWERS, "museum")

    assert (details.city, details.unesco_applicant, details.unesco_field) == (
        "Hội An", False, None
    )
    # The rest is kept as typed.
    assert details.position == "Director" and details.dietary == "Vegetarian"


def test_an_unknown_kind_of_organization_keeps_no_unesco_answer_either():
    details = attendee_details(ANSWERS, None)

    assert (details.unesco_applicant, details.unesco_field) == (False, None)


def test_a_box_left_unticked_drops_the_creative_field():
    details = attendee_details({**ANSWERS, "unesco_applicant": False}, "local_authority")

    assert details.unesco_applicant is False and details.unesco_field is None


def test_texts_are_trimmed_and_empty_ones_are_nothing():
    details = attendee_details(ANSWERS, "local_authority")

    assert details.full_name == "Nguyễn Phương Hoà"
    assert details.phone is None and details.department is None
    assert details.needs_accessibility is None
    assert details.language is Language.VIETNAMESE
    assert details.organization_type_id == 7 and details.publish_consent is True
