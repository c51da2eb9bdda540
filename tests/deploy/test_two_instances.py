"""The web tier keeps no state of its own: two gunicorn instances, one database, one Redis.

A visitor opens the registration form on instance A and sends it to instance B (the CSRF
token and the session cookie must hold across instances, which needs the shared
SECRET_KEY), confirms from the emailed link on A and sees the manage page on B. The rate
limit on the form is one count across both instances (Redis), not one per process.

Runs on the suite's database (PostgreSQL when TEST_DATABASE_URL is set, otherwise a SQLite
file both instances share). Needs gunicorn and a Redis on 127.0.0.1:6379 (REDIS_URL to use
another): skipped without them on a developer's machine, a failure in CI.
"""

import importlib.util
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import lxml.html
import pytest
from sqlalchemy import create_engine, select

from eventapp.models import OutboxMessage, Registration, RegistrationStatus

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
DEMO_SLUG = "creative-industries-digital"
# The form takes this many submissions a minute from one address, over both instances.
LIMIT = 4


def _missing_requirement() -> str | None:
    if importlib.util.find_spec("gunicorn") is None:
        return "gunicorn is not installed"
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001
        return f"no Redis at {REDIS_URL}: {error}"
    return None


@pytest.fixture(scope="module")
def requirements():
    missing = _missing_requirement()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: the two-instance test must run in CI")
        pytest.skip(missing)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_flask(env, *args) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"flask {' '.join(args)}:\n{result.stdout}\n{result.stderr}"


class Instance:
    """One gunicorn serving wsgi:app with the repository's gunicorn.conf.py."""

    def __init__(self, name, tmp_path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.out = tmp_path / f"{name}.out"
        self.err = tmp_path / f"{name}.err"
        self.process = None

    def start(self, env) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.out.open("wb"),
            stderr=self.err.open("wb"),
        )

    def wait_ready(self, timeout=90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn on {self.port} stopped:\n{self.err.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.3)
        raise AssertionError(f"gunicorn on {self.port} not ready:\n{self.err.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser with one cookie jar for the site, whichever instance answers."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects()
        )

    def request(self, url, data=None, headers=None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


def _form_fields(html: str) -> dict[str, str]:
    page = lxml.html.fromstring(html)
    token = page.xpath("//input[@name='csrf_token']/@value")
    ministry = page.xpath(
        "//select[@name='organization_type']/option[@data-code='ministry']/@value"
    )
    return {"csrf_token": token[0] if token else "", "ministry": ministry[0] if ministry else ""}


@pytest.fixture(scope="module")
def site(requirements, databases, tmp_path_factory):
    """A fresh database with the demo, and two instances sharing it and Redis."""
    tmp_path = tmp_path_factory.mktemp("two-instances")
    url = databases.create("deploy")
    prefix = f"eventapp-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "EVENTAPP_ENV": "production",
        "DATABASE_URL": url,
        # Shared by both instances: without it neither the form's CSRF token nor the
        # session made on one instance would be accepted by the other.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
        "RATELIMIT_REGISTER": f"{LIMIT} per minute",
        "MAIL_FILE_DIR": str(tmp_path / "mail"),
        # The test speaks plain HTTP to gunicorn, as a proxy on the same host would.
        "SESSION_COOKIE_SECURE": "0",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
    }
    for name in ("TEST_DATABASE_URL", "MAIL_SERVER", "SERVER_NAME", "PROXY_FIX_X_FOR"):
        env.pop(name, None)
    _run_flask(env, "db", "upgrade")
    _run_flask(env, "demo", "load")
    a, b = Instance("a", tmp_path), Instance("b", tmp_path)
    # Links in emails lead to A, as they would to the site's one public address.
    env["PUBLIC_URL"] = a.url
    try:
        a.start(env)
        b.start(env)
        a.wait_ready()
        b.wait_ready()
        yield a, b, url
    finally:
        a.stop()
        b.stop()
        _forget_rate_limits(prefix)


def _forget_rate_limits(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)


def _outbox_link(database_url: str, address: str, kind: str, path_part: str) -> str:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            bodies = conn.scalars(
                select(OutboxMessage.text_body)
                .where(OutboxMessage.to_address == address, OutboxMessage.kind == kind)
                .order_by(OutboxMessage.id.desc())
            ).all()
    finally:
        engine.dispose()
    assert bodies, f"no {kind} email to {address}"
    for link in re.findall(r"https?://\S+", bodies[0]):
        if path_part in link:
            return urlsplit(link).path
    raise AssertionError(f"no {path_part} link in:\n{bodies[0]}")


def _status_of(database_url: str, address: str) -> RegistrationStatus:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(Registration.status).where(Registration.email_key == address))
    finally:
        engine.dispose()


def test_a_registration_flows_across_two_instances(site):
    a, b, database_url = site
    visitor = Visitor()
    form_path = f"/events/{DEMO_SLUG}/register"
    address = "hoa.two-instances@example.org"

    status, headers, html = visitor.request(
        a.url + form_path, headers={"X-Request-ID": "two-inst-1"}
    )
    assert status == 200
    assert headers["X-Request-ID"] == "two-inst-1"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    fields = _form_fields(html)
    assert fields["csrf_token"] and fields["ministry"]

    # Sent to the other instance, with the token and the session cookie A gave.
    status, headers, _ = visitor.request(
        b.url + form_path,
        {
            "csrf_token": fields["csrf_token"],
            "honorific": "dr",
            "full_name": "Nguyễn Phương Hoà",
            "email": address,
            "language": "vi",
            "organization_name": "Bộ Văn hoá, Thể thao và Du lịch",
            "organization_type": fields["ministry"],
            "department": "Department of International Cooperation",
            "country": "VN",
            "consent": "y",
        },
    )
    assert status == 302, "B refused the form A served"
    assert urlsplit(headers["Location"]).path == f"/events/{DEMO_SLUG}/register/sent"
    assert _status_of(database_url, address) == RegistrationStatus.PENDING_CONFIRMATION

    confirm_path = _outbox_link(database_url, address, "registration.confirm_request", "/confirm/")
    status, _, html = visitor.request(a.url + confirm_path)
    assert status == 200
    status, headers, _ = visitor.request(
        a.url + confirm_path, {"csrf_token": _form_fields(html)["csrf_token"]}
    )
    assert status == 302
    manage_path = urlsplit(headers["Location"]).path
    assert manage_path.startswith("/r/")
    assert _status_of(database_url, address) == RegistrationStatus.CONFIRMED

    status, headers, html = visitor.request(b.url + manage_path)
    assert status == 200
    assert "Nguyễn Phương Hoà" in html
    assert headers["Referrer-Policy"] == "no-referrer"

    # The access log names the request by the id the client sent.
    assert "[two-inst-1]" in a.out.read_text()


def test_the_rate_limit_is_counted_once_across_both_instances(site):
    a, b, _ = site
    visitor = Visitor()
    form_path = f"/events/{DEMO_SLUG}/register"

    # Empty forms, alternately to each instance: each submission counts, valid or not.
    statuses = [
        visitor.request((a if n % 2 else b).url + form_path, {"full_name": ""})[0]
        for n in range(LIMIT + 2)
    ]

    # The registration of the other test (same client address, same minute) may have
    # counted too; separate counts per process would have refused nothing.
    assert 429 in statuses, statuses
    first_refusal = statuses.index(429)
    assert first_refusal in (LIMIT - 1, LIMIT), statuses
    assert set(statuses[:first_refusal]) == {400}
    assert set(statuses[first_refusal:]) == {429}
