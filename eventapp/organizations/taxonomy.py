"""The default kinds of organizations, fitted to the audience of a cultural policy workshop.

New installations get these from the initial migration; `flask organizations sync` adds any
that are missing later without touching what organizers have edited.
"""
from eventapp.organizations.models import OrganizationGroup as G

DEFAULT_ORGANIZATION_TYPES: list[dict] = [
    {
        "code": "ministry",
        "name": "Ministry or central agency",
        "name_vi": "Bộ, cơ quan ngang bộ, cơ quan trung ương",
        "group": G.GOVERNMENT,
        "description": "Ministries, ministry-level and central agencies and their departments, "
        "such as the Ministry of Culture, Sports and Tourism or the Ministry of Information "
        "and Communications.",
    },
    {
        "code": "local_authority",
        "name": "Provincial or city authority",
        "name_vi": "Cơ quan chính quyền tỉnh, thành phố",
        "group": G.GOVERNMENT,
        "description": "People's Committees and departments of provinces and cities, including "
        "cities applying to join the UNESCO Creative Cities Network.",
    },
    {
        "code": "international",
        "name": "International organization, embassy or chamber of commerce",
        "name_vi": "Tổ chức quốc tế, cơ quan đại diện ngoại giao, phòng thương mại",
        "group": G.INTERNATIONAL,
        "description": "UNESCO and other international bodies, embassies and consulates, and "
        "chambers of commerce such as the American Chamber of Commerce in Vietnam (AmCham).",
    },
    {
        "code": "company",
        "name": "Company or creative business",
        "name_vi": "Doanh nghiệp, cơ sở kinh doanh sáng tạo",
        "group": G.BUSINESS,
        "description": "Companies and businesses in the cultural and creative industries: "
        "publishing, design, games, streaming, advertising, software and others.",
    },
    {
        "code": "film_studio",
        "name": "Film studio",
        "name_vi": "Hãng phim",
        "group": G.CULTURE,
        "description": "Film studios and production companies.",
    },
    {
        "code": "theatre",
        "name": "Theatre",
        "name_vi": "Nhà hát",
        "group": G.CULTURE,
        "description": "Theatres and performing arts companies.",
    },
    {
        "code": "museum",
        "name": "Museum",
        "name_vi": "Bảo tàng",
        "group": G.CULTURE,
        "description": "Museums, galleries and heritage sites.",
    },
    {
        "code": "association",
        "name": "Association",
        "name_vi": "Hội, hiệp hội",
        "group": G.CULTURE,
        "description": "Associations and societies of artists, professionals and businesses.",
    },
    {
        "code": "research",
        "name": "Research or academic institution",
        "name_vi": "Viện nghiên cứu, cơ sở giáo dục đại học",
        "group": G.KNOWLEDGE,
        "description": "Research institutes, universities and academies.",
    },
    {
        "code": "media",
        "name": "Media",
        "name_vi": "Cơ quan báo chí, truyền thông",
        "group": G.KNOWLEDGE,
        "description": "Newspapers, broadcasters and online media.",
    },
    {
        "code": "expert",
        "name": "Expert",
        "name_vi": "Chuyên gia",
        "group": G.INDIVIDUAL,
        "description": "Domestic and international experts attending in their own capacity.",
    },
    {
        "code": "artist",
        "name": "Artist",
        "name_vi": "Nghệ sĩ",
        "group": G.INDIVIDUAL,
        "description": "Artists, performers, writers and other creators.",
    },
    {
        "code": "individual",
        "name": "Individual",
        "name_vi": "Cá nhân",
        "group": G.INDIVIDUAL,
        "description": "Anyone attending in a personal capacity.",
    },
    {
        "code": "other",
        "name": "Other",
        "name_vi": "Khác",
        "group": G.OTHER,
        "description": "Organizations that fit none of the kinds above.",
    },
]
