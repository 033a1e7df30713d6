"""The history model (README, "History rules"): the same person and the same project read at
three dates, KNOWS strength as of a date, and the start-up migration of data without history."""

import time
from datetime import UTC, datetime

from powermap.graph.repositories.activities import scope_results
from powermap.graph.schema import apply_migrations
from powermap.services.scorecards import stage_at
from tests.factories import put, relate

ACTOR = {"X-Powermap-Actor": "emp-1"}


def _instant() -> datetime:
    """Now, with a little time either side, so no write shares the instant."""
    time.sleep(0.05)
    moment = datetime.now(UTC)
    time.sleep(0.05)
    return moment


def _person(client, scope: str, as_of: datetime) -> dict:
    body = client.get(f"/api/v1/{scope}/power-map", params={"asOf": as_of.isoformat()})
    assert body.status_code == 200, body.text
    return next(p for p in body.json()["stakeholders"] if p["id"] == "stk-1")


def _knows(client, method: str, **properties) -> None:
    response = client.request(method, "/api/v1/relationships/KNOWS",
                              **({"params": {"from": "emp-1", "to": "stk-1"}} if method == "DELETE" else
                                 {"json": {"from": "emp-1", "to": "stk-1", "properties": properties}}))
    assert response.status_code in (200, 204), response.text


def test_the_same_person_and_project_at_three_dates(client):
    put(client, "customers", "cus-1")
    put(client, "employees", "emp-1")
    before_all = _instant()
    created = client.put("/api/v1/stakeholders/stk-1", headers=ACTOR,
                         json={"name": "Dee", "stance": "neutral", "influence": 3, "customerId": "cus-1"})
    assert created.status_code == 201
    put(client, "projects", "prj-1", customerId="cus-1", stage="lead")
    put(client, "decision-chains", "dc-1", projectId="prj-1")
    relate(client, "IN_CHAIN", "stk-1", "dc-1", role="decision_maker")
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.6)
    first = _instant()
    assert client.patch("/api/v1/stakeholders/stk-1", json={"stance": "supporter"}).status_code == 200
    _knows(client, "PATCH", strength=0.3)
    assert client.patch("/api/v1/projects/prj-1", json={"stage": "opportunity"}).status_code == 200
    second = _instant()
    assert client.patch("/api/v1/stakeholders/stk-1", json={"stance": "champion", "influence": 5}).status_code == 200
    _knows(client, "DELETE")
    assert client.patch("/api/v1/projects/prj-1", json={"stage": "lost"}).status_code == 200
    third = _instant()

    seen = [_person(client, "customers/cus-1", moment) for moment in (before_all, first, second, third)]
    assert [(p["stance"], p["influence"]) for p in seen] == [
        (None, 5), ("neutral", 3), ("supporter", 3), ("champion", 5)], \
        "before the first judgement: stance unknown, influence today's (no assessment gave one)"
    assert [[c["strength"] for c in p["coveredBy"]] for p in seen] == [[], [0.6], [0.3], []], \
        "the tie's strength then; none before it began or after it was removed"
    assert [p["covered"] for p in seen] == [False, True, False, False]
    assert [[r["role"] for r in p["roles"]] for p in seen] == [[], ["decision_maker"], ["decision_maker"], []], \
        "a customer map holds roles only in projects open then: not yet created, lead, opportunity, lost"
    in_project = [_person(client, "projects/prj-1", moment) for moment in (first, second, third)]
    assert [[c["strength"] for c in p["coveredBy"]] for p in in_project] == [[0.6], [0.3], []]

    (project,) = scope_results(client.app.state.graph, scope_kind="project", scope_id="prj-1").projects
    assert [stage_at(project, moment) for moment in (before_all, first, second, third)] == [
        None, "lead", "opportunity", "lost"], "scorecards read openness by the same rule"

    assessments = client.get("/api/v1/assessments").json()["items"]
    first_judgement = next(a for a in assessments if a["previousStance"] is None)
    assert (first_judgement["stance"], first_judgement["influence"], first_judgement["byId"]) == (
        "neutral", 3, "emp-1")
    assert first_judgement["at"] == created.json()["createdAt"], "dated when the person was created"
    assert len(assessments) == 3


