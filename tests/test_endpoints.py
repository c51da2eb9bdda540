"""has_endpoint(), and the endpoint names the templates use.

A template that names an endpoint which no longer exists either breaks the page (url_for) or,
worse, silently drops a link (has_endpoint in production). The scans below read every file
under templates/ and check each endpoint name written there as a string literal against the
app's URL map, so that renaming a view without updating a template fails the suite.
"""
import logging
import re
from pathlib import Path

import pytest
from flask import Flask, render_template_string

from eventapp import create_app
from eventapp.config import TestConfig
from eventapp.endpoints import has_endpoint

TEMPLATES = Path(__file__).resolve().parent.parent / "eventapp" / "templates"

# has_endpoint('name') and url_for('name', ...): the name is the first argument, a literal.
CALL = re.compile(r"""\b(has_endpoint|url_for)\(\s*(['"])([^'"]+)\2""")


@pytest.fixture(scope="module")
def plain_app() -> Flask:
    """The app under TestConfig, without a database: nothing here sends a request."""
    return create_app(TestConfig)


@pytest.fixture(scope="module")
def endpoints(plain_app) -> set[str]:
    return {rule.endpoint for rule in plain_app.url_map.iter_rules()}


def template_files() -> list[Path]:
    files = sorted(p for p in TEMPLATES.rglob("*") if p.is_file())
    assert files, f"no templates found under {TEMPLATES}"
    return files


def literals(pattern: re.Pattern, group: int):
    """(file:line, literal) for each match of `pattern` in the templates."""
    for path in template_files():
        source = path.read_text(encoding="utf-8")
        for match in pattern.finditer(source):
            line = source.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(TEMPLATES.parent)}:{line}", match.group(group)


def unknown(found, endpoints) -> list[str]:
    return [f"{where}: {name!r}" for where, name in found if name not in endpoints]


# --- has_endpoint ---------------------------------------------------------------------------


def test_has_endpoint_is_true_for_an_existing_endpoint(plain_app):
    with plain_app.app_context():
        assert has_endpoint("events.home") is True
        assert has_endpoint("static") is True


def test_has_endpoint_raises_for_an_unknown_name_when_testing(plain_app):
    assert plain_app.testing
    with plain_app.app_context(), pytest.raises(LookupError, match="'workspace.nowhere'"):
        has_endpoint("workspace.nowhere")


def test_has_endpoint_raises_for_an_unknown_name_in_debug_mode():
    app = create_app(TestConfig)
    app.testing = False
    app.debug = True
    with app.app_context(), pytest.raises(LookupError, match="renamed or removed"):
        has_endpoint("workspace.nowhere")


def test_has_endpoint_logs_and_is_false_in_production(caplog):
    app = create_app(TestConfig)
    app.testing = False
    app.debug = False
    with app.app_context(), caplog.at_level(logging.WARNING, logger=app.logger.name):
        assert has_endpoint("workspace.nowhere") is False
        assert has_endpoint("events.home") is True
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "'workspace.nowhere'" in warnings[0].getMessage()


def test_has_endpoint_is_a_template_global(plain_app):
    with plain_app.test_request_context():
        assert render_template_string("{{ has_endpoint('events.home') }}") == "True"
        with pytest.raises(LookupError):
            render_template_string("{{ has_endpoint('events.nowhere') }}")
    assert "url_endpoints" not in plain_app.jinja_env.globals


# --- The names the templates use --------------------------------------------------------------


def test_templates_name_only_existing_endpoints_in_has_endpoint_and_url_for(endpoints):
    found = [
        (where, name) for where, name in literals(CALL, 3)
        if not name.startswith(".")  # relative to the current blueprint: not known here
    ]
    assert found, "the scan found no has_endpoint/url_for call"
    missing = unknown(found, endpoints)
    assert not missing, (
        "Templates name endpoints that do not exist (renamed or removed?):\n  "
        + "\n  ".join(missing)
    )


def test_templates_name_only_existing_endpoints_elsewhere(plain_app, endpoints):
    """Endpoint names in other places: lists of links, the `current` page of a menu, ...

    Any quoted literal that starts with a blueprint's name and a dot, e.g.
    ('workspace.programme.rooms', _('Rooms')) in a list of tabs, is taken for an endpoint name.
    """
    names = sorted(plain_app.blueprints, key=len, reverse=True)
    blueprints = "|".join(re.escape(name) for name in names)
    literal = re.compile(rf"""(['"])((?:{blueprints})\.[A-Za-z_][\w.]*)\1""")
    missing = unknown(literals(literal, 2), endpoints)
    assert not missing, (
        "Templates name endpoints that do not exist (renamed or removed?):\n  "
        + "\n  ".join(missing)
    )


def test_no_template_uses_url_endpoints_any_more():
    left = [where for where, _ in literals(re.compile(r"(\burl_endpoints\b)"), 1)]
    assert not left, "url_endpoints is gone; use has_endpoint('name'):\n  " + "\n  ".join(left)
