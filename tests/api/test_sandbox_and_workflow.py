"""Sandbox and selection over HTTP, and the activity workflow's rules."""

from powermap.graph.loaders import load_graph_document

TEAM = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Team": [{"id": "team-acme", "name": "Acme team", "customerIds": ["cus-1"]}],
    "Employee": [{"id": "emp-pm", "name": "Pam", "role": "AR", "teamIds": ["team-acme"]},
                 {"id": "emp-own", "name": "Olly", "role": "SR", "teamIds": ["team-acme"]},
                 {"id": "emp-x", "name": "Xavier", "role": "FR", "teamIds": ["team-acme"]}],
    "Stakeholder": [{"id": "stk-1", "name": "Zhou", "stance": "neutral", "customerId": "cus-1"}],
    "Project": [{"id": "prj-1", "name": "Core", "customerId": "cus-1", "managerId": "emp-pm"}],
}


def _assign(client, due="2026-05-01T09:00:00Z"):
    response = client.post("/api/v1/projects/prj-1/activities", headers={"X-Powermap-Actor": "emp-pm"},
                           json={"type": "hq_visit", "title": "Bring the CTO to HQ", "stakeholderIds": ["stk-1"],
                                 "ownerId": "emp-own", "dueAt": due})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_weights_that_do_not_sum_to_one_are_422(client):
    load_graph_document(client.app.state.graph, {"Customer": [{"id": "cus-1", "name": "Acme"}]})
    response = client.get("/api/v1/customers/cus-1/sandbox", params={"wGrowth": 0.5})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "weights"
    assert client.get("/api/v1/customers/cus-1/sandbox").json()["opportunities"] == []


def test_selection_without_a_plan_is_404(client):
    load_graph_document(client.app.state.graph, {"Customer": [{"id": "cus-1", "name": "Acme"}]})
    response = client.post("/api/v1/customers/cus-1/plans/2026/selection", json={})
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "year"


def test_assign_done_with_stance_change_then_rate(client):
    load_graph_document(client.app.state.graph, TEAM)
    activity_id = _assign(client)
    activity = client.get(f"/api/v1/activities/{activity_id}").json()
    assert (activity["status"], activity["ownerId"], activity["assignedById"]) == ("planned", "emp-own", "emp-pm")
    done = client.post(f"/api/v1/activities/{activity_id}/done", headers={"X-Powermap-Actor": "emp-own"},
                       json={"outcome": "CTO impressed by the lab", "doneAt": "2026-05-02T17:00:00Z",
                             "observed": {"stakeholderId": "stk-1", "stance": "supporter", "note": "after lab"}})
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert client.get("/api/v1/stakeholders/stk-1").json()["stance"] == "supporter"
    (assessment,) = [a for a in client.get("/api/v1/assessments").json()["items"] if a["byId"] == "emp-own"]
    assert (assessment["byId"], assessment["previousStance"], assessment["note"]) == ("emp-own", "neutral",
                                                                                       "after lab")
    rated = client.post(f"/api/v1/activities/{activity_id}/rating", headers={"X-Powermap-Actor": "emp-pm"},
                        json={"rating": 4})
    assert rated.status_code == 200 and rated.json()["rating"] == 4


def test_only_the_owner_marks_done_and_only_the_assigner_rates(client, key_headers):
    load_graph_document(client.app.state.graph, TEAM)
    activity_id = _assign(client)
    manager, owner, stranger = key_headers("emp-pm"), key_headers("emp-own"), key_headers("emp-x")
    early = client.post(f"/api/v1/activities/{activity_id}/rating", headers=manager, json={"rating": 4})
    assert early.status_code == 409 and "not done" in early.json()["detail"]
    not_theirs = client.post(f"/api/v1/activities/{activity_id}/done", headers=stranger, json={"outcome": "done"})
    assert not_theirs.status_code == 403
    posing = client.post(f"/api/v1/activities/{activity_id}/done", json={"outcome": "done"},
                         headers={**stranger, "X-Powermap-Actor": "emp-own"})
    assert posing.status_code == 403, "a key bound to an employee cannot act as another"
    assert client.post(f"/api/v1/activities/{activity_id}/done", headers=owner,
                       json={"outcome": "done"}).status_code == 200
    by_owner = client.post(f"/api/v1/activities/{activity_id}/rating", headers=owner, json={"rating": 5})
    assert by_owner.status_code == 403 and "only the assigner" in by_owner.json()["detail"]
    assert client.post(f"/api/v1/activities/{activity_id}/rating", headers=manager,
                       json={"rating": 6}).status_code == 422
    assert client.get(f"/api/v1/activities/{activity_id}").json()["rating"] is None
    assert client.post(f"/api/v1/activities/{activity_id}/rating", headers=manager,
                       json={"rating": 5}).json()["rating"] == 5


