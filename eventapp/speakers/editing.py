"""Organizers create and edit speaker profiles: plain functions that flush and never commit.

A profile is shared by every event the person speaks at (a director speaks at the ministry's
workshops year after year), so any organizer may edit any profile. A photo sent with the
profile is stored with it (`eventapp.speakers.photos`), and the profile, photo included, goes
to the audit log as it was and as it is, in one entry: `actor` is who makes the change, an
organizer's Account or a name ("system" for a command).
"""

import re
from dataclasses import dataclass, field, fields

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from eventapp.audit.services import record, snapshot
from eventapp.errors import Refused
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.labels import Honorific
from eventapp.media.services import InvalidImage
from eventapp.programme.models import SessionSpeaker, WorkshopSession
from eventapp.speakers.models import LinkKind, Speaker, SpeakerLink
from eventapp.speakers.photos import drop_photo, store_photo
from eventapp.text import fold, name_sort_key, slugify

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 120


class SpeakerError(Refused):
    """A change to a speaker the rules refuse."""


@dataclass
class LinkData:
    url: str
    kind: LinkKind = LinkKind.WEBSITE
    label: str | None = None


@dataclass
class SpeakerData:
    full_name: str
    honorific: Honorific = Honorific.NONE
    slug: str = ""
    position: str | None = None
    position_vi: str | None = None
    organization: str | None = None
    organization_vi: str | None = None
    country: str | None = None
    biography: str = ""
    biography_vi: str | None = None
    links: list[LinkData] = field(default_factory=list)


PROFILE_FIELDS = tuple(f.name for f in fields(SpeakerData) if f.name != "links")
AUDIT_FIELDS = (*PROFILE_FIELDS, "photo_key")


def audit_snapshot(speaker: Speaker) -> dict:
    """The profile with its links, JSON-ready, for the audit log."""
    values = snapshot(speaker, AUDIT_FIELDS)
    values["links"] = [
        {"kind": link.kind.value, "url": link.url, "label": link.label} for link in _links(speaker)
    ]
    return values


def _links(speaker: Speaker) -> list[SpeakerLink]:
    if speaker.id is None:
        return []
    return list(
        db.session.scalars(
            select(SpeakerLink)
            .where(SpeakerLink.speaker_id == speaker.id)
            .order_by(SpeakerLink.position, SpeakerLink.id)
        )
    )


# --- Checks ---------------------------------------------------------------------------------


def _clean(data: SpeakerData, speaker_id: int | None) -> SpeakerData:
    data.full_name = " ".join((data.full_name or "").split())
    if not data.full_name:
        raise SpeakerError(_l("Please enter the speaker's full name."), "full_name")
    data.honorific = Honorific(data.honorific or Honorific.NONE)
    for name in ("position", "position_vi", "organization", "organization_vi", "biography_vi"):
        value = getattr(data, name)
        setattr(data, name, value.strip() if value and value.strip() else None)
    data.biography = (data.biography or "").strip()
    data.country = (data.country or "").strip().upper() or None
    if data.country and not re.fullmatch(r"[A-Z]{2}", data.country):
        raise SpeakerError(_l("Please choose a country from the list."), "country")
    data.slug = _slug(data, speaker_id)
    return data


def _slug(data: SpeakerData, speaker_id: int | None) -> str:
    given = (data.slug or "").strip()
    if not given:
        return unique_slug(slugify(data.full_name, SLUG_MAX_LENGTH) or "speaker", speaker_id)
    if len(given) > SLUG_MAX_LENGTH or not SLUG_PATTERN.match(given):
        raise SpeakerError(
            _l(
                "Use only lowercase letters without accents, digits and single hyphens, "
                "e.g. nguyen-phuong-hoa; or leave it empty to make one from the name."
            ),
            "slug",
        )
    if _slug_taken(given, speaker_id):
        raise SpeakerError(_l("Another speaker already has this address."), "slug")
    return given


