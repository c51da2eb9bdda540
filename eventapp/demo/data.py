"""The demo content: the workshop eventapp was first built for, and two events of its series.

The main event follows the public report of a workshop held by the Department of
International Cooperation of Vietnam's Ministry of Culture, Sports and Tourism. Dr. Nguyễn
Phương Hoa is the only real person named in that report; her opening remarks say no more
than the report does. Every other speaker, and the studio, museum, theatre, law firm and
research centre they work for, is invented for the demo. Links point at example domains
only, and no speaker has a photo.

Dates are not written here: each event says on which weekday it falls and about how many
days from the day the demo is loaded (see `eventapp.demo.services`), so that the demo always
shows an upcoming event. Times are local (Asia/Ho_Chi_Minh); sessions name their room and
speakers by key.
"""
from eventapp.models import EventStatus, Honorific, LinkKind, SessionKind, SessionLanguage
from eventapp.models import SpeakerRole as Role

TIMEZONE = "Asia/Ho_Chi_Minh"

# Weekdays as date.weekday() counts them.
TUESDAY, THURSDAY = 1, 3

# The registration of an event opening on the day the demo is loaded.
OPENS_TODAY = "today"

ORGANIZER = (
    "Department of International Cooperation, Ministry of Culture, Sports and Tourism"
)
VENUE = "International Conference Hall, Ministry of Culture, Sports and Tourism"
ADDRESS = "51 Ngô Quyền, Hoàn Kiếm, Hà Nội, Việt Nam"

# Rooms of the venue; each event gets rooms of its own made from these.
MAIN_HALL = dict(key="hall", name="Main Hall", location="Ground floor, entrance A", capacity=200)
ROOM_A = dict(key="room_a", name="Meeting Room A", location="Second floor, east wing", capacity=40)
ROOM_B = dict(key="room_b", name="Meeting Room B", location="Second floor, west wing", capacity=30)
FOYER = dict(key="foyer", name="Foyer", location="Ground floor, by the Main Hall", capacity=None)

DEMO_NOTICE = (
    "*This is demonstration content. Apart from Dr. Nguyễn Phương Hoa, the speakers and "
    "the organizations they represent are fictional.*"
)

VI, EN, VI_EN = SessionLanguage.VIETNAMESE, SessionLanguage.ENGLISH, SessionLanguage.BILINGUAL
K = SessionKind

# ---------------------------------------------------------------------------------------
# Speakers. Slugs are made from the names without diacritics ("nguyen-phuong-hoa").
# ---------------------------------------------------------------------------------------

