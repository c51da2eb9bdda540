"""`make run` points the links of its emails at the address it serves on."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def planned_run(*arguments, **environment) -> str:
    """The commands `make run` would run (make -n runs none of them)."""
    env = {k: v for k, v in os.environ.items() if k != "PUBLIC_URL"} | environment
    result = subprocess.run(["make", "-n", "run", *arguments], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


def test_the_links_follow_the_port_make_run_serves_on():
    assert 'PUBLIC_URL="http://127.0.0.1:8123"' in planned_run("PORT=8123")
    assert 'PUBLIC_URL="http://127.0.0.1:5000"' in planned_run()


def test_an_address_listening_everywhere_links_to_this_machine():
    assert 'PUBLIC_URL="http://127.0.0.1:8000"' in planned_run("HOST=0.0.0.0", "PORT=8000")


def test_a_public_url_that_is_set_is_kept():
    planned = planned_run("PORT=8123", PUBLIC_URL="https://events.example.org")
    assert 'PUBLIC_URL="https://events.example.org"' in planned
