"""The ceiling (a bare WSGI app) and the public pages of the demo event, under load."""

import os

from bench import load
from bench.servers import CpuMeter, app_environment, flask, fresh_database, gunicorn

DEMO_SLUG = "creative-industries-digital"


def _first_speaker_slug() -> str:
    from eventapp.demo import data
    from eventapp.demo.services import slug_from_name

    return slug_from_name(data.SPEAKERS[0]["full_name"])


def pages() -> dict[str, str]:
    return {
        # The least a request to eventapp costs: Flask with every extension, no database.
        "floor: /healthz": "/healthz",
        "agenda": f"/events/{DEMO_SLUG}/agenda",
        "speakers": f"/events/{DEMO_SLUG}/speakers",
        "speaker profile": f"/speakers/{_first_speaker_slug()}",
    }


def ceiling(seconds: float, connections: int, tmp_dir) -> dict:
    env = {
        **os.environ,
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_LOG_LEVEL": "warning",
        "MAIL_FILE_DIR": str(tmp_dir / "mail"),
    }
    with gunicorn(env, app="bench.hello:app", ready_path="/") as server:
        load.get(server.url + "/", 2, connections)
        meter = CpuMeter(server)
        meter.start()
        result = load.get(server.url + "/", seconds, connections)
        cpu = meter.stop(result.requests)
    return {"name": "ceiling: bare WSGI hello-world", "path": "/", **result.as_dict(), **cpu}


def public_pages(kind: str, seconds: float, connections: int, tmp_dir) -> list[dict]:
    """Each page of the demo event on a fresh database of the given kind."""
    rows = []
    with fresh_database(kind, tmp_dir) as database_url:
        env = app_environment(database_url, tmp_dir)
        flask(env, "db", "upgrade")
        flask(env, "demo", "load")
        with gunicorn(env) as server:
            for name, path in pages().items():
                # Every worker renders (and compiles the templates of) a page once first.
                load.get(server.url + path, 2, connections)
                meter = CpuMeter(server, database_url)
                meter.start()
                result = load.get(server.url + path, seconds, connections)
                cpu = meter.stop(result.requests)
                rows.append(
                    {"name": name, "database": kind, "path": path, **result.as_dict(), **cpu}
                )
    return rows
