"""bench.load_speed's write ceiling in miniature: it writes exactly the update's changes, and audits them
as the import does (one entry per node, two per relationship). Its rates are figures, not asserts."""

import json

from bench.load_speed import update_file, write_ceiling
from powermap.generator import generate
from powermap.graph import transfer
from powermap.models.security import SYSTEM


def test_the_write_ceiling_sets_the_updates_values_and_audits_each_change(graph, tmp_path):
    source = tmp_path / "graph.jsonl"
    generate(source, stakeholders=60, seed=1)
    with source.open(encoding="utf-8") as lines:
        assert not transfer.import_rows(graph, transfer.jsonl_rows(lines), who=SYSTEM.signature).errors
    update, count = update_file(source, 3)
    changes = [json.loads(line) for line in update.read_text(encoding="utf-8").splitlines()]
    nodes = {row["id"]: row["properties"]["name"] for row in changes if "label" in row}
    strengths = {(row["from"], row["type"], row["to"]): row["properties"]["strength"]
                 for row in changes if "type" in row}
    assert count == len(changes) and nodes and strengths

    rates = write_ceiling(graph, update, batch_size=40)

    assert set(rates) == {"bare", "audited"} and min(rates.values()) > 0
    records, _, _ = graph.driver.execute_query(
        "MATCH (n) WHERE n.id IN $ids RETURN n.id AS id, n.name AS name", ids=list(nodes), database_=graph.database)
    assert {record["id"]: record["name"] for record in records} == nodes
    records, _, _ = graph.driver.execute_query(
        "UNWIND $pairs AS pair MATCH (a {id: pair[0]})-[r]->(b {id: pair[2]}) WHERE type(r) = pair[1] "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, r.strength AS strength",
        pairs=[list(key) for key in strengths], database_=graph.database)
    assert {(record["a"], record["t"], record["b"]): record["strength"] for record in records} == strengths
    records, _, _ = graph.driver.execute_query(
        "MATCH (entry:AuditEntry {runId: 'write-ceiling'}) RETURN count(entry) AS entries", database_=graph.database)
    assert records[0]["entries"] == len(nodes) + 2 * len(strengths)
