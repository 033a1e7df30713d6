"""Generator, bulk import (idempotent, resumable, per-row errors), import over HTTP, export round trip."""

import json

from powermap.generator import generate
from powermap.generator import write_lines as write_rows
from powermap.graph import transfer
from powermap.graph.loaders import DEMO_SEEDS, graph_size, load_graph_files
from powermap.graph.repositories.security import audit_of
from powermap.models.security import SYSTEM
from tests.factories import graph_records


def _content(graph):
    """The graph's nodes and relationships, comparable."""
    nodes, rels = graph_records(graph)
    return (sorted((r["label"], r["id"], sorted((k, str(v)) for k, v in r["props"].items())) for r in nodes),
            sorted((r["a"], r["t"], r["b"], sorted((k, str(v)) for k, v in r["props"].items())) for r in rels))


def test_generator_is_deterministic_and_shaped(tmp_path):
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    counts = generate(first, stakeholders=2000, seed=7)
    generate(second, stakeholders=2000, seed=7)
    generate(other, stakeholders=2000, seed=8)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    rows = [json.loads(line) for line in first.read_text().splitlines()]
    people = [r for r in rows if r.get("label") == "Stakeholder"]
    assert 1800 <= len(people) <= 2200
    assert counts["relationships"] >= 4 * len(people), "about five relationships a person"
    out_degree = {}
    for r in rows:
        if r.get("type") == "INFLUENCES":
            out_degree[r["from"]] = out_degree.get(r["from"], 0) + 1
    assert max(out_degree.values()) >= 5 * (sum(out_degree.values()) / len(out_degree)), "heavy-tailed degree"
    first_relationship = next(i for i, r in enumerate(rows) if "type" in r)
    assert all("type" in r for r in rows[first_relationship:]), "nodes first, then relationships"


def test_import_is_idempotent_and_matches_the_file(graph, tmp_path):
    source = tmp_path / "g.jsonl"
    counts = generate(source, stakeholders=500, seed=3)
    report = transfer.import_file(graph, source, who=SYSTEM.signature, batch_size=700, progress_dir=tmp_path)
    assert report.errors == [] and report.batches > 3
    assert (report.nodes, report.relationships) == (counts["nodes"], counts["relationships"])
    ids = [json.loads(line)["id"] for line in source.read_text().splitlines() if '"label"' in line]
    found, _, _ = graph.driver.execute_query("MATCH (n) WHERE n.id IN $ids RETURN count(n) AS n", ids=ids,
                                             database_=graph.database)
    assert found[0]["n"] == counts["nodes"]
    before, size = _content(graph), graph_size(graph)
    transfer.import_file(graph, source, who=SYSTEM.signature, batch_size=700, progress_dir=tmp_path)
    assert _content(graph) == before
    assert graph_size(graph) == size, "a re-run that changes nothing writes nothing, not even audit entries"


def test_an_update_over_times_stored_without_a_zone_is_written_and_audited(graph):
    """A row may give its times without an offset, stored as local date-times: a later import that
    changes the node still writes, and its audit entry keeps those times as they were."""
    created = {"label": "Customer", "id": "cus-local", "properties": {
        "name": "Acme", "createdAt": "2024-03-01T09:00:00", "updatedAt": "2024-03-02T10:30:00"}}
    renamed = {"label": "Customer", "id": "cus-local", "properties": {"name": "Acme Group"}}
    for row in (created, renamed):
        report = transfer.import_rows(graph, transfer.jsonl_rows([json.dumps(row)]), who=SYSTEM.signature)
        assert report.errors == [] and report.nodes == 1
    found, _, _ = graph.driver.execute_query(
        "MATCH (c:Customer {id: 'cus-local'}) RETURN c.name AS name, c.createdAt AS createdAt",
        database_=graph.database)
    assert found[0]["name"] == "Acme Group" and str(found[0]["createdAt"]).startswith("2024-03-01T09:00:00")
    assert found[0]["createdAt"].tzinfo is None, "stored as a local date-time, the case this test is for"
    update = next(entry for entry in audit_of(graph, entity_id="cus-local", limit=10)
                  if entry.action == "import update")
    assert update.before is not None and update.before["name"] == "Acme"
    assert update.before["createdAt"].startswith("2024-03-01 09:00:00")
    assert update.before["updatedAt"].startswith("2024-03-02 10:30:00")
    assert update.after is not None and update.after["createdAt"] == update.before["createdAt"]


