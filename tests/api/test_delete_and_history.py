"""Cascade rules on delete, and the history writes imply: assessments and stage changes."""

from tests.factories import put, relate


def _customer_with_project(client):
    put(client, "customers", "cus-1")
    put(client, "org-units", "org-1", customerId="cus-1")
    put(client, "stakeholders", "stk-1", orgUnitId="org-1")
    put(client, "projects", "prj-1", customerId="cus-1")
    put(client, "decision-chains", "dc-1", projectId="prj-1")
    put(client, "activities", "act-1", projectId="prj-1", stakeholderIds=["stk-1"])
    put(client, "contracts", "ctr-1", projectId="prj-1")
    put(client, "employees", "emp-1")
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.7)


def test_delete_with_dependents_is_409_naming_them(client):
    _customer_with_project(client)
    response = client.delete("/api/v1/customers/cus-1")
    assert response.status_code == 409
    types = {entry["type"] for entry in response.json()["dependents"]}
    assert types == {"AT", "PART_OF"}
    assert client.get("/api/v1/customers/cus-1").status_code == 200


def test_cascade_deletes_what_the_customer_owns_and_only_that(client):
    _customer_with_project(client)
    response = client.delete("/api/v1/customers/cus-1", params={"cascade": "true"})
    assert response.status_code == 200
    for path, node_id in [("org-units", "org-1"), ("stakeholders", "stk-1"), ("projects", "prj-1"),
                          ("decision-chains", "dc-1"), ("activities", "act-1"),
                          ("contracts", "ctr-1")]:
        assert client.get(f"/api/v1/{path}/{node_id}").status_code == 404, node_id
    assert client.get("/api/v1/employees/emp-1").status_code == 200, "our people are not owned"


def test_node_nothing_depends_on_deletes_without_cascade(client):
    put(client, "customers", "cus-1")
    put(client, "projects", "prj-1", customerId="cus-1")
    response = client.delete("/api/v1/projects/prj-1")
    assert response.status_code == 200, "a project's own link to its customer is not a dependent"
    assert client.get("/api/v1/customers/cus-1").status_code == 200


def test_employee_referenced_by_a_project_needs_cascade_which_only_detaches(client):
    put(client, "employees", "emp-1")
    put(client, "projects", "prj-1", managerId="emp-1")
    assert client.delete("/api/v1/employees/emp-1").status_code == 409
    assert client.delete("/api/v1/employees/emp-1", params={"cascade": "true"}).status_code == 200
    project = client.get("/api/v1/projects/prj-1").json()
    assert project["managerId"] is None


def test_stance_change_records_an_assessment_with_who_and_old_values(client):
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1", stance="neutral", influence=3)
    response = client.patch("/api/v1/stakeholders/stk-1", json={"stance": "supporter"},
                            headers={"X-Powermap-Actor": "emp-1"})
    assert response.status_code == 200
    assessments = client.get("/api/v1/assessments").json()["items"]
    assert len(assessments) == 2, "the first judgement at creation, then the change"
    recorded = next(item for item in assessments if item["previousStance"] is not None)
    assert recorded["stakeholderId"] == "stk-1" and recorded["byId"] == "emp-1"
    assert (recorded["previousStance"], recorded["stance"]) == ("neutral", "supporter")
    assert (recorded["previousInfluence"], recorded["influence"]) == (3, 3)


def test_influence_change_through_put_records_an_assessment(client):
    put(client, "stakeholders", "stk-1", influence=3)
    put(client, "stakeholders", "stk-1", influence=5)
    items = sorted(client.get("/api/v1/assessments").json()["items"], key=lambda item: item["at"])
    assert [(item["previousInfluence"], item["influence"]) for item in items] == [(None, 3), (3, 5)]


def test_unchanged_stance_records_nothing(client):
    put(client, "stakeholders", "stk-1", stance="neutral")
    client.patch("/api/v1/stakeholders/stk-1", json={"title": "CTO"})
    client.patch("/api/v1/stakeholders/stk-1", json={"stance": "neutral"})
    assert client.get("/api/v1/assessments").json()["total"] == 1, "only the first judgement"


def test_failed_write_records_no_assessment(client):
    put(client, "stakeholders", "stk-1", stance="neutral")
    response = client.patch("/api/v1/stakeholders/stk-1",
                            json={"stance": "supporter", "orgUnitId": "org-missing"})
    assert response.status_code == 422
    assert client.get("/api/v1/stakeholders/stk-1").json()["stance"] == "neutral"
    assert client.get("/api/v1/assessments").json()["total"] == 1, "only the first judgement"
