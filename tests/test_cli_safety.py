"""The CLI's safety rules: keys act only as real employees; a command names the Neo4j it talks to and
never adopts one started from another data folder; `serve` stops the Neo4j it started on SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from powermap import cli
from powermap.graph.repositories import security as security_store
from tests.conftest import REPO_ROOT, spare_port


def _said(result) -> str:  # type: ignore[no-untyped-def]
    """Everything the command printed, with rich's line wrapping undone."""
    return " ".join(result.output.split())


def test_keys_create_refuses_an_employee_that_does_not_exist(cli_env, graph):
    result = CliRunner().invoke(cli.app, ["keys", "create", "--name", "ghost key", "--employee", "emp-ghost"])
    assert result.exit_code == 1
    assert "no employee with id emp-ghost" in _said(result)
    assert security_store.list_keys(graph) == [], "no key was stored"


def test_keys_create_binds_an_existing_employee(cli_env, graph):
    graph.driver.execute_query(
        "CREATE (:Employee {id: 'emp-kim', name: 'Kim', role: 'AR', createdAt: datetime(), updatedAt: datetime()})",
        database_=graph.database)
    result = CliRunner().invoke(cli.app, ["keys", "create", "--name", "kim", "--role", "editor",
                                          "--employee", "emp-kim"])
    assert result.exit_code == 0, result.output
    [key] = security_store.list_keys(graph)
    assert key.employee_id == "emp-kim" and key.role == "editor"


def test_status_names_its_own_server(cli_env, embedded):
    own = embedded.status()
    result = CliRunner().invoke(cli.app, ["neo4j", "status"])
    assert result.exit_code == 0, result.output
    assert f"Neo4j running at {own.bolt_uri} (pid {own.pid}, data folder {own.data_dir})" in _said(result)


@pytest.mark.parametrize("command", [["neo4j", "status"], ["neo4j", "start"], ["keys", "list"]])
def test_a_command_configured_for_another_folder_refuses_the_server_on_its_port(
        cli_env, embedded, monkeypatch, tmp_path, command):
    other = tmp_path / "folder-b"
    monkeypatch.setenv("POWERMAP_EMBEDDED_DATA_DIR", str(other))
    result = CliRunner().invoke(cli.app, command)
    assert result.exit_code == 1
    assert f"was started from {embedded.data_dir}, not from this instance's data folder {other}" in _said(result)
    assert not other.exists(), "nothing was launched for folder B"
    assert embedded.status().running



def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_to_serve_stops_the_neo4j_it_started(settings, tmp_path):
    data = tmp_path / "serve-neo4j"
    bolt, http, api = spare_port(), spare_port(), spare_port()
    env = {**os.environ, "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "POWERMAP_EMBEDDED_DATA_DIR": str(data), "POWERMAP_EMBEDDED_BOLT_PORT": str(bolt),
           "POWERMAP_EMBEDDED_HTTP_PORT": str(http), "POWERMAP_API_PORT": str(api),
           "POWERMAP_EMBEDDED_PAGE_CACHE": "256m", "POWERMAP_EMBEDDED_TX_MEMORY": "512m",
           "COLUMNS": "400"}  # a log line wide enough for a test folder's long path in one piece
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        serve = subprocess.Popen([sys.executable, "-m", "powermap.cli", "serve", "--no-demo"],
                                 cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while not _answers(f"http://127.0.0.1:{api}/health"):
            assert serve.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(1)
        neo4j_pid = int((data / "powermap-neo4j.pid").read_text())
        assert f"pid {neo4j_pid}, data folder {data}" in " ".join(log.read_text().split())

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=120) == 128 + signal.SIGTERM
    finally:
        if serve.poll() is None:
            serve.kill()
    assert "Stopping the embedded Neo4j" in log.read_text()
    assert not Path(f"/proc/{neo4j_pid}").exists(), "the Neo4j process is gone"
    assert "STOPPED" in (data / "launcher.log").read_text(), "and it shut down cleanly"
    assert not _port_taken(bolt), "the Bolt port is free"


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
