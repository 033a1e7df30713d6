"""Private Powermaps for the long-running scripts and the tests: an embedded Neo4j of their own and
the API served over real HTTP on loopback, started and stopped around a run.

`served_api` starts the API as a user does (`powermap serve --workers N` in a process of its own,
pointed at a Neo4j by NEO4J_URI), for the benchmark and the replica tests; `api_in_thread` serves it
inside the calling process, for tests that want it cheap.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from bench import REPO_ROOT
from powermap.api.app import create_app
from powermap.graph.availability import BATCH_PROBE_TIMEOUT
from powermap.graph.driver import Graph, connected_graph
from powermap.graph.embedded import EmbeddedNeo4j
from powermap.graph.loaders import DEMO_SEEDS, load_graph_files
from powermap.graph.schema import apply_schema
from powermap.settings import Settings


def script_settings(name: str, port_base: int, **overrides: object) -> Settings:
    """Settings for a script's own server: data in var/<name>-neo4j, ports <base>687/<base>474/<base>000.
    The scripts' bases (22-31) keep those ports below Linux's ephemeral range (32768-60999), where an
    outgoing connection can hold one for a moment and the server would fail to bind it.

    `POWERMAP_SCRIPT_PORT_BASE` replaces the script's own base, so two checkouts on one machine can
    run the same script at once."""
    port_base = int(os.environ.get("POWERMAP_SCRIPT_PORT_BASE", port_base))
    values: dict[str, object] = {
        "environment": "test", "neo4j_uri": None, "neo4j_password": f"powermap-{name}-password",
        "embedded_data_dir": REPO_ROOT / "var" / f"{name}-neo4j", "embedded_bolt_port": port_base * 1000 + 687,
        "embedded_http_port": port_base * 1000 + 474, "api_port": port_base * 1000,
    }
    return Settings(**{**values, **overrides})  # type: ignore[arg-type]


def wipe(graph: Graph, *, keep_keys: bool = True) -> None:
    """Empty a private database in chunks, by default keeping its API keys (a running API's credentials;
    an initial load needs them gone too); auto-commit transactions, as CALL IN TRANSACTIONS needs.
    Relationships go first: detaching a person with a hundred thousand captured interactions in one
    chunk of nodes would not fit in a transaction's memory."""
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH (n)-[r]->() WHERE NOT ($keepKeys AND n:ApiKey) "
                    "CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS", keepKeys=keep_keys).consume()
        session.run("MATCH (n) WHERE NOT ($keepKeys AND n:ApiKey) "
                    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", keepKeys=keep_keys).consume()


@contextmanager
def api_in_thread(settings: Settings, timeout: float = 30.0) -> Iterator[str]:
    """Serve the API on settings.api_port in a background thread; yield its base URL once it listens."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=settings.api_port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{settings.api_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def private_graph(settings: Settings) -> Iterator[Graph]:
    """An embedded Neo4j of the script's own, with the schema applied; stopped afterwards."""
    server = EmbeddedNeo4j(settings)
    server.start()
    try:
        with connected_graph(settings, probe_timeout=BATCH_PROBE_TIMEOUT) as graph:
            apply_schema(graph.driver, settings.neo4j_database)
            yield graph
    finally:
        server.stop()


@contextmanager
def demo_api(settings: Settings) -> Iterator[str]:
    """Yield the API's base URL over a fresh demo graph (the run before may have written anything)."""
    with private_graph(settings) as graph:
        wipe(graph)
        load_graph_files(graph, DEMO_SEEDS)
        with api_in_thread(settings) as api:
            yield api


def powermap_command() -> str:
    """The installed `powermap` command of the interpreter running this script."""
    return str(Path(sys.executable).with_name("powermap"))


@contextmanager
def served_api(settings: Settings, *, port: int, workers: int = 1, neo4j_uri: str | None = None,
               log: Path, timeout: float = 180.0) -> Iterator[str]:
    """`powermap serve --workers N --no-demo` on `port` in a process of its own, against the settings'
    Neo4j (or `neo4j_uri`, e.g. a `neo4j://` routing URI); yield its base URL once /health answers.

    Its output goes to `log`; it is stopped with SIGTERM (as a service manager does) afterwards."""
    env = {**os.environ, "POWERMAP_ENVIRONMENT": settings.environment, "NEO4J_URI": neo4j_uri or settings.bolt_uri,
           "NEO4J_USER": settings.neo4j_user, "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "NEO4J_DATABASE": settings.neo4j_database, "POWERMAP_API_HOST": "127.0.0.1",
           "POWERMAP_NEO4J_PROBE_TIMEOUT_SECONDS": str(settings.neo4j_probe_timeout_seconds)}
    if settings.bootstrap_admin_key is not None:
        env["POWERMAP_BOOTSTRAP_ADMIN_KEY"] = settings.bootstrap_admin_key.get_secret_value()
    log.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen([powermap_command(), "serve", "--no-demo", "--port", str(port),
                                    "--workers", str(workers)], env=env, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            _wait_until_serving(process, url, log, timeout)
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: the server and its workers
                process.wait()


def _wait_until_serving(process: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"powermap serve exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"powermap serve did not answer at {url} within {timeout:.0f} s: {log.read_text()[-2000:]}")
