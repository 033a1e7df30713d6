"""Import semantics through HTTP and the command line, against the real database (graph/transfer.py,
graph/ownership.py, graph/import_undo.py): all or nothing, dry run, field ownership, undo, merge-patch
rows and the API's link fields."""

import json

from typer.testing import CliRunner

from powermap import cli

CUSTOMER = {"label": "Customer", "id": "cus-1", "properties": {"name": "Acme"}}
EMPLOYEE = {"label": "Employee", "id": "emp-1", "properties": {"name": "Ines", "role": "AR"}}


def _person(**props):
    return {"label": "Stakeholder", "id": "stk-1",
            "properties": {"name": "Zhou Min", "title": "CTO", "customerId": "cus-1", **props}}


def _knows(strength):
    return {"type": "KNOWS", "from": "emp-1", "to": "stk-1", "properties": {"strength": strength}}


def _body(*rows):
    return "\n".join(json.dumps(row) for row in rows)


def _count(graph, statement, **params):
    records, _, _ = graph.driver.execute_query(statement, params, database_=graph.database)
    return records[0][0]


def test_an_import_with_a_refused_row_writes_nothing_unless_partial_loads_are_asked_for(client, graph):
    body = _body(CUSTOMER, _person(influence=9), {"label": "Competitor", "id": "cmp-1", "properties": {"name": "E"}},
                 {"type": "ALIGNED_WITH", "from": "stk-ghost", "to": "cmp-1", "properties": {"strength": 0.5}})
    refused = client.post("/api/v1/import", content=body)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert [(e["line"], e["field"]) for e in refused.json()["errors"]] == [(2, "influence"), (4, "from")]
    assert "no Stakeholder with id 'stk-ghost' at `from`" in refused.json()["errors"][1]["problem"]
    assert refused.json()["committed"] is False
    assert _count(graph, "MATCH (n) WHERE n:Customer OR n:Competitor OR n:AuditEntry RETURN count(n)") == 0
    assert client.get("/api/v1/customers/cus-1").status_code == 404

    partial = client.post("/api/v1/import", content=body, params={"allowErrors": "true"})
    assert partial.status_code == 207
    assert sorted((w["kind"], w["entity"], w["action"]) for w in partial.json()["written"]) == [
        ("Competitor", "cmp-1", "create"), ("Customer", "cus-1", "create")]
    assert len(partial.json()["errors"]) == 2
    assert client.get("/api/v1/customers/cus-1").status_code == 200

    whole = client.post("/api/v1/import", content=_body(_person(), {"type": "ALIGNED_WITH", "from": "stk-1",
                                                                    "to": "cmp-1", "properties": {"strength": 0.5}}))
    assert whole.status_code == 200 and whole.json()["errors"] == []
    assert {s["kind"]: s["created"] for s in whole.json()["summary"]} == {
        "ALIGNED_WITH": 1, "Stakeholder": 1, "WORKS_IN": 1}


def test_import_rows_take_the_apis_link_fields_and_merge_patch_updates(client):
    assert client.post("/api/v1/import", content=_body(CUSTOMER, _person(stance="skeptic"))).status_code == 200
    person = client.get("/api/v1/stakeholders/stk-1").json()
    assert (person["customerId"], person["stance"]) == ("cus-1", "skeptic"), "customerId became WORKS_IN"
    cleared = client.post("/api/v1/import", content=_body({"label": "Stakeholder", "id": "stk-1",
                                                           "properties": {"stance": None}}))
    assert cleared.status_code == 200, cleared.json()
    person = client.get("/api/v1/stakeholders/stk-1").json()
    assert (person["stance"], person["name"], person["title"]) == (None, "Zhou Min", "CTO"), \
        "an explicit null clears; absent fields are left alone"
    required = client.post("/api/v1/import", content=_body({"label": "Stakeholder", "id": "stk-1",
                                                            "properties": {"name": None}}))
    assert required.status_code == 422 and required.json()["errors"][0]["field"] == "name"
    new = client.post("/api/v1/import", content=_body({"label": "Stakeholder", "id": "stk-2",
                                                       "properties": {"stance": "champion"}}))
    assert new.status_code == 422 and new.json()["errors"][0]["field"] == "name"
    assert client.get("/api/v1/stakeholders/stk-2").status_code == 404
    assert client.get("/api/v1/stakeholders/stk-1").json()["name"] == "Zhou Min"


