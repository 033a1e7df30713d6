"""`POST /batch` and `PUT /relationships/{TYPE}` through HTTP against the real database.

A deal loaded by one batch reads as the same power map as the deal loaded by single writes; a
refusal at any operation writes nothing (re-read); the policy, the bid gate and the audit log see a
batch's operations as they see single writes; the limit on operations is the setting.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from powermap.api.app import create_app
from powermap.graph.driver import Graph
from powermap.models.security import Role
from tests.api.access_world import seed_world
from tests.factories import put, relate

BATCH = "/api/v1/batch"


def node(path: str, node_id: str, **body: Any) -> dict[str, Any]:
    return {"op": "put", "kind": path, "id": node_id, "body": body}


def rel(rel_type: str, from_id: str, to_id: str, **properties: Any) -> dict[str, Any]:
    return {"op": "put", "relationship": rel_type, "from": from_id, "to": to_id, "properties": properties}


DEAL = [
    node("customers", "cus-1", name="Acme Telecom", tier="key"),
    node("teams", "team-1", name="Acme team", customerIds=["cus-1"]),
    node("employees", "emp-1", name="Wang Lei", role="AR", teamIds=["team-1"]),
    node("employees", "emp-2", name="Ana Ruiz", role="SR", teamIds=["team-1"]),
    node("org-units", "org-1", name="Network", customerId="cus-1"),
    node("stakeholders", "stk-cto", name="Zhou Min", influence=5, stance="supporter", orgUnitId="org-1"),
    node("stakeholders", "stk-cfo", name="Li Na", influence=4, stance="skeptic", customerId="cus-1"),
    node("stakeholders", "stk-eng", name="Chen Bo", influence=2, stance="champion", orgUnitId="org-1"),
    node("projects", "prj-1", name="5G Core", stage="lead", value=1000, customerId="cus-1", managerId="emp-1"),
    node("decision-chains", "dc-1", kind="technical_selection", requiredRoles=["decision_maker", "approver"],
         projectId="prj-1"),
    rel("IN_CHAIN", "stk-cto", "dc-1", role="decision_maker", step=2),
    rel("IN_CHAIN", "stk-cfo", "dc-1", role="approver"),
    rel("IN_CHAIN", "stk-eng", "dc-1", role="evaluator", step=1),
    rel("KNOWS", "emp-1", "stk-cto", strength=0.8, lastContact="2026-11-01"),
    rel("KNOWS", "emp-2", "stk-eng", strength=0.6),
    rel("INFLUENCES", "stk-eng", "stk-cto", strength=0.7),
    rel("REPORTS_TO", "stk-eng", "stk-cto"),
]


def _single_write(client: TestClient, operation: dict[str, Any]) -> None:
    """The same operation as its single route."""
    if "relationship" in operation:
        body = {key: value for key, value in operation.items() if key not in ("op", "relationship")}
        response = client.put(f"/api/v1/relationships/{operation['relationship']}", json=body)
    else:
        response = client.put(f"/api/v1/{operation['kind']}/{operation['id']}", json=operation["body"])
    assert response.status_code == 201, response.text


def _power_map(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/v1/projects/prj-1/power-map", params={"reportDate": "2026-11-27"})
    assert response.status_code == 200, response.text
    return response.json()


def _stored(graph: Graph) -> dict[str, int]:
    """How many nodes of each label the database holds (keys aside)."""
    records, _, _ = graph.driver.execute_query(
        "MATCH (n) WHERE NOT n:ApiKey RETURN labels(n)[0] AS label, count(*) AS count", database_=graph.database)
    return {record["label"]: record["count"] for record in records}


def _relationships(graph: Graph) -> int:
    records, _, _ = graph.driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS count", database_=graph.database)
    return int(records[0]["count"])


def _tie_changes(graph: Graph) -> list[tuple[Any, Any]]:
    records, _, _ = graph.driver.execute_query(
        "MATCH (:Employee {id: 'emp-1'})-[:HAS_TIE_CHANGE]->(c:TieChange)-[:TIE_TO]->(:Stakeholder {id: 'stk-1'}) "
        "RETURN c.previousStrength AS previous, c.strength AS strength ORDER BY c.at, c.createdAt",
        database_=graph.database)
    return [(record["previous"], record["strength"]) for record in records]


def test_a_deal_loaded_by_one_batch_reads_as_the_deal_loaded_by_single_writes(client, graph):
    for operation in DEAL:
        _single_write(client, operation)
    by_single_writes, stored_singly = _power_map(client), _stored(graph)
    graph.driver.execute_query("MATCH (n) WHERE NOT n:ApiKey DETACH DELETE n", database_=graph.database)

    response = client.post(BATCH, json={"operations": DEAL})

    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [result["index"] for result in results] == list(range(len(DEAL)))
    assert {result["outcome"] for result in results} == {"created"}
    assert results[5]["resource"]["orgUnitId"] == "org-1" and results[5]["resource"]["stance"] == "supporter"
    knows = results[13]["resource"]
    assert knows.pop("version") == client.get("/api/v1/relationships/KNOWS",
                                              params={"from": "emp-1", "to": "stk-cto"}).headers["ETag"].strip('"')
    assert knows == {"type": "KNOWS", "from": "emp-1", "to": "stk-cto", "fromLabel": "Employee",
                     "toLabel": "Stakeholder", "properties": {"strength": 0.8, "lastContact": "2026-11-01"}}
    by_batch = _power_map(client)
    assert by_batch == by_single_writes
    assert {person["id"] for person in by_batch["stakeholders"]} == {"stk-cto", "stk-cfo", "stk-eng"}
    # the same history and audit rows: 3 first Assessments, 1 StageChange, 2 TieChanges, an AuditEntry per write
    assert _stored(graph) == stored_singly
    assert stored_singly["Assessment"] == 3 and stored_singly["TieChange"] == 2


def test_a_second_batch_replaces_and_reports_what_it_did(client, graph):
    assert client.post(BATCH, json={"operations": DEAL}).status_code == 200
    again = client.post(BATCH, json={"operations": [
        node("stakeholders", "stk-cfo", name="Li Na", influence=4, stance="neutral", customerId="cus-1"),
        {"op": "patch", "kind": "Stakeholder", "id": "stk-cto", "body": {"title": "CTO"}},
        {"op": "patch", "kind": "stakeholders", "id": "stk-cto", "body": {"title": None}},
        rel("KNOWS", "emp-1", "stk-cto", strength=0.9),
        {"op": "patch", "relationship": "INFLUENCES", "from": "stk-eng", "to": "stk-cto",
         "properties": {"kind": "advisory"}},
        {"op": "delete", "relationship": "REPORTS_TO", "from": "stk-eng", "to": "stk-cto"},
        {"op": "delete", "kind": "projects", "id": "prj-1", "cascade": True},
    ]})
    assert again.status_code == 200, again.text
    results = again.json()["results"]
    assert [result["outcome"] for result in results] == ["updated"] * 5 + ["deleted"] * 2
    assert results[1]["resource"]["title"] == "CTO" and results[2]["resource"]["title"] is None
    assert results[3]["resource"]["properties"] == {"strength": 0.9}  # lastContact cleared: a put replaces
    assert results[4]["resource"]["properties"] == {"strength": 0.7, "kind": "advisory"}
    assert results[5]["resource"] is None
    assert results[6]["resource"]["deleted"] == "prj-1" and results[6]["resource"]["ownedDeleted"] >= 1
    assert client.get("/api/v1/stakeholders/stk-cfo").json()["stance"] == "neutral"
    assert client.get("/api/v1/stakeholders/stk-cto").json()["title"] is None
    assert client.get("/api/v1/projects/prj-1").status_code == 404
    assert client.get("/api/v1/decision-chains/dc-1").status_code == 404
    reports = {"from": "stk-eng", "to": "stk-cto"}
    assert client.get("/api/v1/relationships/REPORTS_TO", params=reports).status_code == 404


@pytest.mark.parametrize(("index", "operation", "status", "field"), [
    (3, node("stakeholders", "stk-x", name="X", stance="enthusiastic"), 422, "operations.3.body.stance"),
    (3, node("stakeholders", "stk-x", name="X", orgUnitId="org-9"), 422, "operations.3.body.orgUnitId"),
    (len(DEAL), rel("KNOWS", "emp-1", "stk-9", strength=0.5), 404, f"operations.{len(DEAL)}.to"),
    (len(DEAL), rel("KNOWS", "emp-1", "stk-cto", strength=2), 422, f"operations.{len(DEAL)}.properties.strength"),
    (len(DEAL), {"op": "delete", "kind": "customers", "id": "cus-1"}, 409, f"operations.{len(DEAL)}.cascade"),
    (len(DEAL), {"op": "patch", "kind": "projects", "id": "prj-1", "body": {"stage": "bid"}}, 409,
     f"operations.{len(DEAL)}.body.stage"),
    (len(DEAL), {"op": "put", "relationship": "TIE_TO", "from": "a", "to": "b"}, 422,
     f"operations.{len(DEAL)}.relationship"),
])
def test_a_refusal_at_any_operation_writes_nothing(client, graph, index, operation, status, field):
    operations = [*DEAL[:index], operation, *DEAL[index:]]

    response = client.post(BATCH, json={"operations": operations})

    assert response.status_code == status, response.text
    problem = response.json()
    assert problem["operation"] == index and problem["errors"][0]["field"] == field
    assert problem["detail"].startswith(f"operation {index}: ")
    assert _stored(graph) == {} and _relationships(graph) == 0  # no node, no audit entry, no history
    assert client.get("/api/v1/customers/cus-1").status_code == 404


def test_a_batch_of_the_wrong_shape_is_refused_before_anything_is_read(client, graph):
    for operations in ([{"op": "upsert", "kind": "customers", "id": "cus-1", "body": {}}],
                       [{"op": "put", "kind": "planets", "id": "p-1", "body": {}}],
                       [{"op": "delete", "kind": "customers"}]):
        response = client.post(BATCH, json={"operations": [*DEAL[:2], *operations]})
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"].startswith("operations.2")
    assert _stored(graph) == {}


@pytest.fixture
def editor_a(client, graph, key_headers):
    seed_world(graph)
    return key_headers("emp-a", Role.EDITOR)


def test_an_editor_batches_what_it_may_write_singly_and_it_is_audited_the_same(client, editor_a):
    singly = client.put("/api/v1/stakeholders/stk-one", headers=editor_a, json={"name": "One", "customerId": "cus-a"})
    assert singly.status_code == 201
    assert client.put("/api/v1/relationships/KNOWS", headers=editor_a,
                      json={"from": "emp-a", "to": "stk-one", "properties": {"strength": 0.6}}).status_code == 201

    batched = client.post(BATCH, headers=editor_a, json={"operations": [
        node("stakeholders", "stk-two", name="Two", customerId="cus-a"), rel("KNOWS", "emp-a", "stk-two", strength=0.6),
    ]})

    assert batched.status_code == 200, batched.text
    assert batched.json()["results"][0]["resource"]["customerId"] == "cus-a"

    def audit(entity: str) -> list[tuple[str, str]]:
        entries = client.get("/api/v1/audit", params={"entity": entity}).json()
        return sorted((entry["action"].replace(entity, "*"), entry["employeeId"]) for entry in entries)
    assert audit("stk-two") == audit("stk-one") == [("create", "emp-a"), ("create KNOWS emp-a->*", "emp-a")]


@pytest.mark.parametrize(("refused", "field"), [
    ({"op": "patch", "kind": "teams", "id": "team-a", "body": {"name": "Ours now"}}, "operations.2"),
    ({"op": "put", "relationship": "COVERS", "from": "team-a", "to": "cus-b"}, "operations.2"),
    ({"op": "patch", "kind": "stakeholders", "id": "stk-b", "body": {"title": "CFO"}}, "operations.2"),
    ({"op": "delete", "relationship": "ALIGNED_WITH", "from": "stk-b", "to": "cmp-y"}, "operations.2"),
])
def test_an_editors_batch_with_one_operation_the_policy_refuses_is_refused_whole(client, graph, editor_a, refused,
                                                                                field):
    audit_before = _stored(graph).get("AuditEntry", 0)

    response = client.post(BATCH, headers=editor_a, json={"operations": [
        node("stakeholders", "stk-new", name="New", customerId="cus-a"),
        {"op": "patch", "kind": "stakeholders", "id": "stk-a", "body": {"title": "CTO"}},
        refused,
    ]})

    assert response.status_code == 403, response.text
    assert response.json()["operation"] == 2 and response.json()["errors"][0]["field"] == field
    assert client.get("/api/v1/stakeholders/stk-new").status_code == 404
    assert client.get("/api/v1/stakeholders/stk-a").json().get("title") is None
    assert client.get("/api/v1/teams/team-a").json()["name"] == "Team A"
    assert client.get("/api/v1/teams/team-a").json()["customerIds"] == ["cus-a"]
    assert client.get("/api/v1/stakeholders/stk-b").json().get("title") is None
    assert client.get("/api/v1/relationships/ALIGNED_WITH", params={"from": "stk-b", "to": "cmp-y"}).status_code == 200
    assert _stored(graph).get("AuditEntry", 0) == audit_before


def test_a_viewer_may_not_batch(client, graph, key_headers):
    response = client.post(BATCH, headers=key_headers(None, Role.VIEWER),
                           json={"operations": [node("competitors", "cmp-1", name="Nordwave")]})
    assert response.status_code == 403
    assert client.get("/api/v1/competitors/cmp-1").status_code == 404


def test_the_limit_on_operations_is_the_setting_and_stated_in_the_openapi_document(client, graph, settings):
    assert settings.max_batch_operations == 500
    schema = client.get("/openapi.json").json()["components"]["schemas"]["BatchRequest"]
    assert schema["properties"]["operations"]["maxItems"] == 500
    too_many = [{"op": "delete", "kind": "competitors", "id": f"cmp-{n}"} for n in range(501)]
    refused = client.post(BATCH, json={"operations": too_many})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "operations"

    with TestClient(create_app(settings.model_copy(update={"max_batch_operations": 2})),
                    headers=client.headers) as small:
        assert small.get("/openapi.json").json()["components"]["schemas"]["BatchRequest"][
            "properties"]["operations"]["maxItems"] == 2
        three = [node("competitors", f"cmp-{n}", name=f"Vendor {n}") for n in range(3)]
        assert small.post(BATCH, json={"operations": three}).status_code == 422
        assert _stored(graph) == {}
        assert small.post(BATCH, json={"operations": three[:2]}).status_code == 200
    assert client.get("/api/v1/competitors").json()["total"] == 2


def test_the_body_size_limit_applies_to_a_batch(client, settings, graph):
    padding = "x" * (settings.max_body_bytes + 1)
    response = client.post(BATCH, json={"operations": [node("competitors", "cmp-1", name="N", note=padding)]})
    assert response.status_code == 413
    assert _stored(graph) == {}


def _people(client: TestClient) -> None:
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1")


def test_put_relationship_creates_then_replaces_keeping_tie_history(client, graph):
    _people(client)
    knows = {"from": "emp-1", "to": "stk-1"}

    created = client.put("/api/v1/relationships/KNOWS", json={
        **knows, "properties": {"strength": 0.6, "targetStrength": 0.9, "lastContact": "2026-10-01"}})
    assert created.status_code == 201, created.text
    assert created.json()["properties"] == {"strength": 0.6, "targetStrength": 0.9, "lastContact": "2026-10-01"}

    replaced = client.put("/api/v1/relationships/KNOWS", json={**knows, "properties": {"strength": 0.8}})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["properties"] == {"strength": 0.8}
    read = client.get("/api/v1/relationships/KNOWS", params=knows).json()
    assert read["properties"] == {"strength": 0.8}  # the absent optional properties were cleared

    same = client.put("/api/v1/relationships/KNOWS", json={**knows, "properties": {"strength": 0.8}})
    assert same.status_code == 200
    assert _tie_changes(graph) == [(None, 0.6), (0.6, 0.8)]  # an unchanged strength records nothing
    actions = [entry["action"] for entry in client.get("/api/v1/audit", params={"entity": "stk-1"}).json()]
    assert actions.count("create KNOWS emp-1->stk-1") == 1 and actions.count("update KNOWS emp-1->stk-1") == 2


def test_put_relationship_refusals_change_nothing(client, graph):
    _people(client)
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.6, lastContact="2026-10-01")
    bad = client.put("/api/v1/relationships/KNOWS",
                     json={"from": "emp-1", "to": "stk-1", "properties": {"strength": 2}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "properties.strength"
    missing = client.put("/api/v1/relationships/KNOWS",
                         json={"from": "emp-1", "to": "stk-9", "properties": {"strength": 0.5}})
    assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "to"
    read = client.get("/api/v1/relationships/KNOWS", params={"from": "emp-1", "to": "stk-1"}).json()
    assert read["properties"] == {"strength": 0.6, "lastContact": "2026-10-01"}
    assert _tie_changes(graph) == [(None, 0.6)]


def test_put_relationship_without_properties_for_a_type_that_has_none(client):
    put(client, "stakeholders", "stk-1")
    put(client, "stakeholders", "stk-2")
    body = {"from": "stk-1", "to": "stk-2"}
    assert client.put("/api/v1/relationships/REPORTS_TO", json=body).status_code == 201
    assert client.put("/api/v1/relationships/REPORTS_TO", json=body).status_code == 200
    refused = client.put("/api/v1/relationships/REPORTS_TO", json={**body, "properties": {"since": "2026-01-01"}})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "properties.since"
