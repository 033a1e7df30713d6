"""Single writes as an integrator makes them: merge patches, contradictions, dates, missing ends,
versions (ETag / If-Match). Every refusal re-reads the stored record to prove nothing changed."""

import pytest

from powermap.graph.loaders import load_graph_document
from tests.factories import put, relate

MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}


def _people(client):
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1", title="CTO", notes="prefers mornings")


# Merge patch (RFC 7396)

def test_merge_patch_clears_explicit_nulls_and_keeps_absent_fields(client):
    _people(client)
    response = client.patch("/api/v1/stakeholders/stk-1", headers=MERGE_PATCH,
                            content='{"title": null, "stance": "supporter"}')
    assert response.status_code == 200, response.text
    stored = client.get("/api/v1/stakeholders/stk-1").json()
    assert stored["title"] is None and stored["stance"] == "supporter"
    assert stored["notes"] == "prefers mornings" and stored["influence"] == 4


@pytest.mark.parametrize(("path", "field"), [("stakeholders", "name"), ("stakeholders", "influence"),
                                             ("activities", "plannedAt"), ("activities", "status")])
def test_merge_patch_null_on_a_required_or_defaulted_field_is_422_naming_it(client, path, field):
    stored = put(client, path, "n-1")
    response = client.patch(f"/api/v1/{path}/n-1", json={field: None})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert client.get(f"/api/v1/{path}/n-1").json() == stored


def test_merge_patch_null_link_and_null_list_mean_none(client):
    put(client, "customers", "cus-1")
    put(client, "teams", "team-1", customerIds=["cus-1"])
    put(client, "employees", "emp-1", teamIds=["team-1"])
    assert client.patch("/api/v1/employees/emp-1", json={"teamIds": None}).status_code == 200
    assert client.get("/api/v1/employees/emp-1").json()["teamIds"] == []
    put(client, "decision-chains", "dc-1")
    assert client.patch("/api/v1/decision-chains/dc-1", json={"requiredRoles": None}).status_code == 200
    assert client.get("/api/v1/decision-chains/dc-1").json()["requiredRoles"] == []


def test_relationship_merge_patch_removes_optional_properties_only(client):
    _people(client)
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.6, targetStrength=0.9, since="2024-01-01")
    patched = client.patch("/api/v1/relationships/KNOWS", headers=MERGE_PATCH,
                           content='{"from": "emp-1", "to": "stk-1", "properties": {"targetStrength": null}}')
    assert patched.status_code == 200, patched.text
    refused = client.patch("/api/v1/relationships/KNOWS",
                           json={"from": "emp-1", "to": "stk-1", "properties": {"strength": None}})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "properties.strength"
    stored = client.get("/api/v1/relationships/KNOWS", params={"from": "emp-1", "to": "stk-1"}).json()
    assert stored["properties"] == {"strength": 0.6, "since": "2024-01-01"}


# Records that contradict themselves

def _refused_naming(response, *fields):
    assert response.status_code == 422, response.text
    assert [error["field"] for error in response.json()["errors"]] == list(fields)


@pytest.mark.parametrize("body", [{"status": "done"}, {"status": "planned", "doneAt": "2026-03-01"},
                                  {"status": "cancelled", "doneAt": "2026-03-01T10:00:00Z"}])
def test_contradicting_activity_is_refused_on_create_and_put(client, body):
    activity = {"type": "visit", "plannedAt": "2026-03-01T09:00:00Z", **body}
    _refused_naming(client.post("/api/v1/activities", json=activity), "status", "doneAt")
    _refused_naming(client.put("/api/v1/activities/act-1", json=activity), "status", "doneAt")
    assert client.get("/api/v1/activities").json()["total"] == 0


def test_activity_patch_is_judged_merged_with_what_is_stored(client):
    stored = put(client, "activities", "act-1")
    _refused_naming(client.patch("/api/v1/activities/act-1", json={"status": "done"}), "status", "doneAt")
    _refused_naming(client.patch("/api/v1/activities/act-1", json={"doneAt": "2026-03-01"}), "status", "doneAt")
    assert client.get("/api/v1/activities/act-1").json() == stored
    done = client.patch("/api/v1/activities/act-1", json={"status": "done", "doneAt": "2026-03-01T11:00:00Z"})
    assert done.status_code == 200
    _refused_naming(client.patch("/api/v1/activities/act-1", json={"doneAt": None}), "status", "doneAt")
    assert client.get("/api/v1/activities/act-1").json()["doneAt"] == "2026-03-01T11:00:00Z"
    assert client.patch("/api/v1/activities/act-1", json={"rating": 4}).status_code == 200


