"""Test fixtures: one embedded Neo4j per test process, wiped before every test.

The server runs from its own data folder (`var/test-neo4j`) on its own ports, so the demo database
is never touched; only that dedicated test database is ever wiped. Every test writes the data it
needs, so tests pass in any order.

`make test` runs two pytest-xdist workers, files shared out whole (`--dist loadfile`): Community
Neo4j has one user database, so each worker starts a server of its own (folder `var/test-neo4j-gw1`,
ports moved by ten per worker) and the two never wipe each other's data.
"""

import itertools
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench.server import api_in_thread
from powermap import cli
from powermap.api.app import create_app
from powermap.graph.driver import Graph, connected_graph
from powermap.graph.embedded import EmbeddedNeo4j
from powermap.graph.schema import apply_schema
from powermap.models.security import Role
from powermap.services.security import create_key
from powermap.settings import Settings, get_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
TEST_DATA_DIR = REPO_ROOT / "var" / "test-neo4j"
# The xdist worker running this process ("gw0", "gw1", ...), or none when pytest runs alone.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PORT_SHIFT = 10 * int(WORKER.removeprefix("gw") or 0)
# Ports for servers a test starts beside its worker's own: a block per worker below Linux's ephemeral
# range (32768-60999). A port the kernel hands out there is free only at that moment; a server bound to
# it seconds later can find an outgoing connection holding it.
_SPARE_PORTS = itertools.count(int(os.environ.get("POWERMAP_TEST_SPARE_PORT", "20000")) + 20 * PORT_SHIFT)


def spare_port() -> int:
    """A port no other test of this run is given, and that nothing holds now."""
    return next(port for port in _SPARE_PORTS if _bindable(port))


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _test_settings(**overrides: object) -> Settings:
    data_dir = Path(os.environ.get("POWERMAP_TEST_DATA_DIR", TEST_DATA_DIR))
    values: dict[str, object] = {
        "environment": "test",
        "neo4j_uri": None,
        "neo4j_password": "powermap-test-password",
        "embedded_data_dir": data_dir.with_name(f"{data_dir.name}-{WORKER}") if PORT_SHIFT else data_dir,
        "embedded_bolt_port": int(os.environ.get("POWERMAP_TEST_BOLT_PORT", "17687")) + PORT_SHIFT,
        "embedded_http_port": int(os.environ.get("POWERMAP_TEST_HTTP_PORT", "17474")) + PORT_SHIFT,
        "embedded_page_cache": "512m",
        "api_port": int(os.environ.get("POWERMAP_TEST_API_PORT", "18000")) + PORT_SHIFT,
        "embedded_tx_memory": "1g",
        # A starved machine must not make a live Neo4j look hung; a hung one is still found.
        "neo4j_probe_timeout_seconds": 3.0,
        # A start (or a recovery after kill -9) on a starved machine may take minutes; a failed one
        # still says why at once.
        "embedded_start_timeout_seconds": 600.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session")
def embedded(settings: Settings) -> Iterator[EmbeddedNeo4j]:
    server = EmbeddedNeo4j(settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def graph(embedded: EmbeddedNeo4j, settings: Settings) -> Iterator[Graph]:
    with connected_graph(settings, probe_timeout=settings.neo4j_probe_timeout_seconds) as graph:
        apply_schema(graph.driver, settings.neo4j_database)
        yield graph


@pytest.fixture(autouse=True)
def empty_graph(request: pytest.FixtureRequest) -> None:
    """Every test that touches Neo4j starts from an empty test database."""
    if "graph" not in request.fixturenames and "client" not in request.fixturenames:
        return
    graph: Graph = request.getfixturevalue("graph")
    graph.driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph.database)


@pytest.fixture(scope="session")
def client(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    """An HTTP client acting as an admin (tests of narrower rights make their own keys)."""
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {settings.admin_key}"}) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def admin_key(request: pytest.FixtureRequest, settings: Settings, empty_graph: None) -> None:
    """Every test starts from an empty graph, so the admin key is stored again before each one."""
    if "client" in request.fixturenames or "live_api" in request.fixturenames:
        create_key(request.getfixturevalue("graph"), name="test admin", role=Role.ADMIN, key=settings.admin_key)


@pytest.fixture(scope="session")
def live_api(graph: Graph, settings: Settings) -> Iterator[str]:
    """The API served over real HTTP (for browsers), on the test API port, in a background thread."""
    with api_in_thread(settings) as url:
        yield url


@pytest.fixture
def key_headers(graph: Graph):  # type: ignore[no-untyped-def]
    """Make a key for an employee and role; returns the headers that present it."""
    def make(employee_id: str | None, role: Role = Role.EDITOR) -> dict[str, str]:
        key, _ = create_key(graph, name=f"test {role.value} {employee_id}", role=role, employee_id=employee_id)
        return {"Authorization": f"Bearer {key}"}
    return make


@pytest.fixture
def cli_env(monkeypatch, settings, embedded):
    """The CLI configured for the test instance (its folder, ports and password)."""
    monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password.get_secret_value())
    monkeypatch.setenv("POWERMAP_EMBEDDED_BOLT_PORT", str(settings.embedded_bolt_port))
    monkeypatch.setenv("POWERMAP_EMBEDDED_HTTP_PORT", str(settings.embedded_http_port))
    monkeypatch.setenv("POWERMAP_EMBEDDED_DATA_DIR", str(settings.embedded_data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    # The CLI's consoles were made at import, before COLUMNS was set: in a pytest-xdist worker (no
    # terminal) they would wrap at 80 columns, splitting names and paths across lines.
    for printer in (cli.console, cli.notices):
        monkeypatch.setattr(printer, "width", 200)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
