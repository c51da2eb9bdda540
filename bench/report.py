"""The machine the benchmarks ran on, and the results as a Markdown report with the targets."""

import os
import platform
import shutil
import subprocess
from datetime import UTC, datetime

from bench.servers import ROOT, postgres_available, postgres_server_url, redis_url

# The targets on the 2-core machine.
AGENDA_RATIO = 0.5
RUSH_PER_SECOND = 500
RUSH_P99_MS = 250
EMAILS_PER_SECOND = 200
# The registration list at 100,000 registrations within this factor of its time at 1,000;
# an export's peak memory at 100,000 under this many MB.
LIST_GROWTH = 1.5
EXPORT_PEAK_MB = 100


def machine() -> dict:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": _postgres_version(),
        "redis": _redis_version(),
        "gunicorn": _package_version("gunicorn"),
        "wrk": _wrk_version(),
        "commit": _git("rev-parse", "--short", "HEAD")
        + (
            " (with local changes)" if _git("status", "--porcelain", "--untracked-files=no") else ""
        ),
        "load_average": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


def _postgres_version() -> str | None:
    if postgres_available():
        return None
    from sqlalchemy import create_engine, text

    from bench.servers import _psycopg

    engine = create_engine(_psycopg(postgres_server_url()))
    with engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar()
    engine.dispose()
    return version


def _redis_version() -> str | None:
    url = redis_url()
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url).info("server").get("redis_version")


def _package_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _wrk_version() -> str | None:
    if not shutil.which("wrk"):
        return None
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (result.stdout or result.stderr).split("[")[0].strip() or "wrk"


def _git(*args) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""


# --- Markdown --------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _row(*cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# eventapp benchmark results",
        "",
        f"{m['date']} · commit {m['commit']} · load generator: {results['loader']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['system']}; "
        f"Python {m['python']}; PostgreSQL {m['postgresql'] or '–'}; Redis {m['redis'] or '–'}; "
        f"gunicorn {m['gunicorn']}; {m['wrk'] or 'no wrk'}. Load average before: "
        f"{m['load_average']}, after: {m.get('load_average_after', '–')}.",
        "",
    ]
    for name, why in results["skipped"].items():
        lines += [f"Skipped {name}: {why}", ""]
    lines += _pages(results) + _rush(results) + _outbox(results) + _lists(results)
    if results["failures"]:
        lines += ["## Failures", ""] + [f"- {f}" for f in results["failures"]] + [""]
    return "\n".join(lines)


def _cpu(row) -> tuple[str, str]:
    ms, capacity = row.get("cpu_ms_per_request"), row.get("capacity_per_second")
    return (f"{ms:.2f}" if ms else "–", f"{capacity:,}" if capacity else "–")


CPU_NOTE = (
    "*CPU ms* is the processor time the server spent per request (gunicorn's processes plus "
    "the PostgreSQL backends serving them); *alone* is what the machine's cores would serve "
    "at that cost with nothing else running (the load generator aside). Unlike requests per "
    "second, neither depends much on what else the machine was doing."
)