def test_a_reimport_keeps_what_the_team_changed_and_lists_each_conflict(client, graph):
    first = client.post("/api/v1/import", content=_body(CUSTOMER, EMPLOYEE, _person(stance="neutral", influence=3),
                                                        _knows(0.4)))
    assert first.status_code == 200
    assert client.patch("/api/v1/stakeholders/stk-1", json={"influence": 5}).status_code == 200
    edited = client.patch("/api/v1/relationships/KNOWS",
                          json={"from": "emp-1", "to": "stk-1", "properties": {"strength": 0.9}})
    assert edited.status_code == 200, edited.json()
    again = client.post("/api/v1/import", content=_body(_person(title="Chief Technology Officer", influence=2,
                                                                stance="supporter"), _knows(0.4)))
    assert again.status_code == 200, again.json()
    conflicts = {(c["kind"], c["entity"], c["field"], c["stored"], c["imported"]) for c in again.json()["conflicts"]}
    assert conflicts == {("Stakeholder", "stk-1", "influence", 5, 2), ("KNOWS", "emp-1->stk-1", "strength", 0.9, 0.4)}
    person = client.get("/api/v1/stakeholders/stk-1").json()
    assert (person["title"], person["influence"], person["stance"]) == ("Chief Technology Officer", 5, "supporter")
    assert _count(graph, "MATCH ()-[k:KNOWS]->(:Stakeholder {id: 'stk-1'}) RETURN k.strength") == 0.9
    third = client.post("/api/v1/import", content=_body(_knows(0.3)))
    assert [(c["kind"], c["field"], c["stored"], c["imported"]) for c in third.json()["conflicts"]] == [
        ("KNOWS", "strength", 0.9, 0.3)]
    run = again.json()["runId"]
    entries = [e for e in client.get("/api/v1/audit", params={"entity": "stk-1"}).json()
               if e["action"] == "import update" and e["label"] == "Stakeholder"]
    assert len(entries) == 1 and entries[0]["after"]["stance"] == "supporter"
    assert entries[0]["after"]["influence"] == 5, "the team's influence was kept"
    assert _count(graph, "MATCH (a:AuditEntry {runId: $run, entityId: 'stk-1', label: 'Stakeholder'}) "
                         "RETURN count(a)", run=run) == 1
    stances = client.get("/api/v1/assessments", params={"stance": "supporter"}).json()["items"]
    assert [(a["stakeholderId"], a["note"]) for a in stances] == [("stk-1", "import")]


def test_a_dry_run_reports_and_writes_nothing(client, graph):
    client.post("/api/v1/import", content=_body(CUSTOMER, _person(stance="neutral")))
    size = _count(graph, "MATCH (n) RETURN count(n)")
    preview = client.post("/api/v1/import", params={"dryRun": "true"}, content=_body(
        _person(title="CEO"), {"label": "Customer", "id": "cus-2", "properties": {"name": "Beta"}}))
    assert preview.status_code == 200 and preview.json()["dryRun"] is True and preview.json()["committed"] is False
    assert sorted((w["entity"], w["action"], tuple(w["fields"])) for w in preview.json()["written"]) == [
        ("cus-2", "create", ("name", "tier")), ("stk-1", "update", ("title",))]
    assert _count(graph, "MATCH (n) RETURN count(n)") == size
    assert client.get("/api/v1/stakeholders/stk-1").json()["title"] == "CTO"
    assert client.get("/api/v1/customers/cus-2").status_code == 404
    refused = client.post("/api/v1/import", params={"dryRun": "true"}, content=_body(_person(influence=0)))
    assert refused.status_code == 422 and _count(graph, "MATCH (n) RETURN count(n)") == size


