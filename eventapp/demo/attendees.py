"""Demo attendees for the demo workshop: the people such a ministry workshop brings together.

`flask demo attendees` adds them as confirmed registrations, as an organizer entering
invited guests would (through `add_by_organizer`, places and session seats counted, no email
sent), and can check a share of them in on the morning of the event.

The people are made up: Vietnamese names (with their diacritics) put together from the name
parts below by a seeded random generator, so that the same list comes out every time, and a
few international experts. Their organizations are of the kinds the workshop invites;
ministries and provincial departments are named as such bodies are, every museum, theatre,
studio, association and company is invented. Addresses are at example.org, example.com and
example.vn only. Running the command again adds nobody already there (matched by email).
"""
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from eventapp.checkin.services import CHECKED_IN, SESSION_CHECKED_IN
from eventapp.db import utc_now
from eventapp.demo.data import MAIN_EVENT
from eventapp.demo.services import slug_from_name
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.labels import Honorific
from eventapp.programme.models import SessionKind, WorkshopSession
from eventapp.registration import history, offers, services
from eventapp.registration.models import (
    ChoiceStatus,
    Registration,
    RegistrationStatus,
)

SEED = "creative-industries-attendees"
DEFAULT_EVENT = MAIN_EVENT["slug"]
DEFAULT_COUNT = 60
# Who enters them, in the registrations' history.
ACTOR = "demo"

# --- Name parts -------------------------------------------------------------------------------

FAMILY_NAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh",
)
MIDDLE_NAMES = {
    "m": ("Văn", "Minh", "Quang", "Đức", "Hữu", "Thanh", "Công", "Tuấn"),
    "f": ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Diệu"),
}
GIVEN_NAMES = {
    "m": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong",
          "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Đạt", "Huy"),
    "f": ("Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
          "Ngân", "Phương", "Thảo", "Trang", "Yến", "Huyền", "Vân"),
}

# How Vietnamese programmes title people: Ông, Bà, TS., PGS.TS., GS.TS.
ONG, BA = Honorific.MR, Honorific.MS
TS, PGS_TS, GS_TS = Honorific.DR, Honorific.ASSOC_PROF_DR, Honorific.PROF_DR

# --- Organizations ----------------------------------------------------------------------------
#
# type: organization type code; city; department; positions to draw from; titles to draw
# from (Ông/Bà meaning "by gender"); domain of the addresses; weight (how many come from
# such bodies); interest: a word of the workshop they would choose in the afternoon.


@dataclass(frozen=True)
class Organization:
    name: str
    type: str
    city: str
    domain: str
    positions: tuple[str, ...]
    titles: tuple[Honorific, ...] = (ONG, BA)
    department: str | None = None
    weight: int = 2
    interest: str = ""
    unesco_field: str | None = None


