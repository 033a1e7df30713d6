"""Build the typed Python client from the API's own OpenAPI document.

    .venv/bin/python scripts/build_client.py        (or `make client`)

Writes `build/client/openapi.json` (the document the app serves at /openapi.json, taken from the app
itself, so no server is needed) and generates `build/client/powermap-client/` with
openapi-python-client, a maintained generator, at the version pinned below. The generator runs in
its own virtualenv (`build/client/generator/`): it pins a Typer older than the CLI's, and it is a
build tool, not a dependency of the product. The client is generated, never edited or committed,
so it always matches the API of this checkout; `pip install build/client/powermap-client` installs
it (it needs httpx, attrs and python-dateutil). The suite builds it and loads a deal with it
(tests/test_client.py). Operation ids are `<tag>-<route name>` (api/app.py), so calls read as
`powermap_client.api.stakeholders.stakeholders_upsert`.
"""

import json
import subprocess
import sys
import venv
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT = REPO_ROOT / "build" / "client"
CLIENT = OUT / "powermap-client"
GENERATOR_VENV = OUT / "generator"
GENERATOR = "openapi-python-client==0.29.1"


def write_openapi(path: Path) -> None:
    from powermap.api.app import create_app  # the app as installed in this checkout's virtualenv

    path.write_text(json.dumps(create_app().openapi(), indent=1), encoding="utf-8")


def generator() -> Path:
    """The generator's command, installed once into its own virtualenv."""
    command = GENERATOR_VENV / "bin" / "openapi-python-client"
    marker = GENERATOR_VENV / f".{GENERATOR}"
    if not marker.exists():
        venv.create(GENERATOR_VENV, with_pip=True, clear=True)
        subprocess.run([GENERATOR_VENV / "bin" / "pip", "install", "-q", GENERATOR], check=True)
        marker.touch()
    return command


def build() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    document = OUT / "openapi.json"
    write_openapi(document)
    subprocess.run(
        [generator(), "generate", "--path", document, "--config", REPO_ROOT / "clients/python/config.yaml",
         "--meta", "setup", "--output-path", CLIENT, "--overwrite"],
        check=True, capture_output=True, text=True,
    )
    return CLIENT


if __name__ == "__main__":
    try:
        print(f"client generated in {build()}")
    except subprocess.CalledProcessError as failure:
        sys.exit(f"client generation failed:\n{failure.stdout}{failure.stderr}")
