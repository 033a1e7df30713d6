"""Relationship routes: ends must exist with the right labels; properties are checked."""

from tests.factories import put, relate


def _people(client):
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1")
    put(client, "stakeholders", "stk-2")


def test_create_read_update_delete(client):
    _people(client)
    created = relate(client, "KNOWS", "emp-1", "stk-1", strength=0.6, lastContact="2026-10-01")
    assert created["fromLabel"] == "Employee" and created["toLabel"] == "Stakeholder"
    assert created["properties"] == {"strength": 0.6, "lastContact": "2026-10-01"}
    updated = client.patch("/api/v1/relationships/KNOWS",
                           json={"from": "emp-1", "to": "stk-1", "properties": {"strength": 0.9}})
    assert updated.status_code == 200
    assert updated.json()["properties"]["strength"] == 0.9
    assert updated.json()["properties"]["lastContact"] == "2026-10-01"
    read = client.get("/api/v1/relationships/KNOWS", params={"from": "emp-1", "to": "stk-1"})
    assert read.json()["properties"]["strength"] == 0.9
    assert client.delete("/api/v1/relationships/KNOWS",
                         params={"from": "emp-1", "to": "stk-1"}).status_code == 204
    assert client.get("/api/v1/relationships/KNOWS",
                      params={"from": "emp-1", "to": "stk-1"}).status_code == 404


def test_missing_end_is_404_naming_which(client):
    _people(client)
    response = client.post("/api/v1/relationships/INFLUENCES",
                           json={"from": "stk-1", "to": "stk-9", "properties": {"strength": 0.5}})
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "to"


def test_end_with_wrong_label_is_not_found_as_that_label(client):
    _people(client)
    response = client.post("/api/v1/relationships/KNOWS",
                           json={"from": "stk-1", "to": "stk-2", "properties": {"strength": 0.5}})
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "from"


def test_label_not_allowed_for_type_is_422(client):
    _people(client)
    response = client.post("/api/v1/relationships/KNOWS",
                           json={"from": "emp-1", "to": "stk-1", "toLabel": "Employee",
                                 "properties": {"strength": 0.5}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "toLabel"


def test_ambiguous_end_needs_a_label(client):
    put(client, "customers", "cus-1")
    put(client, "projects", "prj-1")
    response = client.post("/api/v1/relationships/AT", json={"from": "prj-1", "to": "cus-1"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "fromLabel"
    ok = client.post("/api/v1/relationships/AT",
                     json={"from": "prj-1", "to": "cus-1", "fromLabel": "Project"})
    assert ok.status_code == 201


def test_unknown_type_is_422(client):
    assert client.post("/api/v1/relationships/LIKES",
                       json={"from": "a", "to": "b"}).status_code == 422


def test_internal_type_cannot_be_written(client):
    response = client.post("/api/v1/relationships/MOVED_TO", json={"from": "a", "to": "b"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "type"


def test_strength_must_be_in_zero_one(client):
    _people(client)
    for bad in (0, 1.01, -0.2, "strong"):
        response = client.post("/api/v1/relationships/KNOWS",
                               json={"from": "emp-1", "to": "stk-1", "properties": {"strength": bad}})
        assert response.status_code == 422, bad
        assert response.json()["errors"][0]["field"] == "properties.strength"
    edge = relate(client, "KNOWS", "emp-1", "stk-1", strength=1)
    assert edge["properties"]["strength"] == 1


def test_role_vocabulary_is_enforced(client):
    put(client, "stakeholders", "stk-1")
    put(client, "decision-chains", "dc-1")
    response = client.post("/api/v1/relationships/IN_CHAIN",
                           json={"from": "stk-1", "to": "dc-1", "properties": {"role": "boss"}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "properties.role"


def test_properties_on_a_type_without_any_are_refused(client):
    _people(client)
    response = client.post("/api/v1/relationships/REPORTS_TO",
                           json={"from": "stk-1", "to": "stk-2", "properties": {"since": 2020}})
    assert response.status_code == 422


def test_duplicate_is_409(client):
    _people(client)
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.5)
    again = client.post("/api/v1/relationships/KNOWS",
                        json={"from": "emp-1", "to": "stk-1", "properties": {"strength": 0.7}})
    assert again.status_code == 409


def test_bad_date_is_422(client):
    _people(client)
    response = client.post("/api/v1/relationships/KNOWS",
                           json={"from": "emp-1", "to": "stk-1",
                                 "properties": {"strength": 0.5, "lastContact": "31/12/2026"}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "properties.lastContact"