def _pages(results) -> list[str]:
    rows = results["pages"]
    if not rows:
        return []
    ceiling = next((r for r in rows if r["name"].startswith("ceiling")), None)
    out = [
        "## Public pages",
        "",
        f"{rows[0]['connections']} keep-alive connections, {rows[0]['duration']:.0f} s each, "
        "gunicorn.conf.py settings (access log off). " + CPU_NOTE,
        "",
        "| page | database | requests/s | of ceiling | p50 ms | p99 ms | errors | CPU ms "
        "| alone /s | of ceiling, by CPU | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        ratio = row["per_second"] / ceiling["per_second"] if ceiling else None
        by_cpu = None
        if ceiling and ceiling.get("cpu_ms_per_request") and row.get("cpu_ms_per_request"):
            by_cpu = ceiling["cpu_ms_per_request"] / row["cpu_ms_per_request"]
        target = ""
        if row["name"] == "agenda" and ratio is not None:
            target = f"≥ {AGENDA_RATIO:.0%}: {_verdict(ratio >= AGENDA_RATIO)}"
        lat = row["latency_ms"]
        out.append(
            _row(
                row["name"],
                row.get("database", "–"),
                f"{row['per_second']:.0f}",
                f"{ratio:.0%}" if ratio is not None else "–",
                lat.get("p50", "–"),
                lat.get("p99", "–"),
                row["errors"],
                *_cpu(row),
                f"{by_cpu:.0%}" if by_cpu is not None else "–",
                target,
            )
        )
    return out + [""]


def _rush(results) -> list[str]:
    rows = results["rush"]
    if not rows:
        return []
    out = [
        "## Registration rush",
        "",
        f"{rows[0]['connections']} clients posting the registration form for "
        f"{rows[0]['duration']:.0f} s; "
        "eight sessions of 25 seats, an event of 1,500 places, a quota of 300 for ministries. "
        "Rate limits on (Redis when it answers) with a limit no client reaches.",
        "",
        "| database | registrations/s | p50 ms | p95 ms | p99 ms | errors | registrations "
        "| oversold | counters off | CPU ms | alone /s | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lat = row["latency_ms"]
        target = ""
        if row["database"] == "postgresql":
            ok = (
                row["per_second"] >= RUSH_PER_SECOND
                and row["oversold"] == 0
                and lat.get("p99", 1e9) < RUSH_P99_MS
            )
            target = f"≥ {RUSH_PER_SECOND}/s, p99 < {RUSH_P99_MS} ms, 0 oversold: {_verdict(ok)}"
        elif row["oversold"]:
            target = "**oversold**"
        out.append(
            _row(
                row["database"],
                f"{row['per_second']:.0f}",
                lat.get("p50", "–"),
                lat.get("p95", "–"),
                lat.get("p99", "–"),
                row["errors"],
                row["registrations"],
                row["oversold"],
                row["counter_mismatches"],
                *_cpu(row),
                target,
            )
        )
    return out + [""]


def _outbox(results) -> list[str]:
    rows = results["outbox"]
    if not rows:
        return []
    out = [
        "## Outbox to SMTP on loopback",
        "",
        "`flask outbox work` processes sending to an aiosmtpd server in the benchmark's "
        "process; the rate runs from the first email sent to the last.",
        "",
        "| database | deliverers | emails | emails/s | sent twice | not sent | CPU ms "
        "| alone /s | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        # The target is for two deliverers; one is measured to show how they add up.
        target = (
            f"≥ {EMAILS_PER_SECOND}/s: {_verdict(row['per_second'] >= EMAILS_PER_SECOND)}"
            if row["deliverers"] == 2
            else ""
        )
        out.append(
            _row(
                row["database"],
                row["deliverers"],
                row["queued"],
                f"{row['per_second']:.0f}",
                row["duplicates"],
                row["not_sent"],
                *_cpu(row),
                target,
            )
        )
    return out + [""]


def _lists(results) -> list[str]:
    rows = results.get("lists") or []
    if not rows:
        return []
    out = [
        "## Registration list and exports",
        "",
        "In-process (Flask's test client, signed in as an administrator): the list's first "
        "page, medians of 21 (the target is judged on CPU time, which the machine's other "
        "work disturbs less); each export read to its end under tracemalloc (its time is "
        "slowed by it), with the peak of Python memory it allocated.",
        "",
        "| page | database | registrations | ms | CPU ms | peak MB | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    smallest = {}
    for row in rows:
        key = (row["name"], row["database"])
        smallest.setdefault(key, row)
        target = ""
        first = smallest[key]
        if row["registrations"] >= 100_000 and row["name"].startswith("registration list"):
            measure = "cpu_ms" if "cpu_ms" in row else "ms"
            ratio = row[measure] / first[measure] if first[measure] else 0
            ok = ratio <= LIST_GROWTH
            target = (
                f"≤ {LIST_GROWTH}× the {first['registrations']:,}: {ratio:.2f}×, {_verdict(ok)}"
            )
        elif row["registrations"] >= 100_000 and "peak_mb" in row:
            target = f"< {EXPORT_PEAK_MB} MB: {_verdict(row['peak_mb'] < EXPORT_PEAK_MB)}"
        out.append(
            _row(
                row["name"],
                row["database"],
                f"{row['registrations']:,}",
                f"{row['ms']:.0f}",
                f"{row['cpu_ms']:.0f}" if "cpu_ms" in row else "–",
                f"{row['peak_mb']:.1f}" if "peak_mb" in row else "–",
                target,
            )
        )
    return out + [""]
