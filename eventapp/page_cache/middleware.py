"""Kept public pages, served before Flask when nothing they show has changed.

The pages that capabilities `keep` (the agenda, speakers and speaker pages) are kept as
rendered (see `eventapp.page_cache.pages`). Served through Flask, a kept page still costs what every
Flask request costs here (the app and request contexts, the extensions' hooks, the session,
Babel): about four times what gunicorn needs for a bare WSGI app. This middleware sits
before Flask and answers only what a kept page needs:

- a GET of one of those paths, with no query string;
- from a visitor with no session or remember-me cookie (anything personal goes to Flask);
- in the language Flask would choose (the `lang` cookie, else Accept-Language);
- when a page is kept under that key and a fresh read of its rows gives the same
  fingerprint, the same query the view runs, so a change shows on the very next request.

The fingerprint is read on one of a few database connections the middleware keeps idle for
this alone, taken from the application's pool (so within DB_POOL_SIZE + DB_MAX_OVERFLOW) and
used in autocommit through the driver: one round trip per page, without the pool's
checkout, pre-ping and reset, the session, BEGIN and ROLLBACK that the same query costs in
Flask. A request holds a connection only while it reads (see `Fingerprints`). A connection
that fails is thrown away and the request goes to Flask, whose pool pings; the next kept
page takes a new connection.

It answers with the kept bytes and the headers Flask adds to every page (security headers,
Vary, request id); `tests/deploy/test_kept_pages.py` compares the two. Everything else (a
miss, a changed page, an error, any other request) goes to Flask unchanged, and Flask's
view renders and keeps the page again.
"""
import threading
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import event
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_cookie

from eventapp.extensions import db
from eventapp.i18n import LANGUAGE_COOKIE
from eventapp.page_cache.fingerprints import SQLITE_STATE, Fingerprint, fingerprint
from eventapp.page_cache.pages import KEPT_PAGES, rendered_pages
from eventapp.security import CONTENT_SECURITY_POLICY, REQUEST_ID_HEADER, request_id_for


class KeptPages:
    """WSGI middleware serving kept pages; hands every other request to `wsgi_app`."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app
        self.fingerprints = Fingerprints(app)
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
        endpoint, rows, slug = page
        config = self.app.config
        cookies = parse_cookie(environ) if environ.get("HTTP_COOKIE") else {}
        if config["SESSION_COOKIE_NAME"] in cookies or _remember_cookie(config) in cookies:
            return None
        key = (endpoint, path + "?", _language(environ, cookies, config))
        pages = rendered_pages(self.app)
        kept = pages.peek(key)
        if kept is None:
            return None
        if self.fingerprints.read(rows, slug) != kept[0]:
            return None
        return _headers(environ, config, len(kept[1])), kept[1]


def install(app: Flask) -> None:
    """Put the middleware in front of the app (inside ProxyFix, installed later)."""
    app.wsgi_app = KeptPages(app.wsgi_app, app)


def _match(path: str):
    if not path.isascii():
        # Flask decodes such a path itself; no kept key could match it here.
        return None
    for page in KEPT_PAGES.values():
        found = page.path.fullmatch(path)
        if found:
            return page.endpoint, page.fingerprint, found.group(1)
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
    headers.append((REQUEST_ID_HEADER, request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))))
    return headers


# Connections kept idle between kept pages; a busy moment opens more (within the pool) and
# gives the extra ones back when it is over.
IDLE_CONNECTIONS = 4


@dataclass
class _Held:
    """A connection of the application's pool, kept for fingerprints, and what it has read."""

    connection: object
    # On SQLite: per slug and kind, (database state, fingerprint) as last read on it.
    known: dict = field(default_factory=dict)


class Fingerprints:
    """The pages' fingerprints, read on connections kept idle between requests; None when
    unknown.

    A request takes an idle connection (or a new one from the application's pool), reads and
    gives it back at once: it holds one only while it reads, however many threads serve
    requests (Flask's development server starts one per request). At most IDLE_CONNECTIONS
    stay idle; an extra one is closed for good, which gives its place in the pool back.
    """

    def __init__(self, app: Flask, idle: int = IDLE_CONNECTIONS):
        self.app = app
        self.idle_limit = idle
        self._engine = None
        self._compiled = {}
        self._idle: list[_Held] = []
        self._lock = threading.Lock()

    def read(self, rows: Fingerprint, slug: str):
        held = self._take()
        if held is None:
            return None
        try:
            if self._engine.dialect.name == "postgresql":
                found = self._run(held, rows.postgresql, {"slug": slug})
                value = found[0][0] if found else None
            else:
                value = self._sqlite(held, rows, slug)
        except Exception:  # noqa: BLE001 -- Flask will meet it again and answer properly
            _throw_away(held.connection)
            return None
        self._give_back(held)
        return value

    def _sqlite(self, held: _Held, rows: Fingerprint, slug: str):
        """As `unless_sqlite_unchanged`: rows read again only when the database changed."""
        state = self._run(held, SQLITE_STATE, {})[0]
        known, kind = held.known, rows.name
        if kind in known.get(slug, {}) and known[slug][kind][0] == state:
            return known[slug][kind][1]
        head = self._run(held, rows.head, {"slug": slug})
        rest = self._run(held, rows.rest, {rows.key: head[0][0]}) if head else None
        value = fingerprint(head, rest) if head else None
        known.setdefault(slug, {})[kind] = (state, value)
        return value

    def _run(self, held: _Held, statement, params: dict) -> list[tuple]:
        sql, names = self._compile(statement)
        cursor = held.connection.cursor()
        try:
            if names is None:
                cursor.execute(sql, params)
            else:
                cursor.execute(sql, [params[name] for name in names])
            return cursor.fetchall()
        finally:
            cursor.close()

    def _compile(self, statement):
        """The statement in the driver's own parameter style (and the order of its names)."""
        if statement not in self._compiled:
            compiled = statement.compile(dialect=self._engine.dialect)
            names = list(compiled.positiontup) if compiled.positional else None
            self._compiled[statement] = (str(compiled), names)
        return self._compiled[statement]

    def _take(self) -> _Held | None:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        try:
            if self._engine is None:
                with self.app.app_context():
                    self._engine = db.engine
                event.listen(self._engine, "engine_disposed", lambda _engine: self.close())
            connection = self._engine.raw_connection()
            if self._engine.dialect.name == "postgresql":
                # Each fingerprint is one statement: nothing to begin or roll back. (Such a
                # connection never goes back to the pool for others: see _throw_away.)
                connection.driver_connection.autocommit = True
        except Exception:  # noqa: BLE001 -- no database now: Flask answers
            return None
        return _Held(connection)

    def _give_back(self, held: _Held) -> None:
        with self._lock:
            if len(self._idle) < self.idle_limit:
                self._idle.append(held)
                return
        _throw_away(held.connection)

    @property
    def idle(self) -> int:
        return len(self._idle)

    def close(self) -> None:
        """Close every idle connection (when the app's engine is disposed)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for held in idle:
            _throw_away(held.connection)


def _throw_away(connection) -> None:
    """Close a held connection for good and give its place in the pool back."""
    try:
        connection.invalidate()
        connection.close()
    except Exception:  # noqa: BLE001 -- it is being thrown away anyway
        pass