ORGANIZATIONS = (
    Organization("Cục Hợp tác quốc tế, Bộ Văn hóa, Thể thao và Du lịch", "ministry", "Hà Nội",
                 "example.vn", ("Phó Cục trưởng", "Trưởng phòng", "Chuyên viên chính"),
                 (TS, ONG, BA), department="Phòng Hợp tác đa phương", weight=4,
                 interest="unesco"),
    Organization("Cục Bản quyền tác giả", "ministry", "Hà Nội", "example.vn",
                 ("Phó Cục trưởng", "Chuyên viên"), (TS, ONG, BA),
                 department="Phòng Quản lý quyền tác giả", weight=3, interest="property"),
    Organization("Cục Điện ảnh", "ministry", "Hà Nội", "example.vn",
                 ("Trưởng phòng", "Chuyên viên chính"), department="Phòng Phổ biến phim",
                 interest="film"),
    Organization("Cục Nghệ thuật biểu diễn", "ministry", "Hà Nội", "example.vn",
                 ("Phó Cục trưởng", "Chuyên viên"), interest="property"),
    Organization("Vụ Kế hoạch, Tài chính, Bộ Văn hóa, Thể thao và Du lịch", "ministry",
                 "Hà Nội", "example.vn", ("Phó Vụ trưởng", "Chuyên viên chính")),
    Organization("Sở Văn hóa và Thể thao Hà Nội", "local_authority", "Hà Nội", "example.vn",
                 ("Phó Giám đốc Sở", "Trưởng phòng Quản lý văn hóa", "Chuyên viên"),
                 department="Phòng Quản lý văn hóa", weight=3, interest="unesco"),
    Organization("Phòng Văn hóa và Thông tin thành phố Hội An", "local_authority", "Hội An",
                 "example.vn", ("Trưởng phòng", "Chuyên viên"), weight=3, interest="unesco"),
    Organization("Sở Văn hóa, Thể thao và Du lịch Lâm Đồng", "local_authority", "Đà Lạt",
                 "example.vn", ("Phó Giám đốc Sở", "Chuyên viên"),
                 department="Phòng Quản lý văn hóa", weight=3, interest="unesco"),
    Organization("Sở Văn hóa và Thể thao thành phố Huế", "local_authority", "Huế",
                 "example.vn", ("Phó Giám đốc Sở", "Chuyên viên chính"), (TS, ONG, BA),
                 weight=3, interest="unesco", unesco_field="crafts_folk_art"),
    Organization("Sở Văn hóa, Thể thao và Du lịch thành phố Cần Thơ", "local_authority",
                 "Cần Thơ", "example.vn", ("Trưởng phòng", "Chuyên viên"),
                 interest="unesco", unesco_field="gastronomy"),
    Organization("Bảo tàng Nghệ thuật Đương đại Sông Hồng", "museum", "Hà Nội", "example.vn",
                 ("Giám đốc", "Phụ trách trưng bày số", "Cán bộ giáo dục"), (TS, ONG, BA),
                 interest="property"),
    Organization("Bảo tàng Văn hóa Cố đô", "museum", "Huế", "example.vn",
                 ("Phó Giám đốc", "Cán bộ số hóa hiện vật"), interest="unesco"),
    Organization("Nhà hát Kịch Hồ Gươm", "theatre", "Hà Nội", "example.vn",
                 ("Giám đốc", "Đạo diễn", "Diễn viên"), interest="property"),
    Organization("Nhà hát Tuồng Sông Hàn", "theatre", "Đà Nẵng", "example.vn",
                 ("Phó Giám đốc", "Nghệ sĩ ưu tú"), interest="property", weight=1),
    Organization("Hãng phim Phương Nam Mới", "film_studio", "TP. Hồ Chí Minh", "example.com",
                 ("Giám đốc sản xuất", "Đạo diễn", "Nhà sản xuất"), weight=3, interest="film"),
    Organization("Hiệp hội Công nghiệp Sáng tạo Việt Nam", "association", "Hà Nội",
                 "example.org", ("Phó Chủ tịch", "Tổng thư ký", "Hội viên"), (PGS_TS, TS, ONG, BA),
                 weight=3, interest="property"),
    Organization("Công ty TNHH Lotus Streamworks Việt Nam (hội viên AmCham Việt Nam)",
                 "company", "TP. Hồ Chí Minh", "example.com",
                 ("Giám đốc pháp chế", "Trưởng bộ phận nội dung", "Giám đốc quan hệ đối tác"),
                 weight=2, interest="film"),
    Organization("Công ty CP Thiết kế Phố Hội", "company", "Hội An", "example.com",
                 ("Nhà sáng lập", "Nhà thiết kế"), weight=2, interest="property"),
    Organization("Viện Nghiên cứu Văn hóa và Phát triển", "research", "Hà Nội", "example.vn",
                 ("Nghiên cứu viên chính", "Phó Viện trưởng"), (GS_TS, PGS_TS, TS), weight=3,
                 interest="property"),
    Organization("Nghệ sĩ tự do", "artist", "Hà Nội", "example.com",
                 ("Họa sĩ", "Nhạc sĩ", "Nhiếp ảnh gia", "Nghệ sĩ thị giác"), weight=3,
                 interest="property"),
    Organization("Nghệ sĩ tự do", "artist", "Đà Lạt", "example.com",
                 ("Nhạc sĩ", "Nghệ nhân gốm"), weight=1, interest="unesco"),
)


@dataclass(frozen=True)
class Expert:
    honorific: Honorific
    full_name: str
    country: str
    organization: str
    type: str
    position: str
    email: str
    interest: str = ""


