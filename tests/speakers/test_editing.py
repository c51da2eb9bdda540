"""Speaker profiles and a session's speakers: the rules of the services, without HTTP."""


import pytest

from eventapp.models import (
    EventStatus,
    Honorific,
    LinkKind,
    SpeakerRole,
)
from eventapp.programme import editing as programme
from eventapp.speakers import assignment
from eventapp.speakers import editing as speakers
from eventapp.speakers.editing import LinkData, SpeakerData, SpeakerError
from tests.factories import add_speaker, make_event, make_speaker
from tests.media import images
from tests.programme.support import (
    audit_log,
    make_workshop,
)

# --- Speakers -------------------------------------------------------------------------------


def test_a_speaker_gets_a_slug_from_the_name_without_diacritics(db):
    first = speakers.create_speaker(
        SpeakerData(full_name="Nguyễn Phương Hoà", honorific=Honorific.DR)
    )
    second = speakers.create_speaker(SpeakerData(full_name="Nguyễn  Phương Hoà"))
    db.session.commit()
    assert first.slug == "nguyen-phuong-hoa"
    assert second.slug == "nguyen-phuong-hoa-2"
    assert second.full_name == "Nguyễn Phương Hoà"
    with pytest.raises(SpeakerError) as taken:
        speakers.update_speaker(second, SpeakerData(full_name="X", slug="nguyen-phuong-hoa"))
    assert taken.value.field == "slug"


def test_speaker_links_must_be_web_addresses(db):
    with pytest.raises(SpeakerError) as refused:
        speakers.create_speaker(
            SpeakerData(
                full_name="Trần Văn Minh",
                links=[LinkData(url="https://example.org"), LinkData(url="javascript:alert(1)")],
            )
        )
    assert refused.value.field == "links-1-url"


def test_speaker_links_are_replaced_in_order_and_empty_rows_dropped(db):
    speaker = speakers.create_speaker(
        SpeakerData(full_name="Trần Văn Minh", links=[LinkData(url="https://example.org/a")])
    )
    db.session.commit()
    speakers.update_speaker(
        speaker,
        SpeakerData(
            full_name="Trần Văn Minh",
            links=[
                LinkData(url=""),
                LinkData(url="https://linkedin.com/in/minh", kind=LinkKind.LINKEDIN),
                LinkData(url="https://example.org/b", label="Blog"),
            ],
        ),
    )
    db.session.commit()
    snapshot = speakers.audit_snapshot(speaker)
    assert [(link["kind"], link["url"]) for link in snapshot["links"]] == [
        ("linkedin", "https://linkedin.com/in/minh"),
        ("website", "https://example.org/b"),
    ]


def test_speaker_search_ignores_diacritics_and_case(db):
    make_speaker(full_name="Nguyễn Phương Hoa", organization="Bộ Văn hoá")
    make_speaker(full_name="Lê Đức Anh", position="Giám đốc")
    make_speaker(full_name="Jane Smith", organization="UNESCO")
    db.session.commit()
    assert [s.full_name for s in speakers.search_speakers("nguyen hoa")] == ["Nguyễn Phương Hoa"]
    assert [s.full_name for s in speakers.search_speakers("DUC")] == ["Lê Đức Anh"]
    assert [s.full_name for s in speakers.search_speakers("giam doc")] == ["Lê Đức Anh"]
    assert [s.full_name for s in speakers.search_speakers("unesco")] == ["Jane Smith"]
    assert len(speakers.search_speakers("")) == 3


def test_a_profile_and_its_photo_are_in_one_audit_entry(db, organizer):
    speaker = speakers.create_speaker(
        SpeakerData(full_name="Nguyễn Phương Hoa", position="Director"),
        photo=images.jpeg(),
        actor=organizer,
    )
    db.session.commit()
    (created,) = audit_log("speaker.create")
    assert (created.actor, created.target_type, created.target_id) == (
        "organizer@example.org", "speaker", speaker.id,
    )
    assert created.after["full_name"] == "Nguyễn Phương Hoa"
    assert created.after["photo_key"] == speaker.photo_key is not None

    photo = speaker.photo_key
    speakers.update_speaker(
        speaker, SpeakerData(full_name="Nguyễn Phương Hoa", position="Deputy Director"),
        remove_photo=True, actor="system",
    )
    db.session.commit()
    (updated,) = audit_log("speaker.update")
    assert updated.actor == "system"
    assert updated.before == {"position": "Director", "photo_key": photo}
    assert updated.after == {"position": "Deputy Director", "photo_key": None}


