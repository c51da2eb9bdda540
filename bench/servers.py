"""Throwaway databases and gunicorn instances for the benchmarks."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def postgres_server_url() -> str:
    return (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("TEST_DATABASE_URL")
        or DEFAULT_POSTGRES
    )


def postgres_available() -> str | None:
    """None when the PostgreSQL server answers, else why not."""
    try:
        engine = create_engine(_psycopg(postgres_server_url()), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"


def redis_url() -> str | None:
    """The Redis the benchmark's rate limits use, when one answers."""
    url = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except Exception:  # noqa: BLE001
        return None


def _psycopg(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@contextmanager
def fresh_database(kind: str, tmp_dir: Path):
    """A new empty database ("sqlite" or "postgresql"), dropped afterwards."""
    name = f"eventapp_bench_{uuid.uuid4().hex[:8]}"
    if kind == "sqlite":
        yield f"sqlite:///{tmp_dir / (name + '.sqlite3')}"
        return
    server = _psycopg(postgres_server_url())
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def app_environment(database_url: str, tmp_dir: Path, **extra) -> dict[str, str]:
    """A production configuration of eventapp for one benchmark."""
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "EVENTAPP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        # An SMTP server is configured, so requests leave delivery to `flask outbox work`,
        # as in production; no deliverer runs while pages are measured.
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": "1",
        "PUBLIC_URL": "http://127.0.0.1",
        # The benchmark client speaks plain HTTP, as the proxy in front would.
        "SESSION_COOKIE_SECURE": "0",
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "WARNING",
        "MAIL_FILE_DIR": str(tmp_dir / "mail"),
    }
    for name in ("TEST_DATABASE_URL", "SERVER_NAME", "REDIS_URL"):
        env.pop(name, None)
    env.update({k: str(v) for k, v in extra.items() if v is not None})
    return env


def flask(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict, app: str | None = None, ready_path: str = "/healthz"):
    """gunicorn with the repository's gunicorn.conf.py; yields a Server."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    if app:
        command.append(app)
    log = open(Path(env.get("MAIL_FILE_DIR", "/tmp")).parent / f"gunicorn-{port}.log", "wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, url + ready_path, log.name)
        # Every worker builds its app on boot; give them time to be up before measuring.
        _warm(url + ready_path)
        yield Server(url, process.pid)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def _wait_ready(process, url: str, log_name: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped; see {log_name}:\n{Path(log_name).read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} in {timeout} s")


def _warm(url: str, requests: int = 200) -> None:
    for _ in range(requests):
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()


# --- CPU accounting ----------------------------------------------------------------------------
#
# On a shared machine the requests per second depend on what else runs. The CPU time the
# server's processes (and the PostgreSQL backends serving them) spend per request does not,
# or much less: it tells what the same two cores would do if they were the server's alone.

_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int, reaped_children: bool = False) -> float:
    """User + system CPU time of a process (all its threads), or 0 once it is gone.

    With reaped_children, also that of its children that have ended and been waited for:
    gunicorn replaces workers (max_requests), and their time must not vanish with them.
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # Fields 14-17 of the line (utime, stime, cutime, cstime): 12-15 after the name.
    used = int(fields[11]) + int(fields[12])
    if reaped_children:
        used += int(fields[13]) + int(fields[14])
    return used / _TICKS


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Server:
    """A running gunicorn: its URL and the CPU time its master and workers have used."""

    def __init__(self, url: str, pid: int):
        self.url = url
        self.pid = pid

    def cpu_seconds(self) -> float:
        master = process_cpu_seconds(self.pid, reaped_children=True)
        return master + sum(process_cpu_seconds(p) for p in children(self.pid))


def postgres_backends_cpu_seconds(database_url: str) -> float | None:
    """CPU time of the PostgreSQL backends connected to this database (same host only)."""
    url = make_url(_psycopg(database_url))
    if not url.drivername.startswith("postgresql") or url.host not in ("127.0.0.1", "localhost"):
        return None
    engine = create_engine(_psycopg(postgres_server_url()))
    try:
        with engine.connect() as conn:
            pids = conn.scalars(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                {"name": url.database},
            ).all()
    finally:
        engine.dispose()
    return sum(process_cpu_seconds(pid) for pid in pids)


class CpuMeter:
    """CPU spent by a server (and its database backends) between start() and stop()."""

    def __init__(self, server: Server, database_url: str | None = None):
        self.server = server
        self.database_url = database_url

    def _now(self) -> tuple[float, float | None]:
        database = postgres_backends_cpu_seconds(self.database_url) if self.database_url else None
        return self.server.cpu_seconds(), database

    def start(self) -> None:
        self._start = self._now()

    def stop(self, requests: int) -> dict:
        app_end, db_end = self._now()
        app = app_end - self._start[0]
        # Backends that left during the run take their time with them: a lower bound.
        database = (
            (db_end - self._start[1]) if db_end is not None and self._start[1] is not None else 0.0
        )
        per_request = (app + max(database, 0.0)) / requests * 1000 if requests else None
        cores = os.cpu_count() or 1
        return {
            "cpu_ms_per_request": round(per_request, 3) if per_request else None,
            "cpu_app_seconds": round(app, 2),
            "cpu_database_seconds": round(max(database, 0.0), 2),
            # What the cores would serve if nothing else ran (the load generator aside).
            "capacity_per_second": round(cores * 1000 / per_request) if per_request else None,
        }
