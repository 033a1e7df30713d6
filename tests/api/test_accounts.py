"""People's accounts: admins create and disable them; people sign in with e-mail and password."""

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from powermap import cli
from powermap.api.session import SESSION_COOKIE
from powermap.graph.loaders import load_graph_document
from powermap.graph.repositories import accounts as account_store
from powermap.models.security import Role
from powermap.services import accounts

PASSWORD = "correct horse battery"
WORLD = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Team": [{"id": "team-1", "name": "Team", "customerIds": ["cus-1"]}],
    "Employee": [{"id": "emp-1", "name": "Ann", "role": "AR", "teamIds": ["team-1"]},
                 {"id": "emp-2", "name": "Bob", "role": "SR"}],
    "Stakeholder": [{"id": "stk-1", "name": "Zhou", "title": "CTO", "customerId": "cus-1", "notes": "golf"}],
}


def _world(client) -> None:
    load_graph_document(client.app.state.graph, WORLD)


def _create(client, email: str = "Ann@Us.example", role: str = "editor", employee: str = "emp-1",
            password: str = PASSWORD, headers: dict | None = None):
    return client.post("/api/v1/accounts", json={"email": email, "password": password, "employeeId": employee,
                                                 "role": role}, headers=headers)


def _browser(client) -> TestClient:
    return TestClient(client.app, base_url="http://testserver")


def _sign_in(client, email: str = "ann@us.example", password: str = PASSWORD):
    browser = _browser(client)
    return browser, browser.post("/api/v1/session/password", json={"email": email, "password": password})


def _stored_accounts(client) -> list[dict]:
    return [record["a"] for record in client.app.state.graph.driver.execute_query(
        "MATCH (a:Account) RETURN properties(a) AS a", database_=client.app.state.graph.database).records]


def test_an_admin_creates_an_account_and_the_person_signs_in_as_their_employee(client):
    _world(client)
    created = _create(client)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["email"] == "ann@us.example" and body["role"] == "editor" and body["employeeId"] == "emp-1"
    assert body["name"] == "Ann" and "password" not in created.text.lower() and PASSWORD not in created.text
    [stored] = _stored_accounts(client)
    assert stored["passwordHash"].startswith("$argon2id$") and PASSWORD not in json.dumps(stored, default=str)
    browser, signed_in = _sign_in(client, email=" ANN@us.example ")
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["accountId"] == body["id"] and signed_in.json()["keyId"] is None
    cookie = signed_in.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/api/v1" in cookie
    who = browser.get("/api/v1/session").json()
    assert who["name"] == "Ann" and who["role"] == "editor" and who["employeeId"] == "emp-1"
    assert browser.get("/api/v1/stakeholders/stk-1").json()["notes"] == "golf", "reads as Ann's team"
    patched = browser.patch("/api/v1/stakeholders/stk-1", json={"title": "Chief technology officer"})
    assert patched.status_code == 200, patched.text
    [entry] = [e for e in client.get("/api/v1/audit", params={"entity": "stk-1"}).json() if e["action"] == "update"]
    assert entry["accountId"] == body["id"] and entry["employeeId"] == "emp-1" and entry["keyId"] is None
    [made] = client.get("/api/v1/audit", params={"entity": body["id"]}).json()
    assert made["action"] == "create" and made["label"] == "Account" and "$argon2" not in json.dumps(made)


def test_a_wrong_password_and_an_unknown_email_get_the_same_401(client):
    _world(client)
    assert _create(client).status_code == 201
    _, wrong = _sign_in(client, password="not the password")
    _, unknown = _sign_in(client, email="nobody@us.example")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert SESSION_COOKIE not in wrong.cookies and SESSION_COOKIE not in unknown.cookies
    stored = client.app.state.graph.driver.execute_query("MATCH (s:Session) RETURN count(s) AS n",
                                                         database_=client.app.state.graph.database).records
    assert stored[0]["n"] == 0, "no session was opened"