def test_a_tie_stated_as_known_since_an_earlier_day_counts_from_that_day(client):
    put(client, "customers", "cus-1")
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1", customerId="cus-1")
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.7, since="2024-03-01")
    strengths = [[c["strength"] for c in _person(client, "customers/cus-1", moment)["coveredBy"]]
                 for moment in (datetime(2024, 2, 29, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC))]
    assert strengths == [[], [0.7]]


def test_deleting_a_person_removes_their_history_and_needs_no_cascade(client):
    put(client, "customers", "cus-1")
    put(client, "employees", "emp-1")
    put(client, "stakeholders", "stk-1", customerId="cus-1")
    relate(client, "KNOWS", "emp-1", "stk-1", strength=0.7)
    _knows(client, "DELETE")
    assert client.delete("/api/v1/stakeholders/stk-1").status_code == 200
    records, _, _ = client.app.state.graph.driver.execute_query(
        "MATCH (n) WHERE n:Assessment OR n:TieChange RETURN count(n) AS left")
    assert records[0]["left"] == 0
    assert client.get("/api/v1/employees/emp-1").status_code == 200


def test_migration_gives_data_without_history_its_first_judgement_and_stage_once(graph):
    # Data written before first judgements and stages were recorded (today every way in records
    # them), so it is written here as it was stored then.
    graph.driver.execute_query("""
        CREATE (c:Customer {id: 'cus-1', name: 'Acme', createdAt: datetime(), updatedAt: datetime()})
        CREATE (bulk:Stakeholder {id: 'stk-bulk', name: 'Bulk', stance: 'skeptic', influence: 4,
                                  createdAt: datetime(), updatedAt: datetime()})-[:WORKS_IN]->(c)
        CREATE (seeded:Stakeholder {id: 'stk-seeded', name: 'Seeded', stance: 'champion', influence: 3,
                                    createdAt: datetime(), updatedAt: datetime()})-[:WORKS_IN]->(c)
        CREATE (changed:Stakeholder {id: 'stk-changed', name: 'Changed', stance: 'supporter', influence: 3,
                                     createdAt: datetime(), updatedAt: datetime()})-[:WORKS_IN]->(c)
        CREATE (:Assessment {id: 'as-old', at: datetime('2025-01-01T00:00:00Z'), stance: 'supporter'})-[:OF]->(seeded)
        CREATE (:Project {id: 'prj-bulk', name: 'Bulk', stage: 'bid', value: 0,
                          createdAt: datetime(), updatedAt: datetime()})-[:AT]->(c)
        CREATE (seededProject:Project {id: 'prj-seeded', name: 'Seeded', stage: 'bid', value: 0,
                                       createdAt: datetime(), updatedAt: datetime()})-[:AT]->(c)
        CREATE (seededProject)-[:MOVED_TO]->(:StageChange {id: 'stg-old', stage: 'bid',
                                                           at: datetime('2025-01-01T00:00:00Z')})
        """, database_=graph.database)
    # A person changed through the API before first judgements were recorded: the change keeps
    # the values it replaced.
    graph.driver.execute_query(
        "MATCH (s:Stakeholder {id: 'stk-changed'}) CREATE (:Assessment {id: 'as-change', "
        "at: s.createdAt + duration('PT1H'), stance: 'supporter', influence: 3, previousStance: 'neutral', "
        "previousInfluence: 3})-[:OF]->(s)", database_=graph.database)
    assert apply_migrations(graph.driver, graph.database) == {
        "migration/first_assessments": 2, "migration/first_stage_changes": 1}
    assert apply_migrations(graph.driver, graph.database) == {
        "migration/first_assessments": 0, "migration/first_stage_changes": 0}, "idempotent"
    records, _, _ = graph.driver.execute_query(
        "MATCH (a:Assessment)-[:OF]->(s:Stakeholder) WHERE a.at = s.createdAt "
        "RETURN s.id AS id, a.stance AS stance, a.influence AS influence ORDER BY id", database_=graph.database)
    assert [tuple(r.values()) for r in records] == [("stk-bulk", "skeptic", 4), ("stk-changed", "neutral", 3)]
    records, _, _ = graph.driver.execute_query(
        "MATCH (p:Project)-[:MOVED_TO]->(c:StageChange) RETURN p.id AS id, c.stage AS stage, "
        "c.at = p.createdAt AS atCreation ORDER BY id", database_=graph.database)
    assert [tuple(r.values()) for r in records] == [("prj-bulk", "bid", True), ("prj-seeded", "bid", False)]
