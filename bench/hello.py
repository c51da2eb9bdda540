"""The ceiling: the smallest WSGI application, served by the same gunicorn configuration.

Whatever eventapp's pages reach is measured against what gunicorn itself can do here.
"""

BODY = b"Hello, world!\n"
HEADERS = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
