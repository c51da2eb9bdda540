"""Production hardening: headers, request ids, proxies, cookies, secrets, health and errors."""

import logging
import re
import socket
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from flask import g, request

from eventapp import create_app, security
from eventapp.config import ConfigError, TestConfig, local_secret_key
from eventapp.extensions import db as _db
from tests.factories import make_event

TEMPLATES = Path(__file__).resolve().parent.parent / "eventapp" / "templates"
CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def make_app(database_url, tmp_path, **settings):
    """An app of its own (settings are read when it is built), on the suite's database."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    for name, value in settings.items():
        setattr(Config, name, value)
    app = create_app(Config)
    app.instance_path = str(tmp_path / "instance")
    return app


@pytest.fixture
def event_slug(db):
    event = make_event()
    db.session.commit()
    return event.slug


# --- Security headers ---------------------------------------------------------------------


def test_every_page_carries_the_security_headers(client, event_slug):
    response = client.get(f"/events/{event_slug}/agenda")

    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # Plain HTTP: no HSTS (browsers ignore it there, and an intranet site may have no TLS).
    assert "Strict-Transport-Security" not in response.headers


def test_error_pages_and_static_files_carry_them_too(client):
    for response in (client.get("/no-such-page"), client.get("/static/css/app.css")):
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https(client, event_slug):
    response = client.get(f"/events/{event_slug}/agenda", base_url="https://events.example.org")

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_secret_link_page_keeps_its_own_referrer_policy(client):
    # The confirmation page is reached by a secret link: its URL must never leak.
    response = client.get("/register/confirm/some-token")

    assert response.headers["Referrer-Policy"] == "no-referrer"


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
_STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def page_templates():
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "email" not in path.relative_to(TEMPLATES).parts
    )


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_need_no_inline_script_or_style(path):
    """The policy allows no inline script or style: a template with some would break."""
    source = path.read_text()

    assert not _INLINE_SCRIPT.search(source), "inline <script>: move it to static/js"
    assert not _STYLE_ELEMENT.search(source), "<style> element: move it to static/css"
    assert not _STYLE_ATTRIBUTE.search(source), "style= attribute: use a class"
    assert not _EVENT_HANDLER.search(source), "on*= handler: use addEventListener in static/js"
    assert "javascript:" not in source.lower()


# --- Request id ----------------------------------------------------------------------------


def test_a_sane_request_id_is_kept_and_returned(client):
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-7f3a9c.42"})

    assert response.headers["X-Request-ID"] == "nginx-7f3a9c.42"


@pytest.mark.parametrize("given", ["", "two words", 'quote"d', "x" * 200, "-starts-with-dash"])
def test_a_missing_or_odd_request_id_is_replaced(client, given):
    response = client.get("/healthz", headers={"X-Request-ID": given})

    replaced = response.headers["X-Request-ID"]
    assert replaced != given
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_each_request_gets_its_own_id(client):
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(3)}

    assert len(ids) == 3


@contextmanager
def log_lines(app):
    """What the app logs, formatted as the handler configure_logging installs would."""
    out = StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter(security.LOG_FORMAT))
    handler.addFilter(security.RequestIdFilter())
    app.logger.addHandler(handler)
    # Alembic's logging set-up (run by the migration tests) disables existing loggers.
    disabled, app.logger.disabled = app.logger.disabled, False
    try:
        yield out
    finally:
        app.logger.removeHandler(handler)
        app.logger.disabled = disabled


def test_log_lines_carry_the_request_id(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    seen = {}

    @app.get("/_log")
    def _log():
        seen["g"] = g.request_id
        app.logger.warning("about %s", request.path)
        return "ok"

    with log_lines(app) as out, app.app_context():
        response = app.test_client().get("/_log", headers={"X-Request-ID": "req-1234"})
        _db.engine.dispose()

    assert response.status_code == 200
    assert seen["g"] == "req-1234"
    assert "WARNING [req-1234] eventapp: about /_log" in out.getvalue()


def test_logging_is_set_up_with_the_request_id_when_nothing_else_did(database_url, tmp_path):
    root, ours_by_name = logging.getLogger(), logging.getLogger("eventapp")
    saved_handlers, saved_level = root.handlers[:], ours_by_name.level
    root.handlers = []
    try:
        app = make_app(database_url, tmp_path)
        ours = [
            h
            for h in root.handlers
            if any(isinstance(f, security.RequestIdFilter) for f in h.filters)
        ]
        assert len(ours) == 1
        assert ours[0].formatter._fmt == security.LOG_FORMAT
        # Written once: Flask's own handler on the app's logger is gone.
        assert not app.logger.handlers
        # The app's own lines from INFO up; other libraries' keep the root's level.
        assert app.logger.level == logging.INFO
        assert root.level == logging.WARNING
        # A second app in the same process adds no second handler.
        make_app(database_url, tmp_path)
        assert len(root.handlers) == 1
    finally:
        root.handlers = saved_handlers
        ours_by_name.setLevel(saved_level)


# --- Proxies -------------------------------------------------------------------------------


def _echo_client(app):
    @app.get("/_whoami")
    def _whoami():
        return {"addr": request.remote_addr, "scheme": request.scheme, "host": request.host}

    return app.test_client()


def test_forwarded_headers_are_ignored_unless_proxies_are_configured(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        response = _echo_client(app).get(
            "/_whoami",
            headers={
                "X-Forwarded-For": "203.0.113.7",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": "evil.example",
            },
        )
        _db.engine.dispose()

    assert response.json == {"addr": "127.0.0.1", "scheme": "http", "host": "localhost"}
    assert "Strict-Transport-Security" not in response.headers


def test_one_trusted_proxy_gives_the_client_address_and_https(database_url, tmp_path):
    app = make_app(database_url, tmp_path, PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1)
    with app.app_context():
        response = _echo_client(app).get(
            "/_whoami",
            # A client wrote the first address itself; only the one our proxy added counts.
            headers={
                "X-Forwarded-For": "198.51.100.1, 203.0.113.7",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": "evil.example",
            },
        )
        _db.engine.dispose()

    assert response.json == {"addr": "203.0.113.7", "scheme": "https", "host": "localhost"}
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_made_up_forwarded_for_does_not_escape_the_rate_limit(database_url, tmp_path, event_slug):
    app = make_app(
        database_url, tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_REGISTER="2 per minute"
    )
    with app.app_context():
        client = app.test_client()
        statuses = [
            client.post(
                f"/events/{event_slug}/register", headers={"X-Forwarded-For": f"198.51.100.{n}"}
            ).status_code
            for n in range(3)
        ]
        _db.session.remove()
        _db.engine.dispose()

    assert statuses == [400, 400, 429]


# --- Cookies and secrets ---------------------------------------------------------------------


LONG_SECRET = "k" * 16 + "0123456789abcdefghijklmnopqrstuv"


def test_production_cookies_are_secure_httponly_and_lax(database_url, tmp_path, event_slug):
    app = make_app(
        database_url,
        tmp_path,
        ENV_NAME="production",
        SECRET_KEY=LONG_SECRET,
        SESSION_COOKIE_SECURE=None,
        REMEMBER_COOKIE_SECURE=None,
    )

    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    with app.app_context():
        # The registration form keeps its CSRF token in the session cookie.
        response = app.test_client().get(
            f"/events/{event_slug}/register", base_url="https://localhost"
        )
        _db.session.remove()
        _db.engine.dispose()
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_outside_production_cookies_work_over_plain_http(database_url, tmp_path):
    app = make_app(database_url, tmp_path, SESSION_COOKIE_SECURE=None, REMEMBER_COOKIE_SECURE=None)

    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_an_explicit_cookie_setting_wins(database_url, tmp_path):
    # A production site on an intranet without TLS can say so.
    app = make_app(
        database_url,
        tmp_path,
        ENV_NAME="production",
        SECRET_KEY=LONG_SECRET,
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=None,
    )

    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is False


@pytest.mark.parametrize("secret", [None, "", "short-but-set"])
def test_production_refuses_to_start_without_a_real_secret(database_url, tmp_path, secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        make_app(database_url, tmp_path, ENV_NAME="production", SECRET_KEY=secret)


def test_production_starts_with_a_long_secret(database_url, tmp_path):
    app = make_app(database_url, tmp_path, ENV_NAME="production", SECRET_KEY=LONG_SECRET)

    assert app.config["SECRET_KEY"] == LONG_SECRET


def test_locally_a_secret_is_made_once_and_kept_for_every_process(tmp_path):
    first = local_secret_key(str(tmp_path))

    assert len(first) >= 32
    assert local_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


# --- Database pool ---------------------------------------------------------------------------


def test_postgresql_gets_the_pool_settings(tmp_path):
    class Pooled(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql://nobody@127.0.0.1:1/none"
        DB_POOL_SIZE = 7
        DB_MAX_OVERFLOW = 3
        DB_POOL_RECYCLE = 600
        DB_POOL_TIMEOUT = 4
        DB_CONNECT_TIMEOUT = 2

    app = create_app(Pooled)
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]

    assert options["pool_size"] == 7
    assert options["max_overflow"] == 3
    assert options["pool_recycle"] == 600
    assert options["pool_timeout"] == 4
    assert options["connect_args"] == {"connect_timeout": 2}
    assert options["pool_pre_ping"] is True
    with app.app_context():
        pool = _db.engine.pool
        assert (pool.size(), pool._max_overflow, pool._recycle) == (7, 3, 600)
    # The shared class attribute is left alone for the next app.
    assert "pool_size" not in TestConfig.SQLALCHEMY_ENGINE_OPTIONS


def test_sqlite_keeps_its_own_pool():
    app = create_app(TestConfig)

    assert "pool_size" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]


# --- Health ----------------------------------------------------------------------------------


def test_healthz_answers_without_the_database(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/missing-dir/none.sqlite3", tmp_path)
    with app.app_context():
        response = app.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_says_503_and_what_failed_when_the_database_is_gone(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/missing-dir/none.sqlite3", tmp_path)
    with app.app_context():
        response = app.test_client().get("/readyz")
        _db.engine.dispose()

    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["failed"] == ["database"]
    assert response.json["checks"]["database"].startswith("error: ")


def test_readyz_says_503_at_once_when_every_connection_of_the_pool_is_taken(
    database_url, tmp_path
):
    app = make_app(database_url, tmp_path, SQLALCHEMY_ENGINE_OPTIONS={
        "pool_size": 2, "max_overflow": 1, "pool_timeout": 30,
    })
    with app.app_context():
        held = [_db.engine.connect() for _ in range(3)]
        started = time.monotonic()
        response = app.test_client().get("/readyz")
        waited = time.monotonic() - started
        for connection in held:
            connection.close()
        again = app.test_client().get("/readyz")
        _db.session.remove()
        _db.engine.dispose()

    assert response.status_code == 503
    assert response.json["failed"] == ["database"]
    assert "pool exhausted" in response.json["checks"]["database"]
    assert waited < 5  # not the pool's 30-second wait
    assert again.status_code == 200


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_readyz_says_503_when_redis_is_configured_but_down(database_url, tmp_path):
    app = make_app(database_url, tmp_path, REDIS_URL=f"redis://127.0.0.1:{_unused_port()}/0")
    with app.app_context():
        response = app.test_client().get("/readyz")
        _db.session.remove()
        _db.engine.dispose()

    assert response.status_code == 503
    assert response.json["failed"] == ["redis"]
    assert response.json["checks"]["database"] == "ok"


def _redis_answers(url="redis://127.0.0.1:6379/0") -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_readyz_pings_redis_when_configured(database_url, tmp_path):
    app = make_app(database_url, tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")
    with app.app_context():
        response = app.test_client().get("/readyz")
        _db.session.remove()
        _db.engine.dispose()

    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "redis": "ok"}


# --- Friendly error pages ----------------------------------------------------------------------


def _is_friendly(response, message: str) -> bool:
    html = response.get_data(as_text=True)
    return (
        f"Error {response.status_code}" in html
        and message in html
        and "Traceback" not in html
        and response.mimetype == "text/html"
    )


def test_not_found_and_wrong_method_get_friendly_pages(client, event_slug):
    assert _is_friendly(client.get("/events/nothing-here/agenda"), "We could not find this page")
    wrong = client.post(f"/events/{event_slug}/agenda")
    assert wrong.status_code == 405
    assert _is_friendly(wrong, "This page cannot be used that way.")


def test_a_too_large_request_gets_a_friendly_page(database_url, tmp_path, event_slug):
    app = make_app(database_url, tmp_path, MAX_CONTENT_LENGTH=1024)
    with app.app_context():
        response = app.test_client().post(
            f"/events/{event_slug}/register", data={"full_name": "x" * 5000}
        )
        _db.session.remove()
        _db.engine.dispose()

    assert response.status_code == 413
    assert _is_friendly(response, "The file you sent is too large.")


def test_too_many_requests_gets_a_friendly_page(database_url, tmp_path, event_slug):
    app = make_app(
        database_url, tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_REGISTER="1 per minute"
    )
    with app.app_context():
        client = app.test_client()
        client.post(f"/events/{event_slug}/register")
        response = client.post(f"/events/{event_slug}/register")
        _db.session.remove()
        _db.engine.dispose()

    assert response.status_code == 429
    assert _is_friendly(response, "Too many requests.")
    assert "Retry-After" in response.headers


def test_an_unexpected_error_gets_a_friendly_page_and_a_logged_request_id(database_url, tmp_path):
    app = make_app(database_url, tmp_path, TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/_boom")
    def _boom():
        raise RuntimeError("boom")

    with log_lines(app) as out, app.app_context():
        response = app.test_client().get("/_boom", headers={"X-Request-ID": "boom-1"})
        _db.engine.dispose()

    assert response.status_code == 500
    assert _is_friendly(response, "Something went wrong on our side.")
    assert response.headers["X-Request-ID"] == "boom-1"
    assert response.headers["Content-Security-Policy"] == CSP
    # The visitor can quote the id; it leads to the traceback in the log.
    assert "ERROR [boom-1] eventapp: Unhandled error" in out.getvalue()
    assert "RuntimeError: boom" in out.getvalue()