def test_disabling_an_account_ends_its_sessions_and_refuses_sign_in(client):
    _world(client)
    account_id = _create(client).json()["id"]
    browser, signed_in = _sign_in(client)
    assert signed_in.status_code == 200
    assert browser.get("/api/v1/stakeholders/stk-1").status_code == 200
    disabled = client.post(f"/api/v1/accounts/{account_id}/disable")
    assert disabled.status_code == 200 and disabled.json()["disabledAt"] is not None
    assert browser.get("/api/v1/stakeholders/stk-1").status_code == 401, "the open session ended at once"
    refused = browser.patch("/api/v1/stakeholders/stk-1", json={"title": "changed after disabling"})
    assert refused.status_code == 401
    assert client.get("/api/v1/stakeholders/stk-1").json()["title"] == "CTO", "nothing changed"
    _, again = _sign_in(client)
    assert again.status_code == 401 and again.json()["detail"] == accounts.WRONG_CREDENTIALS
    actions = [e["action"] for e in client.get("/api/v1/audit", params={"entity": account_id}).json()]
    assert actions == ["create", "disable"]


def test_only_admins_manage_accounts(client, key_headers):
    _world(client)
    existing = _create(client).json()
    editor = key_headers("emp-1", Role.EDITOR)
    refused = _create(client, email="bob@us.example", role="admin", employee="emp-2", headers=editor)
    assert refused.status_code == 403
    assert client.get("/api/v1/accounts", headers=editor).status_code == 403
    assert client.post(f"/api/v1/accounts/{existing['id']}/disable", headers=editor).status_code == 403
    # An editor signed in with an account is no admin either.
    browser, _ = _sign_in(client)
    assert _create(browser, email="bob@us.example", role="admin", employee="emp-2").status_code == 403
    listed = client.get("/api/v1/accounts").json()
    assert [(a["email"], a["disabledAt"]) for a in listed] == [("ann@us.example", None)], "nothing changed"


def test_account_values_are_checked(client):
    _world(client)
    short = _create(client, password="too short")
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "password"
    assert "too short" not in short.text, "a refused password is not echoed"
    assert _create(client, email="not-an-address").status_code == 422
    ghost = _create(client, employee="emp-ghost")
    assert ghost.status_code == 422 and ghost.json()["errors"][0]["field"] == "employeeId"
    assert _create(client).status_code == 201
    twice = _create(client, email="ANN@us.example", employee="emp-2")
    assert twice.status_code == 409 and twice.json()["errors"][0]["field"] == "email"
    assert len(_stored_accounts(client)) == 1


def test_the_single_sign_on_seam_maps_only_a_verified_email_to_an_enabled_account(client):
    _world(client)
    graph = client.app.state.graph
    account_id = _create(client).json()["id"]
    identity = accounts.ExternalIdentity(issuer="https://idp.example", subject="abc", email="Ann@us.example",
                                         email_verified=True)
    assert accounts.account_for_identity(graph, identity=identity).id == account_id
    unverified = accounts.ExternalIdentity(issuer="https://idp.example", subject="abc", email="ann@us.example",
                                           email_verified=False)
    for refused in (unverified, accounts.ExternalIdentity("https://idp.example", "x", "bob@us.example", True)):
        try:
            accounts.account_for_identity(graph, identity=refused)
            raise AssertionError("mapped an identity it must refuse")
        except accounts.Unauthorized:
            pass
    assert account_store.list_accounts(graph)[0].id == account_id, "no account was created by signing in"


def test_the_cli_creates_lists_and_disables_accounts(cli_env, client):
    _world(client)
    runner = CliRunner()
    created = runner.invoke(cli.app, ["accounts", "create", "--email", "bob@us.example", "--employee", "emp-2",
                                      "--role", "editor", "--password-stdin"], input=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    assert PASSWORD not in created.output
    short = runner.invoke(cli.app, ["accounts", "create", "--email", "kim@us.example", "--employee", "emp-2",
                                    "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "password" in short.output
    [account] = account_store.list_accounts(client.app.state.graph)
    listed = runner.invoke(cli.app, ["accounts", "list"])
    assert account.id in listed.output and "active" in listed.output
    assert _sign_in(client, email="bob@us.example")[1].status_code == 200
    disabled = runner.invoke(cli.app, ["accounts", "disable", account.id])
    assert disabled.exit_code == 0, disabled.output
    assert account_store.list_accounts(client.app.state.graph)[0].disabled_at is not None
    assert _sign_in(client, email="bob@us.example")[1].status_code == 401
