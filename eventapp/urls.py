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


def same_site_path(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site; never another host, a scheme, or a
    protocol-relative //. Otherwise `fallback`."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return fallback
    return target