def test_an_import_run_is_undone_unless_something_changed_since(client, graph):
    client.post("/api/v1/import", content=_body(CUSTOMER, _person(stance="neutral")))
    before = client.get("/api/v1/stakeholders/stk-1").json()
    run = client.post("/api/v1/import", content=_body(
        _person(stance="champion", title="CEO"), {"label": "Customer", "id": "cus-2", "properties": {"name": "Beta"}},
        {"label": "Stakeholder", "id": "stk-2", "properties": {"name": "Lena", "customerId": "cus-2",
                                                              "influence": 4}})).json()["runId"]
    undone = client.post(f"/api/v1/import/{run}/undo")
    assert undone.status_code == 200, undone.json()
    assert set(undone.json()["deleted"]) >= {"Customer cus-2", "Stakeholder stk-2"}
    assert client.get("/api/v1/customers/cus-2").status_code == 404
    assert client.get("/api/v1/stakeholders/stk-2").status_code == 404
    assert _count(graph, "MATCH (a:Assessment) WHERE NOT (a)-[:OF]->() RETURN count(a)") == 0
    after = client.get("/api/v1/stakeholders/stk-1").json()
    assert (after["stance"], after["title"]) == (before["stance"], before["title"]) == ("neutral", "CTO")
    assert _count(graph, "MATCH (a:AuditEntry {runId: $run, action: 'import undo'}) RETURN count(a)", run=run) > 0
    assert client.post(f"/api/v1/import/{run}/undo").status_code == 409, "a run is undone once"

    later = client.post("/api/v1/import", content=_body(_person(title="CEO"))).json()["runId"]
    assert client.patch("/api/v1/stakeholders/stk-1", json={"notes": "met at MWC"}).status_code == 200
    refused = client.post(f"/api/v1/import/{later}/undo")
    assert refused.status_code == 409 and "Stakeholder stk-1" in refused.json()["detail"]
    assert client.get("/api/v1/stakeholders/stk-1").json()["title"] == "CEO", "a refused undo changes nothing"
    assert client.post("/api/v1/import/run-nothing/undo").status_code == 404


