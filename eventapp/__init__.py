"""eventapp: run workshops and conferences."""
import os

from flask import Flask

from eventapp import config as config_module
from eventapp import page_cache


def create_app(config: type | dict | None = None) -> Flask:
    """Build the application. `config` is a Config class or a mapping of overrides."""
    # Templates, migrations and translations travel inside the package (pip install . works).
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_module.Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    config_module.finish(app)

    page_cache.install(app)  # before Flask's hooks; ProxyFix, installed later, goes before it
    register_extensions(app)
    register_blueprints(app)
    register_listeners(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from eventapp import i18n, security
    from eventapp import mail as outbox
    from eventapp.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    security.init_app(app)  # first: its request id and headers apply to every other hook
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(app.root_path, "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    mail.init_app(app)
    outbox.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    # Every model must be imported for the metadata (and migrations) to see it.
    from eventapp import models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    import importlib

    for name in (
        "events", "programme", "speakers", "registration", "schedule", "media",
        "accounts", "workspace", "checkin", "documents",
    ):
        # Importing the routes attaches the views to the package's blueprint.
        importlib.import_module(f"eventapp.{name}.routes")
        app.register_blueprint(importlib.import_module(f"eventapp.{name}").bp)
    app.register_blueprint(importlib.import_module("eventapp.i18n_routes").bp)


def register_listeners(app: Flask) -> None:
    """Capabilities that act on what those below them announce (see eventapp.signals)."""
    import importlib

    for name in ("programme.rescheduling", "registration.listeners"):
        importlib.import_module(f"eventapp.{name}")


def register_errorhandlers(app: Flask) -> None:
    from eventapp import errors

    errors.register(app)


def register_template_helpers(app: Flask) -> None:
    from eventapp import forms, i18n, labels, text
    from eventapp.endpoints import has_endpoint

    app.jinja_env.add_extension("jinja2.ext.do")
    i18n.register_template_helpers(app)
    app.jinja_env.filters["markdown"] = text.render_markdown
    app.jinja_env.globals["label"] = labels.label
    app.jinja_env.globals["speaker_name"] = labels.speaker_name
    # The error summary of templates/workspace/programme/_macros.html.
    app.jinja_env.globals["programme_form_errors"] = forms.form_errors
    # A global (not a context variable) so that imported macros see it too.
    app.jinja_env.globals["has_endpoint"] = has_endpoint


def register_commands(app: Flask) -> None:
    from eventapp.accounts.commands import organizer_cli
    from eventapp.demo.commands import demo_cli
    from eventapp.mail.commands import outbox_cli
    from eventapp.organizations.commands import organizations_cli
    from eventapp.privacy.retention import retention_cli
    from eventapp.registration.commands import registrations_cli
    from eventapp.speakers.commands import speakers_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(organizer_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(organizations_cli)
    app.cli.add_command(registrations_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(speakers_cli)
