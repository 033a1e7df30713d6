"""Scorecard figures pinned on crafted data, including period boundaries and an empty period."""

from datetime import UTC, datetime

import pytest

from powermap.graph.loaders import load_graph_document
from powermap.services.power_map import Thresholds
from powermap.services.scorecards import scorecard, year_period

START, END = year_period(2025)

STORY = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Team": [{"id": "team-1", "name": "Acme team", "customerIds": ["cus-1"]}],
    "Employee": [{"id": "emp-1", "name": "Ann", "role": "AR", "teamIds": ["team-1"]},
                 {"id": "emp-2", "name": "Bob", "role": "SR"}],
    "Competitor": [{"id": "cmp-1", "name": "Nordwave"}],
    "Stakeholder": [{"id": "dm", "name": "Dee", "stance": "supporter", "customerId": "cus-1"},
                    {"id": "ap", "name": "App", "stance": "skeptic", "customerId": "cus-1"}],
    "Plan": [{"id": "plan-25", "year": 2025, "orderTarget": 200, "budget": 5, "customerId": "cus-1"}],
    "Project": [
        {"id": "prj-won", "name": "Won", "stage": "delivery", "customerId": "cus-1", "managerId": "emp-1",
         "stageHistory": [{"stage": "bid", "at": "2025-02-01T00:00:00Z"},
                          {"stage": "contract", "at": "2025-06-01T00:00:00Z"},
                          {"stage": "delivery", "at": "2025-07-01T00:00:00Z"}]},
        {"id": "prj-lost", "name": "Lost", "stage": "lost", "customerId": "cus-1",
         "stageHistory": [{"stage": "bid", "at": "2025-03-01T00:00:00Z"},
                          {"stage": "lost", "at": "2025-09-01T00:00:00Z"}]},
        {"id": "prj-open", "name": "Open", "stage": "bid", "customerId": "cus-1",
         "stageHistory": [{"stage": "bid", "at": "2025-04-01T00:00:00Z"}]},
    ],
    "DecisionChain": [{"id": "dc-open", "kind": "commercial_approval", "projectId": "prj-open"}],
    "Contract": [{"id": "ctr-1", "value": 150, "signedAt": "2025-06-01T00:00:00Z", "projectId": "prj-won"}],
    "Activity": [
        # at the first instant of the period, done on its day, rated 4
        {"id": "a-first", "type": "visit", "plannedAt": "2025-01-01T00:00:00Z", "doneAt": "2025-01-01T10:00:00Z",
         "status": "done", "rating": 4, "ownerId": "emp-1", "projectId": "prj-open", "stakeholderIds": ["dm"]},
        # at the last instant, still planned
        {"id": "a-last", "type": "visit", "plannedAt": "2025-12-31T23:59:59.999Z", "status": "planned",
         "ownerId": "emp-1", "projectId": "prj-open"},
        # done a day late, rated 2
        {"id": "a-late", "type": "workshop", "plannedAt": "2025-05-05T09:00:00Z", "doneAt": "2025-05-06T09:00:00Z",
         "status": "done", "rating": 2, "ownerId": "emp-1", "projectId": "prj-open"},
        # in the previous year: counts there only
        {"id": "a-before", "type": "visit", "plannedAt": "2024-12-31T23:59:59Z", "doneAt": "2024-12-31T23:59:59Z",
         "status": "done", "ownerId": "emp-1", "projectId": "prj-open"},
        # someone else's: not the team's
        {"id": "a-other", "type": "visit", "plannedAt": "2025-03-03T00:00:00Z", "status": "planned",
         "ownerId": "emp-2"},
    ],
    "Assessment": [{"id": "as-1", "at": "2025-03-01T00:00:00Z", "stance": "neutral", "stakeholderId": "ap"},
                   {"id": "as-2", "at": "2025-08-01T00:00:00Z", "stance": "skeptic", "stakeholderId": "ap"},
                   {"id": "as-3", "at": "2025-02-01T00:00:00Z", "stance": "supporter", "stakeholderId": "dm"}],
    "relationships": {
        "IN_CHAIN": [["dm", "dc-open", {"role": "decision_maker"}], ["ap", "dc-open", {"role": "approver"}]],
        "KNOWS": [["emp-1", "dm", {"strength": 0.8, "since": "2020-01-01"}]],
        "ALIGNED_WITH": [["ap", "cmp-1", {"strength": 0.6}]],
    },
}