def unique_slug(base: str, speaker_id: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`…: two speakers may well share a name."""
    candidate, n = base, 1
    while _slug_taken(candidate, speaker_id):
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def _slug_taken(slug: str, speaker_id: int | None) -> bool:
    query = select(Speaker.id).where(Speaker.slug == slug)
    if speaker_id is not None:
        query = query.where(Speaker.id != speaker_id)
    return db.session.scalar(query) is not None


def _link_rows(speaker_id: int | None, links: list[LinkData]) -> list[SpeakerLink]:
    """The links as rows, empty ones dropped; the model refuses what is not a web address."""
    rows = []
    for index, link in enumerate(links):
        url = (link.url or "").strip()
        if not url:
            continue
        try:
            row = SpeakerLink(
                kind=LinkKind(link.kind),
                url=url,
                label=(link.label or "").strip() or None,
                position=len(rows),
            )
        except ValueError:
            raise SpeakerError(
                _l("A link must be a web address starting with https:// or http://."),
                f"links-{index}-url",
            ) from None
        if speaker_id is not None:
            row.speaker_id = speaker_id
        rows.append(row)
    return rows


def _flush() -> None:
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise SpeakerError(_l("Another speaker already has this address."), "slug") from None


# --- Creating and changing ------------------------------------------------------------------


def create_speaker(data: SpeakerData, *, photo: bytes | None = None, actor="system") -> Speaker:
    """A new profile, with the uploaded `photo` if there is one (SpeakerError if refused)."""
    data = _clean(data, None)
    links = _link_rows(None, data.links)
    speaker = Speaker()
    for name in PROFILE_FIELDS:
        setattr(speaker, name, getattr(data, name))
    db.session.add(speaker)
    _flush()
    for link in links:
        link.speaker_id = speaker.id
        db.session.add(link)
    db.session.flush()
    _change_photo(speaker, photo)
    record(actor, "speaker.create", "speaker", speaker.id, after=audit_snapshot(speaker))
    return speaker


def update_speaker(
    speaker: Speaker,
    data: SpeakerData,
    *,
    photo: bytes | None = None,
    remove_photo: bool = False,
    actor="system",
) -> None:
    """Apply the form: a new `photo` replaces the old one; else `remove_photo` removes it."""
    before = audit_snapshot(speaker)
    data = _clean(data, speaker.id)
    links = _link_rows(speaker.id, data.links)
    for name in PROFILE_FIELDS:
        setattr(speaker, name, getattr(data, name))
    for old in _links(speaker):
        db.session.delete(old)
    db.session.flush()
    for link in links:
        db.session.add(link)
    _flush()
    _change_photo(speaker, photo, remove=remove_photo)
    record(actor, "speaker.update", "speaker", speaker.id,
           before=before, after=audit_snapshot(speaker))


def _change_photo(speaker: Speaker, photo: bytes | None, remove: bool = False) -> None:
    if photo is not None:
        try:
            store_photo(speaker, photo)
        except InvalidImage as error:
            raise SpeakerError(error.message, "photo") from None
    elif remove and speaker.photo_key:
        drop_photo(speaker)
    db.session.flush()


# --- Finding speakers -----------------------------------------------------------------------


def search_speakers(query: str = "") -> list[Speaker]:
    """Every profile whose name, organization or position holds all the words of `query`,
    diacritics ignored ("nguyen hoa" finds "Nguyễn Phương Hoa"), in Vietnamese name order.

    Profiles are few (hundreds, not millions), so they are matched in Python with the same
    folding as the registration search.
    """
    words = fold(query).split()
    speakers = db.session.scalars(select(Speaker)).all()
    if words:
        speakers = [s for s in speakers if all(word in _searchable(s) for word in words)]
    return sorted(speakers, key=lambda s: name_sort_key(s.full_name))


def _searchable(speaker: Speaker) -> str:
    return fold(
        " ".join(
            part or ""
            for part in (
                speaker.full_name,
                speaker.slug,
                speaker.organization,
                speaker.organization_vi,
                speaker.position,
                speaker.position_vi,
            )
        )
    )


def speaker_with_links(speaker_id: int) -> Speaker | None:
    return db.session.scalar(
        select(Speaker).where(Speaker.id == speaker_id).options(selectinload(Speaker.links))
    )


@dataclass
class Appearance:
    event: Event
    session: WorkshopSession
    link: SessionSpeaker


def appearances(speaker: Speaker) -> list[Appearance]:
    """Every session the speaker takes part in, drafts included, latest event first."""
    rows = db.session.execute(
        select(SessionSpeaker, WorkshopSession, Event)
        .join(WorkshopSession, WorkshopSession.id == SessionSpeaker.session_id)
        .join(Event, Event.id == WorkshopSession.event_id)
        .where(SessionSpeaker.speaker_id == speaker.id)
        .options(joinedload(WorkshopSession.room))
        .order_by(Event.starts_at.desc(), WorkshopSession.starts_at, WorkshopSession.id)
    ).unique()
    return [Appearance(event=event, session=session, link=link) for link, session, event in rows]