def test_stakeholder_in_an_org_unit_and_at_a_customer_is_refused(client):
    put(client, "customers", "cus-1")
    put(client, "org-units", "org-1", customerId="cus-1")
    _refused_naming(client.put("/api/v1/stakeholders/stk-1", json={"name": "Zhou", "orgUnitId": "org-1",
                                                                  "customerId": "cus-1"}), "orgUnitId", "customerId")
    assert client.get("/api/v1/stakeholders/stk-1").status_code == 404
    put(client, "stakeholders", "stk-1", orgUnitId="org-1")
    _refused_naming(client.patch("/api/v1/stakeholders/stk-1", json={"customerId": "cus-1"}),
                    "orgUnitId", "customerId")
    stored = client.get("/api/v1/stakeholders/stk-1").json()
    assert stored["orgUnitId"] == "org-1" and stored["customerId"] is None
    moved = client.patch("/api/v1/stakeholders/stk-1", json={"customerId": "cus-1", "orgUnitId": None})
    assert moved.status_code == 200 and moved.json()["customerId"] == "cus-1"


# Dates and timestamps

def test_days_take_timestamps_as_their_utc_day_and_instants_take_bare_dates(client):
    _people(client)
    edge = relate(client, "KNOWS", "emp-1", "stk-1", strength=0.6, since="2024-01-01T08:00:00+02:00",
                  lastContact="2026-10-01T23:30:00-05:00")
    assert edge["properties"]["since"] == "2024-01-01" and edge["properties"]["lastContact"] == "2026-10-02"
    stored = client.get("/api/v1/relationships/KNOWS", params={"from": "emp-1", "to": "stk-1"}).json()
    assert stored["properties"]["lastContact"] == "2026-10-02"
    activity = put(client, "activities", "act-1", plannedAt="2026-03-01", status="done",
                   doneAt="2026-03-01T10:00:00+02:00")
    assert activity["plannedAt"] == "2026-03-01T00:00:00Z" and activity["doneAt"] == "2026-03-01T08:00:00Z"


def test_a_stored_timestamp_day_still_makes_a_contact_recent(client):
    """lastContact stays a day: the power map's staleness reads it as before."""
    put(client, "customers", "cus-1")
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1", customerId="cus-1")
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.8, lastContact="2026-09-30T22:00:00Z")
    answer = client.get("/api/v1/customers/cus-1/power-map", params={"reportDate": "2026-12-29"})
    assert answer.status_code == 200, answer.text
    person = next(p for p in answer.json()["stakeholders"] if p["id"] == "stk-1")
    assert person["lastContact"] == "2026-09-30" and person["stale"] is False


# Errors that name the end

def test_missing_end_names_the_end_the_id_and_the_labels(client):
    _people(client)
    response = client.post("/api/v1/relationships/KNOWS",
                           json={"from": "emp-1", "to": "stk-9", "properties": {"strength": 0.5}})
    assert response.status_code == 404
    body = response.json()
    assert body["errors"] == [{"field": "to", "problem": "no Stakeholder with id 'stk-9' at `to`"}]
    assert body["labels"] == ["Stakeholder"] and body["id"] == "stk-9"
    missing_start = client.patch("/api/v1/relationships/WORKS_IN",
                                 json={"from": "stk-9", "to": "cus-1", "toLabel": "Customer"})
    assert missing_start.json()["errors"] == [{"field": "from", "problem": "no Stakeholder with id 'stk-9' at `from`"}]


# Versions: ETag and If-Match

def _etag(response):
    etag = response.headers["ETag"]
    assert etag == f'"{response.json()["version"]}"'
    return etag


def test_every_node_answer_carries_its_version(client):
    created = client.post("/api/v1/customers", json={"name": "Acme"})
    node_id = created.json()["id"]
    assert _etag(created) == _etag(client.get(f"/api/v1/customers/{node_id}"))
    patched = client.patch(f"/api/v1/customers/{node_id}", json={"region": "EMEA"})
    assert _etag(patched) != _etag(created)
    replaced = client.put(f"/api/v1/customers/{node_id}", json={"name": "Acme"})
    assert _etag(replaced) not in (_etag(created), _etag(patched))
    listed = client.get("/api/v1/customers").json()["items"]
    assert f'"{listed[0]["version"]}"' == _etag(replaced)


