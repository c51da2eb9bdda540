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
    LANGUAGES = ("en", "vi")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "eventapp@localhost")

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