def test_the_command_line_refuses_previews_and_undoes(cli_env, graph, tmp_path):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(_body(CUSTOMER, _person()))
    bad.write_text(_body({"label": "Customer", "id": "cus-9", "properties": {"name": "Nine"}}, _person(influence=7)))
    runner = CliRunner()
    refused = runner.invoke(cli.app, ["import", str(bad)])
    assert refused.exit_code == 1 and "nothing written" in refused.output
    assert _count(graph, "MATCH (c:Customer) RETURN count(c)") == 0
    preview = runner.invoke(cli.app, ["import", str(good), "--dry-run"])
    assert preview.exit_code == 0 and "Customer: 1 created" in preview.output
    assert _count(graph, "MATCH (c:Customer) RETURN count(c)") == 0
    assert not list(tmp_path.glob("*.import-progress")), "no checkpoint beside the source"
    done = runner.invoke(cli.app, ["import", str(good)])
    assert done.exit_code == 0, done.output
    run = next(word for word in done.output.split() if word.startswith("run-")).rstrip(":")
    assert _count(graph, "MATCH (s:Stakeholder) RETURN count(s)") == 1
    undone = runner.invoke(cli.app, ["import", "--undo", run])
    assert undone.exit_code == 0, undone.output
    assert _count(graph, "MATCH (n) WHERE n:Customer OR n:Stakeholder RETURN count(n)") == 0
    missing = runner.invoke(cli.app, ["import", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 1 and "no such file" in missing.output and "Traceback" not in missing.output
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"label": "Customer", "id": "cus-3", "properties": {"name": "Soci\xe9t\xe9"}}\n')
    encoded = runner.invoke(cli.app, ["import", str(latin)])
    assert encoded.exit_code == 1 and "not UTF-8" in encoded.output


def _node(label, node_id, **props):
    return {"label": label, "id": node_id, "properties": props}


def _targets(graph, statement, **params):
    records, _, _ = graph.driver.execute_query(statement, params, database_=graph.database)
    return sorted(record[0] for record in records)


def test_import_rows_are_refused_for_contradictions_as_crud_writes_are(client, graph):
    base = _body(CUSTOMER, _node("OrgUnit", "org-1", name="Network", customerId="cus-1"), _person(customerId=None,
                 orgUnitId="org-1"), _node("Activity", "act-1", type="visit", plannedAt="2026-10-01"))
    assert client.post("/api/v1/import", content=base).status_code == 200
    size = _count(graph, "MATCH (n) RETURN count(n)")

    both = client.post("/api/v1/import", content=_body(_node("Stakeholder", "stk-1", customerId="cus-1")))
    assert both.status_code == 422, "judged merged with the stored orgUnitId, as a PATCH is"
    assert [(e["line"], e["field"]) for e in both.json()["errors"]] == [(1, "orgUnitId/customerId")]
    done = client.post("/api/v1/import", content=_body(_node("Activity", "act-1", status="done"),
                                                        _node("Activity", "act-2", type="visit",
                                                              plannedAt="2026-10-02", doneAt="2026-10-02")))
    assert done.status_code == 422
    assert [(e["line"], e["field"]) for e in done.json()["errors"]] == [(1, "status/doneAt"), (2, "status/doneAt")], \
        done.json()
    assert "doneAt" in done.json()["errors"][0]["problem"]
    assert _count(graph, "MATCH (n) RETURN count(n)") == size, "a refused load writes nothing"
    assert client.get("/api/v1/stakeholders/stk-1").json()["orgUnitId"] == "org-1"
    assert client.get("/api/v1/activities/act-1").json()["status"] == "planned"

    moved = client.post("/api/v1/import", content=_body(
        _node("Stakeholder", "stk-1", customerId="cus-1", orgUnitId=None),
        _node("Activity", "act-1", status="done", doneAt="2026-10-01T10:00:00Z")))
    assert moved.status_code == 200, moved.json()
    person = client.get("/api/v1/stakeholders/stk-1").json()
    assert (person["customerId"], person["orgUnitId"]) == ("cus-1", None)
    assert client.get("/api/v1/activities/act-1").json()["status"] == "done"


def test_a_reimport_moves_a_changed_link_and_replaces_a_list_as_crud_does(client, graph):
    teams = [_node("Team", team, name=team) for team in ("team-1", "team-2", "team-3")]
    first = client.post("/api/v1/import", content=_body(
        CUSTOMER, _node("Customer", "cus-2", name="Beta"), *teams,
        _node("OrgUnit", "org-1", name="Network", customerId="cus-1"),
        _node("OrgUnit", "org-2", name="IT", customerId="cus-1"), _person(customerId=None, orgUnitId="org-1"),
        {**EMPLOYEE, "properties": {**EMPLOYEE["properties"], "teamIds": ["team-1", "team-2"]}},
        _node("Employee", "emp-2", name="Omar", role="SR"),
        _node("Project", "prj-1", name="Core", customerId="cus-1", managerId="emp-1")))
    assert first.status_code == 200, first.json()

    again = client.post("/api/v1/import", content=_body(
        _node("Stakeholder", "stk-1", orgUnitId="org-2"), _node("Employee", "emp-1", teamIds=["team-3", "team-2"]),
        _node("Project", "prj-1", managerId="emp-2", customerId="cus-2")))
    assert again.status_code == 200, again.json()
    assert _targets(graph, "MATCH (:Stakeholder {id: 'stk-1'})-[:WORKS_IN]->(o) RETURN o.id") == ["org-2"]
    assert _targets(graph, "MATCH (:Employee {id: 'emp-1'})-[:MEMBER_OF]->(t) RETURN t.id") == ["team-2", "team-3"]
    assert _targets(graph, "MATCH (:Project {id: 'prj-1'})-[:MANAGED_BY]->(e) RETURN e.id") == ["emp-2"]
    assert _targets(graph, "MATCH (:Project {id: 'prj-1'})-[:AT]->(c) RETURN c.id") == ["cus-2"]
    assert client.get("/api/v1/projects/prj-1").json()["managerId"] == "emp-2"
    unlinked = [e for e in client.get("/api/v1/audit", params={"entity": "emp-1"}).json()
                if e["action"] == "import unlink"]
    assert sorted((e["label"], e["before"]["from"], e["before"]["to"]) for e in unlinked) == [
        ("MANAGED_BY", "prj-1", "emp-1"), ("MEMBER_OF", "emp-1", "team-1")], "each removed link is audited"

    kept = client.post("/api/v1/import", content=_body(_node("Employee", "emp-1", name="Ines R.")))
    assert kept.status_code == 200
    assert _targets(graph, "MATCH (:Employee {id: 'emp-1'})-[:MEMBER_OF]->(t) RETURN t.id") == ["team-2", "team-3"], \
        "a link field left out keeps the stored links"
    cleared = client.post("/api/v1/import", content=_body(_node("Employee", "emp-1", teamIds=None),
                                                           _node("Project", "prj-1", managerId=None)))
    assert cleared.status_code == 200, cleared.json()
    assert _count(graph, "MATCH (:Employee {id: 'emp-1'})-[r:MEMBER_OF]->() RETURN count(r)") == 0
    assert _count(graph, "MATCH (:Project {id: 'prj-1'})-[r:MANAGED_BY]->() RETURN count(r)") == 0

    ghost = client.post("/api/v1/import", content=_body(_node("Project", "prj-1", managerId="emp-9")))
    assert ghost.status_code == 422
    assert ghost.json()["errors"][0]["field"] == "managerId"
    assert "no Employee with id 'emp-9'" in ghost.json()["errors"][0]["problem"]


def test_relationship_rows_that_update_are_merge_patches(client, graph):
    tie = {"type": "KNOWS", "from": "emp-1", "to": "stk-1"}
    loaded = client.post("/api/v1/import", content=_body(CUSTOMER, EMPLOYEE, _person(), {**tie, "properties": {
        "strength": 0.6, "since": "2025-01-01", "lastContact": "2026-10-01"}}))
    assert loaded.status_code == 200, loaded.json()
    stored = "MATCH (:Employee {id: 'emp-1'})-[k:KNOWS]->(:Stakeholder {id: 'stk-1'}) RETURN k"

    patched = client.post("/api/v1/import", content=_body({**tie, "properties": {"lastContact": None}}))
    assert patched.status_code == 200, patched.json()
    knows = dict(_count(graph, stored))
    assert (knows["strength"], str(knows["since"]), "lastContact" in knows) == (0.6, "2025-01-01", False), \
        "an explicit null clears, absent properties are kept"

    required = client.post("/api/v1/import", content=_body({**tie, "properties": {"strength": None}}))
    assert required.status_code == 422
    assert required.json()["errors"][0]["field"] == "properties.strength"
    new = client.post("/api/v1/import", content=_body(
        _node("Employee", "emp-2", name="Omar", role="SR"),
        {"type": "KNOWS", "from": "emp-2", "to": "stk-1", "properties": {"since": "2025-01-01"}}))
    assert new.status_code == 422, "a row that creates a relationship gives its required properties"
    assert [(e["line"], e["field"]) for e in new.json()["errors"]] == [(2, "properties.strength")]
    assert _count(graph, "MATCH (e:Employee {id: 'emp-2'}) RETURN count(e)") == 0
    assert dict(_count(graph, stored))["strength"] == 0.6
