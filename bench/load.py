"""Load generation: wrk when it is installed, otherwise a Python client.

The Python client (processes of threads, each thread one keep-alive connection through
http.client) works on any machine with Python, but spends CPU that the server under test
then lacks on a small machine: its numbers are lower than wrk's. The results say which
tool measured them.
"""

import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlencode, urlsplit


@dataclass
class LoadResult:
    tool: str
    connections: int
    duration: float
    requests: int
    # Responses with the expected status (200 for pages, 302 for a registration taken).
    ok: int
    errors: int
    latency_ms: dict = field(default_factory=dict)
    statuses: dict = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.ok / self.duration if self.duration else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "per_second": round(self.per_second, 1)}


def tool() -> str:
    if os.environ.get("BENCH_LOADER") == "python" or not shutil.which("wrk"):
        return "python"
    return "wrk"


def get(url: str, seconds: float, connections: int) -> LoadResult:
    """GET one URL over and over from `connections` keep-alive connections."""
    if tool() == "wrk":
        return _wrk(url, seconds, connections, _wrk_script(None), expected=200)
    return _python(url, seconds, connections, None, expected=200)


@dataclass
class FormPost:
    """A form sent again and again, each time with a new email address.

    `variants` are extra fields taken in turn (e.g. the sessions each person ticks).
    """

    cookie: str
    fields: dict
    variants: list[list[tuple[str, str]]]
    email_prefix: str


def post_form(url: str, seconds: float, connections: int, form: FormPost) -> LoadResult:
    if tool() == "wrk":
        return _wrk(url, seconds, connections, _wrk_script(form), expected=302)
    return _python(url, seconds, connections, form, expected=302)


# --- wrk ------------------------------------------------------------------------------------

_LUA_REPORT = r"""
done = function(summary, latency, requests)
  local f = io.open(os.getenv("BENCH_WRK_OUT"), "w")
  local e = summary.errors
  f:write(string.format(
    '{"requests": %d, "duration_us": %d, "non_expected": %d, "socket_errors": %d, ' ..
    '"p50": %f, "p95": %f, "p99": %f, "max": %f}',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  f:close()
end
"""


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrk_script(form: FormPost | None) -> str:
    if form is None:
        return _LUA_REPORT
    base = urlencode(form.fields)
    variants = (
        ", ".join(_lua_string("&" + urlencode(v) if v else "") for v in form.variants) or '""'
    )
    return (
        f"""
local counter = 0
local thread_number = 0
local next_thread = 0
local variants = {{ {variants} }}
setup = function(thread)
  thread:set("number", next_thread)
  next_thread = next_thread + 1
end
init = function(args)
  thread_number = number
end
request = function()
  counter = counter + 1
  local email = {_lua_string(quote_plus(form.email_prefix))} .. "-" .. thread_number
    .. "-" .. counter .. "%40example.org"
  local body = {_lua_string(base)} .. "&email=" .. email .. variants[(counter % #variants) + 1]
  return wrk.format("POST", nil, {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = {_lua_string(form.cookie)},
  }}, body)
end
"""
        + _LUA_REPORT
    )


def _wrk(url, seconds, connections, script, expected) -> LoadResult:
    threads = max(1, min(connections, os.cpu_count() or 1))
    with tempfile.TemporaryDirectory() as tmp:
        script_path = Path(tmp) / "bench.lua"
        script_path.write_text(script)
        out = Path(tmp) / "out.json"
        subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds:.0f}s",
                "--timeout",
                "10s",
                "-s",
                str(script_path),
                url,
            ],
            env={**os.environ, "BENCH_WRK_OUT": str(out)},
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(out.read_text())
    duration = data["duration_us"] / 1e6
    errors = data["non_expected"] + data["socket_errors"]
    return LoadResult(
        tool="wrk",
        connections=connections,
        duration=duration,
        requests=data["requests"],
        ok=data["requests"] - data["non_expected"],
        errors=errors,
        latency_ms={k: round(data[k], 2) for k in ("p50", "p95", "p99", "max")},
        # wrk only counts responses outside 2xx/3xx; a 200 where 302 was expected passes.
        statuses={"not 2xx/3xx": data["non_expected"], "socket errors": data["socket_errors"]},
    )


# --- Python --------------------------------------------------------------------------------


def _python(url, seconds, connections, form, expected) -> LoadResult:
    processes = max(1, min(connections, os.cpu_count() or 1))
    shares = [
        connections // processes + (1 if i < connections % processes else 0)
        for i in range(processes)
    ]
    # Every process starts at the same moment, once all are up.
    start = time.time() + 2.0
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        parts = pool.starmap(
            _python_process, [(url, start, seconds, n, form, i) for i, n in enumerate(shares)]
        )
    latencies = sorted(lat for part in parts for lat in part["latencies"])
    statuses: dict = {}
    for part in parts:
        for status, count in part["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    ok = statuses.get(expected, 0)
    return LoadResult(
        tool="python",
        connections=connections,
        duration=seconds,
        requests=len(latencies),
        ok=ok,
        errors=len(latencies) - ok,
        latency_ms=_percentiles(latencies),
        statuses={str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
    )


def _percentiles(latencies: list[float]) -> dict:
    if not latencies:
        return {}

    def at(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000, 2)

    return {"p50": at(50), "p95": at(95), "p99": at(99), "max": round(latencies[-1] * 1000, 2)}


def _python_process(url, start, seconds, connections, form, process_number) -> dict:
    import threading

    results = {"latencies": [], "statuses": {}}
    lock = threading.Lock()
    threads = [
        threading.Thread(
            target=_python_connection,
            args=(url, start, start + seconds, form, f"{process_number}-{n}", results, lock),
        )
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _python_connection(url, start, deadline, form, name, results, lock) -> None:
    """One keep-alive connection sending requests from `start` until `deadline`."""
    parts = urlsplit(url)
    path = parts.path or "/"
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    latencies, statuses, counter = [], {}, 0
    time.sleep(max(0.0, start - time.time()))
    while time.time() < deadline:
        counter += 1
        body, headers = None, {}
        if form is not None:
            variant = form.variants[counter % len(form.variants)] if form.variants else []
            fields = {**form.fields, "email": f"{form.email_prefix}-{name}-{counter}@example.org"}
            body = urlencode(list(fields.items()) + list(variant))
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": form.cookie}
        started = time.perf_counter()
        try:
            conn.request("POST" if form else "GET", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = "socket error"
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    conn.close()
    with lock:
        results["latencies"].extend(latencies)
        for status, count in statuses.items():
            results["statuses"][status] = results["statuses"].get(status, 0) + count
