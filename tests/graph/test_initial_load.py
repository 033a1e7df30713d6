"""The initial load (`powermap import --initial`, graph/initial_load.py) gives the graph the ordinary
import gives, and refuses what it cannot load (a database holding data, a server of one's own, a row
the ordinary import refuses, a repeated node) without writing anything."""

import hashlib
import json
from datetime import UTC, datetime

import pytest

from powermap.errors import Conflict, InvalidValue
from powermap.generator import generate
from powermap.graph import transfer
from powermap.graph.driver import Graph, open_driver
from powermap.graph.embedded import EmbeddedNeo4j
from powermap.graph.initial_load import initial_load
from powermap.models.security import Signature
from powermap.services.bid_review import register_bid_gate
from tests.conftest import _test_settings, spare_port
from tests.factories import graph_records

NOBODY = Signature(key_id=None, employee_id=None)


def _fingerprint(graph: Graph, loaded_since: datetime) -> tuple[dict[str, int], dict[str, int], str]:
    """Nodes per label, relationships per type, and one digest of every node's and relationship's
    content (the audit log aside: it records the writes). Timestamps the load itself set (the time it
    ran, not a value of the file) read as "now", so two loads at two moments compare."""
    def plain(props: dict[str, object]) -> list[tuple[str, str]]:
        return sorted((key, "now" if hasattr(value, "to_native") and hasattr(value, "tzinfo")
                       and value.to_native() >= loaded_since else str(value)) for key, value in props.items())

    nodes, rels = graph_records(graph)
    labels: dict[str, int] = {}
    for node in nodes:
        labels[node["label"]] = labels.get(node["label"], 0) + 1
    types: dict[str, int] = {}
    for rel in rels:
        if not rel["a"].startswith("aud-"):
            types[rel["t"]] = types.get(rel["t"], 0) + 1
    digests = sorted(hashlib.sha256(json.dumps([node["label"], node["id"], plain(node["props"])]).encode()).hexdigest()
                     for node in nodes)
    digests += sorted(hashlib.sha256(json.dumps([rel["a"], rel["t"], rel["b"], plain(rel["props"])]).encode())
                      .hexdigest() for rel in rels)
    return labels, types, hashlib.sha256("".join(digests).encode()).hexdigest()


@pytest.fixture
def second_instance(tmp_path):
    """An embedded server of its own (data folder and free ports, clear of every test worker's), for the
    initial load to stop and start."""
    other = _test_settings(embedded_data_dir=tmp_path / "initial", embedded_bolt_port=spare_port(),
                           embedded_http_port=spare_port())
    yield other
    EmbeddedNeo4j(other).stop()


def test_the_initial_load_gives_the_graph_the_ordinary_import_gives(graph, second_instance, tmp_path):
    source = tmp_path / "g.jsonl"
    counts = generate(source, stakeholders=500, seed=5)
    since = datetime.now(UTC)
    register_bid_gate()
    report = transfer.import_file(graph, source, who=NOBODY, progress_dir=tmp_path)
    assert report.errors == [] and report.committed
    ordinary = _fingerprint(graph, since)

    done = initial_load(second_instance, [source], who=NOBODY, prepare=lambda _graph: register_bid_gate())
    assert done.report.errors == [] and done.report.committed
    assert done.report.nodes >= counts["nodes"] and done.report.relationships >= counts["relationships"]
    driver = open_driver(second_instance)
    loaded = Graph(driver, second_instance.neo4j_database)
    try:
        initial = _fingerprint(loaded, since)
        audit, _, _ = driver.execute_query("MATCH (a:AuditEntry) RETURN a.action AS action, a.runId AS run, "
                                           "a.after AS after", database_=loaded.database)
        constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n",
                                                 database_=loaded.database)
    finally:
        loaded.close()
        driver.close()
    assert initial[0] == ordinary[0], "the same nodes per label"
    assert initial[1] == ordinary[1], "the same relationships per type"
    assert initial[2] == ordinary[2], "the same content, property by property"
    loaded_assessments = source.read_text().count('"label": "Assessment"')
    assert initial[0]["Assessment"] > loaded_assessments, "the first assessments the import derives are there"
    assert [(entry["action"], entry["run"]) for entry in audit] == [("import initial", done.report.run_id)]
    assert json.loads(audit[0]["after"])["Stakeholder"] == ordinary[0]["Stakeholder"]
    assert constraints[0]["n"] > 10, "the schema is applied after the load"


def test_refused_rows_refuse_the_initial_load_and_write_nothing(second_instance, tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text("\n".join(json.dumps(row) for row in [
        {"label": "Customer", "id": "cus-1", "properties": {"name": "Acme"}},
        {"label": "Customer", "id": "cus-1", "properties": {"name": "Acme again"}},
        {"label": "Stakeholder", "id": "stk-1", "properties": {"name": "Zhou", "influence": 9}},
        {"type": "WORKS_IN", "from": "stk-1", "to": "org-404", "toLabel": "OrgUnit"},
    ]) + "\n")
    done = initial_load(second_instance, [source], who=NOBODY)
    problems = {(error.line, error.field): error.problem for error in done.report.errors}
    assert set(problems) == {(2, "id"), (3, "influence"), (4, "from")}, problems
    assert problems[(2, "id")].startswith(f"{source}:2: Customer cus-1 is also on line 1")
    assert not done.report.committed
    driver = open_driver(second_instance)
    try:
        found, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=second_instance.neo4j_database)
    finally:
        driver.close()
    assert found[0]["n"] == 0


def test_a_database_holding_data_is_refused_and_kept(graph, settings, tmp_path):
    graph.driver.execute_query("CREATE (:Customer {id: 'cus-kept', name: 'Kept'})", database_=graph.database)
    source = tmp_path / "g.jsonl"
    source.write_text(json.dumps({"label": "Customer", "id": "cus-2", "properties": {"name": "New"}}) + "\n")
    with pytest.raises(Conflict) as refused:
        initial_load(settings, [source], who=NOBODY)
    assert "needs an empty database and this one holds Customer nodes" in refused.value.problem
    found, _, _ = graph.driver.execute_query("MATCH (n) RETURN collect(n.id) AS ids", database_=graph.database)
    assert found[0]["ids"] == ["cus-kept"]


def test_a_server_of_ones_own_is_refused(tmp_path):
    with pytest.raises(InvalidValue) as refused:
        initial_load(_test_settings(neo4j_uri="bolt://127.0.0.1:1"), [tmp_path / "g.jsonl"], who=NOBODY)
    assert "with NEO4J_URI set" in refused.value.problem and refused.value.field == "initial"
