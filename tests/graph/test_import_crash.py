"""An import killed half-way by `kill -9` of Neo4j, then restarted and re-run, gives the same graph
as an uninterrupted import (counts and a content checksum)."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time

from powermap.generator import generate
from powermap.graph import transfer
from powermap.models.security import SYSTEM
from tests.factories import graph_records


def _clock_free(node_id: str, props: dict) -> dict:
    """Properties without the times the import itself reads off the clock: timestamps, and the date of
    the history it derives for what it creates (a first assessment or stage, dated at creation)."""
    stamped = ("createdAt", "updatedAt", "at") if node_id.endswith("-first") else ("createdAt", "updatedAt")
    return {k: str(v) for k, v in props.items() if k not in stamped}


def _checksum(graph) -> str:
    nodes, rels = graph_records(graph)
    content = sorted(json.dumps([r["label"], r["id"], _clock_free(r["id"], r["props"])], sort_keys=True)
                     for r in nodes)
    content += sorted(json.dumps([r["a"], r["t"], r["b"], {k: str(v) for k, v in r["props"].items()}],
                                 sort_keys=True) for r in rels)
    return hashlib.sha256("\n".join(content).encode()).hexdigest()


def test_kill_minus_nine_half_way_then_resume(graph, embedded, settings, tmp_path):
    source = tmp_path / "graph.jsonl"
    generate(source, stakeholders=700, seed=11)
    lines = len(source.read_text().splitlines())
    progress_dir = tmp_path / "data" / "imports"
    transfer.import_file(graph, source, who=SYSTEM.signature, progress_dir=progress_dir)
    expected = _checksum(graph)
    graph.driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph.database)

    env = {**os.environ, "NEO4J_URI": embedded.bolt_uri, "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "POWERMAP_EMBEDDED_DATA_DIR": str(tmp_path / "data")}
    importer = subprocess.Popen([sys.executable, "-m", "powermap.cli", "import", str(source), "--batch-size", "200"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checkpoint = transfer.checkpoint_path(source, progress_dir)

    def committed_line() -> int:
        return int(json.loads(checkpoint.read_text() or "{}").get("line", 0))

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (checkpoint.exists() and committed_line() > lines // 3):
        time.sleep(0.05)
    assert checkpoint.exists(), "the import made no progress to interrupt"
    os.kill(int(embedded.pid_file.read_text()), signal.SIGKILL)
    assert importer.wait(timeout=60) != 0, "the import cannot finish without its database"
    interrupted_at = committed_line()
    assert 0 < interrupted_at < lines

    embedded.start()
    report = transfer.import_file(graph, source, who=SYSTEM.signature, progress_dir=progress_dir)
    assert report.resumed_from_line == interrupted_at
    assert _checksum(graph) == expected