# International experts (invented), with the Vietnamese list's place for each: every
# EXPERT_EVERY-th person until they are all in.
INTERNATIONAL_EXPERTS = (
    Expert(Honorific.DR, "Sarah Whitfield", "GB", "Creative Economy Partnerships Asia",
           "international", "Programme Director", "s.whitfield@example.org", "unesco"),
    Expert(Honorific.PROF, "Kenji Watanabe", "JP", "Institute for Media and Content Policy",
           "expert", "Professor of Cultural Policy", "k.watanabe@example.org", "property"),
    Expert(Honorific.MS, "Marie Lefèvre", "FR", "Réseau des Villes Créatives (demo)",
           "international", "Network Coordinator", "marie.lefevre@example.org", "unesco"),
    Expert(Honorific.MR, "Daniel Kim", "US", "Lotus Streamworks Asia-Pacific (AmCham member)",
           "company", "Head of Content Partnerships", "daniel.kim@example.com", "film"),
    Expert(Honorific.DR, "Anna Schneider", "DE", "Independent consultant", "expert",
           "Copyright and licensing expert", "anna.schneider@example.org", "property"),
    Expert(Honorific.MS, "Priya Raman", "SG", "Southeast Asia Film Commission Forum",
           "international", "Policy Adviser", "priya.raman@example.org", "film"),
    Expert(Honorific.ASSOC_PROF_DR, "Lucas Andersson", "SE", "Nordic Design Futures Lab",
           "research", "Associate Professor of Design", "lucas.andersson@example.org",
           "unesco"),
    Expert(Honorific.MR, "Somchai Prasert", "TH", "Mekong Creative Cities Forum",
           "international", "Secretary-General", "somchai.p@example.org", "unesco"),
)
EXPERT_EVERY = 6
# Every WALK_IN_EVERY-th person came on the day without registering (added at the door).
WALK_IN_EVERY = 15
# Shares of the Vietnamese attendees who read their emails in English.
ENGLISH_SHARE = 0.2
# The share of the arrived holding a workshop place whom staff checked into the workshop.
SESSION_CHECK_IN_SHARE = 0.85


@dataclass(frozen=True)
class Person:
    honorific: Honorific
    full_name: str
    email: str
    organization: str
    type: str
    country: str
    language: str
    position: str
    city: str | None = None
    department: str | None = None
    unesco_field: str | None = None
    interest: str = ""
    walk_in: bool = False


def people(count: int) -> list[Person]:
    """The first `count` demo attendees: always the same ones, in the same order, so that a
    longer list begins with a shorter one."""
    rng = random.Random(SEED)
    found: list[Person] = []
    emails: set[str] = set()
    experts = iter(INTERNATIONAL_EXPERTS)
    # Every organization once (in a shuffled order) before the weighted draws, so that even a
    # short list shows every kind of guest.
    first_round = iter(rng.sample(ORGANIZATIONS, len(ORGANIZATIONS)))
    while len(found) < count:
        n = len(found) + 1
        expert = next(experts, None) if n % EXPERT_EVERY == 0 else None
        if expert:
            person = _from_expert(expert)
        else:
            organization = next(first_round, None) or rng.choices(
                ORGANIZATIONS, weights=[o.weight for o in ORGANIZATIONS])[0]
            person = _vietnamese(rng, organization, emails)
        if person.email in emails:
            continue
        emails.add(person.email)
        if n % WALK_IN_EVERY == 0:
            person = replace(person, walk_in=True)
        found.append(person)
    return found


def _from_expert(expert: Expert) -> Person:
    return Person(expert.honorific, expert.full_name, expert.email, expert.organization,
                  expert.type, expert.country, "en", expert.position, interest=expert.interest)


def _vietnamese(rng: random.Random, organization: Organization, taken: set[str]) -> Person:
    gender = rng.choice("mf")
    family, given = rng.choice(FAMILY_NAMES), rng.choice(GIVEN_NAMES[gender])
    full_name = f"{family} {rng.choice(MIDDLE_NAMES[gender])} {given}"
    title = rng.choice(organization.titles)
    if title in (ONG, BA):
        title = ONG if gender == "m" else BA
    # lan.nguyen@, then lan.nguyen2@ for a namesake: one address per person.
    local = f"{slug_from_name(given)}.{slug_from_name(family)}"
    email, n = f"{local}@{organization.domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{organization.domain}"
    return Person(
        honorific=title, full_name=full_name, email=email, organization=organization.name,
        type=organization.type, country="VN",
        language="en" if rng.random() < ENGLISH_SHARE else "vi",
        position=rng.choice(organization.positions), city=organization.city,
        department=organization.department, unesco_field=organization.unesco_field,
        interest=organization.interest,
    )


