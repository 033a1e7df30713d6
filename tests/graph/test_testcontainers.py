"""The same repository code against the official Neo4j image, where a Docker engine answers."""

import shutil
import subprocess

import pytest

from powermap.graph.driver import Graph
from powermap.graph.loaders import DEMO_SEEDS, graph_size, load_graph_files
from powermap.graph.schema import apply_schema


def _docker_engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0


pytestmark = pytest.mark.skipif(
    not _docker_engine_answers(),
    reason="no Docker engine answers on this machine (docker info fails); "
           "the embedded Neo4j covers these tests here",
)


def test_demo_loads_on_the_official_image():
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer("neo4j:5.26-community") as container:
        driver = container.get_driver()
        apply_schema(driver, "neo4j")
        graph = Graph(driver, "neo4j")
        counts = load_graph_files(graph, DEMO_SEEDS)
        assert graph_size(graph)["nodes"] == counts["nodes"]
        driver.close()
