"""gunicorn settings for eventapp: `gunicorn -c gunicorn.conf.py` (the app is wsgi:app).

Every value can be changed from the environment, so that one file serves every host:
GUNICORN_BIND, WEB_CONCURRENCY (workers), GUNICORN_THREADS, GUNICORN_TIMEOUT,
GUNICORN_KEEPALIVE, GUNICORN_MAX_REQUESTS. See docs/operations.md.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "wsgi:app"

# Behind a reverse proxy on the same host; GUNICORN_BIND=0.0.0.0:8000 when the proxy is
# elsewhere (and then allow only the proxy to reach the port).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Workers are processes: each runs Python on one core at a time, so two per core (plus
# one) keep the cores busy while others wait on PostgreSQL. Threads in each worker
# overlap those waits further at little memory cost. Each worker has its own database
# pool (DB_POOL_SIZE, at least as large as the threads) — size PostgreSQL's
# max_connections for workers × (DB_POOL_SIZE + DB_MAX_OVERFLOW) on every host.
workers = _int("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"

# A request taking longer than this is stuck (no page of ours does): the worker is
# restarted. The graceful period lets requests in flight finish on a deploy.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection from the proxy is kept open.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Restarting a worker now and then bounds the memory any slow leak can take; the jitter
# keeps the workers from restarting all at once. Not too often: a new worker spends a
# second or more of CPU loading the app and starts with no page kept.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = max_requests // 10 if max_requests else 0

# Workers heartbeat through a file; in memory, a slow disk cannot make them look dead.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# The app reads X-Forwarded-* itself, through ProxyFix with the configured number of
# proxies (PROXY_FIX_*); gunicorn must not also trust them from any local peer.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

# Logs to stderr/stdout for journald or the container runtime. Each access line carries
# the request id the app put in the response, the same id as in the app's own log lines.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s [%({x-request-id}o)s] "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
# Access logs can be turned off on a very busy host (the proxy logs too).
if accesslog.lower() in {"", "none", "off"}:
    accesslog = None

# gunicorn 25.1+ opens a control socket for `gunicornc`, by default at one path per user:
# a second instance on the host would take it over. Only where a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
if not control_socket:
    del control_socket