def test_a_refused_photo_is_the_photo_fields_error_and_leaves_no_entry(db):
    speaker = speakers.create_speaker(SpeakerData(full_name="Trần Văn Minh"))
    db.session.commit()
    with pytest.raises(SpeakerError) as refused:
        speakers.update_speaker(
            speaker, SpeakerData(full_name="Trần Văn Minh"), photo=images.gif(), actor="system"
        )
    assert refused.value.field == "photo"
    db.session.rollback()
    assert audit_log("speaker.update") == []


# --- Speakers in sessions -------------------------------------------------------------------


def test_speakers_are_added_reordered_and_removed(db):
    event, hall, other, film, music = make_workshop()
    hoa, minh, lan = (make_speaker(full_name=name) for name in ("Hoa", "Minh", "Lan"))
    db.session.commit()
    assignment.add_session_speaker(film, hoa)
    assignment.add_session_speaker(film, minh, SpeakerRole.MODERATOR, position=1)
    assignment.add_session_speaker(film, lan, SpeakerRole.PANELIST)

    def order():
        return [(link.speaker.full_name, link.role) for link in assignment.session_speakers(film)]

    assert order() == [("Minh", "moderator"), ("Hoa", "speaker"), ("Lan", "panelist")]

    with pytest.raises(programme.ProgrammeError):
        assignment.add_session_speaker(film, hoa)

    assignment.update_session_speakers(
        film,
        {
            lan.id: (SpeakerRole.CHAIR, 1),
            minh.id: (SpeakerRole.MODERATOR, 3),
            hoa.id: (SpeakerRole.SPEAKER, 2),
        },
    )
    assert order() == [("Lan", "chair"), ("Hoa", "speaker"), ("Minh", "moderator")]

    assignment.remove_session_speaker(film, hoa.id)
    db.session.commit()
    assert order() == [("Lan", "chair"), ("Minh", "moderator")]
    assert [link.position for link in assignment.session_speakers(film)] == [0, 1]


def test_a_speakers_appearances_include_drafts(db):
    draft = make_event(status=EventStatus.DRAFT)
    from tests.factories import make_session

    session = make_session(draft, title="Draft talk")
    speaker = make_speaker()
    add_speaker(session, speaker, SpeakerRole.CHAIR)
    db.session.commit()
    (appearance,) = speakers.appearances(speaker)
    assert (appearance.session.title, appearance.link.role) == ("Draft talk", SpeakerRole.CHAIR)


def test_each_change_of_a_sessions_speakers_is_in_the_audit_log(db, organizer):
    event, hall, other, film, music = make_workshop()
    hoa, minh = make_speaker(full_name="Hoa"), make_speaker(full_name="Minh")
    db.session.commit()
    assignment.add_session_speaker(film, hoa, actor=organizer)
    assignment.add_session_speaker(film, minh, SpeakerRole.MODERATOR, position=1, actor=organizer)
    assignment.update_session_speakers(film, {hoa.id: (SpeakerRole.CHAIR, 1)}, actor=organizer)
    assignment.remove_session_speaker(film, minh.id, actor=organizer)
    db.session.commit()

    entries = audit_log("session.speakers")
    assert [(e.actor, e.target_id, e.event_id) for e in entries] == [
        ("organizer@example.org", film.id, event.id)
    ] * 4
    assert entries[0].before == {"speakers": []}
    assert entries[1].after == {"speakers": [
        {"speaker_id": minh.id, "role": "moderator", "position": 0},
        {"speaker_id": hoa.id, "role": "speaker", "position": 1},
    ]}
    assert entries[-1].after == {"speakers": [
        {"speaker_id": hoa.id, "role": "chair", "position": 0},
    ]}
