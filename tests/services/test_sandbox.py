"""Opportunity ranking and selection, pinned by hand; selection is recorded idempotently."""

import pytest

from powermap.graph.loaders import load_graph_document
from powermap.models.sandbox import OpportunityFactors, SelectionRequest, Weights
from powermap.models.security import SYSTEM
from powermap.services.sandbox import plan_overview, rank, select, select_for_plan


def _opp(oid, market, growth, profit, intensity, cost=1.0):
    return OpportunityFactors(id=oid, name=oid, horizon="short", status="open", marketSpace=market, growthRate=growth,
                              profitMargin=profit, competitiveIntensity=intensity, resourceCost=cost)


def test_ranking_by_hand():
    # a: market 1, growth 0, profit 1, intensity inverted 1  -> .40 + 0 + .25 + .15 = .80
    # b: market 0, growth 1, profit 0, intensity inverted 0  -> .20
    # c: market .5, growth .5, profit .5, intensity inv .5   -> .50
    ranked = rank([_opp("a", 100, 0.0, 0.3, 1), _opp("b", 0, 0.2, 0.1, 5), _opp("c", 50, 0.1, 0.2, 3)], Weights())
    assert [(r.id, round(r.score, 6)) for r in ranked] == [("a", 0.8), ("c", 0.5), ("b", 0.2)]
    assert ranked[0].normalised == {"marketSpace": 1.0, "growth": 0.0, "profit": 1.0, "intensity": 1.0}


def test_equal_factors_normalise_to_half_and_ties_break_by_cost_then_id():
    ranked = rank([_opp("z", 10, 0.1, 0.2, 3, cost=2), _opp("y", 10, 0.1, 0.2, 3, cost=1),
                   _opp("x", 10, 0.1, 0.2, 3, cost=2)], Weights())
    assert [r.id for r in ranked] == ["y", "x", "z"]
    assert {round(r.score, 9) for r in ranked} == {0.5}


def test_weights_must_sum_to_one():
    with pytest.raises(ValueError, match="sum to 1"):
        Weights(marketSpace=0.5, growth=0.5, profit=0.25, intensity=0.15)
    assert Weights(marketSpace=1, growth=0, profit=0, intensity=0)


def test_selection_at_exactly_the_budget_and_reasons():
    ranked = rank([_opp("a", 100, 0.2, 0.3, 1, cost=5), _opp("b", 60, 0.1, 0.2, 3, cost=4),
                   _opp("c", 10, 0.0, 0.1, 5, cost=1)], Weights())
    decisions, used = select(ranked, budget=6)
    assert [(d.opportunity_id, d.decision) for d in decisions] == [("a", "TARGETS"), ("b", "DECLINES"),
                                                                  ("c", "TARGETS")]
    assert used == 6, "c fits exactly into what is left"
    assert decisions[1].reason == "over budget: needs 4, 1 left"
    cut, _ = select(ranked, budget=100, min_score=0.5)
    assert [d.decision for d in cut] == ["TARGETS", "TARGETS", "DECLINES"]
    assert cut[2].reason.startswith("below the cut")


SANDBOX = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Plan": [{"id": "plan-26", "year": 2026, "orderTarget": 100, "budget": 6, "customerId": "cus-1"}],
    "Opportunity": [
        {**_opp("opp-a", 100, 0.2, 0.3, 1, cost=5).model_dump(), "customerId": "cus-1"},
        {**_opp("opp-b", 60, 0.1, 0.2, 3, cost=4).model_dump(), "customerId": "cus-1"},
        {**_opp("opp-c", 10, 0.0, 0.1, 5, cost=1).model_dump(), "customerId": "cus-1"},
        {**_opp("opp-old", 10, 0.0, 0.1, 5, cost=1).model_dump(), "status": "closed", "customerId": "cus-1"},
    ],
    "Project": [{"id": "prj-1", "name": "A", "customerId": "cus-1"}],
    "Contract": [{"id": "ctr-1", "value": 40, "signedAt": "2026-03-01T00:00:00Z", "projectId": "prj-1"},
                 {"id": "ctr-0", "value": 99, "signedAt": "2025-12-31T23:59:59Z", "projectId": "prj-1"}],
}


def _decisions(graph):
    records, _, _ = graph.driver.execute_query(
        "MATCH (:Plan {id: 'plan-26'})-[d:TARGETS|DECLINES]->(o) "
        "RETURN o.id AS id, type(d) AS type, properties(d) AS props ORDER BY id", database_=graph.database)
    return [(r["id"], r["type"], r["props"]) for r in records]


def test_selection_is_recorded_and_rerunning_changes_nothing(graph):
    load_graph_document(graph, SANDBOX)
    selection = select_for_plan(graph, principal=SYSTEM, customer_id="cus-1", year=2026, request=SelectionRequest())
    assert [d.opportunity_id for d in selection.targets] == ["opp-a", "opp-c"]
    first = _decisions(graph)
    assert [(i, t) for i, t, _ in first] == [("opp-a", "TARGETS"), ("opp-b", "DECLINES"), ("opp-c", "TARGETS")]
    select_for_plan(graph, principal=SYSTEM, customer_id="cus-1", year=2026, request=SelectionRequest())
    assert _decisions(graph) == first
    bigger = select_for_plan(graph, principal=SYSTEM, customer_id="cus-1", year=2026,
                             request=SelectionRequest(budget=10))
    assert [d.opportunity_id for d in bigger.targets] == ["opp-a", "opp-b", "opp-c"]
    assert [(i, t) for i, t, _ in _decisions(graph)] == [("opp-a", "TARGETS"), ("opp-b", "TARGETS"),
                                                         ("opp-c", "TARGETS")]


def test_plan_overview_progress_counts_only_the_plan_year(graph):
    load_graph_document(graph, SANDBOX)
    select_for_plan(graph, principal=SYSTEM, customer_id="cus-1", year=2026, request=SelectionRequest())
    overview = plan_overview(graph, plan_id="plan-26")
    assert (overview.order_intake, overview.contracts, overview.progress) == (40, 1, 0.4)
    assert [d.opportunity_id for d in overview.declines] == ["opp-b"]
