"""Fuzz every route with schemathesis, generated from /openapi.json: no input may cause a 5xx.

    .venv/bin/python -m bench.fuzz [--examples 10]

Runs against a private server (bench/server.py: loopback, demo graph, ports 26687/26000) with an
admin key, checking only `not_a_server_error`: refusals (4xx) are the point. `--examples` per
operation; the default gives over 1,000 generated cases across the API's operations.
"""

import argparse
import subprocess
import sys

from bench.server import demo_api, script_settings


def main() -> None:
    parser = argparse.ArgumentParser(description="Fuzz the API from its OpenAPI document.")
    parser.add_argument("--examples", type=int, default=10, help="generated cases per operation")
    args = parser.parse_args()
    settings = script_settings("fuzz", 26)
    with demo_api(settings) as api:
        result = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{api}/openapi.json", "--checks", "not_a_server_error",
             "--max-examples", str(args.examples), "--header", f"Authorization: Bearer {settings.admin_key}",
             "--no-color"], check=False)
    raise SystemExit(result.returncode)


if __name__ == "__main__":
    main()
