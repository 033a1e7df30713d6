"""What every bulk write records and refuses: audit entries signed by `who`, assessments for judged
values, first stages, and the bid gate on imported stage moves (graph/transfer.py)."""

import json

from powermap.graph import transfer
from powermap.graph.loaders import DEMO_SEEDS, load_graph_document, load_graph_files
from powermap.models.security import Signature
from powermap.services.bid_review import register_bid_gate

WHO = Signature(key_id="key-importer", employee_id="emp-1")
TEAM = {"Employee": [{"id": "emp-1", "name": "Ines Admin", "role": "AR"}]}


def _import(graph, *rows):
    return transfer.import_rows(graph, transfer.jsonl_rows([json.dumps(row) for row in rows]), who=WHO)


def _read(graph, statement, **params):
    records, _, _ = graph.driver.execute_query(statement, params, database_=graph.database)
    return [record.data() for record in records]


def _assessments(graph, stakeholder_id):
    return _read(graph, """
        MATCH (a:Assessment)-[:OF]->(:Stakeholder {id: $id}) OPTIONAL MATCH (a)-[:BY]->(e:Employee)
        RETURN a.id AS id, a.stance AS stance, a.influence AS influence, a.previousStance AS previousStance,
               a.previousInfluence AS previousInfluence, a.note AS note, a.at AS at, e.id AS by
        ORDER BY a.at""", id=stakeholder_id)


def _audit(graph, entity_id):
    return _read(graph, """
        MATCH (a:AuditEntry {entityId: $id})
        RETURN a.action AS action, a.label AS label, a.keyId AS keyId, a.employeeId AS employeeId,
               a.before AS before, a.after AS after ORDER BY a.at""", id=entity_id)


