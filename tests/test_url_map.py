"""The application's URLs, compared with a snapshot kept in tests/url_map.txt.

Moving or renaming views must not change the public URLs by accident. Each line of the
snapshot is one rule of the URL map: its methods (sorted, without HEAD and OPTIONS, joined by
commas), a space, and the rule string. Endpoint names are left out on purpose: they are
internal and may change without a URL changing.

When a URL changes on purpose, regenerate the snapshot and commit it with the change:

    python -m tests.test_url_map --write
"""
import difflib
import sys
from pathlib import Path

from flask import Flask

SNAPSHOT = Path(__file__).with_name("url_map.txt")
REGENERATE = "python -m tests.test_url_map --write"
IMPLICIT_METHODS = {"HEAD", "OPTIONS"}


def url_map_lines(app: Flask) -> list[str]:
    """One line per rule of the app's URL map, sorted."""
    lines = []
    for rule in app.url_map.iter_rules():
        methods = ",".join(sorted(set(rule.methods or ()) - IMPLICIT_METHODS))
        lines.append(f"{methods} {rule.rule}")
    return sorted(lines)


def build_app() -> Flask:
    from eventapp import create_app
    from eventapp.config import TestConfig

    return create_app(TestConfig)


def render(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def test_url_map_matches_snapshot():
    current = url_map_lines(build_app())
    saved = SNAPSHOT.read_text(encoding="utf-8").splitlines() if SNAPSHOT.exists() else []
    if current != saved:
        diff = "\n".join(
            difflib.unified_diff(
                saved, current, fromfile="tests/url_map.txt", tofile="app.url_map", lineterm=""
            )
        )
        raise AssertionError(
            "The application's URL map differs from tests/url_map.txt:\n"
            f"{diff}\n\n"
            "If the change is intended, regenerate the snapshot and commit it:\n"
            f"    {REGENERATE}"
        )


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(f"usage: {REGENERATE}", file=sys.stderr)
        return 2
    SNAPSHOT.write_text(render(url_map_lines(build_app())), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