def test_bad_rows_are_reported_and_skipped_when_partial_loads_are_allowed(graph):
    lines = [
        json.dumps({"label": "Customer", "id": "cus-1", "properties": {"name": "Acme"}}),
        json.dumps({"label": "Stakeholder", "id": "stk-1", "properties": {"name": "Zhou", "influence": 9}}),
        "{not json",
        json.dumps({"label": "Galaxy", "id": "x"}),
        json.dumps({"label": "Stakeholder", "id": "stk-2", "properties": {"name": "Lena"}}),
        json.dumps({"type": "WORKS_IN", "from": "stk-2", "to": "cus-1", "toLabel": "Customer"}),
        json.dumps({"type": "KNOWS", "from": "emp-ghost", "to": "stk-2", "properties": {"strength": 0.5}}),
        json.dumps({"type": "REPORTS_TO", "from": "stk-2", "to": "cus-1"}),
    ]
    report = transfer.import_rows(graph, transfer.jsonl_rows(lines), who=SYSTEM.signature, allow_errors=True)
    assert [(e.line, e.field) for e in sorted(report.errors, key=lambda e: e.line)] == [
        (2, "influence"), (3, "line"), (4, "label"), (7, "from"), (8, "to")]
    found, _, _ = graph.driver.execute_query(
        "MATCH (n) WHERE n:Customer OR n:Stakeholder RETURN collect(n.id) AS ids", database_=graph.database)
    assert sorted(found[0]["ids"]) == ["cus-1", "stk-2"]
    works, _, _ = graph.driver.execute_query("MATCH ()-[r:WORKS_IN]->() RETURN count(r) AS n", database_=graph.database)
    assert works[0]["n"] == 1


def test_import_resumes_after_the_last_committed_batch(graph, tmp_path):
    source = tmp_path / "g.jsonl"
    generate(source, stakeholders=300, seed=5)
    total_lines = len(source.read_text().splitlines())
    checkpoint = transfer.checkpoint_path(source, tmp_path / "data")
    checkpoint.parent.mkdir()
    checkpoint.write_text(json.dumps({"line": total_lines - 10, "runId": "run-earlier"}))
    report = transfer.import_file(graph, source, who=SYSTEM.signature, progress_dir=tmp_path / "data")
    assert report.resumed_from_line == total_lines - 10 and report.rows == 10
    assert report.run_id == "run-earlier", "a resumed import continues the same run (one undo)"
    assert not checkpoint.exists(), "a finished import removes its checkpoint"
    assert checkpoint.parent != source.parent, "the checkpoint lives in the data folder, not beside the source"


def test_export_wipe_import_gives_the_same_graph(graph, tmp_path):
    load_graph_files(graph, DEMO_SEEDS)
    original = _content(graph)
    exported = tmp_path / "export.jsonl"
    with exported.open("w") as handle:
        write_rows(handle, transfer.export_rows(graph))
    graph.driver.execute_query("MATCH (n) DETACH DELETE n", database_=graph.database)
    report = transfer.import_file(graph, exported, who=SYSTEM.signature, progress_dir=tmp_path)
    assert report.errors == []
    assert _content(graph) == original


def test_export_of_one_customer_holds_only_its_part(graph):
    load_graph_files(graph, DEMO_SEEDS)
    rows = list(transfer.export_rows(graph, customer_id="cus-meridian-fibre"))
    ids = {r["id"] for r in rows if "label" in r}
    assert {"cus-meridian-fibre", "stk-henrik-larsen", "prj-fibre-access", "team-fibre"} <= ids
    assert "stk-zhou-min" not in ids and "prj-5g-core" not in ids


CONTACTS = """Id,FirstName,LastName,Title,AccountId,ReportsToId,Email
003000000000001,Ada,Boss,Chief Executive Officer,001000000000001,,ada@acme.example
"""
ACCOUNTS = "Id,Name,ParentId\r\n001000000000001,Acme,\r\n"


def test_import_over_http(client):
    body = "\n".join([json.dumps({"label": "Customer", "id": "cus-1", "properties": {"name": "Acme"}}),
                      json.dumps({"label": "Customer", "id": "cus-2", "properties": {"tier": "gold"}})])
    response = client.post("/api/v1/import", content=body, params={"allowErrors": "true"})
    assert response.status_code == 207
    assert response.json()["nodes"] == 1 and response.json()["errors"][0]["line"] == 2
    orphan = client.post("/api/v1/import", content=CONTACTS.encode("utf-8-sig"))
    assert orphan.status_code == 422 and orphan.json()["nodes"] == 0
    assert [(e["line"], e["field"]) for e in orphan.json()["errors"]] == [(2, "AccountId")]
    assert client.post("/api/v1/import", params={"format": "crm"}, content=ACCOUNTS).json()["nodes"] == 1
    contacts = client.post("/api/v1/import", content=CONTACTS.encode("cp1252"))
    assert contacts.status_code == 200 and contacts.json()["nodes"] == 1 and contacts.json()["errors"] == []
    unknown = client.post("/api/v1/import", content=b"Foo,Bar\n1,2\n")
    assert unknown.status_code == 422 and "no known export format" in unknown.json()["detail"]
