"""Alerts at their boundaries (powermap/services/signals.py): each kind fires, and does not one day
past its edge. Report date 2026-11-01, so W = [2026-10-02, 2026-11-01] and "silent" looks back to
2026-09-17."""

from datetime import UTC, date, datetime

import pytest

from powermap.errors import NotFound
from powermap.graph.loaders import load_graph_document
from powermap.services import signals
from powermap.settings import Settings

D = date(2026, 11, 1)
SETTINGS = Settings(environment="test")
STORY = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Employee": [{"id": "emp-wang", "name": "Wang", "role": "AR"}, {"id": "emp-anna", "name": "Anna", "role": "SR"}],
    "Stakeholder": [
        {"id": "zhou", "name": "Zhou", "customerId": "cus-1"},
        {"id": "li", "name": "Li", "customerId": "cus-1"},
        {"id": "qian", "name": "Qian", "customerId": "cus-1"},
        {"id": "sun", "name": "Sun", "customerId": "cus-1"},
        {"id": "gone", "name": "Gone", "customerId": "cus-1"},
        {"id": "old-boss", "name": "Old Boss", "customerId": "cus-1"},
        {"id": "new-boss", "name": "New Boss", "customerId": "cus-1"}],
    "Project": [{"id": "prj-core", "name": "Core", "stage": "bid", "customerId": "cus-1",
                 "stageHistory": [{"stage": "lead", "at": "2026-01-01T00:00:00Z"},
                                  {"stage": "bid", "at": "2026-06-01T00:00:00Z"}]},
                {"id": "prj-far", "name": "Far", "stage": "bid", "customerId": "cus-1",
                 "stageHistory": [{"stage": "lead", "at": "2026-01-01T00:00:00Z"},
                                  {"stage": "bid", "at": "2026-06-01T00:00:00Z"}]}],
    "DecisionChain": [
        {"id": "dc-core", "kind": "technical_selection", "projectId": "prj-core",
         "requiredRoles": ["decision_maker", "approver", "evaluator"]},
        {"id": "dc-far", "kind": "commercial_approval", "projectId": "prj-far", "requiredRoles": ["evaluator"]}],
    "Assessment": [
        {"id": "as-z1", "at": "2026-09-01T00:00:00Z", "stance": "supporter", "stakeholderId": "zhou"},
        {"id": "as-z2", "at": "2026-10-02T00:00:00Z", "stance": "neutral", "stakeholderId": "zhou"},
        {"id": "as-l1", "at": "2026-09-15T00:00:00Z", "stance": "neutral", "stakeholderId": "li"},
        {"id": "as-l2", "at": "2026-10-01T00:00:00Z", "stance": "skeptic", "stakeholderId": "li"},
        {"id": "as-q1", "at": "2026-10-05T00:00:00Z", "stance": "supporter", "stakeholderId": "qian"},
        {"id": "as-s1", "at": "2026-03-01T00:00:00Z", "stance": "champion", "stakeholderId": "sun"},
        {"id": "as-g1", "at": "2026-03-01T00:00:00Z", "stance": "champion", "stakeholderId": "gone"}],
    "relationships": {
        "IN_CHAIN": [["zhou", "dc-core", {"role": "decision_maker"}], ["li", "dc-core", {"role": "approver"}],
                     ["qian", "dc-core", {"role": "approver"}], ["sun", "dc-core", {"role": "approver"}],
                     ["gone", "dc-far", {"role": "decision_maker"}]],
        "KNOWS": [["emp-wang", "zhou", {"strength": 0.8, "since": "2026-01-01", "lastContact": "2026-09-16"}],
                  ["emp-anna", "qian", {"strength": 0.9, "since": "2026-01-01", "lastContact": "2026-09-17"}]],
        "REPORTS_TO": [["zhou", "old-boss", {}], ["zhou", "new-boss", {}], ["li", "old-boss", {}]],
    },
}
# Properties the node and relationship models of this branch do not carry yet (DOMAIN.md's second
# round: leftAt, closeDate, REPORTS_TO since/until); the alerts read them where the graph has them.
EXTRA = """
MATCH (core:Project {id: 'prj-core'}), (far:Project {id: 'prj-far'})
SET core.closeDate = date('2026-12-01'), far.closeDate = date('2026-12-02')
WITH 1 AS one
MATCH (sun:Stakeholder {id: 'sun'}), (gone:Stakeholder {id: 'gone'})
SET sun.leftAt = date('2026-10-02'), gone.leftAt = date('2026-10-01')
WITH 1 AS one
MATCH (:Stakeholder {id: 'zhou'})-[old:REPORTS_TO]->(:Stakeholder {id: 'old-boss'}),
      (:Stakeholder {id: 'zhou'})-[new:REPORTS_TO]->(:Stakeholder {id: 'new-boss'}),
      (:Stakeholder {id: 'li'})-[li:REPORTS_TO]->(:Stakeholder {id: 'old-boss'})
SET old.until = date('2026-10-15'), new.since = date('2026-10-15'), li.since = date('2026-10-01')
"""


