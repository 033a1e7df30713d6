"""An import written by parallel sessions (`powermap import --parallel N`) gives the graph the
sequential import gives, and re-running it (how a killed parallel run resumes) changes nothing."""

import json
from datetime import UTC, datetime

from powermap.generator import generate
from powermap.graph import transfer
from powermap.graph.loaders import graph_size
from powermap.services.bid_review import register_bid_gate
from tests.graph.test_initial_load import NOBODY, _fingerprint


def _wipe(graph):
    graph.driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph.database)


def test_parallel_import_gives_the_sequential_graph_and_reruns_change_nothing(graph, tmp_path):
    source = tmp_path / "g.jsonl"
    generate(source, stakeholders=300, seed=11)
    register_bid_gate()
    since = datetime.now(UTC)
    sequential = transfer.import_file(graph, source, who=NOBODY, progress_dir=tmp_path, batch_size=400)
    expected = _fingerprint(graph, since)
    _wipe(graph)
    parallel = transfer.import_file(graph, source, who=NOBODY, progress_dir=tmp_path, batch_size=400, workers=3)
    assert parallel.errors == [] and parallel.batches > 3
    assert (parallel.nodes, parallel.relationships) == (sequential.nodes, sequential.relationships)
    assert _fingerprint(graph, since) == expected
    size = graph_size(graph)
    again = transfer.import_file(graph, source, who=NOBODY, progress_dir=tmp_path, batch_size=400, workers=3)
    assert again.changes == [] and graph_size(graph) == size, "a re-run writes nothing, not even audit entries"


def test_a_link_field_and_a_relationship_row_for_one_link_keep_the_file_order(graph, tmp_path):
    rows = [{"label": "Customer", "id": f"cus-{n}", "properties": {"name": f"C{n}"}} for n in (1, 2)]
    rows += [{"label": "Project", "id": "prj-1", "properties": {"name": "P", "stage": "lead", "customerId": "cus-1"}},
             {"type": "AT", "from": "prj-1", "to": "cus-2", "fromLabel": "Project"}]
    source = tmp_path / "links.jsonl"
    source.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    report = transfer.import_file(graph, source, who=NOBODY, progress_dir=tmp_path, batch_size=1, workers=2)
    assert report.errors == []
    found, _, _ = graph.driver.execute_query("MATCH (:Project {id: 'prj-1'})-[:AT]->(c) RETURN collect(c.id) AS ids",
                                             database_=graph.database)
    assert sorted(found[0]["ids"]) == ["cus-1", "cus-2"], "written in file order, as the sequential import does"
