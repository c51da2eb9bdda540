"""Absolute addresses for what leaves the site: emails, calendar files, tickets.

They are always built on PUBLIC_URL, never on the Host header of the current request: a
visitor could send any Host, and the links in an email they trigger would point there.
"""
from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
