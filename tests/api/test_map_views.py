"""The map views over HTTP: each view answers, and a bad view or since is a 422 naming the field."""

from tests.factories import put, relate


def _project(client) -> None:
    put(client, "customers", "cus-1")
    put(client, "stakeholders", "stk-1", name="Zhou Min", customerId="cus-1")
    put(client, "projects", "prj-1", customerId="cus-1")
    put(client, "decision-chains", "dc-1", projectId="prj-1")
    relate(client, "IN_CHAIN", "stk-1", "dc-1", role="decision_maker")


def test_each_view_answers_and_bad_values_name_their_field(client):
    _project(client)
    for view in ("customer", "chains", "key_paths"):
        answer = client.get("/api/v1/projects/prj-1/map-view", params={"view": view})
        assert answer.status_code == 200, answer.text
        assert [p["id"] for p in answer.json()["powerMap"]["stakeholders"]] == ["stk-1"]
    changes = client.get("/api/v1/projects/prj-1/changes", params={"since": "2026-01-01", "reportDate": "2026-02-01"})
    assert changes.status_code == 200 and changes.json()["changes"] == []
    refused = [
        ("/api/v1/projects/prj-1/map-view", {"view": "everything"}, "view"),
        ("/api/v1/projects/prj-1/map-view", {"view": "changes"}, "since"),
        ("/api/v1/projects/prj-1/map-view", {"view": "changes", "since": "last week"}, "since"),
        ("/api/v1/projects/prj-1/changes", {"since": "2026-03-01", "reportDate": "2026-02-01"}, "since"),
        ("/api/v1/projects/prj-1/changes", {}, "since"),
        ("/api/v1/projects/prj-1/bid-review", {"format": "html", "view": "changes"}, "since"),
        ("/api/v1/projects/prj-1/bid-review", {"format": "html", "view": "org"}, "view"),
    ]
    for url, params, field in refused:
        answer = client.get(url, params=params)
        assert answer.status_code == 422, (url, params, answer.text)
        assert field in [error["field"] for error in answer.json()["errors"]], (url, params, answer.json())
