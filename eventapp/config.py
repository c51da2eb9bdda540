"""Configuration read from the environment.

With nothing set, eventapp runs locally: SQLite in the instance folder and a secret key
generated once and kept there. In production (EVENTAPP_ENV=production) it refuses to start
without a real SECRET_KEY.
"""
import os
import secrets
from pathlib import Path


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
    # Speaker photos and other uploads; larger requests are refused with 413.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 8 * 1024 * 1024))
    PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", 5 * 1024 * 1024))

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    # The repository's catalogues, wherever the app is started from (compiled by make install).
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
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

    # Rate limits (Flask-Limiter). memory:// counts per process; with several workers or
    # hosts set REDIS_URL so that they share one count.
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "10 per minute; 100 per hour")
    RATELIMIT_RESEND = os.environ.get("RATELIMIT_RESEND", "5 per minute; 20 per hour")
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute; 50 per hour")

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