# --- Adding them ------------------------------------------------------------------------------


class DemoEventMissing(LookupError):
    pass


@dataclass
class Outcome:
    event: Event
    added: int = 0
    already_there: int = 0
    walk_ins: int = 0
    checked_in: int = 0
    # Skipped: their kind of organization is not admitted, or its quota or the event is full.
    not_admitted: int = 0
    no_place: int = 0
    # Walk-ins are only added with arrivals, as they come on the day.
    walk_ins_waiting: int = 0
    # The arrivals were set on the day of an event still ahead.
    arrivals_ahead: bool = False


def add_attendees(slug: str = DEFAULT_EVENT, count: int = DEFAULT_COUNT,
                  checked_in: float = 0.0, now: datetime | None = None) -> Outcome:
    """Add the first `count` demo people the event does not have yet, confirmed, with
    sessions; then check in about the `checked_in` share of them. Flushes, never commits.

    Never oversubscribes: people whose kind of organization is full (or the event) are left
    out, and only sessions with a seat left are chosen.
    """
    now = now or utc_now()
    # One write transaction for the whole run (BEGIN IMMEDIATE on SQLite), before any read.
    services.begin_write(db.session)
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise DemoEventMissing(slug)
    outcome = Outcome(event)
    everyone = people(count)
    existing = set(db.session.scalars(
        select(Registration.email_key).where(
            Registration.event_id == event.id,
            Registration.email_key.in_([p.email.lower() for p in everyone]),
        )
    ))
    places = _Places(event)
    sessions = offers.selectable_sessions(event)
    admitted = {t.code: t.id for t in offers.admitted_types(event)}
    arrive = _Arrivals(event, now)
    for person in everyone:
        if person.email.lower() in existing:
            outcome.already_there += 1
            continue
        walk_in_at = arrive.at(person) if person.walk_in and checked_in else None
        if person.walk_in and walk_in_at is None:
            outcome.walk_ins_waiting += 1
            continue
        if person.type not in admitted:
            outcome.not_admitted += 1
            continue
        if not places.take(admitted[person.type]):
            outcome.no_place += 1
            continue
        chosen = _choose_sessions(_rng(person), sessions, person.interest, places)
        registration = services.add_by_organizer(
            event, _details(person, admitted[person.type]), person.email,
            [s.id for s in chosen], actor=ACTOR, walk_in=person.walk_in, notify=False,
            now=walk_in_at or now,
        )
        if registration.status != RegistrationStatus.CONFIRMED:
            # The places were counted beforehand in this very transaction: never here.
            raise RuntimeError(f"{person.email} found no place; nothing was added")
        outcome.added += 1
        outcome.walk_ins += person.walk_in
    if checked_in:
        outcome.checked_in = _check_in(event, everyone, checked_in, arrive, sessions)
        outcome.arrivals_ahead = now < event.starts_at
    db.session.flush()
    return outcome


def _rng(person: Person, purpose: str = "sessions") -> random.Random:
    """Each person's own draws: the same whatever else is in the database."""
    return random.Random(f"{SEED}:{purpose}:{person.email}")


def _details(person: Person, type_id: int) -> services.AttendeeDetails:
    return services.AttendeeDetails(
        full_name=person.full_name, email=person.email, organization_name=person.organization,
        organization_type_id=type_id, country=person.country, language=person.language,
        honorific=person.honorific.value, position=person.position, city=person.city,
        department=person.department, unesco_applicant=person.unesco_field is not None,
        unesco_field=person.unesco_field, needs_interpretation=person.country != "VN",
    )