def _figures(card):
    return {f.name: (f.value, f.previous) for f in card.figures}


def test_team_scorecard_by_hand(graph):
    load_graph_document(graph, STORY)
    card = scorecard(graph, scope="team", scope_id="team-1", start=START, end=END, thresholds=Thresholds())
    figures = _figures(card)
    assert figures["planned"] == (3, 1), "first and last instant are in; the earlier one counts the year before"
    assert figures["done"] == (2, 1)
    assert figures["doneOnTime"] == (1, 1)
    assert figures["averageRating"] == (3.0, None)
    assert figures["orderIntake"] == (150, 0)
    assert figures["winRate"] == (0.5, None)
    assert figures["targetAttainment"][0] == pytest.approx(0.75), "150 of the year's 200"
    assert figures["targetAttainment"][1] is None
    assert figures["keyMemberCoverage"] == (0.5, None), "before 2025 no project was open: no key members"
    assert figures["averageKeyMemberStance"][0] == 0.0  # supporter +1, skeptic -1 as of the year end
    assert figures["stanceChangesDown"] == (1, 0)
    assert card.competitor.strongest_competitor == "Nordwave"
    assert (card.competitor.aligned_share, card.competitor.supporting_share) == (0.5, 0.5)
    assert card.previous_end == START


def test_project_and_employee_scopes(graph):
    load_graph_document(graph, STORY)
    project = _figures(scorecard(graph, scope="project", scope_id="prj-open", start=START, end=END,
                                 thresholds=Thresholds()))
    assert project["planned"][0] == 3 and project["targetAttainment"] == (None, None)
    employee = _figures(scorecard(graph, scope="employee", scope_id="emp-2", start=START, end=END,
                                  thresholds=Thresholds()))
    assert employee["planned"] == (1, 0) and employee["orderIntake"] == (0, 0)


def test_a_period_with_no_data(graph):
    load_graph_document(graph, STORY)
    start, end = datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 2, 1, tzinfo=UTC)
    figures = _figures(scorecard(graph, scope="customer", scope_id="cus-1", start=start, end=end,
                                 thresholds=Thresholds()))
    assert figures["planned"] == (0, 0) and figures["averageRating"] == (None, None)
    assert figures["winRate"] == (None, None) and figures["targetAttainment"] == (None, None)


def test_customer_scorecard_has_the_figures_of_its_projects_and_team(graph):
    """A customer with contracts and key members in the period: its result, relationship and
    competitor figures are those of the team that covers only it (and of its won project)."""
    load_graph_document(graph, STORY)
    customer = scorecard(graph, scope="customer", scope_id="cus-1", start=START, end=END, thresholds=Thresholds())
    team = scorecard(graph, scope="team", scope_id="team-1", start=START, end=END, thresholds=Thresholds())
    project = _figures(scorecard(graph, scope="project", scope_id="prj-won", start=START, end=END,
                                 thresholds=Thresholds()))
    figures, team_figures = _figures(customer), _figures(team)
    assert figures["orderIntake"] == (150, 0) == project["orderIntake"]
    assert figures["winRate"] == (0.5, None)
    assert figures["targetAttainment"][0] == pytest.approx(0.75)
    assert figures["keyMemberCoverage"] == (0.5, None)
    for name in ("orderIntake", "winRate", "targetAttainment", "keyMemberCoverage", "averageKeyMemberStance",
                 "stanceChangesUp", "stanceChangesDown"):
        assert figures[name] == team_figures[name], name
    assert customer.competitor == team.competitor
    assert customer.competitor.strongest_competitor == "Nordwave"
