"""Capture and alerts through HTTP: the file as the body, clear 4xx for bad input, nothing written."""

from pathlib import Path

from powermap.graph.loaders import load_graph_document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "capture"
WORLD = {
    "Customer": [{"id": "cus-acme", "name": "Acme Telecom"}],
    "Employee": [{"id": "emp-wang", "name": "Wang Lei", "role": "AR", "email": "wang.lei@ourco.example"}],
    "Stakeholder": [{"id": "stk-zhou", "name": "Zhou Min", "email": "zhou.min@acme.example",
                     "customerId": "cus-acme"}],
    "Project": [{"id": "prj-1", "name": "Core", "stage": "lead", "customerId": "cus-acme"}],
}
WINDOW = {"start": "2026-01-01T00:00:00Z", "end": "2026-12-01T00:00:00Z"}


def _interactions(graph) -> int:
    records, _, _ = graph.driver.execute_query("MATCH (i:Interaction) RETURN count(i) AS n", database_=graph.database)
    return records[0]["n"]


def test_capture_a_calendar_and_read_the_tie(client, graph):
    load_graph_document(graph, WORLD)
    body = (FIXTURES / "acme-calendar.ics").read_bytes()
    response = client.post("/api/v1/capture/calendar", content=body, params=WINDOW,
                           headers={"Content-Type": "text/calendar"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["read"], report["captured"], report["privacy"]) == (6, 5, "metadata")
    assert report["notOnTheMap"][0] == {"address": "li.na@acme.example", "name": "Li Na", "customerIds": ["cus-acme"],
                                        "interactions": 2, "lastSeen": "2026-10-15T08:00:00Z"}
    ties = client.get("/api/v1/stakeholders/stk-zhou/ties", params={"at": "2026-10-20"}).json()
    assert [(t["employeeId"], t["basis"], t["meetings"]) for t in ties] == [("emp-wang", "computed", 5)]
    again = client.post("/api/v1/capture/calendar", content=body, params=WINDOW).json()
    assert (again["created"], again["unchanged"]) == (0, 5)


def test_bad_files_are_refused_naming_the_problem_and_write_nothing(client, graph):
    load_graph_document(graph, WORLD)
    not_ics = client.post("/api/v1/capture/calendar", content=b"this is no calendar")
    assert not_ics.status_code == 422 and not_ics.json()["errors"][0]["field"] == "file"
    empty = client.post("/api/v1/capture/mail", content=b"")
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "body"
    no_date = client.post("/api/v1/capture/mail", content=b"From: a@b.example\r\nTo: c@d.example\r\n\r\nx")
    assert no_date.status_code == 422 and no_date.json()["errors"][0]["field"] == "file"
    backwards = client.post("/api/v1/capture/calendar", content=(FIXTURES / "acme-calendar.ics").read_bytes(),
                            params={"start": "2026-12-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "start"
    both = client.post("/api/v1/capture/exclusions", json={"address": "x@acme.example", "personId": "stk-zhou"})
    assert both.status_code == 422 and both.json()["errors"][0]["field"] == "address"
    unknown = client.post("/api/v1/capture/aliases", json={"address": "x@acme.example", "personId": "nobody"})
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["field"] == "personId"
    assert _interactions(graph) == 0


def test_alerts_of_a_project_and_of_an_unknown_one(client, graph):
    load_graph_document(graph, WORLD)
    found = client.get("/api/v1/projects/prj-1/alerts", params={"reportDate": "2026-11-01"})
    assert found.status_code == 200
    assert found.json() == {"scope": "project", "scopeId": "prj-1", "reportDate": "2026-11-01",
                            "windowStart": "2026-10-02", "alerts": []}
    missing = client.get("/api/v1/customers/cus-none/alerts")
    assert missing.status_code == 404 and missing.json()["errors"][0]["field"] == "id"
