"""What a public deployment needs around every request.

- the client's address and scheme from the configured number of reverse proxies (ProxyFix),
  and from nowhere else;
- a request id, taken from a sane X-Request-ID or made up, in `g`, in the response and in
  every log line, so that one visitor's complaint leads to the lines of their request;
- security headers on every response: a Content-Security-Policy without inline script or
  style (the templates have none), HSTS on HTTPS, nosniff, a referrer policy, no framing;
- `/healthz` (the process answers) and `/readyz` (it can reach its database and Redis),
  for load balancers and orchestrators.
"""

import logging
import re
import uuid

from flask import Blueprint, Flask, current_app, g, has_request_context, jsonify, request
from flask.logging import default_handler
from flask_login import current_user
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix

from eventapp.extensions import db, limiter

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy or a client may hand us as a request id: a token that cannot break a log
# line or a header (no spaces, quotes or line breaks) and stays short.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}$")
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def init_app(app: Flask) -> None:
    _trust_proxies(app)
    configure_logging(app)
    app.before_request(_assign_request_id)
    app.after_request(_add_headers)
    app.register_blueprint(health)


# --- Proxies --------------------------------------------------------------------------------


def _trust_proxies(app: Flask) -> None:
    """Read X-Forwarded-* only from as many proxies as the operator says there are.

    With 0 (the default) the headers are ignored: anyone can write them, and a trusted
    X-Forwarded-For would let a client pick the address the rate limits count against.
    """
    counts = {
        name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}", 0) or 0)
        for name in ("for", "proto", "host", "port", "prefix")
    }
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **{f"x_{name}": n for name, n in counts.items()})


# --- Request id and logging -----------------------------------------------------------------


def request_id_for(given: str) -> str:
    """The request id a proxy gave, if it looks like one; else a new one."""
    return given if _SANE_REQUEST_ID.match(given) else uuid.uuid4().hex


def _assign_request_id() -> None:
    g.request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER, ""))


def current_request_id() -> str:
    if has_request_context():
        return g.get("request_id", "-")
    return "-"


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id` (the current request's, or "-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


_request_id_filter = RequestIdFilter()


def configure_logging(app: Flask) -> None:
    """One handler on the root logger, to stderr, whose lines carry the request id.

    Only when nothing has configured logging yet (gunicorn's own loggers do not propagate
    to the root; pytest and embedding applications bring their handlers). Flask's default
    handler on the app's logger is then removed, so each line is written once, by ours.
    """
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(_request_id_filter)
        root.addHandler(handler)
        # Our own lines from LOG_LEVEL (INFO: what the outbox sent, ...); other libraries'
        # from warnings up, as the root's default level has it.
        if app.logger.level == logging.NOTSET:
            app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    if any(_request_id_filter in h.filters for h in root.handlers):
        app.logger.removeHandler(default_handler)


# --- Response headers -----------------------------------------------------------------------


def _add_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # Pages reached by a secret link set no-referrer themselves; keep theirs.
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    max_age = current_app.config.get("HSTS_MAX_AGE", 0)
    # Only on HTTPS (as ProxyFix established it): browsers ignore HSTS over plain HTTP,
    # and a site reached over HTTP on an intranet must not be told to insist on HTTPS.
    if request.is_secure and max_age:
        value = f"max-age={max_age}"
        if current_app.config.get("HSTS_INCLUDE_SUBDOMAINS"):
            value += "; includeSubDomains"
        headers.setdefault("Strict-Transport-Security", value)
    headers[REQUEST_ID_HEADER] = current_request_id()
    return response


# --- Health -------------------------------------------------------------------------------

health = Blueprint("health", __name__)


@health.get("/healthz")
@limiter.exempt
def healthz():
    """The process is alive and serving; touches nothing else, so it never flaps with the DB."""
    return _no_store(jsonify(status="ok"))


@health.get("/readyz")
@limiter.exempt
def readyz():
    """Ready for traffic: the database answers, and Redis too when the site uses it."""
    checks = {"database": _check_pool() or _check_database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check_redis(current_app.config["REDIS_URL"])
    failed = [name for name, outcome in checks.items() if outcome != "ok"]
    body = {"status": "unavailable" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
        current_app.logger.warning("readyz: %s unavailable: %s", ", ".join(failed), checks)
    return _no_store(jsonify(body)), 503 if failed else 200


def _check_pool() -> str | None:
    """An error when every connection of the pool is taken: asking for one would wait for
    the pool's timeout (30 s) while requests pile up. None when one is free or can be made."""
    pool = db.engine.pool
    size, checked_out = getattr(pool, "size", None), getattr(pool, "checkedout", None)
    overflow = getattr(pool, "_max_overflow", None)
    if size is None or checked_out is None or overflow is None or overflow < 0:
        return None
    if checked_out() >= size() + overflow:
        return f"error: pool exhausted ({checked_out()} connections in use)"
    return None


def _check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as error:  # noqa: BLE001 -- any failure means "not ready"
        # Only the kind of error: the message may name hosts and users.
        return f"error: {type(error).__name__}"
    finally:
        db.session.remove()


def _check_redis(url: str) -> str:
    client = _redis_client(url)
    try:
        client.ping()
        return "ok"
    except Exception as error:  # noqa: BLE001
        return f"error: {type(error).__name__}"


def _redis_client(url: str):
    """One client (and connection pool) per process and URL, with short timeouts."""
    import redis

    clients = current_app.extensions.setdefault("eventapp.readyz_redis", {})
    if url not in clients:
        clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return clients[url]


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def current_account():
    """The signed-in account (not its proxy), as services, the audit log and histories name it."""
    return current_user._get_current_object()
