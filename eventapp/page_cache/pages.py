"""Rendered public pages, kept while what they show is unchanged, and which pages those are."""
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import get_locale

from eventapp.page_cache.fingerprints import Fingerprint


class RenderedPages:
    """Pages as rendered, each under its key with the fingerprint of what it showed.

    One per application in each process (each gunicorn worker keeps its own); bounded,
    least recently used pages go first. Thread-safe: gunicorn's threads share it. Each page
    is also kept as the UTF-8 bytes it is sent as, for the middleware to serve.
    """

    def __init__(self, size: int = 512):
        self.size = size
        self._pages: OrderedDict[tuple, tuple[str, str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, version: str, render: Callable[[], str]) -> str:
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None and kept[0] == version:
                self._pages.move_to_end(key)
                return kept[1]
        # Rendered outside the lock; two threads may both render a changed page, once each.
        html = render()
        with self._lock:
            self._pages[key] = (version, html, html.encode("utf-8"))
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return html

    def peek(self, key: tuple) -> tuple[str, bytes] | None:
        """(fingerprint, body) of the page kept under `key`, if any."""
        with self._lock:
            kept = self._pages.get(key)
            if kept is None:
                return None
            self._pages.move_to_end(key)
            return kept[0], kept[2]

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def rendered_pages(app) -> RenderedPages:
    """The application's pages (an application per database: never another's page)."""
    return app.extensions.setdefault("eventapp.rendered_pages", RenderedPages())


def cached_page(version: str, render: Callable[[], str]) -> str:
    """The page as rendered for this version of its rows, rendering it only when needed.

    Keyed by the path (the language links in the header point back to it) and the
    visitor's language. No ETag: the same rows give the same fingerprint after a deploy
    that changed the templates, and a browser would keep the old page.
    """
    key = (request.endpoint, request.full_path, str(get_locale()))
    return rendered_pages(current_app).get(key, version, render)


@dataclass(frozen=True)
class KeptPage:
    """A public page the middleware may answer: its path (one group: the slug), the
    endpoint of the view that keeps it, and the fingerprint of its rows."""

    path: re.Pattern
    endpoint: str
    fingerprint: Fingerprint


# Filled by the capabilities that keep pages, when their views are imported.
KEPT_PAGES: dict[str, KeptPage] = {}


def keep(path: str, endpoint: str, fingerprint: Fingerprint) -> None:
    """Let the middleware answer GET `path` (a regular expression) from kept pages."""
    KEPT_PAGES[endpoint] = KeptPage(re.compile(path), endpoint, fingerprint)
