"""Every node route, for every kind, with good and bad input."""

import pytest

from powermap.models.nodes import NODE_KINDS
from tests.factories import INVALID, MINIMAL, put

PATHS = [kind.path for kind in NODE_KINDS]


@pytest.mark.parametrize("path", PATHS)
def test_create_get_patch_list_delete(client, path):
    created = client.post(f"/api/v1/{path}", json=MINIMAL[path])
    assert created.status_code == 201, created.text
    node = created.json()
    assert node["id"] and node["createdAt"] == node["updatedAt"]

    fetched = client.get(f"/api/v1/{path}/{node['id']}")
    assert fetched.status_code == 200
    assert {key: fetched.json()[key] for key in node} == node, "a plan's read adds its overview to these"

    listed = client.get(f"/api/v1/{path}")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [node["id"]]
    assert listed.json()["total"] == 1

    deleted = client.delete(f"/api/v1/{path}/{node['id']}")
    assert deleted.status_code == 200 and deleted.json()["deleted"] == node["id"]
    assert client.get(f"/api/v1/{path}/{node['id']}").status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_bad_value_is_422_naming_the_field_and_changes_nothing(client, path):
    field, value = INVALID[path]
    response = client.post(f"/api/v1/{path}", json={**MINIMAL[path], field: value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith(field)
    assert client.get(f"/api/v1/{path}").json()["total"] == 0


@pytest.mark.parametrize("path", PATHS)
def test_unknown_field_is_refused(client, path):
    response = client.post(f"/api/v1/{path}", json={**MINIMAL[path], "colour": "red"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "colour"


def test_put_creates_then_replaces(client):
    first = client.put("/api/v1/customers/cus-1", json={"name": "Acme", "region": "EMEA"})
    assert first.status_code == 201
    second = client.put("/api/v1/customers/cus-1", json={"name": "Acme Group"})
    assert second.status_code == 200
    body = second.json()
    assert body["name"] == "Acme Group"
    assert body["region"] is None, "PUT replaces: fields left out are cleared"
    assert body["createdAt"] == first.json()["createdAt"]
    assert body["updatedAt"] > first.json()["updatedAt"]


def test_patch_changes_only_given_fields_and_null_clears(client):
    put(client, "customers", "cus-1", region="EMEA", industry="telecom")
    patched = client.patch("/api/v1/customers/cus-1", json={"region": None, "tier": "strategic"})
    assert patched.status_code == 200
    assert patched.json()["region"] is None
    assert patched.json()["industry"] == "telecom"
    assert patched.json()["tier"] == "strategic"


def test_patch_keeps_range_checks(client):
    put(client, "stakeholders", "stk-1")
    response = client.patch("/api/v1/stakeholders/stk-1", json={"influence": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "influence"


def test_unknown_id_is_404_everywhere(client):
    assert client.get("/api/v1/projects/nope").status_code == 404
    assert client.patch("/api/v1/projects/nope", json={"value": 1}).status_code == 404
    assert client.delete("/api/v1/projects/nope").status_code == 404
    body = client.get("/api/v1/projects/nope").json()
    assert body["errors"][0]["field"] == "id" and "nope" in body["detail"]


def test_bad_id_in_path_is_422(client):
    response = client.put("/api/v1/customers/has%20space", json=MINIMAL["customers"])
    assert response.status_code == 422


def test_list_filters_paginates_in_stable_order(client):
    for index in range(5):
        put(client, "customers", f"cus-{index}", tier="key" if index % 2 else "standard")
    page = client.get("/api/v1/customers", params={"limit": 2, "offset": 1}).json()
    assert [item["id"] for item in page["items"]] == ["cus-1", "cus-2"]
    assert page["total"] == 5
    keyed = client.get("/api/v1/customers", params={"tier": "key"}).json()
    assert [item["id"] for item in keyed["items"]] == ["cus-1", "cus-3"]
    assert client.get("/api/v1/customers", params={"limit": 0}).status_code == 422
    assert client.get("/api/v1/customers", params={"limit": 201}).status_code == 422
    assert client.get("/api/v1/customers", params={"tier": "gold"}).status_code == 422
    assert client.get("/api/v1/customers", params={"colour": "red"}).status_code == 422


def test_links_are_written_and_read_back(client):
    put(client, "customers", "cus-1")
    put(client, "org-units", "org-1", customerId="cus-1")
    stakeholder = put(client, "stakeholders", "stk-1", orgUnitId="org-1")
    assert stakeholder["orgUnitId"] == "org-1"
    put(client, "teams", "team-1", customerIds=["cus-1"])
    employee = put(client, "employees", "emp-1", teamIds=["team-1"])
    assert employee["teamIds"] == ["team-1"]
    moved = client.patch("/api/v1/stakeholders/stk-1", json={"orgUnitId": None, "customerId": "cus-1"})
    assert moved.json()["orgUnitId"] is None and moved.json()["customerId"] == "cus-1"


def test_link_to_missing_node_is_422_and_changes_nothing(client):
    response = client.put("/api/v1/org-units/org-1", json={"name": "IT", "customerId": "cus-missing"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "customerId"
    assert client.get("/api/v1/org-units/org-1").status_code == 404


def test_link_to_node_of_wrong_label_is_422(client):
    put(client, "competitors", "cmp-1")
    response = client.put("/api/v1/org-units/org-1", json={"name": "IT", "customerId": "cmp-1"})
    assert response.status_code == 422


def test_health_reports_neo4j(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["neo4j"] == "reachable"


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/api/v1/stakeholders/{node_id}" in spec["paths"]


def test_null_clears_optional_fields_only(client):
    """Found by the fuzzer: a null name used to remove a required property (a later 500)."""
    put(client, "customers", "cus-1", region="EMEA")
    for field in ("name", "tier"):
        response = client.patch("/api/v1/customers/cus-1", json={field: None})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert client.get("/api/v1/customers/cus-1").json()["name"] == MINIMAL["customers"]["name"]
    assert client.patch("/api/v1/customers/cus-1", json={"region": None}).json()["region"] is None


def test_stored_values_outside_input_bounds_still_read_back(client, graph):
    """Reads are tolerant: data written before a bound existed (or by an import) must not break a list."""
    graph.driver.execute_query(
        "CREATE (:Contract {id: 'ctr-old', value: 1.0, signedAt: datetime('9112-07-31T00:00:00Z'), "
        "createdAt: datetime(), updatedAt: datetime()})", database_=graph.database)
    listed = client.get("/api/v1/contracts")
    assert listed.status_code == 200 and listed.json()["items"][0]["signedAt"].startswith("9112")
