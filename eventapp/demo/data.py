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
from eventapp.events.models import EventStatus
from eventapp.labels import Honorific
from eventapp.programme.models import SessionKind, SessionLanguage
from eventapp.programme.models import SpeakerRole as Role
from eventapp.speakers.models import LinkKind

TIMEZONE = "Asia/Ho_Chi_Minh"

# Weekdays as date.weekday() counts them.
TUESDAY, THURSDAY = 1, 3

# The registration of an event opening on the day the demo is loaded.
OPENS_TODAY = "today"

ORGANIZER = (
    "Department of International Cooperation, Ministry of Culture, Sports and Tourism"
)
ORGANIZER_VI = "Cục Hợp tác quốc tế, Bộ Văn hóa, Thể thao và Du lịch"
VENUE = "International Conference Hall, Ministry of Culture, Sports and Tourism"
VENUE_VI = "Hội trường Quốc tế, Bộ Văn hóa, Thể thao và Du lịch"
ADDRESS = "51 Ngo Quyen Street, Hoan Kiem, Hanoi, Vietnam"
ADDRESS_VI = "51 Ngô Quyền, Hoàn Kiếm, Hà Nội, Việt Nam"

# Rooms of the venue; each event gets rooms of its own made from these.
MAIN_HALL = dict(
    key="hall", name="Main Hall", name_vi="Hội trường chính",
    location="Ground floor, entrance A", location_vi="Tầng trệt, lối vào A", capacity=200,
)
ROOM_A = dict(
    key="room_a", name="Meeting Room A", name_vi="Phòng họp A",
    location="Second floor, east wing", location_vi="Tầng 2, cánh đông", capacity=40,
)
ROOM_B = dict(
    key="room_b", name="Meeting Room B", name_vi="Phòng họp B",
    location="Second floor, west wing", location_vi="Tầng 2, cánh tây", capacity=30,
)
FOYER = dict(
    key="foyer", name="Foyer", name_vi="Sảnh",
    location="Ground floor, by the Main Hall", location_vi="Tầng trệt, cạnh Hội trường chính",
    capacity=None,
)

