"""`pip install .` into a fresh virtualenv, outside the checkout, serves the app.

The package is built as pip builds it (a wheel, in its own build environment), installed
with --no-deps into a new virtualenv, and run from a directory far from the checkout: its
templates, migrations, static files and compiled Vietnamese catalogue must all come from
the installed package. The dependencies are borrowed from the test run's own environment
(a path added to the new virtualenv), so nothing is downloaded but the build tools.
"""
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = r"""
import json, os, sys
import eventapp
from eventapp import create_app
from eventapp.extensions import db
from flask_migrate import upgrade

app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["CHECK_DATABASE_URL"],
                  "SECRET_KEY": "installed-package-check", "MAIL_BACKEND": "file"})
with app.app_context():
    upgrade()  # the migrations of the installed package
    from eventapp.demo.services import load_demo
    load_demo()
    db.session.commit()
client = app.test_client()
home = client.get("/")
vi_home = client.get("/", headers={"Accept-Language": "vi"})
css = client.get("/static/css/app.css")
login = client.get("/workspace/login")
print(json.dumps({
    "package": eventapp.__file__,
    "home": home.status_code,
    "vi_home": vi_home.get_data(as_text=True),
    "css": css.status_code,
    "login": login.status_code,
}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    where = tmp_path_factory.mktemp("installed")
    wheels = where / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True, cwd=where, timeout=600,
    )
    (wheel,) = wheels.glob("eventapp-*.whl")
    env_dir = where / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, timeout=600)
    # The dependencies, from this run's environment (not its editable eventapp: a .pth path
    # entry adds the directory, without running the .pth files inside it).
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python, where


def test_the_installed_package_serves_the_app_from_anywhere(installed):
    python, where = installed
    elsewhere = where / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL")}
    env["CHECK_DATABASE_URL"] = f"sqlite:///{elsewhere / 'eventapp.sqlite3'}"
    result = subprocess.run([str(python), "-c", CHECK], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert not found["package"].startswith(str(ROOT)), found["package"]
    assert found["home"] == 200
    assert found["css"] == 200
    assert found["login"] == 200
    # The demo workshop, its Vietnamese title, and the page's own words from the compiled
    # catalogue (which a checkout only has after `make`).
    assert 'lang="vi"' in found["vi_home"]
    assert "Sự kiện sắp diễn ra" in found["vi_home"]  # "Upcoming events"
    assert "Hội thảo" in found["vi_home"]
