"""Kept public pages, served before Flask when nothing they show has changed.

The agenda, speakers and speaker pages are kept as rendered (see RenderedPages in
`eventapp.programme.services`). Served through Flask, a kept page still costs what every
Flask request costs here (the app and request contexts, the extensions' hooks, the session,
Babel): about four times what gunicorn needs for a bare WSGI app. This middleware sits
before Flask and answers only what a kept page needs:

- a GET of one of those paths, with no query string;
- from a visitor with no session or remember-me cookie (anything personal goes to Flask);
- in the language Flask would choose (the `lang` cookie, else Accept-Language);
- when a page is kept under that key and a fresh read of its rows gives the same
  fingerprint, the same query the view runs, so a change shows on the very next request.

It answers with the kept bytes and the headers Flask adds to every page (security headers,
Vary, request id); `tests/deploy/test_kept_pages.py` compares the two. Everything else (a
miss, a changed page, an error, any other request) goes to Flask unchanged, and Flask's
view renders and keeps the page again.
"""
import re
import uuid

from flask import Flask
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_cookie

from eventapp.i18n import LANGUAGE_COOKIE
from eventapp.programme.services import programme_version, rendered_pages
from eventapp.security import _SANE_REQUEST_ID, CONTENT_SECURITY_POLICY, REQUEST_ID_HEADER
from eventapp.speakers.services import profile_version

# (path pattern, endpoint of the view that keeps the page, the page's fingerprint)
_PAGES = (
    (re.compile(r"/events/([^/]+)/agenda"), "programme.agenda", programme_version),
    (re.compile(r"/events/([^/]+)/speakers"), "speakers.event_speakers_page", programme_version),
    (re.compile(r"/speakers/([^/]+)"), "speakers.profile", profile_version),
)


class KeptPages:
    """WSGI middleware serving kept pages; hands every other request to `wsgi_app`."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app
        # Kept pages served here, for tests and curious operators.
        self.served = 0

    def __call__(self, environ, start_response):
        answer = self._kept_answer(environ)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        headers, body = answer
        self.served += 1
        start_response("200 OK", headers)
        return [body]

    def _kept_answer(self, environ) -> tuple[list, bytes] | None:
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING"):
            return None
        path = environ.get("PATH_INFO", "")
        page = _match(path)
        if page is None:
            return None
        endpoint, version_of, slug = page
        config = self.app.config
        cookies = parse_cookie(environ) if environ.get("HTTP_COOKIE") else {}
        if config["SESSION_COOKIE_NAME"] in cookies or _remember_cookie(config) in cookies:
            return None
        key = (endpoint, path + "?", _language(environ, cookies, config))
        pages = rendered_pages(self.app)
        kept = pages.peek(key)
        if kept is None:
            return None
        try:
            with self.app.app_context():
                current = version_of(slug)
        except Exception:  # noqa: BLE001 -- Flask will meet it again and answer properly
            return None
        if current != kept[0]:
            return None
        return _headers(environ, config, len(kept[1])), kept[1]


def install(app: Flask) -> None:
    """Put the middleware in front of the app (inside ProxyFix, installed later)."""
    app.wsgi_app = KeptPages(app.wsgi_app, app)


def _match(path: str):
    if not path.isascii():
        # Flask decodes such a path itself; no kept key could match it here.
        return None
    for pattern, endpoint, version_of in _PAGES:
        found = pattern.fullmatch(path)
        if found:
            return endpoint, version_of, found.group(1)
    return None


def _remember_cookie(config) -> str:
    return config.get("REMEMBER_COOKIE_NAME", "remember_token")


def _language(environ, cookies: dict, config) -> str:
    """What `eventapp.i18n.select_locale` chooses for this request."""
    languages = config["LANGUAGES"]
    chosen = cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    return accepted.best_match(languages) or config["BABEL_DEFAULT_LOCALE"]


def _headers(environ, config, length: int) -> list[tuple[str, str]]:
    """The headers Flask sends with a kept page (see `eventapp.security._add_headers`)."""
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(length)),
        ("Vary", "Cookie, Accept-Language"),
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]
    max_age = config.get("HSTS_MAX_AGE", 0)
    if environ.get("wsgi.url_scheme") == "https" and max_age:
        value = f"max-age={max_age}"
        if config.get("HSTS_INCLUDE_SUBDOMAINS"):
            value += "; includeSubDomains"
        headers.append(("Strict-Transport-Security", value))
    given = environ.get("HTTP_X_REQUEST_ID", "")
    headers.append((REQUEST_ID_HEADER, given if _SANE_REQUEST_ID.match(given) else uuid.uuid4().hex))
    return headers
