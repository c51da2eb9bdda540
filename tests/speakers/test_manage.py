"""Speaker profiles and a session's speakers through the workspace's pages."""


import io

import lxml.html
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    AuditEntry,
    Speaker,
)
from tests.factories import make_speaker
from tests.media import images
from tests.programme.manage_support import (  # noqa: F401  (fixtures)
    as_admin,
    audit_entries,
    pages,
    reread,
    text_of,
    workshop,
)

# --- Speakers -------------------------------------------------------------------------------


def test_speakers_are_found_without_diacritics(client, as_admin):
    make_speaker(full_name="Nguyễn Phương Hoa", slug="hoa")
    make_speaker(full_name="Trần Minh", slug="minh")
    db.session.commit()
    page = text_of(client.get("/workspace/speakers?q=nguyen"))
    assert "Nguyễn Phương Hoa" in page and "Trần Minh" not in page


def test_a_speaker_profile_with_a_jpeg_photo_and_a_refused_gif(client, as_admin, pages):
    response = pages.fill(
        "/workspace/speakers/new",
        "full_name",
        honorific="dr",
        full_name="Nguyễn Phương Hoa",
        organization="Ministry of Culture",
        country="VN",
        links__0__url="https://example.org/hoa",
        files={"photo": (io.BytesIO(images.jpeg()), "hoa.jpg")},
    )
    assert response.status_code == 302
    reread()
    speaker = db.session.scalar(select(Speaker).where(Speaker.slug == "nguyen-phuong-hoa"))
    assert speaker.photo_key and speaker.photo_thumb_key and speaker.country == "VN"
    photo = speaker.photo_key
    edit = f"/workspace/speakers/{speaker.id}/edit"

    response = pages.fill(
        edit,
        "full_name",
        organization="Bộ Văn hoá, Thể thao và Du lịch",
        files={"photo": (io.BytesIO(images.gif()), "hoa.gif")},
    )

    assert response.status_code == 400
    html = text_of(response)
    assert "The photo must be a JPEG, PNG or WebP image." in html
    assert 'value="Bộ Văn hoá, Thể thao và Du lịch"' in html
    reread()
    speaker = db.session.get(Speaker, speaker.id)
    assert (speaker.organization, speaker.photo_key) == ("Ministry of Culture", photo)

    assert pages.fill(edit, "full_name", remove_photo="y").status_code == 302
    reread()
    assert db.session.get(Speaker, speaker.id).photo_key is None
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action) for e in entries] == [
        ("admin@example.org", "speaker.create"),
        ("admin@example.org", "speaker.update"),
    ]
    # The refused photo left nothing; the removal is the one update, photo_key and all.
    assert (entries[1].before, entries[1].after) == ({"photo_key": photo}, {"photo_key": None})


def test_a_link_that_is_not_a_web_address_is_a_form_error(client, as_admin, pages):
    response = pages.fill(
        "/workspace/speakers/new",
        "full_name",
        full_name="Trần Minh",
        links__0__url="javascript:alert(1)",
    )
    assert response.status_code == 400
    assert "must be a web address" in text_of(response)
    assert 'value="javascript:alert(1)"' in text_of(response)
    assert db.session.scalar(select(Speaker)) is None


def test_speakers_are_added_to_a_session_reordered_and_removed(client, as_admin, pages, workshop):
    hoa = make_speaker(full_name="Nguyễn Phương Hoa")
    minh = make_speaker(full_name="Trần Minh")
    db.session.commit()
    url = f"/workspace/events/{workshop['event']}/sessions/{workshop['film']}/speakers"
    assert pages.fill(url, "speaker_id", speaker_id=str(hoa.id)).status_code == 302
    assert (
        pages.fill(
            url, "speaker_id", speaker_id=str(minh.id), role="moderator", position="1"
        ).status_code
        == 302
    )
    again = pages.fill(url, "speaker_id", speaker_id=str(hoa.id))
    assert again.status_code == 400 and "already takes part" in text_of(again)

    order = f"{url}/order"
    response = pages.fill(
        url,
        "rows-0-position",
        action=order,
        rows__0__position="2",
        rows__1__position="1",
        rows__1__role="chair",
    )
    assert response.status_code == 302

    def names():
        rows = lxml.html.fromstring(text_of(client.get(url))).xpath("//tbody/tr/th")
        return [" ".join(th.text_content().split()) for th in rows]

    assert names() == ["Nguyễn Phương Hoa", "Trần Minh"]

    remove = f"{url}/{minh.id}/remove"
    values = pages.form_values(url, "rows-0-position")
    assert client.post(remove, data={"csrf_token": values["csrf_token"]}).status_code == 302
    assert names() == ["Nguyễn Phương Hoa"]
    assert len(audit_entries("session.speakers")) == 4