SPEAKERS: list[dict] = [
    {
        "key": "hoa",
        "honorific": Honorific.DR,
        "full_name": "Nguyễn Phương Hoa",
        "position": "Director, Department of International Cooperation",
        "organization": "Ministry of Culture, Sports and Tourism",
        "country": "VN",
        "biography": (
            "Dr. Nguyễn Phương Hoa is the Director of the Department of International "
            "Cooperation of the Ministry of Culture, Sports and Tourism of Vietnam."
        ),
        "links": [],
    },
    {
        "key": "duc",
        "honorific": Honorific.ASSOC_PROF_DR,
        "full_name": "Trần Minh Đức",
        "position": "Head of the Cultural Industries Research Group",
        "organization": "Institute for Culture and Arts Policy Studies",
        "country": "VN",
        "biography": (
            "Assoc. Prof. Dr. Trần Minh Đức leads the research group that prepared the study "
            "on the current state of policy development for cultural and creative industries "
            "in the digital environment in Vietnam.\n\n"
            "His work covers:\n\n"
            "- cultural policy and law;\n"
            "- the economics of the creative industries;\n"
            "- the digital transformation of cultural institutions."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.org/research/tran-minh-duc", "Research profile"),
            (LinkKind.ORCID, "https://example.org/orcid/0000-0000-0000-0001", None),
        ],
    },
    {
        "key": "huong",
        "honorific": Honorific.DR,
        "full_name": "Lê Thị Thanh Hương",
        "position": "Senior Researcher",
        "organization": "Institute for Culture and Arts Policy Studies",
        "country": "VN",
        "biography": (
            "Dr. Lê Thị Thanh Hương studies the human resources of the cultural sector and "
            "co-wrote the recommendations of the study: completing mechanisms and policies, "
            "expanding digital infrastructure and training high-quality human resources for "
            "the cultural and creative industries."
        ),
        "links": [
            (
                LinkKind.WEBSITE,
                "https://example.org/research/le-thi-thanh-huong",
                "Research profile",
            ),
        ],
    },
    {
        "key": "trang",
        "honorific": Honorific.MS,
        "full_name": "Phạm Thu Trang",
        "position": "Head of the Creative City Project Team",
        "organization": "Department of Culture and Sports, Huế City",
        "country": "VN",
        "biography": (
            "Ms. Phạm Thu Trang coordinates her city's preparation of an application to the "
            "**UNESCO Creative Cities Network**, working with craft villages, museums and "
            "young designers."
        ),
        "links": [],
    },
    {
        "key": "vinh",
        "honorific": Honorific.MR,
        "full_name": "Đỗ Quang Vinh",
        "position": "Producer",
        "organization": "Mây Trắng Film Studio",
        "country": "VN",
        "biography": (
            "Mr. Đỗ Quang Vinh has produced feature films and documentaries for cinemas, "
            "television and streaming platforms, and negotiates co-productions and licences "
            "with international partners."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.com/maytrang-films", "Mây Trắng Film Studio"),
            (LinkKind.LINKEDIN, "https://example.com/in/do-quang-vinh", None),
        ],
    },
    {
        "key": "ngoc_anh",
        "honorific": Honorific.MS,
        "full_name": "Vũ Ngọc Anh",
        "position": "Director",
        "organization": "Museum of Contemporary Crafts",
        "country": "VN",
        "biography": (
            "Ms. Vũ Ngọc Anh has led the museum's digitization of its collections and its "
            "online exhibitions, and works with artisans on the rights in their designs."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.org/museum-of-contemporary-crafts", "Museum"),
        ],
    },
    {
        "key": "khai",
        "honorific": Honorific.MR,
        "full_name": "Hoàng Văn Khải",
        "position": "Director",
        "organization": "Tràng An Experimental Theatre",
        "country": "VN",
        "biography": (
            "Mr. Hoàng Văn Khải is a stage director. His theatre streams some of its "
            "performances online and sells recordings of them."
        ),
        "links": [
            (
                LinkKind.FACEBOOK,
                "https://example.com/trangan-theatre",
                "Tràng An Experimental Theatre",
            ),
        ],
    },
    {
        "key": "lan_phuong",
        "honorific": Honorific.MS,
        "full_name": "Bùi Thị Lan Phương",
        "position": "Partner, intellectual property lawyer",
        "organization": "Bùi & Partners Law Firm",
        "country": "VN",
        "biography": (
            "Ms. Bùi Thị Lan Phương advises artists, publishers, studios and game developers "
            "on copyright, related rights, trademarks and licensing, and on enforcing rights "
            "online."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.com/bui-partners", "Bùi & Partners"),
            (LinkKind.LINKEDIN, "https://example.com/in/bui-thi-lan-phuong", None),
        ],
    },
    {
        "key": "thang",
        "honorific": Honorific.MR,
        "full_name": "Ngô Đức Thắng",
        "position": "Member of the Creative Economy Committee",
        "organization": "American Chamber of Commerce in Vietnam (AmCham)",
        "country": "VN",
        "biography": (
            "Mr. Ngô Đức Thắng speaks for member companies in media, entertainment and "
            "technology on cooperation under the memorandum of understanding between the "
            "Ministry of Culture, Sports and Tourism and AmCham."
        ),
        "links": [
            (LinkKind.LINKEDIN, "https://example.com/in/ngo-duc-thang", None),
        ],
    },
    {
        "key": "ellison",
        "honorific": Honorific.PROF,
        "full_name": "Margaret Ellison",
        "position": "Professor of Cultural Policy",
        "organization": "Centre for Creative Economy Research",
        "country": "GB",
        "biography": (
            "Prof. Margaret Ellison has advised national and city governments on creative "
            "economy strategies and on applications to the UNESCO Creative Cities Network. "
            "She presents in English, with interpretation into Vietnamese."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.org/people/margaret-ellison", "Staff page"),
            (LinkKind.ORCID, "https://example.org/orcid/0000-0000-0000-0002", None),
        ],
    },
]

# ---------------------------------------------------------------------------------------
# The main event: the workshop itself.
# ---------------------------------------------------------------------------------------

