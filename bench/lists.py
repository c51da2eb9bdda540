"""The organizers' registration list and exports, at 1,000 and then 100,000 registrations.

In-process, through Flask's test client signed in as an administrator: the list's first page
(the median of several requests) and the CSV and XLSX exports read to their end under
tracemalloc, for the peak of Python memory they allocate (and their time, slowed by it).
The registrations are written straight into the table, as many as the step needs.
"""

import secrets
import statistics
import time
import tracemalloc
from datetime import timedelta

from bench.rush import _app, _create_event
from bench.servers import app_environment, flask, fresh_database

PASSWORD = "bench password, long enough"
SIZES = (1_000, 100_000)
ORGANIZATIONS = ("Bộ Văn hóa, Thể thao và Du lịch", "Sở Văn hóa Hà Nội", "Bảo tàng Mỹ thuật",
                 "AmCham Vietnam", "Hãng phim Giải Phóng", "Nhà hát Lớn")


def run(kind: str, tmp_dir, sizes=SIZES) -> list[dict]:
    with fresh_database(kind, tmp_dir) as database_url:
        flask(app_environment(database_url, tmp_dir), "db", "upgrade")
        setup = _create_event(database_url)
        app = _app(database_url)
        app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        event_id = _admin_and_event(app)
        client = app.test_client()
        response = client.post(
            "/workspace/login", data={"email": "admin@example.org", "password": PASSWORD}
        )
        assert response.status_code in (302, 303), response.status_code
        rows, have = [], 0
        for size in sizes:
            _add_registrations(app, event_id, list(setup["types"].values()), have, size)
            have = size
            _analyze(app)
            base = f"/workspace/events/{event_id}/registrations"
            rows.append({
                "name": "registration list, first page",
                "database": kind,
                "registrations": size,
                **_list_timing(client, base, 21),
            })
            for suffix in ("export.csv", "export.xlsx"):
                ms, peak = _export(client, f"{base}/{suffix}")
                rows.append({
                    "name": f"export {suffix.split('.')[1].upper()}",
                    "database": kind,
                    "registrations": size,
                    "ms": ms,
                    "peak_mb": peak,
                })
        with app.app_context():
            from eventapp.extensions import db

            db.engine.dispose()
    return rows


def _admin_and_event(app) -> int:
    from sqlalchemy import select

    from eventapp.accounts.models import Role
    from eventapp.accounts.services import create_account
    from eventapp.events.models import Event
    from eventapp.extensions import db

    with app.app_context():
        create_account("admin@example.org", "Admin", PASSWORD, Role.ADMIN)
        db.session.commit()
        return db.session.scalar(select(Event.id).where(Event.slug == "rush"))


def _add_registrations(app, event_id: int, type_ids: list[int], start: int, stop: int) -> None:
    from sqlalchemy import insert

    from eventapp.db import utc_now
    from eventapp.extensions import db
    from eventapp.registration.models import Language, Registration, RegistrationStatus

    statuses = [RegistrationStatus.CONFIRMED] * 6 + [
        RegistrationStatus.PENDING_CONFIRMATION, RegistrationStatus.WAITLISTED,
        RegistrationStatus.CANCELLED,
    ]
    now = utc_now()
    with app.app_context():
        for first in range(start, stop, 5000):
            batch = []
            for n in range(first, min(first + 5000, stop)):
                name = f"Nguyễn Thị Hoa {n}"
                email = f"person{n}@example.org"
                organization = ORGANIZATIONS[n % len(ORGANIZATIONS)]
                batch.append({
                    "event_id": event_id,
                    "status": statuses[n % len(statuses)],
                    "holds_place": False,
                    "email": email,
                    "email_key": email,
                    "honorific": "none",
                    "full_name": name,
                    "organization_name": organization,
                    "organization_type_id": type_ids[n % len(type_ids)],
                    "country": "VN",
                    "language": Language.VIETNAMESE,
                    "consented_at": now,
                    "publish_consent": False,
                    "unesco_applicant": False,
                    "needs_interpretation": False,
                    "manage_secret": secrets.token_urlsafe(32),
                    "ticket_code": secrets.token_hex(8).upper(),
                    "created_at": now - timedelta(seconds=n),
                    "updated_at": now,
                    "search_text": f"nguyen thi hoa {n} {email} {organization.lower()}",
                })
            db.session.execute(insert(Registration), batch)
            db.session.commit()


def _analyze(app) -> None:
    """Statistics as autovacuum (PostgreSQL) would have them a minute after such a load.

    Read at once, 100,000 rows written in seconds still carry the statistics of an empty
    table, and PostgreSQL plans the list's first page as a scan (160 ms instead of 1 ms).
    """
    from sqlalchemy import text

    from eventapp.extensions import db

    with app.app_context():
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _list_timing(client, path: str, times: int) -> dict:
    """Medians of wall-clock and CPU time; on a shared machine the CPU time varies less."""
    client.get(path).close()
    walls, cpus = [], []
    for _ in range(times):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        size = sum(len(chunk) for chunk in response.response)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200 and size, (path, response.status_code)
        response.close()
    return {"ms": round(statistics.median(walls), 1), "cpu_ms": round(statistics.median(cpus), 1)}


def _export(client, path: str) -> tuple[float, float]:
    """Time (under tracemalloc, which slows Python down) and peak of Python memory."""
    tracemalloc.start()
    try:
        started = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        for _chunk in response.response:
            pass
        response.close()
        elapsed = (time.perf_counter() - started) * 1000
        return round(elapsed, 1), round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()
