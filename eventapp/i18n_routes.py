"""The language switch: a link in every page's header sets the `lang` cookie and comes back.

A plain link (GET), so that it works without JavaScript and without a form token; it only
sets a preference, and it can only send the visitor back to a page of this site.
"""
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, request, url_for

from eventapp.i18n import LANGUAGE_COOKIE

bp = Blueprint("i18n", __name__)

# A choice of language is kept for a year.
COOKIE_MAX_AGE = 365 * 24 * 3600

# Responses whose words follow the visitor's language; images and static files do not, and
# keep their long-lived caching.
_LOCALIZED_TYPES = {"text/html", "application/json", "application/xml", "text/calendar"}


def safe_next(target: str | None) -> str:
    """A path on this site to return to; the home page for anything else."""
    fallback = url_for("events.home")
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


@bp.get("/language/<code>")
def switch(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next(request.args.get("next")), code=303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=COOKIE_MAX_AGE,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.after_app_request
def _vary_by_language(response):
    """Caches must not hand a Vietnamese page to a visitor who reads English, or the reverse."""
    if response.mimetype in _LOCALIZED_TYPES:
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


@bp.app_template_global("language_switch_url")
def language_switch_url(code: str) -> str:
    """The switch to `code` that comes back to the current page (a form comes back empty)."""
    here = request.full_path if request.query_string else request.path
    return url_for("i18n.switch", code=code, next=here)