def _meeting(graph, interaction_id: str, at: datetime, *people: str) -> None:
    """Two small meetings' worth of captured history, written as capture writes it."""
    graph.driver.execute_query(
        "CREATE (i:Interaction {id: $id, kind: 'meeting', source: 'calendar', at: $at, startedAt: $at, "
        "participantCount: 2, direction: 'meeting', privacy: 'metadata'}) "
        "WITH i UNWIND $people AS pid MATCH (p {id: pid}) WHERE p:Employee OR p:Stakeholder "
        "CREATE (i)-[:INVOLVES]->(p)", id=interaction_id, at=at, people=list(people), database_=graph.database)


@pytest.fixture
def story(graph):
    load_graph_document(graph, STORY)
    graph.driver.execute_query(EXTRA, database_=graph.database)
    # Li: two meetings with Wang on 2026-09-01. Raw 2 * 2^(-31/90) = 1.574 on 2026-10-02 (strength
    # 0.545, covered); 2 * 2^(-61/90) = 1.250 on 2026-11-01 (0.465, no longer covered).
    at = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
    _meeting(graph, "int-li-1", at, "emp-wang", "li")
    _meeting(graph, "int-li-2", at, "emp-wang", "li")
    return graph


def _alerts(graph, report_date=D, scope="project", scope_id="prj-core"):
    found = signals.alerts(graph, scope=scope, scope_id=scope_id, report_date=report_date, settings=SETTINGS)
    return [(a.kind, a.stakeholder_id or a.project_id) for a in found.alerts], found


def test_each_alert_kind_fires_and_stops_at_its_edge(story):
    kinds, found = _alerts(story)
    assert found.window_start == date(2026, 10, 2)
    assert kinds == [
        # Core closes 30 days after D with its evaluator seat empty and Li uncovered (Far closes 31 after).
        ("bid_gap_near_close", "prj-core"),
        # Sun, a champion, left on the first day of W; Gone left the day before it.
        ("champion_left", "sun"),
        # Li was covered on 2026-10-02 and is not on 2026-11-01.
        ("tie_weakening", "li"),
        # Zhou's last contact is 46 days before D; Qian's 45 (not silent).
        ("silent", "zhou"),
        # Zhou went supporter -> neutral on the first day of W; Li's drop was the day before it.
        ("stance_down", "zhou"),
        # Zhou's boss changed on 2026-10-15; Li's line began the day before W and stands.
        ("new_boss", "zhou"),
    ]
    gap = found.alerts[0]
    assert gap.details == {"emptySeats": ["evaluator"], "uncoveredKeyMembers": ["li"]}
    assert gap.at == date(2026, 12, 1)
    weakening = found.alerts[2]
    assert weakening.details["strengthsThen"]["emp-wang"] == pytest.approx(1 - 2.718281828 ** (-1.574 / 2), abs=1e-3)
    boss = found.alerts[5]
    assert (boss.details["bossesBefore"], boss.details["bossesNow"]) == (["old-boss"], ["new-boss"])
    assert found.alerts[3].people == ["emp-wang", "zhou"]


def test_a_day_later_the_edges_have_passed(story):
    kinds, _ = _alerts(story, report_date=date(2026, 11, 2))
    # Sun left and Zhou's stance dropped on 2026-10-02, now outside W; Qian is silent now (46 days);
    # Core closes 29 days on, still with its gap.
    assert ("champion_left", "sun") not in kinds
    assert ("stance_down", "zhou") not in kinds
    assert ("silent", "qian") in kinds
    assert ("bid_gap_near_close", "prj-core") in kinds


def test_a_recent_interaction_silences_nothing_and_covers(story):
    _meeting(story, "int-zhou", datetime(2026, 10, 20, tzinfo=UTC), "emp-anna", "zhou")
    kinds, _ = _alerts(story)
    assert ("silent", "zhou") not in kinds


def test_a_customer_scope_sees_every_project_and_an_unknown_scope_is_404(story):
    kinds, _ = _alerts(story, scope="customer", scope_id="cus-1")
    assert ("champion_left", "sun") in kinds and ("bid_gap_near_close", "prj-core") in kinds
    with pytest.raises(NotFound):
        _alerts(story, scope_id="prj-none")
