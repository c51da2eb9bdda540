"""Serving stored images.

An address is the SHA-256 of the bytes it serves, so what it serves can never change:
browsers and proxies may keep it for a year without asking again.
"""
import re

from flask import Response, abort, request

from eventapp.media import bp
from eventapp.media.services import find_image

_KEY = re.compile(r"[0-9a-f]{64}")

_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    # The bytes were re-encoded by us, but a browser must still never guess another type.
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
}


@bp.get("/media/<key>")
def image(key: str):
    if not _KEY.fullmatch(key):
        abort(404)
    # Same key, same bytes: a browser that has the key has the image (weak match, as
    # RFC 9110 asks for If-None-Match, since proxies that compress weaken ETags).
    revalidating = request.if_none_match.contains_weak(key)
    stored = find_image(key, with_data=not revalidating)
    if stored is None:
        abort(404)
    if revalidating:
        response = Response(status=304)
    else:
        response = Response(stored.data, mimetype=stored.content_type)
    response.set_etag(key)
    response.headers.update(_HEADERS)
    return response
