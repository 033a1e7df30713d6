"""Keys and roles, team-scoped writes, personal notes, audit, personal data, limits, a lost database."""

import time

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from powermap.graph.loaders import load_graph_document
from powermap.models.security import Role
from powermap.settings import DEVELOPMENT_PASSWORD, Settings

ACCOUNTS = {
    "Customer": [{"id": "cus-ours", "name": "Covered"}, {"id": "cus-other", "name": "Not covered"}],
    "Team": [{"id": "team-1", "name": "Team", "customerIds": ["cus-ours"]}],
    "Employee": [{"id": "emp-1", "name": "Ann", "role": "AR", "teamIds": ["team-1"]},
                 {"id": "emp-2", "name": "Bob", "role": "SR"}],
    "Stakeholder": [
        {"id": "stk-ours", "name": "Zhou", "stance": "neutral", "customerId": "cus-ours", "notes": "plays golf"},
        {"id": "stk-other", "name": "Lena", "customerId": "cus-other", "notes": "private"}],
}


@pytest.fixture
def accounts(client):
    load_graph_document(client.app.state.graph, ACCOUNTS)


def _bare(client):
    return TestClient(client.app)


def test_every_api_route_needs_a_key_but_health_and_docs_do_not(client, accounts):
    bare = _bare(client)
    response = bare.get("/api/v1/customers")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["field"] == "Authorization"
    assert bare.get("/api/v1/customers", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert bare.get("/health").status_code == 200 and bare.get("/docs").status_code == 200


def test_viewer_reads_but_cannot_write(client, accounts, key_headers):
    viewer = key_headers(None, Role.VIEWER)
    assert client.get("/api/v1/customers", headers=viewer).status_code == 200
    response = client.patch("/api/v1/customers/cus-ours", headers=viewer, json={"region": "EMEA"})
    assert response.status_code == 403
    assert client.get("/api/v1/customers/cus-ours").json()["region"] is None


def test_editor_writes_only_customers_their_team_covers(client, accounts, key_headers):
    editor = key_headers("emp-1")
    assert client.patch("/api/v1/stakeholders/stk-ours", headers=editor, json={"title": "CTO"}).status_code == 200
    refused = client.patch("/api/v1/stakeholders/stk-other", headers=editor, json={"title": "CFO"})
    assert refused.status_code == 403 and "cus-other" in refused.json()["detail"]
    assert client.put("/api/v1/stakeholders/stk-new", headers=editor,
                      json={"name": "New", "customerId": "cus-other"}).status_code == 403, "link into it"
    assert client.post("/api/v1/relationships/KNOWS", headers=editor,
                       json={"from": "emp-1", "to": "stk-other", "properties": {"strength": 0.5}}).status_code == 403
    assert client.post("/api/v1/competitors", headers=editor, json={"name": "Nordwave"}).status_code == 201
    assert client.patch("/api/v1/stakeholders/stk-other", json={"title": "CFO"}).status_code == 200, "admin"


def test_notes_only_for_covering_teams_and_admins(client, accounts, key_headers):
    editor, viewer = key_headers("emp-1"), key_headers("emp-2", Role.VIEWER)
    assert client.get("/api/v1/stakeholders/stk-ours", headers=editor).json()["notes"] == "plays golf"
    assert "notes" not in client.get("/api/v1/stakeholders/stk-other", headers=editor).json()
    assert "notes" not in client.get("/api/v1/stakeholders/stk-ours", headers=viewer).json()
    listed = client.get("/api/v1/stakeholders", headers=viewer).json()["items"]
    assert all("notes" not in item for item in listed) and {i["name"] for i in listed} == {"Zhou", "Lena"}
    assert client.get("/api/v1/stakeholders/stk-other").json()["notes"] == "private"
    exported = client.get("/api/v1/stakeholders/stk-other/export", headers=viewer).json()
    assert "notes" not in exported["person"]


def test_writes_are_audited_with_who_and_before_after(client, accounts, key_headers):
    editor = key_headers("emp-1")
    client.patch("/api/v1/stakeholders/stk-ours", headers=editor, json={"stance": "supporter"})
    client.post("/api/v1/relationships/KNOWS", headers=editor,
                json={"from": "emp-1", "to": "stk-ours", "properties": {"strength": 0.7}})
    entries = client.get("/api/v1/audit", params={"entity": "stk-ours"}).json()
    update = next(e for e in entries if e["action"] == "update")
    assert (update["before"]["stance"], update["after"]["stance"]) == ("neutral", "supporter")
    assert update["employeeId"] == "emp-1" and update["keyId"].startswith("key-")
    assert any(e["action"].startswith("create KNOWS emp-1->stk-ours") for e in entries)
    assert client.get("/api/v1/audit", params={"entity": "stk-ours"},
                      headers=key_headers(None, Role.VIEWER)).status_code == 403


def test_export_then_erase_a_person(client, accounts, key_headers):
    client.post("/api/v1/relationships/KNOWS",
                json={"from": "emp-1", "to": "stk-ours", "properties": {"strength": 0.7}})
    record = client.get("/api/v1/stakeholders/stk-ours/export").json()
    assert record["person"]["notes"] == "plays golf"
    held = {(r["type"], r["otherId"]) for r in record["relationships"]}
    assert held >= {("KNOWS", "emp-1"), ("WORKS_IN", "cus-ours")}
    assert client.post("/api/v1/stakeholders/stk-ours/erase", headers=key_headers("emp-1")).status_code == 403
    erased = client.post("/api/v1/stakeholders/stk-ours/erase")
    assert erased.status_code == 200
    person = client.get("/api/v1/stakeholders/stk-ours").json()
    assert person["name"].startswith("Erased person ") and person["notes"] is None and person["stance"] == "neutral"
    assert client.get("/api/v1/relationships/KNOWS", params={"from": "emp-1", "to": "stk-ours"}).status_code == 200


def test_revoked_key_stops_working(client, accounts, graph):
    from powermap.graph.repositories import security as store
    from powermap.services.security import create_key

    key, record = create_key(graph, name="temporary", role=Role.VIEWER)
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/customers", headers=headers).status_code == 200
    store.revoke_key(graph, key_id=record.id)
    assert client.get("/api/v1/customers", headers=headers).status_code == 401


def test_body_over_the_limit_is_413(client):
    response = client.post("/api/v1/import", content=b"x" * (client.app.state.settings.max_body_bytes + 1))
    assert response.status_code == 413


def test_production_and_exposed_hosts_refuse_default_secrets():
    with pytest.raises(ValidationError, match="NEO4J_PASSWORD"):
        Settings(environment="production", neo4j_uri="bolt://db.example:7687")
    with pytest.raises(ValidationError, match="NEO4J_PASSWORD"):
        Settings(api_host="0.0.0.0", neo4j_uri="bolt://db.example:7687")
    with pytest.raises(ValidationError, match="BOOTSTRAP_ADMIN_KEY"):
        Settings(environment="production", neo4j_password="a-real-secret-at-last")
    ok = Settings(environment="production", neo4j_password="a-real-secret-at-last",
                  bootstrap_admin_key="k" * 32)
    assert ok.admin_key == "k" * 32


def test_the_embedded_folder_has_its_own_random_password(tmp_path):
    first = Settings(embedded_data_dir=tmp_path / "a").neo4j_password.get_secret_value()
    secret_file = tmp_path / "a" / "powermap-password"
    assert len(first) >= 24 and first != DEVELOPMENT_PASSWORD and secret_file.stat().st_mode & 0o777 == 0o600
    assert Settings(embedded_data_dir=tmp_path / "a").neo4j_password.get_secret_value() == first, "stable"
    assert Settings(embedded_data_dir=tmp_path / "b").neo4j_password.get_secret_value() != first
    (tmp_path / "old" / "data" / "databases").mkdir(parents=True)
    assert Settings(embedded_data_dir=tmp_path / "old").neo4j_password.get_secret_value() == DEVELOPMENT_PASSWORD
    given = Settings(embedded_data_dir=tmp_path / "c", neo4j_password="chosen")
    assert given.neo4j_password.get_secret_value() == "chosen" and not (tmp_path / "c").exists()


def test_lost_database_is_a_fast_503_and_the_api_recovers_by_itself(client, embedded):
    embedded.stop()
    try:
        started = time.monotonic()
        response = client.get("/api/v1/customers")
        elapsed = time.monotonic() - started
        assert response.status_code == 503 and response.headers["retry-after"] == "1"
        assert response.json()["title"] == "Database unavailable"
        assert client.get("/health").status_code == 503
    finally:
        embedded.start()
    deadline = time.monotonic() + 60  # the breaker's background probe finds it back within a second or so
    while client.get("/health").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.get("/api/v1/customers").status_code == 200, "no restart of the API needed"
    print(f"503 answered in {elapsed:.2f}s")
