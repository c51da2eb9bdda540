"""Email through an outbox: written with the change that causes it, delivered after commit.

- `services.enqueue` / `services.render_email`: compose an email and queue it (flush only);
- `delivery.deliver_due`: send what is due, never the same message twice;
- `flask outbox work`: the standalone deliverer; with the file backend (the default when
  MAIL_SERVER is not set) emails are also delivered right after each request's commit.

Capabilities keep their own emails in an `emails.py` built on these.
"""
import logging

from flask import Flask

from eventapp.config import ConfigError

BACKENDS = ("smtp", "file")


def init_app(app: Flask) -> None:
    from eventapp.mail import after_commit

    backend = app.config.get("MAIL_BACKEND")
    if backend not in BACKENDS:
        raise ConfigError(
            f"MAIL_BACKEND is {backend!r}; use 'smtp' (with MAIL_SERVER) or 'file'."
        )
    if backend == "smtp" and not app.config.get("MAIL_SERVER"):
        raise ConfigError("MAIL_BACKEND is 'smtp' but MAIL_SERVER is not set.")
    if backend == "file":
        _show_file_mail_on_console(app)
        if app.config.get("ENV_NAME") == "production":
            app.logger.warning(
                "No MAIL_SERVER is set: emails are written to files, not sent to anyone."
            )
    after_commit.register(app)


def _show_file_mail_on_console(app: Flask) -> None:
    """Let the file backend's INFO lines (where each email went, its links) reach the console.

    Flask's handler sits on the app's logger, which shows warnings and up unless debugging;
    a level on our child logger lets its INFO records through to that handler.
    """
    app.logger  # noqa: B018 -- creating it attaches Flask's console handler
    file_log = logging.getLogger("eventapp.mail.file")
    if file_log.level == logging.NOTSET:
        file_log.setLevel(logging.INFO)
