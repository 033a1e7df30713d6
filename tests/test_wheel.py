"""The product survives being installed: the wheel, in a fresh virtualenv outside the checkout, serves.

Builds the wheel from this checkout, installs it into a new virtualenv in a temporary folder, starts
`powermap serve` there (its own embedded Neo4j, built by Maven from the sources the wheel carries,
on free ports, in that folder), and checks that the API, the page and the Browser guide answer and
that SIGTERM stops it and its Neo4j. Nothing of the checkout is on that process's path.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, spare_port


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:  # a cold server's first map takes seconds
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO_ROOT)],
                   check=True, cwd=out)
    return next(out.glob("powermap-*.whl"))


def test_the_wheel_holds_the_product_and_no_generic_top_level_names(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top_level == {"powermap"}
    for needed in ("powermap/cypher/security/create_key.cypher", "powermap/seeds/demo/01-accounts.yaml",
                   "powermap/browser/guide.html", "powermap/ui/static/index.html",
                   "powermap/ui/node_modules/cytoscape/dist/cytoscape.min.js", "powermap/launcher/pom.xml"):
        assert needed in names


def test_the_installed_wheel_serves_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, cwd=tmp_path)
    bolt, http, api = spare_port(), spare_port(), spare_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("POWERMAP_", "NEO4J_"))}
    env.update(POWERMAP_EMBEDDED_BOLT_PORT=str(bolt), POWERMAP_EMBEDDED_HTTP_PORT=str(http),
               POWERMAP_API_PORT=str(api), POWERMAP_EMBEDDED_PAGE_CACHE="256m", POWERMAP_EMBEDDED_TX_MEMORY="512m",
               # A starved machine must not make the live server look hung (503), as in the other tests.
               POWERMAP_NEO4J_PROBE_TIMEOUT_SECONDS="3")
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen([str(venv / "bin" / "powermap"), "serve"], cwd=tmp_path, env=env, stdout=log,
                             stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                if _get(f"http://127.0.0.1:{api}/health")[0] == 200:
                    break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("powermap serve did not answer within 300 s:\n" + (tmp_path / "serve.log").read_text()[-3000:])
        key = {"Authorization": "Bearer pm_development_key_do_not_use_in_production"}
        status, body = _get(f"http://127.0.0.1:{api}/api/v1/customers", key)
        assert status == 200 and json.loads(body)["total"] > 0, "the demo seeds, read from the package"
        status, body = _get(f"http://127.0.0.1:{api}/api/v1/projects/prj-5g-core/power-map", key)
        assert status == 200 and "Zhou Min" in body, "a question answered from the packaged Cypher"
        assert "<title>" in _get(f"http://127.0.0.1:{api}/ui/")[1]
        assert _get(f"http://127.0.0.1:{api}/ui/vendor/cytoscape.min.js")[0] == 200
        assert _get(f"http://127.0.0.1:{api}/neo4j-browser/guide.html")[0] == 200
        assert (tmp_path / "var" / "neo4j").is_dir(), "the data folder is where serve was started"
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=120)
        log.close()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", bolt)) != 0, "SIGTERM stopped the Neo4j serve started"