class _Places:
    """Places left in the event, each type's quota and each session, counted as they go."""

    def __init__(self, event: Event):
        self.event = event.places_left
        self.quotas = {
            type_id: policy.quota - policy.seats_taken
            for type_id, policy in offers.policies(event).items()
            if policy.quota is not None
        }
        self.seats: dict[int, int | None] = {}

    def take(self, type_id: int) -> bool:
        if self.event is not None and self.event <= 0:
            return False
        if type_id in self.quotas and self.quotas[type_id] <= 0:
            return False
        if self.event is not None:
            self.event -= 1
        if type_id in self.quotas:
            self.quotas[type_id] -= 1
        return True

    def take_seat(self, session: WorkshopSession) -> bool:
        if session.id not in self.seats:
            self.seats[session.id] = (
                None if session.capacity is None else session.capacity - session.seats_taken
            )
        left = self.seats[session.id]
        if left is not None and left <= 0:
            return False
        if left is not None:
            self.seats[session.id] = left - 1
        return True


def _parallel_groups(sessions: list[WorkshopSession]) -> list[list[WorkshopSession]]:
    """Sessions in programme order, those that overlap in time grouped together."""
    groups: list[list[WorkshopSession]] = []
    for session in sessions:
        if groups and any(s.ends_at > session.starts_at for s in groups[-1]):
            groups[-1].append(session)
        else:
            groups.append([session])
    return groups


def _choose_sessions(rng: random.Random, sessions, interest: str, places: _Places):
    """Most plenary sessions, and in each set of parallel ones the one closest to the
    person's interest that still has a seat."""
    chosen = []
    for group in _parallel_groups(sessions):
        if rng.random() > (0.85 if len(group) == 1 else 0.8):
            continue
        ranked = sorted(group, key=lambda s: (interest not in s.title.lower(), rng.random()))
        for session in ranked:
            if places.take_seat(session):
                chosen.append(session)
                break
    return chosen


class _Arrivals:
    """When each person arrives: over the morning of the event's first day, most of them
    around the opening. While the event runs, nobody arrives later than now: those due
    later are still expected. For an event ahead, the arrivals are set on its day, as if it
    had come (to show the attendance report before the day)."""

    def __init__(self, event: Event, now: datetime):
        self.event, self.now = event, now
        self.until = now if event.starts_at <= now < event.ends_at else None

    def at(self, person: Person) -> datetime | None:
        minutes = _rng(person, "arrival").triangular(-30, 180, 15)
        return self.by(self.event.starts_at + timedelta(minutes=minutes))

    def by(self, moment: datetime) -> datetime | None:
        moment = moment.replace(microsecond=0)
        return None if self.until is not None and moment > self.until else moment


def _check_in(event: Event, everyone: list[Person], share: float, arrive: _Arrivals,
              sessions: list[WorkshopSession]) -> int:
    """Check in about `share` of the demo people who are confirmed and not checked in yet
    (walk-ins are checked in as they are added); workshops get per-session check-ins."""
    by_email = {p.email.lower(): p for p in everyone}
    waiting = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.checked_in_at.is_(None),
            Registration.email_key.in_(list(by_email)),
        )
    )
    workshops = {s.id: s for s in sessions if s.kind == SessionKind.WORKSHOP}
    checked = 0
    for registration in waiting:
        person = by_email[registration.email_key]
        if _rng(person, "arrives").random() >= share:
            continue
        moment = arrive.at(person)
        if moment is None:
            continue
        registration.checked_in_at = moment
        history.log(registration, CHECKED_IN, ACTOR, now=moment)
        checked += 1
        _check_into_workshops(person, registration, workshops, arrive)
    return checked


def _check_into_workshops(person: Person, registration: Registration, workshops,
                          arrive: _Arrivals) -> None:
    """Staff at a workshop's door check in most of those holding a seat, around its start."""
    rng = _rng(person, "workshop")
    for choice in registration.choices:
        session = workshops.get(choice.session_id)
        if session is None or choice.status != ChoiceStatus.HOLDING:
            continue
        if rng.random() >= SESSION_CHECK_IN_SHARE:
            continue
        moment = arrive.by(session.starts_at + timedelta(minutes=rng.randint(-10, 10)))
        if moment is not None:
            choice.checked_in_at = moment
            history.log(registration, SESSION_CHECKED_IN, ACTOR, session.title, moment)