def test_observed_stance_of_someone_not_there_changes_nothing(client):
    load_graph_document(client.app.state.graph, {
        **TEAM, "Stakeholder": TEAM["Stakeholder"] + [{"id": "stk-2", "name": "Other", "stance": "neutral"}]})
    activity_id = _assign(client)
    response = client.post(f"/api/v1/activities/{activity_id}/done", headers={"X-Powermap-Actor": "emp-own"},
                           json={"outcome": "ok", "observed": {"stakeholderId": "stk-2", "stance": "champion"}})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "observed.stakeholderId"
    assert client.get(f"/api/v1/activities/{activity_id}").json()["status"] == "planned"


def test_overdue_lists(client):
    load_graph_document(client.app.state.graph, {**TEAM, "Team": TEAM["Team"] + [{"id": "team-1", "name": "T"}]})
    client.put("/api/v1/employees/emp-own", json={"name": "Olly", "role": "SR", "teamIds": ["team-1"]})
    late = _assign(client, due="2026-01-01T09:00:00Z")
    _assign(client, due="2026-12-01T09:00:00Z")
    for scope, scope_id in (("projects", "prj-1"), ("employees", "emp-own"), ("teams", "team-1")):
        found = client.get(f"/api/v1/{scope}/{scope_id}/overdue-activities",
                           params={"asOf": "2026-06-01T09:00:00Z"}).json()
        assert [(a["id"], a["daysOverdue"]) for a in found] == [(late, 151)], scope
    assert client.get("/api/v1/teams/ghost/overdue-activities").status_code == 404


def test_an_assignment_is_signed_by_whoever_acts(client):
    load_graph_document(client.app.state.graph, TEAM)
    body = {"type": "visit", "stakeholderIds": ["stk-1"], "ownerId": "emp-own", "dueAt": "2026-05-01T09:00:00Z"}
    unsigned = client.post("/api/v1/projects/prj-1/activities", json=body)
    assert unsigned.status_code == 201 and unsigned.json()["assignedById"] is None, "an admin acting as no one"
    signed = client.post("/api/v1/projects/prj-1/activities", json=body, headers={"X-Powermap-Actor": "emp-own"})
    assert signed.json()["assignedById"] == "emp-own"


def test_scorecard_routes_and_trend_chart(client):
    load_graph_document(client.app.state.graph, TEAM)
    _assign(client, due="2026-03-01T09:00:00Z")
    card = client.get("/api/v1/scorecards/project/prj-1",
                      params={"from": "2026-01-01T00:00:00Z", "to": "2026-12-31T23:59:59Z"})
    assert card.status_code == 200
    planned = next(f for f in card.json()["figures"] if f["name"] == "planned")
    assert (planned["value"], planned["previous"], planned["change"]) == (1, 0, 1)
    chart = client.get("/api/v1/scorecards/project/prj-1/trend.svg",
                       params={"metric": "planned", "periods": 3, "to": "2026-12-31T00:00:00Z"})
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.startswith("<svg") and chart.text.count("<circle") == 3
    assert client.get("/api/v1/scorecards/galaxy/prj-1").status_code == 422
    assert client.get("/api/v1/scorecards/project/ghost").status_code == 404
    assert client.get("/api/v1/scorecards/project/prj-1", params={
        "from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}).status_code == 422
    assert client.get("/api/v1/scorecards/project/prj-1/trend.svg", params={"metric": "mood"}).status_code == 422


def test_scorecard_period_outside_the_calendar_is_422(client):
    """Found by the fuzzer: a period from year 87 made the previous period overflow (a 500)."""
    load_graph_document(client.app.state.graph, TEAM)
    response = client.get("/api/v1/scorecards/project/prj-1",
                          params={"from": "0087-07-06T14:32:44Z", "to": "4799-09-15T17:28:55Z"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "from"
