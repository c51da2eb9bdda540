"""Configuration read from the environment.

With nothing set, eventapp runs locally: SQLite in the instance folder and a secret key
generated once and kept there. In production (EVENTAPP_ENV=production) it refuses to start
without a real SECRET_KEY.
"""
import os
import secrets
from pathlib import Path

import argon2


class ConfigError(RuntimeError):
    """The environment does not describe a configuration eventapp can run with."""


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the URL came in."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_optional_bool(name: str) -> bool | None:
    """True or False when the variable is set, None when it is not (the caller decides)."""
    if os.environ.get(name) is None:
        return None
    return _env_bool(name)


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None


def local_secret_key(instance_path: str) -> str:
    """A key generated once and kept in the instance folder, so that every process shares it."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Two processes starting at once: the first one to create the file wins.
    try:
        with open(path, "x") as fh:
            fh.write(key)
        os.chmod(path, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    return key


class Config:
    ENV_NAME = os.environ.get("EVENTAPP_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = (
        normalize_database_url(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else None
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # PostgreSQL connection pool, added to SQLALCHEMY_ENGINE_OPTIONS by finish(). Each gunicorn
    # worker has a pool of its own: the server must accept, over all hosts,
    # workers × (DB_POOL_SIZE + DB_MAX_OVERFLOW) connections plus the deliverers and jobs.
    # The pool should hold at least one connection per worker thread.
    DB_POOL_SIZE = _env_int("DB_POOL_SIZE", 5)
    DB_MAX_OVERFLOW = _env_int("DB_MAX_OVERFLOW", 10)
    # Seconds after which a connection is replaced: firewalls and poolers drop idle ones.
    DB_POOL_RECYCLE = _env_int("DB_POOL_RECYCLE", 1800)
    # Seconds a request waits for a free connection before failing (instead of queueing forever).
    DB_POOL_TIMEOUT = _env_int("DB_POOL_TIMEOUT", 10)
    # Seconds to wait for the server when connecting: a vanished server fails /readyz quickly.
    DB_CONNECT_TIMEOUT = _env_int("DB_CONNECT_TIMEOUT", 5)
    # Speaker photos and other uploads; larger requests are refused with 413.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 8 * 1024 * 1024))
    PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", 5 * 1024 * 1024))

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    # The repository's catalogues, wherever the app is started from (compiled by make install).
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
    LANGUAGES = ("en", "vi")

    # No MAIL_SERVER: emails are written as .eml files in the instance folder's mail/
    # (or MAIL_FILE_DIR) and their links logged, so a local setup works with nothing set.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or ("smtp" if MAIL_SERVER else "file")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "eventapp@localhost")
    # Seconds any one read or write to the SMTP server may take (Flask-Mail sets none).
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 10))

    # The outbox (eventapp.mail.delivery). Unset (None): deliver right after each request's
    # commit with the file backend only; SMTP is left to `flask outbox work`.
    OUTBOX_DELIVER_AFTER_REQUEST = (
        _env_bool("OUTBOX_DELIVER_AFTER_REQUEST")
        if os.environ.get("OUTBOX_DELIVER_AFTER_REQUEST") is not None
        else None
    )
    OUTBOX_BATCH_SIZE = int(os.environ.get("OUTBOX_BATCH_SIZE", 100))
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", 10))
    # Waits between attempts double from the base up to the cap: 1, 2, 4 ... 60 minutes.
    OUTBOX_RETRY_BASE_SECONDS = float(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", 60))
    OUTBOX_RETRY_MAX_SECONDS = float(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", 3600))
    # How long a deliverer holds a message; must be well above what one email can take
    # to send (a few MAIL_TIMEOUTs), or a slow deliverer's email is taken as uncertain.
    OUTBOX_LEASE_SECONDS = float(os.environ.get("OUTBOX_LEASE_SECONDS", 300))

    # Where the site is reached from outside: every link in an email is built on it.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")

    # How long a place is held for a registration whose address is not confirmed yet.
    REGISTRATION_HOLD_HOURS = float(os.environ.get("REGISTRATION_HOLD_HOURS", 48))

    # Argon2id costs for new password hashes: argon2-cffi's defaults (RFC 9106's low-memory
    # profile). Hashes made with other costs still verify, and are redone at the next login.
    ARGON2_TIME_COST = argon2.DEFAULT_TIME_COST
    ARGON2_MEMORY_COST = argon2.DEFAULT_MEMORY_COST  # KiB
    ARGON2_PARALLELISM = argon2.DEFAULT_PARALLELISM

    # Rate limits (Flask-Limiter). memory:// counts per process; with several workers or
    # hosts set REDIS_URL so that they share one count.
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "10 per minute; 100 per hour")
    RATELIMIT_RESEND = os.environ.get("RATELIMIT_RESEND", "5 per minute; 20 per hour")
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute; 50 per hour")

    # Redis answers in well under a millisecond; a hung one must not hang the requests.
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    # When Redis cannot be reached, count in each process's memory instead (laxer, per
    # process) rather than refuse every registration; /readyz reports Redis as down.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Keys in Redis start with this: several sites (or a test) can share one Redis database.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "eventapp")

    # Cookies. None: secure (HTTPS only) in production, not elsewhere; set
    # SESSION_COOKIE_SECURE=0 only for a production site served over plain HTTP.
    SESSION_COOKIE_SECURE = _env_optional_bool("SESSION_COOKIE_SECURE")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Flask-Login's "remember me" cookie: None follows SESSION_COOKIE_SECURE.
    REMEMBER_COOKIE_SECURE = _env_optional_bool("REMEMBER_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # How many reverse proxies in front of the app set each X-Forwarded-* header (werkzeug's
    # ProxyFix). 0, the default, trusts none: a client could write any X-Forwarded-For.
    # Behind one nginx: PROXY_FIX_X_FOR=1 and PROXY_FIX_X_PROTO=1.
    PROXY_FIX_X_FOR = _env_int("PROXY_FIX_X_FOR", 0)
    PROXY_FIX_X_PROTO = _env_int("PROXY_FIX_X_PROTO", 0)
    PROXY_FIX_X_HOST = _env_int("PROXY_FIX_X_HOST", 0)
    PROXY_FIX_X_PORT = _env_int("PROXY_FIX_X_PORT", 0)
    PROXY_FIX_X_PREFIX = _env_int("PROXY_FIX_X_PREFIX", 0)

    # Strict-Transport-Security, sent on HTTPS responses only; 0 sends none.
    HSTS_MAX_AGE = _env_int("HSTS_MAX_AGE", 365 * 24 * 3600)
    # Off by default: other sites under the same domain may not speak HTTPS yet.
    HSTS_INCLUDE_SUBDOMAINS = _env_bool("HSTS_INCLUDE_SUBDOMAINS")

    # Level of the application's log lines (each carries the request id).
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()

    # `flask retention anonymize`: events that ended more than this many days ago lose
    # their attendees' personal data.
    RETENTION_DAYS = _env_int("RETENTION_DAYS", 730)

    # Absolute links in feeds and exports when no request is around (CLI, workers).
    SERVER_NAME = os.environ.get("SERVER_NAME")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")


class TestConfig(Config):
    TESTING = True
    ENV_NAME = "testing"
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = True
    SERVER_NAME = None
    # Never a real mail server from the environment: tests read the .eml files or start
    # their own SMTP server.
    MAIL_SERVER = None
    MAIL_BACKEND = "file"
    MAIL_FILE_DIR = None
    MAIL_DEFAULT_SENDER = "eventapp@example.org"
    PUBLIC_URL = "http://eventapp.test"
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # The cheapest hashes Argon2 allows (memory ≥ 8 KiB per lane): tests sign in a lot.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1


def finish(app) -> None:
    """Fill in what depends on the instance folder and check what production needs."""
    cfg = app.config
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "eventapp.sqlite3"
        )
    if not cfg.get("SECRET_KEY"):
        if cfg.get("ENV_NAME") == "production":
            raise ConfigError(
                "SECRET_KEY is not set. In production eventapp needs a long random secret in "
                "the SECRET_KEY environment variable, the same on every web host."
            )
        cfg["SECRET_KEY"] = local_secret_key(app.instance_path)
    elif cfg.get("ENV_NAME") == "production" and len(cfg["SECRET_KEY"]) < 32:
        raise ConfigError("SECRET_KEY is too short for production: use at least 32 random characters.")
    _finish_cookies(cfg)
    _finish_engine_options(cfg)


def _finish_cookies(cfg) -> None:
    if cfg.get("SESSION_COOKIE_SECURE") is None:
        cfg["SESSION_COOKIE_SECURE"] = cfg.get("ENV_NAME") == "production"
    if cfg.get("REMEMBER_COOKIE_SECURE") is None:
        cfg["REMEMBER_COOKIE_SECURE"] = cfg["SESSION_COOKIE_SECURE"]


def _finish_engine_options(cfg) -> None:
    """Pool settings for PostgreSQL; SQLite keeps SQLAlchemy's own pool for files and memory."""
    if not cfg["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    pool = {
        "pool_size": cfg["DB_POOL_SIZE"],
        "max_overflow": cfg["DB_MAX_OVERFLOW"],
        "pool_recycle": cfg["DB_POOL_RECYCLE"],
        "pool_timeout": cfg["DB_POOL_TIMEOUT"],
        "connect_args": {"connect_timeout": cfg["DB_CONNECT_TIMEOUT"]},
    }
    # A copy: the class attribute is shared by every app made in this process. Options
    # given explicitly win over the pool settings.
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {**pool, **cfg.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
