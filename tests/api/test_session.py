"""The web page's session: an API key traded once for an HttpOnly, SameSite=Strict, short-lived cookie."""

import hashlib
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient

from powermap.api.session import SESSION_COOKIE
from powermap.graph.loaders import load_graph_document
from powermap.graph.repositories.security import revoke_key
from powermap.models.security import Role

ACCOUNT = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Team": [{"id": "team-1", "name": "Team", "customerIds": ["cus-1"]}],
    "Employee": [{"id": "emp-1", "name": "Ann", "role": "AR", "teamIds": ["team-1"]}],
    "Stakeholder": [{"id": "stk-1", "name": "Zhou", "title": "CTO", "customerId": "cus-1", "notes": "golf"}],
}


@pytest.fixture
def account(client):
    load_graph_document(client.app.state.graph, ACCOUNT)


def _browser(client, base_url: str = "http://testserver") -> TestClient:
    """A client with no key of its own: only the cookies it is given."""
    return TestClient(client.app, base_url=base_url)


def _sign_in(client, headers: dict[str, str], base_url: str = "http://testserver") -> tuple[TestClient, str]:
    """Sign in as the key in `headers`; the browser-like client holding the cookie, and the cookie's value."""
    browser = _browser(client, base_url)
    response = browser.post("/api/v1/session", headers=headers)
    assert response.status_code == 200, response.text
    return browser, response.cookies[SESSION_COOKIE]


def _cookie_attributes(set_cookie: str) -> dict[str, str]:
    morsel = SimpleCookie(set_cookie)[SESSION_COOKIE]
    return {name.lower(): str(value) for name, value in morsel.items() if value}


def _title(client) -> str:
    return client.get("/api/v1/stakeholders/stk-1").json()["title"]


def test_sign_in_sets_a_short_lived_httponly_strict_cookie_that_reads(client, account, key_headers, settings):
    browser = _browser(client)
    response = browser.post("/api/v1/session", headers=key_headers("emp-1"))
    assert response.status_code == 200
    assert response.json()["role"] == "editor" and response.json()["employeeId"] == "emp-1"
    attributes = _cookie_attributes(response.headers["set-cookie"])
    assert attributes["httponly"] and attributes["samesite"].lower() == "strict"
    assert attributes["path"] == "/api/v1" and "secure" not in attributes, "plain http: no Secure"
    assert int(attributes["max-age"]) == 8 * 3600 == settings.session_hours * 3600
    assert browser.get("/api/v1/stakeholders/stk-1").json()["notes"] == "golf", "reads as the key's employee"
    assert browser.get("/api/v1/session").json()["name"].startswith("test editor")
    token = response.cookies[SESSION_COOKIE]
    stored = client.app.state.graph.driver.execute_query(
        "MATCH (s:Session) RETURN properties(s) AS p", database_=client.app.state.graph.database).records
    assert len(stored) == 1 and token not in str(stored[0]["p"])
    assert stored[0]["p"]["hash"] == hashlib.sha256(token.encode()).hexdigest()


def test_cookie_is_secure_over_https(client, account, key_headers):
    response = _browser(client, "https://testserver").post("/api/v1/session", headers=key_headers("emp-1"))
    assert "secure" in _cookie_attributes(response.headers["set-cookie"])


def test_signing_in_needs_a_live_key_not_a_cookie(client, account, key_headers):
    assert _browser(client).post("/api/v1/session").status_code == 401
    assert _browser(client).post("/api/v1/session", headers={"Authorization": "Bearer nope"}).status_code == 401
    browser, _ = _sign_in(client, key_headers("emp-1"))
    again = browser.post("/api/v1/session")
    assert again.status_code == 401, "a session cannot extend itself"
    assert "set-cookie" not in again.headers


def test_a_viewer_signs_in_and_reads_but_cannot_write(client, account, key_headers):
    browser, _ = _sign_in(client, key_headers(None, Role.VIEWER))
    assert browser.get("/api/v1/customers").status_code == 200
    assert browser.patch("/api/v1/stakeholders/stk-1", json={"title": "CEO"}).status_code == 403
    assert _title(client) == "CTO"


def test_a_revoked_keys_sessions_stop_at_once(client, account, key_headers):
    headers = key_headers("emp-1")
    browser, _ = _sign_in(client, headers)
    key_id = browser.get("/api/v1/session").json()["keyId"]
    revoke_key(client.app.state.graph, key_id=key_id)
    response = browser.get("/api/v1/customers")
    assert response.status_code == 401 and response.json()["errors"][0]["field"] == SESSION_COOKIE
    assert browser.patch("/api/v1/stakeholders/stk-1", json={"title": "CEO"}).status_code == 401
    assert _title(client) == "CTO"


def test_an_expired_session_is_refused(client, account, key_headers):
    browser, _ = _sign_in(client, key_headers("emp-1"))
    graph = client.app.state.graph
    graph.driver.execute_query("MATCH (s:Session) SET s.expiresAt = $past",
                               past=datetime.now(UTC) - timedelta(seconds=1), database_=graph.database)
    assert browser.get("/api/v1/customers").status_code == 401


@pytest.mark.parametrize("header", [{"Origin": "http://evil.example"}, {"Origin": "http://testserver:8080"},
                                    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}])
def test_a_cookie_write_from_another_origin_is_refused(client, account, key_headers, header):
    browser, _ = _sign_in(client, key_headers("emp-1"))
    response = browser.patch("/api/v1/stakeholders/stk-1", json={"title": "Pwned"}, headers=header)
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] in ("Origin", "Sec-Fetch-Site")
    assert _title(client) == "CTO"
    assert browser.get("/api/v1/customers", headers=header).status_code == 200, "reads are not writes"


def test_a_cookie_write_from_the_page_itself_goes_through(client, account, key_headers):
    browser, _ = _sign_in(client, key_headers("emp-1"))
    response = browser.patch("/api/v1/stakeholders/stk-1", json={"title": "CEO"},
                             headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200
    assert _title(client) == "CEO"


def test_a_key_from_another_origin_is_not_held_to_the_cookie_rule(client, account, key_headers):
    """Machines present their key; no browser sends a key it was not given, so no origin check applies."""
    response = _browser(client).patch("/api/v1/stakeholders/stk-1", json={"title": "CEO"},
                                      headers={**key_headers("emp-1"), "Origin": "http://elsewhere.example"})
    assert response.status_code == 200 and _title(client) == "CEO"


def test_sign_in_from_another_origin_is_refused(client, account, key_headers):
    response = _browser(client).post("/api/v1/session",
                                     headers={**key_headers("emp-1"), "Origin": "http://evil.example"})
    assert response.status_code == 403 and "set-cookie" not in response.headers


def test_sign_out_ends_the_session(client, account, key_headers):
    browser, token = _sign_in(client, key_headers("emp-1"))
    response = browser.delete("/api/v1/session")
    assert response.status_code == 204
    assert 'max-age=0' in response.headers["set-cookie"].lower()
    replay = _browser(client)
    replay.cookies.set(SESSION_COOKIE, token, path="/api/v1")
    assert replay.get("/api/v1/customers").status_code == 401
    graph = client.app.state.graph
    assert graph.driver.execute_query("MATCH (s:Session) RETURN count(s) AS n",
                                      database_=graph.database).records[0]["n"] == 0