MAIN_DESCRIPTION = """\
*Hội thảo "Phát triển chính sách cho các ngành công nghiệp văn hóa, sáng tạo
trong môi trường số tại Việt Nam"*

Digital technologies bring the cultural and creative industries new opportunities to
develop, and new challenges, above all in **intellectual property** and **cybersecurity**.
This workshop of the Ministry of Culture, Sports and Tourism asks what those opportunities
and challenges are for Vietnam, and how other countries have built policies for the growth
of these industries.

### Highlights

- Publication of the **research results on the current state of policy development for
  cultural and creative industries in the digital environment in Vietnam**: the macro policy
  system, policies on digital infrastructure, policies on culture and the cultural industry,
  and policies for particular sectors.
- **Recommendations** to promote the cultural industry amid the fourth Industrial
  Revolution: completing mechanisms and policies, expanding digital infrastructure and
  developing high-quality human resources.
- Afternoon **workshops** in small groups (places are limited, choose one when you register).

### Who takes part

- management agencies of ministries, departments and sectors, including the Ministry of
  Culture, Sports and Tourism and the Ministry of Information and Communications;
- cities wishing to join the UNESCO Creative Cities Network (UCCN);
- domestic and international experts and artists;
- associations, theatres, museums, film studios, and individuals and units working in the
  cultural and creative industries in Vietnam.

The workshop is part of a series of events that put into practice the ministry's memorandum
of understanding on cooperation in culture, the creative economy, sports and tourism with
the American Chamber of Commerce in Vietnam (AmCham).

Sessions are held in Vietnamese or English; the main hall has simultaneous interpretation.

""" + DEMO_NOTICE

