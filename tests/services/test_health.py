"""Relationship health at a past report date judges every level on that date's map (issue 18)."""

from datetime import date

import pytest

from powermap.graph.loaders import load_graph_document
from powermap.services.health import relationship_health
from powermap.services.power_map import Thresholds

# Dee, the decision maker of an open project, was a skeptic in 2025 and is a champion today; Ann's
# tie to her begins in 2026, so in 2025 she was uncovered.
STORY = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "OrgUnit": [{"id": "org-1", "name": "Network", "customerId": "cus-1"}],
    "Stakeholder": [{"id": "dee", "name": "Dee", "level": "c_level", "stance": "champion", "influence": 5,
                     "orgUnitId": "org-1"}],
    "Employee": [{"id": "emp-a", "name": "Ann", "role": "AR"}],
    "Project": [{"id": "prj-1", "name": "Core", "stage": "bid", "customerId": "cus-1",
                 "stageHistory": [{"stage": "lead", "at": "2024-01-01T00:00:00Z"},
                                  {"stage": "bid", "at": "2026-02-01T00:00:00Z"}]}],
    "DecisionChain": [{"id": "dc-1", "kind": "technical_selection", "projectId": "prj-1"}],
    "Assessment": [
        {"id": "as-1", "at": "2025-01-10T00:00:00Z", "stance": "skeptic", "influence": 5, "stakeholderId": "dee"},
        {"id": "as-2", "at": "2026-01-10T00:00:00Z", "stance": "champion", "influence": 5,
         "stakeholderId": "dee"},
    ],
    "relationships": {
        "IN_CHAIN": [["dee", "dc-1", {"role": "decision_maker"}]],
        "KNOWS": [["emp-a", "dee", {"strength": 0.8, "since": "2026-01-05"}]],
    },
}


def _parts(health, level, previous=False):
    found = next(item for item in health.levels if item.level == level)
    return {part.name: part.value for part in (found.previous_parts if previous else found.parts)}


def test_a_past_report_date_judges_key_person_and_broad_on_that_dates_map(graph):
    load_graph_document(graph, STORY)
    health = relationship_health(graph, customer_id="cus-1", report_date=date(2025, 6, 30),
                                 thresholds=Thresholds())
    assert _parts(health, "key_person") == {"keyMemberCoverage": 0.0, "averageKeyMemberStance": -1.0}, \
        "a skeptic and uncovered on 2025-06-30, not today's covered champion"
    assert _parts(health, "broad") == {"orgUnitsCovered": 0.0, "levelsCovered": 0.0}
    assert _parts(health, "key_person", previous=True) == {"keyMemberCoverage": 0.0,
                                                           "averageKeyMemberStance": 0.0}, \
        "a year earlier her stance was not known yet"


def test_a_report_date_still_running_is_judged_on_todays_map(graph):
    load_graph_document(graph, STORY)
    health = relationship_health(graph, customer_id="cus-1", report_date=date(2999, 1, 1),
                                 thresholds=Thresholds())
    assert _parts(health, "key_person") == {"keyMemberCoverage": 1.0, "averageKeyMemberStance": 2.0}
    assert _parts(health, "broad") == pytest.approx({"orgUnitsCovered": 1.0, "levelsCovered": 1.0})
