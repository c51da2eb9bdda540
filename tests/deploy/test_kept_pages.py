"""Kept pages served before Flask: the same answer Flask gives, and only when it is safe.

`eventapp.page_cache` answers a repeated visit to the agenda, speakers or a speaker's page
without entering Flask. These tests check that its answer is byte for byte and header for
header the one Flask gives, and that everything personal, changed or unusual still goes
to Flask.
"""
import pytest
from sqlalchemy import text

from eventapp.page_cache.middleware import KeptPages
from tests.deploy.test_fresh_pages import programme, rendered  # noqa: F401 -- fixture

REQUEST_ID = {"X-Request-ID": "visit-42"}


def middleware(app) -> KeptPages:
    layer = app.wsgi_app
    while not isinstance(layer, KeptPages):
        layer = layer.app  # ProxyFix, when proxies are configured
    return layer


def answer(response) -> tuple:
    return response.status_code, sorted(response.headers.items()), response.get_data()


@pytest.mark.parametrize("page", ["agenda", "speakers", "profile"])
def test_a_kept_page_is_served_before_flask_exactly_as_flask_serves_it(
    app, client, programme, page  # noqa: F811
):
    kept = middleware(app)
    from_flask = client.get(programme[page], headers=REQUEST_ID)
    assert kept.served == 0

    with rendered(app) as templates:
        again = client.get(programme[page], headers=REQUEST_ID)

    assert kept.served == 1
    assert templates == []
    assert answer(again) == answer(from_flask)


def test_over_https_the_same_headers_include_hsts(app, client, programme):  # noqa: F811
    app.config.update(HSTS_MAX_AGE=31536000, HSTS_INCLUDE_SUBDOMAINS=True)
    kwargs = {"headers": REQUEST_ID, "base_url": "https://events.example.org"}
    from_flask = client.get(programme["agenda"], **kwargs)
    again = client.get(programme["agenda"], **kwargs)
    assert middleware(app).served == 1
    assert again.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert answer(again) == answer(from_flask)


def test_a_request_id_is_made_up_when_none_or_a_bad_one_is_given(
    app, client, programme  # noqa: F811
):
    client.get(programme["agenda"])
    first = client.get(programme["agenda"]).headers["X-Request-ID"]
    second = client.get(programme["agenda"], headers={"X-Request-ID": "bad id\tx"})
    assert middleware(app).served == 2
    assert len(first) == 32 and first != second.headers["X-Request-ID"]
    assert len(second.headers["X-Request-ID"]) == 32


def test_each_language_is_served_as_flask_chose_it(app, client, programme):  # noqa: F811
    kept = middleware(app)
    english = client.get(programme["agenda"], headers={"Accept-Language": "en"}).get_data()
    vietnamese = client.get(programme["agenda"], headers={"Accept-Language": "vi,en;q=0.5"})
    assert kept.served == 0
    assert "Điện ảnh và phát trực tuyến" in vietnamese.get_data(as_text=True)

    assert client.get(programme["agenda"], headers={"Accept-Language": "en-GB"}).get_data() == (
        english
    )
    client.set_cookie("lang", "vi")
    # The cookie wins over the browser's languages, as in Flask.
    chosen = client.get(programme["agenda"], headers={"Accept-Language": "en"})
    assert chosen.get_data() == vietnamese.get_data()
    assert kept.served == 2


def test_a_visitor_with_a_session_goes_to_flask(app, client, programme):  # noqa: F811
    client.get(programme["agenda"])
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "anything")
    client.get(programme["agenda"])
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    client.set_cookie("remember_token", "anything")
    client.get(programme["agenda"])
    assert middleware(app).served == 0


def test_other_requests_go_to_flask(app, client, programme):  # noqa: F811
    path = programme["agenda"]
    client.get(path)
    assert client.head(path).status_code == 200
    assert client.get(path + "?print=1").status_code == 200
    assert client.get(path + "/").status_code == 404
    assert client.get("/events/no-such-event/agenda").status_code == 404
    assert client.post(path).status_code in (400, 405)
    assert middleware(app).served == 0


def test_a_changed_page_goes_to_flask_which_keeps_it_again(
    app, client, db, programme  # noqa: F811
):
    kept = middleware(app)
    client.get(programme["agenda"])
    db.session.execute(
        text("UPDATE room SET name = 'Hall B' WHERE id = :id"), {"id": programme["room"]}
    )
    db.session.commit()

    with rendered(app) as templates:
        changed = client.get(programme["agenda"]).get_data(as_text=True)
    assert templates and "Hall B" in changed
    assert kept.served == 0
    assert client.get(programme["agenda"]).get_data(as_text=True) == changed
    assert kept.served == 1


def test_a_database_error_goes_to_flask(app, client, programme, monkeypatch):  # noqa: F811
    kept = middleware(app)
    client.get(programme["agenda"])

    def broken(*args):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(kept.fingerprints, "_run", broken)
    assert client.get(programme["agenda"]).status_code == 200
    assert kept.served == 0


def test_a_lost_connection_is_replaced(app, client, programme):  # noqa: F811
    kept = middleware(app)
    client.get(programme["agenda"])
    client.get(programme["agenda"])
    assert kept.served == 1
    # The server or a firewall drops the connection the middleware keeps.
    [held] = kept.fingerprints._idle
    held.connection.driver_connection.close()

    assert client.get(programme["agenda"]).status_code == 200
    assert kept.served == 1
    assert client.get(programme["agenda"]).status_code == 200
    assert kept.served == 2


def test_a_changed_page_shows_from_another_host_at_once(
    app, client, database_url, tmp_path, programme  # noqa: F811
):
    from eventapp import create_app
    from eventapp.config import TestConfig
    from eventapp.extensions import db as _db

    class OtherHost(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    other = create_app(OtherHost)
    other.instance_path = str(tmp_path / "other")
    client.get(programme["agenda"])
    assert "Meeting Room A" in client.get(programme["agenda"]).get_data(as_text=True)
    with other.app_context():
        _db.session.execute(
            text("UPDATE room SET name = 'Main Hall' WHERE id = :id"), {"id": programme["room"]}
        )
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()

    assert "Main Hall" in client.get(programme["agenda"]).get_data(as_text=True)
    assert middleware(app).served == 1


def test_a_thread_per_request_server_leaves_the_pool_intact(app, db, programme):  # noqa: F811
    """Flask's development server (`make run`) starts a thread for every request: the
    middleware must hold a connection only while it reads, or each kept page served by a
    new thread takes one for good and the pool runs dry after a dozen visits."""
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    kept = middleware(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for _ in range(200):
            for path in (programme["agenda"], programme["speakers"], programme["profile"]):
                with urllib.request.urlopen(base + path, timeout=10) as response:
                    assert response.status == 200
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert kept.served >= 590
    pool = db.engine.pool
    # Only the few idle connections the middleware keeps are out of the pool.
    assert kept.fingerprints.idle <= kept.fingerprints.idle_limit
    assert pool.checkedout() <= kept.fingerprints.idle_limit
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
