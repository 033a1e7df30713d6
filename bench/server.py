"""A private Powermap for the long-running scripts: its own embedded Neo4j, wiped and loaded with
the demo graph, and the API on loopback, started and stopped around a run."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from api.app import create_app
from graph.driver import Graph, open_driver
from graph.embedded import EmbeddedNeo4j
from graph.loaders import DEMO_SEEDS, load_graph_files
from graph.schema import apply_schema
from powermap.settings import REPO_ROOT, Settings


def script_settings(name: str, port_base: int) -> Settings:
    """Settings for a script's own server: data in var/<name>-neo4j, ports <base>687/<base>474/<base>000."""
    return Settings(environment="test", neo4j_uri=None, neo4j_password=f"powermap-{name}-password",  # type: ignore[arg-type]
                    embedded_data_dir=REPO_ROOT / "var" / f"{name}-neo4j", embedded_bolt_port=port_base * 1000 + 687,
                    embedded_http_port=port_base * 1000 + 474, api_port=port_base * 1000)


@contextmanager
def demo_api(settings: Settings) -> Iterator[str]:
    """Yield the API's base URL over a fresh demo graph (the run before may have written anything)."""
    server = EmbeddedNeo4j(settings)
    server.start()
    driver = open_driver(settings)
    apply_schema(driver, settings.neo4j_database)
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    load_graph_files(Graph(driver, settings.neo4j_database), DEMO_SEEDS)
    api = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=settings.api_port,
                                        log_level="warning"))
    threading.Thread(target=api.run, daemon=True).start()
    while not api.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{settings.api_port}"
    finally:
        api.should_exit = True
        driver.close()
        server.stop()