MAIN_EVENT: dict = {
    "slug": "creative-industries-digital",
    "title": "Cultural and Creative Industries in the Digital Environment",
    "subtitle": "Policy development in Vietnam: opportunities, challenges and recommendations",
    "organizer": ORGANIZER,
    "status": EventStatus.PUBLISHED,
    "venue": VENUE,
    "address": ADDRESS,
    "contact_email": "creative-industries@example.org",
    "description": MAIN_DESCRIPTION,
    # The main hall seats 200; some seats are kept for the press and the organizers.
    "capacity": 180,
    "notification_emails": "secretariat@example.org",
    # How registration treats each kind of organization (codes of the default taxonomy):
    # public bodies are admitted at once, individuals are reviewed, companies share a quota.
    "policies": {
        "ministry": {"needs_approval": False},
        "local_authority": {"needs_approval": False},
        "international": {"needs_approval": False},
        "company": {"quota": 30},
        "individual": {"needs_approval": True},
    },
    # The first Tuesday at least 32 days ahead: between four and a half and five and a half
    # weeks after the day the demo is loaded.
    "weekday": TUESDAY,
    "days_from_today": 32,
    "starts": "08:00",
    "ends": "17:00",
    "registration_opens": OPENS_TODAY,
    "registration_closes_days_before": 2,
    "rooms": [MAIN_HALL, ROOM_A, ROOM_B, FOYER],
    "sessions": [
        {
            "time": ("08:00", "08:30"),
            "kind": K.BREAK,
            "title": "Registration and welcome coffee",
            "room": "foyer",
            "language": VI_EN,
            "description": "Collect your badge and the printed programme at the registration desk.",
        },
        {
            "time": ("08:30", "08:50"),
            "kind": K.OPENING,
            "title": "Opening remarks",
            "room": "hall",
            "language": VI_EN,
            "description": (
                "The development opportunities that digital technologies have brought to the "
                "cultural and creative industries, and the challenges the sectors face, "
                "especially in intellectual property and cybersecurity. Participants are "
                "invited to point out opportunities and challenges for Vietnam in these "
                "fields and to share experience in building policies for the growth of the "
                "industries."
            ),
            "speakers": [("hoa", Role.SPEAKER)],
        },
        {
            "time": ("08:50", "09:35"),
            "kind": K.KEYNOTE,
            "title": (
                "Research results: the current state of policy development for cultural and "
                "creative industries in the digital environment in Vietnam"
            ),
            "room": "hall",
            "language": VI_EN,
            "description": (
                "The study published at this workshop analyses:\n\n"
                "1. the macro policy system;\n"
                "2. specific policies on developing digital infrastructure;\n"
                "3. policies on culture and the cultural industry;\n"
                "4. policies for particular sectors."
            ),
            "speakers": [("duc", Role.SPEAKER)],
        },
        {
            "time": ("09:35", "10:15"),
            "kind": K.PANEL,
            "title": "Intellectual property and cybersecurity in the digital environment",
            "room": "hall",
            "language": VI_EN,
            "description": (
                "Piracy, licensing across borders, protecting creators' rights on online "
                "platforms, and keeping cultural data and services secure: how the law and "
                "the industries can keep up with digital distribution."
            ),
            "speakers": [
                ("huong", Role.MODERATOR),
                ("lan_phuong", Role.PANELIST),
                ("vinh", Role.PANELIST),
                ("thang", Role.PANELIST),
                ("ellison", Role.PANELIST),
            ],
        },
        {
            "time": ("10:15", "10:35"),
            "kind": K.BREAK,
            "title": "Coffee break",
            "room": "foyer",
            "language": VI_EN,
        },
        {
            "time": ("10:35", "11:15"),
            "kind": K.PRESENTATION,
            "title": (
                "Recommendations: promoting the cultural industry amid the fourth Industrial "
                "Revolution"
            ),
            "room": "hall",
            "language": VI_EN,
            "description": (
                "The measures the study recommends:\n\n"
                "- completing mechanisms and policies to ensure the growth of the industries;\n"
                "- expanding digital infrastructure;\n"
                "- developing high-quality human resources for the industries."
            ),
            "speakers": [("huong", Role.SPEAKER)],
        },
        {
            "time": ("11:15", "12:00"),
            "kind": K.PRESENTATION,
            "title": "Creative economies in the digital age: international experience",
            "room": "hall",
            "language": EN,
            "description": (
                "How other countries and cities have built policies for cultural and creative "
                "industries online, and what they learned. In English, with interpretation "
                "into Vietnamese."
            ),
            "speakers": [("ellison", Role.SPEAKER)],
        },
        {
            "time": ("12:00", "13:30"),
            "kind": K.BREAK,
            "title": "Lunch",
            "room": "foyer",
            "language": VI_EN,
        },
        {
            "time": ("13:30", "15:00"),
            "kind": K.WORKSHOP,
            "title": "Cultural products as intellectual property",
            "room": "room_a",
            "capacity": 40,
            "track": "Intellectual property",
            "language": VI,
            "description": (
                "Some participants in the sector argue that products of the cultural industry "
                "should be recognized as intellectual property, a specific kind of product in "
                "creating and promoting cultural values. Bring a case from your own work: a "
                "performance, a design, a collection, a recording.\n\n"
                "**Limited to 40 participants.**"
            ),
            "speakers": [("lan_phuong", Role.SPEAKER), ("khai", Role.SPEAKER)],
        },
        {
            "time": ("13:30", "15:00"),
            "kind": K.WORKSHOP,
            "title": "Preparing a UNESCO Creative Cities Network application",
            "room": "room_b",
            "capacity": 30,
            "track": "Creative cities",
            "language": VI_EN,
            "description": (
                "For cities wishing to join the UNESCO Creative Cities Network: choosing a "
                "creative field, gathering partners, and presenting a city's plans for culture "
                "in the digital environment.\n\n"
                "**Limited to 30 participants.**"
            ),
            "speakers": [
                ("trang", Role.SPEAKER),
                ("ellison", Role.SPEAKER),
                ("ngoc_anh", Role.SPEAKER),
            ],
        },
        {
            "time": ("13:30", "15:00"),
            "kind": K.WORKSHOP,
            "title": "Film and streaming: cooperation with international platforms",
            "room": "hall",
            "track": "Film and streaming",
            "language": VI_EN,
            "description": (
                "Producers, distributors and platforms on co-production, licensing and "
                "bringing Vietnamese films and series to audiences abroad, in the context of "
                "the ministry's cooperation with AmCham."
            ),
            "speakers": [("vinh", Role.SPEAKER), ("thang", Role.SPEAKER)],
        },
        {
            "time": ("15:00", "15:15"),
            "kind": K.BREAK,
            "title": "Afternoon tea",
            "room": "foyer",
            "language": VI_EN,
        },
        {
            "time": ("15:15", "16:30"),
            "kind": K.PANEL,
            "title": "Discussion: from research to policy",
            "room": "hall",
            "language": VI_EN,
            "description": (
                "Reports from the afternoon workshops, then an open discussion of the "
                "recommendations: what cities, cultural institutions and businesses need from "
                "mechanisms and policies, infrastructure and training."
            ),
            "speakers": [
                ("duc", Role.CHAIR),
                ("trang", Role.PANELIST),
                ("ngoc_anh", Role.PANELIST),
                ("khai", Role.PANELIST),
                ("lan_phuong", Role.PANELIST),
            ],
        },
        {
            "time": ("16:30", "16:45"),
            "kind": K.CLOSING,
            "title": "Summary and closing",
            "room": "hall",
            "language": VI_EN,
            "speakers": [("duc", Role.SPEAKER)],
        },
        {
            "time": ("16:45", "17:00"),
            "kind": K.NETWORKING,
            "title": "Networking",
            "room": "foyer",
            "language": VI_EN,
            "description": "Meet the speakers and the other participants.",
        },
    ],
}

