"""Run every benchmark and write bench/results/latest.md and latest.json.

    python -m bench                    # everything (about 5 minutes)
    python -m bench --only pages       # pages | rush | outbox | lists, comma-separated
    python -m bench --databases sqlite # sqlite | postgresql
    BENCH_LOADER=python python -m bench   # without wrk even where it is installed

PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL, or postgresql://postgres@127.0.0.1:5432/
postgres) names a server on which a throwaway database is created and dropped. Redis (for
the rate limits during the rush): BENCH_REDIS_URL or redis://127.0.0.1:6379/0, if it answers.
"""

import argparse
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import lists, load, outbox, pages, rush
from bench.report import machine, markdown
from bench.servers import postgres_available

RESULTS = Path(__file__).resolve().parent / "results"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--only", default="pages,rush,outbox,lists")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=float, default=10, help="length of each load run")
    parser.add_argument("--connections", type=int, default=32, help="clients reading pages")
    parser.add_argument("--rush-connections", type=int, default=32, help="clients registering")
    parser.add_argument("--emails", type=int, default=1500, help="emails in the outbox")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    kinds = [k for k in args.databases.split(",") if k]
    skipped = {}
    if "postgresql" in kinds:
        problem = postgres_available()
        if problem:
            kinds.remove("postgresql")
            skipped["postgresql"] = problem
            print(f"PostgreSQL skipped: {problem}", file=sys.stderr)

    results = {
        "machine": machine(),
        "loader": load.tool(),
        "settings": vars(args),
        "skipped": skipped,
        "pages": [],
        "rush": [],
        "outbox": [],
        "lists": [],
        "failures": [],
    }
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="eventapp-bench-") as tmp:
        tmp_dir = Path(tmp)

        def attempt(section, label, fn):
            print(f"== {label}", file=sys.stderr, flush=True)
            try:
                outcome = fn()
                results[section].extend(outcome if isinstance(outcome, list) else [outcome])
            except Exception as error:  # noqa: BLE001 -- one failure must not lose the rest
                traceback.print_exc()
                results["failures"].append(f"{label}: {type(error).__name__}: {error}")

        if "pages" in only:
            attempt(
                "pages", "ceiling", lambda: pages.ceiling(args.seconds, args.connections, tmp_dir)
            )
            for kind in kinds:
                attempt(
                    "pages",
                    f"public pages on {kind}",
                    lambda kind=kind: pages.public_pages(
                        kind, args.seconds, args.connections, tmp_dir
                    ),
                )
        if "rush" in only:
            for kind in kinds:
                attempt(
                    "rush",
                    f"registration rush on {kind}",
                    lambda kind=kind: rush.run(kind, args.seconds, args.rush_connections, tmp_dir),
                )
        if "outbox" in only:
            for kind in kinds:
                for deliverers in (1, 2):
                    attempt(
                        "outbox",
                        f"outbox on {kind}, {deliverers} deliverer(s)",
                        lambda kind=kind, n=deliverers: outbox.run(kind, args.emails, n, tmp_dir),
                    )
        if "lists" in only:
            for kind in kinds:
                attempt(
                    "lists",
                    f"registration list and exports on {kind}",
                    lambda kind=kind: lists.run(kind, tmp_dir),
                )
    results["machine"]["load_average_after"] = machine()["load_average"]
    results["elapsed_seconds"] = round(time.time() - started, 1)

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    report = markdown(results)
    (RESULTS / "latest.md").write_text(report)
    print(report)
    print(f"Written to {RESULTS / 'latest.md'} and latest.json", file=sys.stderr)
    return 1 if results["failures"] else 0