def test_seeds_load_through_the_bulk_path_and_twice_changes_nothing(graph):
    first = load_graph_files(graph, DEMO_SEEDS, who=Signature(key_id=None, employee_id="emp-wang-lei"))
    entries = _read(graph, "MATCH (a:AuditEntry) RETURN count(a) AS n, collect(DISTINCT a.employeeId) AS who")[0]
    assert entries["n"] >= first["nodes"] + first["relationships"] and entries["who"] == ["emp-wang-lei"]
    (created,) = [entry for entry in _audit(graph, "prj-5g-core") if entry["label"] == "Project"]
    assert created["action"] == "import create" and json.loads(created["after"])["stage"] == "bid"
    history = _read(graph, "MATCH (:Project {id: 'prj-5g-core'})-[:MOVED_TO]->(c) RETURN c.stage AS stage "
                           "ORDER BY c.at")
    assert [row["stage"] for row in history] == ["lead", "opportunity", "bid"], "the seeded history, no extra stage"
    seeded = _assessments(graph, "stk-zhou-min")
    assert [a["id"] for a in seeded] == ["asm-zhou-2025-03", "asm-zhou-2025-07", "asm-stk-zhou-min-first"]
    assert (seeded[-1]["stance"], seeded[-1]["by"]) == ("neutral", "emp-wang-lei"), "the creation, as seeded"
    size = _read(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"]
    load_graph_files(graph, DEMO_SEEDS, who=Signature(key_id=None, employee_id="emp-wang-lei"))
    assert _read(graph, "MATCH (n) RETURN count(n) AS n")[0]["n"] == size, "no new audit entry, assessment or stage"


def test_a_stakeholder_created_with_a_stance_has_a_first_assessment_and_audit_entries(graph):
    load_graph_document(graph, TEAM)
    report = _import(graph,
                     {"label": "Customer", "id": "cus-1", "properties": {"name": "Acme"}},
                     {"label": "Stakeholder", "id": "stk-1", "properties": {"name": "Zhou", "stance": "skeptic",
                                                                          "influence": 4}},
                     {"type": "WORKS_IN", "from": "stk-1", "to": "cus-1", "toLabel": "Customer"})
    assert report.errors == []
    [first] = _assessments(graph, "stk-1")
    created = _read(graph, "MATCH (s:Stakeholder {id: 'stk-1'}) RETURN s.createdAt AS at")[0]["at"]
    assert (first["stance"], first["influence"], first["previousStance"], first["by"]) == ("skeptic", 4, None, "emp-1")
    assert first["at"] == created
    [entry] = [e for e in _audit(graph, "stk-1") if e["label"] == "Stakeholder"]  # its WORKS_IN has the same time
    assert (entry["action"], entry["keyId"], entry["employeeId"]) == ("import create", "key-importer", "emp-1")
    assert entry["before"] is None and json.loads(entry["after"])["stance"] == "skeptic"
    works = [e for e in _audit(graph, "cus-1") if e["label"] == "WORKS_IN"]
    assert len(works) == 1 and works[0]["employeeId"] == "emp-1", "a relationship is audited under both ends"


def test_an_import_that_changes_a_stance_records_an_assessment_and_an_audit_entry(graph):
    load_graph_document(graph, TEAM)
    person = {"label": "Stakeholder", "id": "stk-1", "properties": {"name": "Zhou", "stance": "skeptic",
                                                                    "influence": 4}}
    _import(graph, person)
    _import(graph, {**person, "properties": {"name": "Zhou", "stance": "supporter"}})
    history = _assessments(graph, "stk-1")
    assert [(a["previousStance"], a["stance"], a["previousInfluence"], a["influence"]) for a in history] == [
        (None, "skeptic", None, 4), ("skeptic", "supporter", 4, 4)], "influence left out is kept, not reset to 3"
    assert (history[1]["note"], history[1]["by"]) == ("import", "emp-1")
    update = _audit(graph, "stk-1")[-1]
    assert update["action"] == "import update" and update["employeeId"] == "emp-1"
    assert (json.loads(update["before"])["stance"], json.loads(update["after"])["stance"]) == ("skeptic", "supporter")
    _import(graph, {**person, "properties": {"name": "Zhou", "stance": "supporter"}})
    assert len(_assessments(graph, "stk-1")) == 2 and len(_audit(graph, "stk-1")) == 2, "an unchanged row logs nothing"


def test_an_import_cannot_move_a_gated_project_to_bid(graph):
    register_bid_gate()
    load_graph_document(graph, TEAM)
    _import(graph, {"label": "Project", "id": "prj-1", "properties": {"name": "Core", "stage": "opportunity"}})
    report = _import(graph,
                     {"label": "Project", "id": "prj-1", "properties": {"name": "Core", "stage": "bid"}},
                     {"label": "Project", "id": "prj-2", "properties": {"name": "Fresh", "stage": "contract"}})
    assert sorted((e.line, e.field) for e in report.errors) == [(1, "stage"), (2, "stage")]
    assert "bid gate fails" in report.errors[0].problem
    project = _read(graph, "MATCH (p:Project {id: 'prj-1'}) OPTIONAL MATCH (p)-[:MOVED_TO]->(c) "
                           "RETURN p.stage AS stage, collect(c.stage) AS moves")[0]
    assert project == {"stage": "opportunity", "moves": ["opportunity"]}, "only the first stage, no move to bid"
    assert _read(graph, "MATCH (p:Project {id: 'prj-2'}) RETURN count(p) AS n")[0]["n"] == 0
    assert [e["action"] for e in _audit(graph, "prj-1")] == ["import create"]


def test_a_project_created_past_the_gate_needs_its_stage_history(graph):
    register_bid_gate()
    report = _import(graph, {"label": "Project", "id": "prj-1", "properties": {"name": "Won", "stage": "contract"},
                             "stageHistory": [{"stage": "lead", "at": "2025-01-01T00:00:00Z"},
                                              {"stage": "bid", "at": "2025-03-01T00:00:00Z"},
                                              {"stage": "contract", "at": "2025-06-01T00:00:00Z"}]})
    assert report.errors == []
    moves = _read(graph, "MATCH (:Project {id: 'prj-1'})-[:MOVED_TO]->(c) RETURN c.stage AS stage, "
                         "c.fromStage AS fromStage, c.by AS by ORDER BY c.at")
    assert moves == [{"stage": "lead", "fromStage": None, "by": None},
                     {"stage": "bid", "fromStage": "lead", "by": None},
                     {"stage": "contract", "fromStage": "bid", "by": None}]
    wrong = _import(graph, {"label": "Project", "id": "prj-2", "properties": {"name": "X", "stage": "bid"},
                            "stageHistory": [{"stage": "lead", "at": "2025-01-01T00:00:00Z"}]})
    assert [(e.line, e.field) for e in wrong.errors] == [(1, "stageHistory")]