DEMO_NOTICE = (
    "*This is demonstration content. Apart from Dr. Nguyễn Phương Hoa, the speakers and "
    "the organizations they represent are fictional.*"
)
DEMO_NOTICE_VI = (
    "*Đây là nội dung minh họa. Ngoài TS. Nguyễn Phương Hoa, các diễn giả và các tổ chức mà "
    "họ đại diện đều là hư cấu.*"
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
        "position_vi": "Cục trưởng Cục Hợp tác quốc tế",
        "organization_vi": "Bộ Văn hóa, Thể thao và Du lịch",
        "biography_vi": (
            "TS. Nguyễn Phương Hoa là Cục trưởng Cục Hợp tác quốc tế, Bộ Văn hóa, Thể thao và Du "
            "lịch Việt Nam."
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
        "position_vi": "Trưởng nhóm nghiên cứu Công nghiệp văn hóa",
        "organization_vi": "Viện Nghiên cứu Chính sách Văn hóa và Nghệ thuật",
        "biography_vi": (
            "PGS.TS. Trần Minh Đức là trưởng nhóm nghiên cứu thực hiện công trình nghiên cứu về "
            "thực trạng phát triển chính sách cho các ngành công nghiệp văn hóa, sáng tạo trong "
            "môi trường số tại Việt Nam.\n\n"
            "Các lĩnh vực nghiên cứu của ông:\n\n"
            "- chính sách và pháp luật về văn hóa;\n"
            "- kinh tế học các ngành công nghiệp sáng tạo;\n"
            "- chuyển đổi số trong các thiết chế văn hóa."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.org/research/tran-minh-duc", None),
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
        "position_vi": "Nghiên cứu viên cao cấp",
        "organization_vi": "Viện Nghiên cứu Chính sách Văn hóa và Nghệ thuật",
        "biography_vi": (
            "TS. Lê Thị Thanh Hương nghiên cứu về nguồn nhân lực ngành văn hóa và là đồng tác giả "
            "các khuyến nghị của công trình nghiên cứu: hoàn thiện cơ chế, chính sách; mở rộng hạ "
            "tầng số và đào tạo nguồn nhân lực chất lượng cao cho các ngành công nghiệp văn hóa, "
            "sáng tạo."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.org/research/le-thi-thanh-huong", None),
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
        "position_vi": "Trưởng nhóm Dự án Thành phố sáng tạo",
        "organization_vi": "Sở Văn hóa và Thể thao thành phố Huế",
        "biography_vi": (
            "Bà Phạm Thu Trang điều phối công tác chuẩn bị hồ sơ của thành phố gia nhập **Mạng "
            "lưới các Thành phố sáng tạo của UNESCO**, phối hợp với các làng nghề, bảo tàng và "
            "các nhà thiết kế trẻ."
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
        "position_vi": "Nhà sản xuất phim",
        "organization_vi": "Hãng phim Mây Trắng",
        "biography_vi": (
            "Ông Đỗ Quang Vinh đã sản xuất nhiều phim truyện và phim tài liệu cho rạp chiếu, "
            "truyền hình và các nền tảng trực tuyến, đồng thời đàm phán hợp tác sản xuất và cấp "
            "phép với các đối tác quốc tế."
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
        "position_vi": "Giám đốc",
        "organization_vi": "Bảo tàng Thủ công Đương đại",
        "biography_vi": (
            "Bà Vũ Ngọc Anh chỉ đạo việc số hóa các bộ sưu tập và tổ chức triển lãm trực tuyến "
            "của bảo tàng, đồng thời làm việc với các nghệ nhân về quyền đối với thiết kế của họ."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.org/museum-of-contemporary-crafts", None),
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
        "position_vi": "Giám đốc",
        "organization_vi": "Nhà hát Thể nghiệm Tràng An",
        "biography_vi": (
            "Ông Hoàng Văn Khải là đạo diễn sân khấu. Nhà hát của ông phát trực tuyến một số vở "
            "diễn và bán bản ghi hình các buổi biểu diễn."
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
        "position_vi": "Luật sư thành viên, chuyên về sở hữu trí tuệ",
        "organization_vi": "Công ty Luật Bùi & Cộng sự",
        "biography_vi": (
            "Bà Bùi Thị Lan Phương tư vấn cho nghệ sĩ, nhà xuất bản, hãng phim và nhà phát triển "
            "trò chơi về quyền tác giả, quyền liên quan, nhãn hiệu và cấp phép, cũng như về thực "
            "thi quyền trên môi trường mạng."
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
        "position_vi": "Thành viên Ủy ban Kinh tế sáng tạo",
        "organization_vi": "Phòng Thương mại Hoa Kỳ tại Việt Nam (AmCham)",
        "biography_vi": (
            "Ông Ngô Đức Thắng đại diện cho các doanh nghiệp thành viên trong lĩnh vực truyền "
            "thông, giải trí và công nghệ về hợp tác theo Biên bản ghi nhớ giữa Bộ Văn hóa, Thể "
            "thao và Du lịch và AmCham."
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
        "position_vi": "Giáo sư Chính sách văn hóa",
        "organization_vi": "Trung tâm Nghiên cứu Kinh tế sáng tạo",
        "biography_vi": (
            "GS. Margaret Ellison đã tư vấn cho chính phủ nhiều quốc gia và chính quyền nhiều "
            "thành phố về chiến lược kinh tế sáng tạo và hồ sơ gia nhập Mạng lưới các Thành phố "
            "sáng tạo của UNESCO. Bà trình bày bằng tiếng Anh, có phiên dịch sang tiếng Việt."
        ),
        "links": [
            (LinkKind.WEBSITE, "https://example.org/people/margaret-ellison", None),
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

MAIN_DESCRIPTION_VI = """\
Công nghệ số mang đến cho các ngành công nghiệp văn hóa, sáng tạo những cơ hội phát triển
mới, đồng thời đặt ra những thách thức mới, trước hết là về **sở hữu trí tuệ** và **an ninh
mạng**. Hội thảo do Bộ Văn hóa, Thể thao và Du lịch tổ chức nhằm làm rõ những cơ hội và thách
thức đó đối với Việt Nam, cũng như kinh nghiệm của các quốc gia khác trong việc xây dựng chính
sách phát triển các ngành công nghiệp này.

### Nội dung chính

- Công bố **kết quả nghiên cứu về thực trạng phát triển chính sách cho các ngành công nghiệp
  văn hóa, sáng tạo trong môi trường số tại Việt Nam**: hệ thống chính sách vĩ mô, chính sách
  phát triển hạ tầng số, chính sách về văn hóa và công nghiệp văn hóa, và chính sách cho từng
  lĩnh vực cụ thể.
- **Khuyến nghị** các giải pháp thúc đẩy công nghiệp văn hóa trong bối cảnh Cách mạng công
  nghiệp lần thứ tư: hoàn thiện cơ chế, chính sách; mở rộng hạ tầng số; phát triển nguồn nhân
  lực chất lượng cao.
- Các **phiên chuyên đề** theo nhóm nhỏ vào buổi chiều (số chỗ có hạn, Quý vị vui lòng chọn
  một phiên khi đăng ký).

### Thành phần tham dự

- đại diện các cơ quan quản lý của các bộ, ban, ngành, trong đó có Bộ Văn hóa, Thể thao và Du
  lịch và Bộ Thông tin và Truyền thông;
- các thành phố mong muốn gia nhập Mạng lưới các Thành phố sáng tạo của UNESCO (UCCN);
- các chuyên gia, nghệ sĩ trong nước và quốc tế;
- các hiệp hội, nhà hát, bảo tàng, hãng phim, cùng các cá nhân và đơn vị hoạt động trong lĩnh
  vực công nghiệp văn hóa, sáng tạo tại Việt Nam.

Hội thảo nằm trong chuỗi sự kiện cụ thể hóa Biên bản ghi nhớ hợp tác trong lĩnh vực văn hóa,
kinh tế sáng tạo, thể thao và du lịch giữa Bộ và Phòng Thương mại Hoa Kỳ tại Việt Nam (AmCham).

Các phiên được tổ chức bằng tiếng Việt hoặc tiếng Anh; hội trường chính có phiên dịch đồng
thời.

""" + DEMO_NOTICE_VI

MAIN_EVENT: dict = {
    "slug": "creative-industries-digital",
    "title": "Cultural and Creative Industries in the Digital Environment",
    "subtitle": "Policy development in Vietnam: opportunities, challenges and recommendations",
    # The workshop's own Vietnamese title.
    "title_vi": (
        "Phát triển chính sách cho các ngành công nghiệp văn hóa, sáng tạo trong môi trường số "
        "tại Việt Nam"
    ),
    "subtitle_vi": "Cơ hội, thách thức và khuyến nghị",
    "organizer": ORGANIZER,
    "organizer_vi": ORGANIZER_VI,
    "status": EventStatus.PUBLISHED,
    "venue": VENUE,
    "venue_vi": VENUE_VI,
    "address": ADDRESS,
    "address_vi": ADDRESS_VI,
    "contact_email": "creative-industries@example.org",
    "description": MAIN_DESCRIPTION,
    "description_vi": MAIN_DESCRIPTION_VI,
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
            "title_vi": "Đón tiếp đại biểu và tiệc trà chào mừng",
            "room": "foyer",
            "language": VI_EN,
            "description": "Collect your badge and the printed programme at the registration desk.",
            "description_vi": "Quý vị nhận thẻ đại biểu và chương trình in sẵn tại bàn đăng ký.",
        },
        {
            "time": ("08:30", "08:50"),
            "kind": K.OPENING,
            "title": "Opening remarks",
            "title_vi": "Phát biểu khai mạc",
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
            "description_vi": (
                "Những cơ hội phát triển mà công nghệ số mang lại cho các ngành công nghiệp văn "
                "hóa, sáng tạo, cùng những thách thức mà các ngành này đang đối mặt, đặc biệt về "
                "sở hữu trí tuệ và an ninh mạng. Đại biểu được mời cùng chỉ ra những cơ hội và "
                "thách thức đối với Việt Nam trong các lĩnh vực này, và chia sẻ kinh nghiệm xây "
                "dựng chính sách phát triển các ngành công nghiệp văn hóa, sáng tạo."
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
            "title_vi": (
                "Công bố kết quả nghiên cứu: thực trạng phát triển chính sách cho các ngành công "
                "nghiệp văn hóa, sáng tạo trong môi trường số tại Việt Nam"
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
            "description_vi": (
                "Nghiên cứu được công bố tại hội thảo phân tích:\n\n"
                "1. hệ thống chính sách vĩ mô;\n"
                "2. các chính sách cụ thể về phát triển hạ tầng số;\n"
                "3. chính sách về văn hóa và công nghiệp văn hóa;\n"
                "4. chính sách cho từng lĩnh vực cụ thể."
            ),
            "speakers": [("duc", Role.SPEAKER)],
        },
        {
            "time": ("09:35", "10:15"),
            "kind": K.PANEL,
            "title": "Intellectual property and cybersecurity in the digital environment",
            "title_vi": "Sở hữu trí tuệ và an ninh mạng trong môi trường số",
            "room": "hall",
            "language": VI_EN,
            "description": (
                "Piracy, licensing across borders, protecting creators' rights on online "
                "platforms, and keeping cultural data and services secure: how the law and "
                "the industries can keep up with digital distribution."
            ),
            "description_vi": (
                "Vi phạm bản quyền, cấp phép xuyên biên giới, bảo vệ quyền của người sáng tạo "
                "trên các nền tảng trực tuyến, bảo đảm an toàn cho dữ liệu và dịch vụ văn hóa: "
                "pháp luật và các ngành công nghiệp cần làm gì để theo kịp phương thức phân phối "
                "số."
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
            "title_vi": "Giải lao",
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
            "title_vi": (
                "Khuyến nghị: thúc đẩy công nghiệp văn hóa trong bối cảnh Cách mạng công nghiệp "
                "lần thứ tư"
            ),
            "room": "hall",
            "language": VI_EN,
            "description": (
                "The measures the study recommends:\n\n"
                "- completing mechanisms and policies to ensure the growth of the industries;\n"
                "- expanding digital infrastructure;\n"
                "- developing high-quality human resources for the industries."
            ),
            "description_vi": (
                "Các giải pháp mà nghiên cứu khuyến nghị:\n\n"
                "- hoàn thiện cơ chế, chính sách bảo đảm cho sự phát triển của các ngành công "
                "nghiệp;\n"
                "- mở rộng hạ tầng số;\n"
                "- phát triển nguồn nhân lực chất lượng cao cho các ngành công nghiệp."
            ),
            "speakers": [("huong", Role.SPEAKER)],
        },
        {
            "time": ("11:15", "12:00"),
            "kind": K.PRESENTATION,
            "title": "Creative economies in the digital age: international experience",
            "title_vi": "Kinh tế sáng tạo trong kỷ nguyên số: kinh nghiệm quốc tế",
            "room": "hall",
            "language": EN,
            "description": (
                "How other countries and cities have built policies for cultural and creative "
                "industries online, and what they learned. In English, with interpretation "
                "into Vietnamese."
            ),
            "description_vi": (
                "Các quốc gia và thành phố khác đã xây dựng chính sách cho các ngành công nghiệp "
                "văn hóa, sáng tạo trên môi trường trực tuyến như thế nào, và rút ra những bài "
                "học gì. Trình bày bằng tiếng Anh, có phiên dịch sang tiếng Việt."
            ),
            "speakers": [("ellison", Role.SPEAKER)],
        },
        {
            "time": ("12:00", "13:30"),
            "kind": K.BREAK,
            "title": "Lunch",
            "title_vi": "Nghỉ trưa",
            "room": "foyer",
            "language": VI_EN,
        },
        {
            "time": ("13:30", "15:00"),
            "kind": K.WORKSHOP,
            "title": "Cultural products as intellectual property",
            "title_vi": "Sản phẩm văn hóa là tài sản trí tuệ",
            "room": "room_a",
            "capacity": 40,
            "track": "Intellectual property",
            "track_vi": "Sở hữu trí tuệ",
            "language": VI,
            "description": (
                "Some participants in the sector argue that products of the cultural industry "
                "should be recognized as intellectual property, a specific kind of product in "
                "creating and promoting cultural values. Bring a case from your own work: a "
                "performance, a design, a collection, a recording.\n\n"
                "**Limited to 40 participants.**"
            ),
            "description_vi": (
                "Một số đại biểu trong ngành cho rằng cần coi sản phẩm của công nghiệp văn hóa là "
                "tài sản trí tuệ, một loại sản phẩm đặc thù trong việc sáng tạo và quảng bá các "
                "giá trị văn hóa. Quý vị vui lòng mang theo một trường hợp từ chính công việc của "
                "mình: một buổi biểu diễn, một thiết kế, một bộ sưu tập, một bản ghi âm.\n\n"
                "**Giới hạn 40 người tham dự.**"
            ),
            "speakers": [("lan_phuong", Role.SPEAKER), ("khai", Role.SPEAKER)],
        },
        {
            "time": ("13:30", "15:00"),
            "kind": K.WORKSHOP,
            "title": "Preparing a UNESCO Creative Cities Network application",
            "title_vi": "Chuẩn bị hồ sơ gia nhập Mạng lưới các Thành phố sáng tạo của UNESCO",
            "room": "room_b",
            "capacity": 30,
            "track": "Creative cities",
            "track_vi": "Thành phố sáng tạo",
            "language": VI_EN,
            "description": (
                "For cities wishing to join the UNESCO Creative Cities Network: choosing a "
                "creative field, gathering partners, and presenting a city's plans for culture "
                "in the digital environment.\n\n"
                "**Limited to 30 participants.**"
            ),
            "description_vi": (
                "Dành cho các thành phố mong muốn gia nhập Mạng lưới các Thành phố sáng tạo của "
                "UNESCO: lựa chọn lĩnh vực sáng tạo, tập hợp đối tác và trình bày kế hoạch phát "
                "triển văn hóa của thành phố trong môi trường số.\n\n"
                "**Giới hạn 30 người tham dự.**"
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
            "title_vi": "Điện ảnh và truyền hình trực tuyến: hợp tác với các nền tảng quốc tế",
            "room": "hall",
            "track": "Film and streaming",
            "track_vi": "Điện ảnh và truyền hình trực tuyến",
            "language": VI_EN,
            "description": (
                "Producers, distributors and platforms on co-production, licensing and "
                "bringing Vietnamese films and series to audiences abroad, in the context of "
                "the ministry's cooperation with AmCham."
            ),
            "description_vi": (
                "Các nhà sản xuất, nhà phát hành và nền tảng trực tuyến trao đổi về hợp tác sản "
                "xuất, cấp phép và đưa phim điện ảnh, phim truyền hình Việt Nam đến với khán giả "
                "nước ngoài, trong khuôn khổ hợp tác giữa Bộ và AmCham."
            ),
            "speakers": [("vinh", Role.SPEAKER), ("thang", Role.SPEAKER)],
        },
        {
            "time": ("15:00", "15:15"),
            "kind": K.BREAK,
            "title": "Afternoon tea",
            "title_vi": "Giải lao buổi chiều",
            "room": "foyer",
            "language": VI_EN,
        },
        {
            "time": ("15:15", "16:30"),
            "kind": K.PANEL,
            "title": "Discussion: from research to policy",
            "title_vi": "Thảo luận: từ nghiên cứu đến chính sách",
            "room": "hall",
            "language": VI_EN,
            "description": (
                "Reports from the afternoon workshops, then an open discussion of the "
                "recommendations: what cities, cultural institutions and businesses need from "
                "mechanisms and policies, infrastructure and training."
            ),
            "description_vi": (
                "Báo cáo kết quả các phiên chuyên đề buổi chiều, sau đó thảo luận mở về các "
                "khuyến nghị: các thành phố, thiết chế văn hóa và doanh nghiệp cần gì về cơ chế, "
                "chính sách, hạ tầng và đào tạo."
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
            "title_vi": "Tổng kết và bế mạc",
            "room": "hall",
            "language": VI_EN,
            "speakers": [("duc", Role.SPEAKER)],
        },
        {
            "time": ("16:45", "17:00"),
            "kind": K.NETWORKING,
            "title": "Networking",
            "title_vi": "Giao lưu",
            "room": "foyer",
            "language": VI_EN,
            "description": "Meet the speakers and the other participants.",
            "description_vi": "Gặp gỡ các diễn giả và các đại biểu khác.",
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
    "title_vi": "Tham vấn dự thảo Nghiên cứu chính sách phát triển các ngành công nghiệp sáng tạo",
    "subtitle_vi": "Chuyên gia và các thiết chế văn hóa góp ý cho dự thảo nghiên cứu",
    "organizer": ORGANIZER,
    "organizer_vi": ORGANIZER_VI,
    "status": EventStatus.PUBLISHED,
    "venue": VENUE,
    "venue_vi": VENUE_VI,
    "address": ADDRESS,
    "address_vi": ADDRESS_VI,
    "contact_email": "creative-industries@example.org",
    "description": (
        "A morning consultation on the draft of the study on policy development for cultural "
        "and creative industries in the digital environment in Vietnam. Researchers presented "
        "the draft; museums, theatres and cities commented on it before publication.\n\n"
        + DEMO_NOTICE
    ),
    "description_vi": (
        "Buổi tham vấn sáng về dự thảo nghiên cứu phát triển chính sách cho các ngành công nghiệp "
        "văn hóa, sáng tạo trong môi trường số tại Việt Nam. Nhóm nghiên cứu trình bày dự thảo; "
        "các bảo tàng, nhà hát và thành phố góp ý trước khi công bố.\n\n"
        + DEMO_NOTICE_VI
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
            "title_vi": "Phát biểu chào mừng và mục đích buổi tham vấn",
            "room": "room_a",
            "language": VI,
            "speakers": [("duc", Role.SPEAKER)],
        },
        {
            "time": ("08:45", "09:45"),
            "kind": K.PRESENTATION,
            "title": "The draft study: findings and open questions",
            "title_vi": "Dự thảo nghiên cứu: các phát hiện và những vấn đề còn để ngỏ",
            "room": "room_a",
            "language": VI,
            "speakers": [("huong", Role.SPEAKER)],
        },
        {
            "time": ("09:45", "10:00"),
            "kind": K.BREAK,
            "title": "Coffee break",
            "title_vi": "Giải lao",
            "room": "room_a",
            "language": VI,
        },
        {
            "time": ("10:00", "11:30"),
            "kind": K.PANEL,
            "title": "Comments from cultural institutions and cities",
            "title_vi": "Ý kiến góp ý của các thiết chế văn hóa và các thành phố",
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
            "title_vi": "Các bước tiếp theo",
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
    "title_vi": "Thành phố sáng tạo trong môi trường số: hội thảo tiếp nối",
    "subtitle_vi": "Bản dự thảo kế hoạch: chưa công bố",
    "organizer": ORGANIZER,
    "organizer_vi": ORGANIZER_VI,
    "status": EventStatus.DRAFT,
    "venue": VENUE,
    "venue_vi": VENUE_VI,
    "address": ADDRESS,
    "address_vi": ADDRESS_VI,
    "contact_email": "creative-industries@example.org",
    "description": (
        "A follow-up for the cities preparing applications to the UNESCO Creative Cities "
        "Network. Programme to be confirmed.\n\n" + DEMO_NOTICE
    ),
    "description_vi": (
        "Hội thảo tiếp nối dành cho các thành phố đang chuẩn bị hồ sơ gia nhập Mạng lưới các "
        "Thành phố sáng tạo của UNESCO. Chương trình sẽ được thông báo sau.\n\n" + DEMO_NOTICE_VI
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
            "title_vi": "Khai mạc (diễn giả sẽ được thông báo sau)",
            "room": "hall",
            "language": VI_EN,
        },
        {
            "time": ("08:45", "11:45"),
            "kind": K.WORKSHOP,
            "title": "Application clinic for candidate cities",
            "title_vi": "Tư vấn hồ sơ cho các thành phố ứng cử",
            "room": "hall",
            "capacity": 60,
            "language": VI_EN,
        },
    ],
}

EVENTS: list[dict] = [MAIN_EVENT, PAST_EVENT, DRAFT_EVENT]
DEMO_SLUGS: list[str] = [event["slug"] for event in EVENTS]
