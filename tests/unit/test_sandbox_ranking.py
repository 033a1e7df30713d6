"""Opportunity ranking and selection (powermap/services/sandbox.py) on in-memory rows, worked by hand.

Three opportunities, default weights 0.40 / 0.20 / 0.25 / 0.15:

| | market | growth | profit | intensity | normalised (m, g, p, inverted i) | score |
|---|---|---|---|---|---|---|
| opp-a | 100 | 0.1 | 0.2 | 5 | 0, 0, 0.5, 0 | 0.125 |
| opp-b | 300 | 0.3 | 0.1 | 1 | 1, 1, 0, 1 | 0.75 |
| opp-c | 200 | 0.2 | 0.3 | 3 | 0.5, 0.5, 1, 0.5 | 0.625 |
"""

import pytest

from powermap.models.sandbox import OpportunityFactors, Weights
from powermap.services.sandbox import rank, select


def _opportunity(id_: str, market: float, growth: float, profit: float, intensity: int,
                 cost: float) -> OpportunityFactors:
    return OpportunityFactors(id=id_, name=id_.upper(), horizon="short", status="open", marketSpace=market,
                              growthRate=growth, profitMargin=profit, competitiveIntensity=intensity, resourceCost=cost)


OPPORTUNITIES = [_opportunity("opp-a", 100, 0.1, 0.2, 5, 3), _opportunity("opp-b", 300, 0.3, 0.1, 1, 2),
                 _opportunity("opp-c", 200, 0.2, 0.3, 3, 4)]


def test_rank_normalises_inverts_intensity_and_weights():
    ranked = rank(OPPORTUNITIES, Weights())
    assert [(o.rank, o.id, o.score) for o in ranked] == [(1, "opp-b", 0.75), (2, "opp-c", 0.625),
                                                          (3, "opp-a", 0.125)]
    assert ranked[1].normalised == pytest.approx({"marketSpace": 0.5, "growth": 0.5, "profit": 1.0, "intensity": 0.5})


def test_equal_factors_normalise_to_a_half_and_ties_go_to_the_cheaper():
    twins = [_opportunity("opp-x", 100, 0.1, 0.2, 3, 5), _opportunity("opp-y", 100, 0.1, 0.2, 3, 1)]
    ranked = rank(twins, Weights())
    assert [(o.id, o.score) for o in ranked] == [("opp-y", 0.5), ("opp-x", 0.5)]


def test_other_weights_change_the_order():
    profit_only = Weights(marketSpace=0, growth=0, profit=1, intensity=0)
    assert [o.id for o in rank(OPPORTUNITIES, profit_only)] == ["opp-c", "opp-a", "opp-b"]


def test_select_walks_the_ranking_and_takes_what_still_fits():
    decisions, used = select(rank(OPPORTUNITIES, Weights()), budget=6)
    assert [(d.opportunity_id, d.decision, d.reason) for d in decisions] == [
        ("opp-b", "TARGETS", None), ("opp-c", "TARGETS", None),
        ("opp-a", "DECLINES", "over budget: needs 3, 0 left")]
    assert used == 6


def test_a_smaller_one_further_down_still_fits():
    decisions, used = select(rank(OPPORTUNITIES, Weights()), budget=5)
    assert [(d.opportunity_id, d.decision) for d in decisions] == [
        ("opp-b", "TARGETS"), ("opp-c", "DECLINES"), ("opp-a", "TARGETS")]
    assert decisions[1].reason == "over budget: needs 4, 3 left"
    assert used == 5


def test_below_the_cut_is_declined_whatever_the_budget():
    decisions, used = select(rank(OPPORTUNITIES, Weights()), budget=100, min_score=0.7)
    assert [(d.opportunity_id, d.decision) for d in decisions] == [
        ("opp-b", "TARGETS"), ("opp-c", "DECLINES"), ("opp-a", "DECLINES")]
    assert decisions[2].reason == "below the cut: score 0.12 < 0.7"
    assert used == pytest.approx(2)