# ---------------------------------------------------------------------------------------
# An earlier event of the series, so that the home page has something under "past events".
# ---------------------------------------------------------------------------------------

PAST_EVENT: dict = {
    "slug": "creative-industries-policy-consultation",
    "title": "Consultation on the Draft Study of Creative Industries Policy",
    "subtitle": "Experts and cultural institutions comment on the draft study",
    "organizer": ORGANIZER,
    "status": EventStatus.PUBLISHED,
    "venue": VENUE,
    "address": ADDRESS,
    "contact_email": "creative-industries@example.org",
    "description": (
        "A morning consultation on the draft of the study on policy development for cultural "
        "and creative industries in the digital environment in Vietnam. Researchers presented "
        "the draft; museums, theatres and cities commented on it before publication.\n\n"
        + DEMO_NOTICE
    ),
    # The first Thursday at least 90 days before: about three months ago.
    "weekday": THURSDAY,
    "days_from_today": -90,
    "starts": "08:30",
    "ends": "11:45",
    "registration_opens_days_before": 30,
    "registration_closes_days_before": 2,
    "rooms": [ROOM_A],
    "sessions": [
        {
            "time": ("08:30", "08:45"),
            "kind": K.OPENING,
            "title": "Welcome and purpose of the consultation",
            "room": "room_a",
            "language": VI,
            "speakers": [("duc", Role.SPEAKER)],
        },
        {
            "time": ("08:45", "09:45"),
            "kind": K.PRESENTATION,
            "title": "The draft study: findings and open questions",
            "room": "room_a",
            "language": VI,
            "speakers": [("huong", Role.SPEAKER)],
        },
        {
            "time": ("09:45", "10:00"),
            "kind": K.BREAK,
            "title": "Coffee break",
            "room": "room_a",
            "language": VI,
        },
        {
            "time": ("10:00", "11:30"),
            "kind": K.PANEL,
            "title": "Comments from cultural institutions and cities",
            "room": "room_a",
            "language": VI,
            "speakers": [
                ("duc", Role.MODERATOR),
                ("ngoc_anh", Role.PANELIST),
                ("khai", Role.PANELIST),
                ("trang", Role.PANELIST),
            ],
        },
        {
            "time": ("11:30", "11:45"),
            "kind": K.CLOSING,
            "title": "Next steps",
            "room": "room_a",
            "language": VI,
            "speakers": [("huong", Role.SPEAKER)],
        },
    ],
}

# ---------------------------------------------------------------------------------------
# A follow-up still being planned: a draft, which the public must never see.
# ---------------------------------------------------------------------------------------

DRAFT_EVENT: dict = {
    "slug": "creative-cities-follow-up",
    "title": "Creative Cities in the Digital Environment: Follow-up Workshop",
    "subtitle": "Planning draft: not yet announced",
    "organizer": ORGANIZER,
    "status": EventStatus.DRAFT,
    "venue": VENUE,
    "address": ADDRESS,
    "contact_email": "creative-industries@example.org",
    "description": (
        "A follow-up for the cities preparing applications to the UNESCO Creative Cities "
        "Network. Programme to be confirmed.\n\n" + DEMO_NOTICE
    ),
    # The first Thursday at least 120 days ahead: about four months away.
    "weekday": THURSDAY,
    "days_from_today": 120,
    "starts": "08:30",
    "ends": "12:00",
    "registration_opens_days_before": 30,
    "registration_closes_days_before": 2,
    "rooms": [MAIN_HALL],
    "sessions": [
        {
            "time": ("08:30", "08:45"),
            "kind": K.OPENING,
            "title": "Opening (speaker to be confirmed)",
            "room": "hall",
            "language": VI_EN,
        },
        {
            "time": ("08:45", "11:45"),
            "kind": K.WORKSHOP,
            "title": "Application clinic for candidate cities",
            "room": "hall",
            "capacity": 60,
            "language": VI_EN,
        },
    ],
}

EVENTS: list[dict] = [MAIN_EVENT, PAST_EVENT, DRAFT_EVENT]
DEMO_SLUGS: list[str] = [event["slug"] for event in EVENTS]
