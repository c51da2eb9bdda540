"""Registration rush: many people submitting the form at once for sessions with few places.

A published event with a capacity, a quota for ministries and eight workshop sessions of
25 seats (four time slots, two parallel sessions in each). Every submission is a new person
choosing two sessions; they alternate between a ministry (quota) and a company (no quota).
Measured: registrations taken per second (302 after the POST), latency, errors; then the
database is checked for places given beyond any capacity.
"""

import re
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar
from itertools import product

from bench import load
from bench.servers import (
    CpuMeter,
    app_environment,
    flask,
    fresh_database,
    gunicorn,
    redis_url,
)

EVENT_CAPACITY = 1500
MINISTRY_QUOTA = 300
SESSION_SEATS = 25
SLOTS, PARALLEL = 4, 2


def _app(database_url: str):
    from eventapp import create_app
    from eventapp.config import normalize_database_url

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url),
            "SECRET_KEY": "bench-only-" + "x" * 40,
            "MAIL_BACKEND": "file",
            "MAIL_SERVER": None,
        }
    )


def _create_event(database_url: str) -> dict:
    from eventapp.db import utc_now
    from eventapp.events.models import Event, EventStatus
    from eventapp.extensions import db
    from eventapp.organizations.models import OrganizationType
    from eventapp.organizations.services import sync_organization_types
    from eventapp.programme.models import SessionKind, WorkshopSession
    from eventapp.registration.models import TypePolicy

    app = _app(database_url)
    with app.app_context():
        sync_organization_types()
        starts = utc_now().replace(hour=2, minute=0, second=0, microsecond=0) + timedelta(days=30)
        event = Event(
            slug="rush",
            title="Registration rush",
            status=EventStatus.PUBLISHED,
            starts_at=starts,
            ends_at=starts + timedelta(hours=9),
            capacity=EVENT_CAPACITY,
            venue="Hanoi Opera House",
            contact_email="contact@example.org",
        )
        db.session.add(event)
        db.session.flush()
        slots = []
        for slot in range(SLOTS):
            begins = starts + timedelta(hours=2 * slot)
            sessions = [
                WorkshopSession(
                    event_id=event.id,
                    title=f"Workshop {slot + 1}{'ab'[n]}",
                    kind=SessionKind.WORKSHOP,
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=1, minutes=30),
                    capacity=SESSION_SEATS,
                )
                for n in range(PARALLEL)
            ]
            db.session.add_all(sessions)
            db.session.flush()
            slots.append([s.id for s in sessions])
        types = dict(
            db.session.execute(
                db.select(OrganizationType.code, OrganizationType.id).where(
                    OrganizationType.code.in_(["ministry", "company"])
                )
            ).all()
        )
        db.session.add(
            TypePolicy(
                event_id=event.id, organization_type_id=types["ministry"], quota=MINISTRY_QUOTA
            )
        )
        db.session.commit()
        db.engine.dispose()
    return {"slug": "rush", "slots": slots, "types": types}


def _variants(setup: dict) -> list[list[tuple[str, str]]]:
    """Two sessions in different time slots, and the kind of organization, taken in turn."""
    slots = setup["slots"]
    pairs = [
        (a, b) for i, j in ((0, 1), (2, 3), (1, 2), (0, 3)) for a, b in product(slots[i], slots[j])
    ]
    variants = []
    for n, (a, b) in enumerate(pairs * 2):
        kind = "ministry" if n % 2 else "company"
        variants.append(
            [
                ("sessions", str(a)),
                ("sessions", str(b)),
                ("organization_type", str(setup["types"][kind])),
            ]
        )
    return variants


def _open_form(url: str) -> tuple[str, str]:
    """The session cookie and CSRF token a visitor gets by opening the form."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=30) as response:
        html = response.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', html
    )
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, token.group(1)


def check_places(database_url: str) -> dict:
    """Places given beyond a capacity (must be 0) and counters that disagree with the rows."""
    from sqlalchemy import func, select

    from eventapp.events.models import Event
    from eventapp.extensions import db
    from eventapp.programme.models import WorkshopSession
    from eventapp.registration.models import ChoiceStatus, Registration, SessionChoice, TypePolicy

    app = _app(database_url)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "rush"))
        holders = db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.event_id == event.id, Registration.holds_place.is_(True))
        )
        registrations = db.session.scalar(
            select(func.count()).select_from(Registration).where(Registration.event_id == event.id)
        )
        oversold = max(0, holders - event.capacity)
        mismatches = int(holders != event.seats_taken)
        for session in db.session.scalars(
            select(WorkshopSession).where(WorkshopSession.event_id == event.id)
        ):
            seated = db.session.scalar(
                select(func.count())
                .select_from(SessionChoice)
                .where(
                    SessionChoice.session_id == session.id,
                    SessionChoice.status == ChoiceStatus.HOLDING,
                )
            )
            oversold += max(0, seated - session.capacity)
            mismatches += int(seated != session.seats_taken)
        for policy in db.session.scalars(select(TypePolicy).where(TypePolicy.event_id == event.id)):
            taken = db.session.scalar(
                select(func.count())
                .select_from(Registration)
                .where(
                    Registration.event_id == event.id,
                    Registration.holds_place.is_(True),
                    Registration.organization_type_id == policy.organization_type_id,
                )
            )
            if policy.quota is not None:
                oversold += max(0, taken - policy.quota)
            mismatches += int(taken != policy.seats_taken)
        db.engine.dispose()
    return {
        "registrations": registrations,
        "holding_places": holders,
        "oversold": oversold,
        "counter_mismatches": mismatches,
    }


def run(kind: str, seconds: float, connections: int, tmp_dir) -> dict:
    with fresh_database(kind, tmp_dir) as database_url:
        redis = redis_url()
        env = app_environment(
            database_url,
            tmp_dir,
            # The limiter runs as in production (on Redis when there is one), with a limit
            # the benchmark's single client address never reaches.
            REDIS_URL=redis,
            RATELIMIT_REGISTER="10000000 per minute",
        )
        flask(env, "db", "upgrade")
        setup = _create_event(database_url)
        form_path = f"/events/{setup['slug']}/register"
        with gunicorn(env) as server:
            cookie, token = _open_form(server.url + form_path)
            form = load.FormPost(
                cookie=cookie,
                fields={
                    "csrf_token": token,
                    "honorific": "none",
                    "full_name": "Nguyễn Thị Hoa",
                    "language": "vi",
                    "organization_name": "Bench organization",
                    "country": "VN",
                    "consent": "y",
                },
                variants=_variants(setup),
                email_prefix=f"rush-{kind}",
            )
            meter = CpuMeter(server, database_url)
            meter.start()
            result = load.post_form(server.url + form_path, seconds, connections, form)
            cpu = meter.stop(result.requests)
        places = check_places(database_url)
    return {
        "name": "registration rush",
        "database": kind,
        "redis": bool(redis),
        **result.as_dict(),
        **cpu,
        **places,
        # Every registration taken answered 302; any other answer is an error.
        "lost": max(0, result.ok - places["registrations"]),
    }