def test_if_match_with_an_old_version_is_412_and_changes_nothing(client):
    first = client.put("/api/v1/customers/cus-1", json={"name": "Acme"})
    old = _etag(first)
    current = _etag(client.patch("/api/v1/customers/cus-1", json={"region": "EMEA"}))
    for method, body in (("PATCH", {"region": "APAC"}), ("PUT", {"name": "Other"}), ("DELETE", None)):
        response = client.request(method, "/api/v1/customers/cus-1", json=body, headers={"If-Match": old})
        assert response.status_code == 412, (method, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "If-Match"
        assert f'"{response.json()["currentVersion"]}"' == current
    stored = client.get("/api/v1/customers/cus-1")
    assert stored.json()["region"] == "EMEA" and stored.json()["name"] == "Acme" and _etag(stored) == current
    ok = client.patch("/api/v1/customers/cus-1", json={"region": "APAC"}, headers={"If-Match": f"W/{old}, {current}"})
    assert ok.status_code == 200 and ok.json()["region"] == "APAC"
    gone = client.delete("/api/v1/customers/cus-1", headers={"If-Match": _etag(ok)})
    assert gone.status_code == 200 and client.get("/api/v1/customers/cus-1").status_code == 404


def test_if_match_star_means_it_must_exist(client):
    response = client.put("/api/v1/customers/cus-1", json={"name": "Acme"}, headers={"If-Match": "*"})
    assert response.status_code == 412
    assert client.get("/api/v1/customers/cus-1").status_code == 404
    put(client, "customers", "cus-1")
    assert client.put("/api/v1/customers/cus-1", json={"name": "B"}, headers={"If-Match": "*"}).status_code == 200
    assert client.patch("/api/v1/customers/cus-9", json={"name": "B"}, headers={"If-Match": "*"}).status_code == 404


def test_a_version_changes_with_every_kind_of_write(client):
    """Writes that do not go through the node routes change it too: a link written as a relationship,
    the activity workflow, an import."""
    put(client, "customers", "cus-1")
    before = _etag(client.get("/api/v1/customers/cus-1"))
    put(client, "stakeholders", "stk-1")
    stakeholder = _etag(client.get("/api/v1/stakeholders/stk-1"))
    linked = client.post("/api/v1/relationships/WORKS_IN", json={"from": "stk-1", "to": "cus-1", "toLabel": "Customer"})
    assert linked.status_code == 201
    assert _etag(client.get("/api/v1/stakeholders/stk-1")) != stakeholder
    load_graph_document(client.app.state.graph, {"Customer": [{"id": "cus-1", "name": "Acme renamed"}]})
    after_import = client.get("/api/v1/customers/cus-1")
    assert after_import.json()["name"] == "Acme renamed" and _etag(after_import) != before
    refused = client.patch("/api/v1/customers/cus-1", json={"region": "EMEA"}, headers={"If-Match": before})
    assert refused.status_code == 412


def test_relationship_versions(client):
    _people(client)
    created = relate(client, "KNOWS", "emp-1", "stk-1", strength=0.5)
    ends = {"from": "emp-1", "to": "stk-1"}
    read = client.get("/api/v1/relationships/KNOWS", params=ends)
    assert _etag(read) == f'"{created["version"]}"'
    changed = client.patch("/api/v1/relationships/KNOWS", json={**ends, "properties": {"strength": 0.7}},
                           headers={"If-Match": _etag(read)})
    assert changed.status_code == 200
    stale = client.patch("/api/v1/relationships/KNOWS", json={**ends, "properties": {"strength": 0.9}},
                         headers={"If-Match": _etag(read)})
    assert stale.status_code == 412
    refused = client.delete("/api/v1/relationships/KNOWS", params=ends, headers={"If-Match": _etag(read)})
    assert refused.status_code == 412
    assert client.get("/api/v1/relationships/KNOWS", params=ends).json()["properties"]["strength"] == 0.7
    assert client.delete("/api/v1/relationships/KNOWS", params=ends,
                         headers={"If-Match": _etag(changed)}).status_code == 204


def test_an_empty_if_match_is_422(client):
    put(client, "customers", "cus-1")
    response = client.patch("/api/v1/customers/cus-1", json={"region": "EMEA"}, headers={"If-Match": " , "})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "If-Match"
    assert client.get("/api/v1/customers/cus-1").json()["region"] is None


# The OpenAPI document

def test_openapi_describes_problems_the_merge_patch_rule_and_etags(client):
    spec = client.get("/openapi.json").json()
    patch = spec["paths"]["/api/v1/stakeholders/{node_id}"]["patch"]
    assert "RFC 7396" in patch["description"]
    assert set(patch["requestBody"]["content"]) == {"application/json", "application/merge-patch+json"}
    assert "If-Match" in [parameter["name"] for parameter in patch["parameters"]]
    assert "ETag" in patch["responses"]["200"]["headers"]
    for status in ("404", "412", "422"):
        content = patch["responses"][status]["content"]
        assert list(content) == ["application/problem+json"]
        assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
        assert content["application/problem+json"]["example"]["status"] == int(status)
    rel_write = spec["paths"]["/api/v1/relationships/{rel_type}"]["post"]
    assert {"404", "409", "422"} <= set(rel_write["responses"])
