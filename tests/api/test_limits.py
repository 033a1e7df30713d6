"""Input limits: body size (declared or chunked), string and list lengths, dates, offsets, non-finite
numbers. Each refusal names the field, and a re-read proves nothing was stored."""

import json

import pytest

from powermap.models.types import MAX_IDS, MAX_OFFSET
from tests.factories import MINIMAL, put, relate

MIB = 1024 * 1024


def _total(client, path: str) -> int:
    return client.get(f"/api/v1/{path}").json()["total"]


def _chunks(text: str, size: int = MIB):  # type: ignore[no-untyped-def]
    data = text.encode()
    for start in range(0, len(data), size):
        yield data[start:start + size]


def test_chunked_body_over_the_limit_is_413_and_stores_nothing(client, settings):
    body = json.dumps({"name": "Big", "role": "AR", "email": "x" * (settings.max_body_bytes + MIB)})
    response = client.post("/api/v1/employees", content=_chunks(body), headers={"Content-Type": "application/json"})
    assert "content-length" not in {key.lower() for key in response.request.headers}
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [{"field": "body", "problem": "too large"}]
    assert _total(client, "employees") == 0


def test_declared_body_over_the_limit_is_413(client, settings):
    response = client.post("/api/v1/employees", content=b"x" * (settings.max_body_bytes + 1),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert _total(client, "employees") == 0


def test_chunked_body_within_the_limit_is_served(client):
    response = client.post("/api/v1/employees", content=_chunks(json.dumps(MINIMAL["employees"]), size=7),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    assert _total(client, "employees") == 1


LONG_STRINGS = [
    ("customers", "name", 201),
    ("customers", "industry", 501),
    ("customers", "region", 501),
    ("stakeholders", "title", 501),
    ("stakeholders", "email", 321),
    ("stakeholders", "notes", 10_001),
    ("employees", "email", 321),
    ("insights", "summary", 10_001),
    ("activities", "title", 501),
    ("activities", "outcome", 10_001),
    ("assessments", "note", 10_001),
    ("contracts", "name", 501),
]


@pytest.mark.parametrize(("path", "field", "length"), LONG_STRINGS)
def test_string_over_its_limit_is_422_naming_the_field(client, path, field, length):
    response = client.post(f"/api/v1/{path}", json={**MINIMAL[path], field: "x" * length})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert _total(client, path) == 0
    at_limit = client.post(f"/api/v1/{path}", json={**MINIMAL[path], field: "x" * (length - 1)})
    assert at_limit.status_code == 201, at_limit.text


def test_patch_over_the_limit_changes_nothing(client):
    put(client, "stakeholders", "stk-1", notes="met at MWC")
    response = client.patch("/api/v1/stakeholders/stk-1", json={"notes": "x" * 10_001})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "notes"
    assert client.get("/api/v1/stakeholders/stk-1").json()["notes"] == "met at MWC"


def test_id_list_over_its_limit_is_422(client):
    ids = [f"cus-{n}" for n in range(MAX_IDS + 1)]
    response = client.post("/api/v1/teams", json={"name": "Everyone", "customerIds": ids})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "customerIds"
    assert _total(client, "teams") == 0


@pytest.mark.parametrize("route", ["/api/v1/projects/prj-1/bid-review", "/api/v1/customers/cus-1/relationship-health",
                                   "/api/v1/projects/prj-1/power-map", "/api/v1/customers/cus-1/power-map"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_report_date_outside_the_calendar_is_422(client, route, day):
    put(client, "customers", "cus-1")
    put(client, "projects", "prj-1", customerId="cus-1")
    response = client.get(route, params={"reportDate": day})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reportDate"
    assert "1900" in response.json()["errors"][0]["problem"]


def test_relationship_day_outside_the_calendar_is_422_and_not_stored(client):
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1")
    response = client.post("/api/v1/relationships/KNOWS",
                           json={"from": "emp-1", "to": "stk-1", "properties": {"strength": 0.5,
                                                                                 "lastContact": "0001-01-01"}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("lastContact")
    assert client.get("/api/v1/relationships/KNOWS", params={"from": "emp-1", "to": "stk-1"}).status_code == 404


def test_offset_over_its_limit_is_422_and_at_the_limit_an_empty_page(client):
    put(client, "customers", "cus-1")
    response = client.get("/api/v1/customers", params={"offset": 9223372036854775807})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"
    page = client.get("/api/v1/customers", params={"offset": MAX_OFFSET})
    assert page.status_code == 200
    assert page.json()["items"] == [] and page.json()["total"] == 1


def test_filter_out_of_its_field_range_is_422(client):
    response = client.get("/api/v1/stakeholders", params={"influence": 99999999999999999999})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "influence"


NON_FINITE = ["1e309", "-1e309", '"Infinity"', "Infinity", "NaN", '"NaN"']


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize("field", ["marketSpace", "resourceCost", "growthRate"])
def test_non_finite_number_is_422_and_not_stored(client, field, value):
    body = json.dumps({**MINIMAL["opportunities"], field: 0}).replace(f'"{field}": 0', f'"{field}": {value}')
    response = client.post("/api/v1/opportunities", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert _total(client, "opportunities") == 0


@pytest.mark.parametrize("value", ["1e309", '"-Infinity"', "NaN"])
def test_non_finite_relationship_score_is_422_and_not_stored(client, value):
    put(client, "plans", "plan-1")
    put(client, "opportunities", "opp-1")
    body = json.dumps({"from": "plan-1", "to": "opp-1", "properties": {"rank": 1, "score": 0}}).replace(
        '"score": 0', f'"score": {value}')
    response = client.post("/api/v1/relationships/TARGETS", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].endswith("score")
    assert client.get("/api/v1/relationships/TARGETS", params={"from": "plan-1", "to": "opp-1"}).status_code == 404
    relate(client, "TARGETS", "plan-1", "opp-1", rank=1, score=0.5)
