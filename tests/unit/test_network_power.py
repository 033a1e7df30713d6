"""Network power without Neo4j: the definitions pinned on crafted graphs, answers worked out by hand."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from powermap.models.network_power import CustomerNetwork, NetworkScopeRead
from powermap.services.bid_review import network_risks
from powermap.services.network_power import (
    NetworkRules,
    analyse,
    broker_scores,
    camp_groups,
    judge,
    power_edges,
    sway_within,
    tie_graph,
)
from powermap.vocab import DecisionRole
from tests import network_world as world

RULES = NetworkRules()
NOW = datetime(2026, 6, 30, tzinfo=UTC)
CHAIN = {"ceo": [DecisionRole.DECISION_MAKER], "vp": [DecisionRole.APPROVER], "cto": [DecisionRole.EVALUATOR]}


def _network(people, influences=(), reports=(), conflicts=()):
    """`people` are (id, stated influence) pairs; ties are (source, target[, strength]) tuples."""
    return CustomerNetwork.model_validate({
        "customer": {"id": "c", "name": "C"},
        "people": [{"id": pid, "name": pid.upper(), "influence": influence} for pid, influence in people],
        "ties": [{"type": "INFLUENCES", "source": a, "target": b, "strength": s} for a, b, s in influences]
        + [{"type": "REPORTS_TO", "source": a, "target": b} for a, b in reports]
        + [{"type": "CONFLICTS_WITH", "source": a, "target": b} for a, b in conflicts],
        "alignments": [],
    })


def _answer(network, roles=None, listed=None):
    analysis = analyse(network, rules=RULES, computed_at=NOW)
    scope = NetworkScopeRead(kind="customer", id="c", name="C", customer_id="c")
    return judge(analysis, scope=scope, roles=roles or {}, listed=listed, rules=RULES)


def _plain_page_rank(network, damping=0.85):
    """PageRank by the definition, written out: an independent check of the service's."""
    edges = power_edges(network, RULES)
    people = sorted(p.id for p in network.people)
    out = {p: sum(w for (source, _), w in edges.items() if source == p) for p in people}
    rank = dict.fromkeys(people, 1 / len(people))
    while True:
        dangling = sum(rank[p] for p in people if out[p] == 0)
        new = dict.fromkeys(people, (1 - damping) / len(people) + damping * dangling / len(people))
        for (source, target), weight in edges.items():
            new[target] += damping * rank[source] * weight / out[source]
        if sum(abs(new[p] - rank[p]) for p in people) < 1e-12:
            return new
        rank = new


def test_the_deputy_is_the_hidden_influencer_and_the_vp_the_paper_tiger():
    answer = _answer(world.network(), roles=CHAIN)
    assert [p.stakeholder_id for p in answer.hidden_influencers] == ["dep"]
    assert [p.stakeholder_id for p in answer.paper_tigers] == ["vp"]
    people = {p.stakeholder_id: p for p in answer.people}
    assert people["dep"].network_power == 1.0, "the most consulted person is the top of the customer"
    assert people["ceo"].network_power >= 0.5 and not people["ceo"].hidden_influencer, "in the chain with influence 5"
    assert people["vp"].network_power < 0.2 and people["vp"].formal_power == 1.0
    assert people["dep"].power_gap == pytest.approx(1.0 - 0.25), "network 1.0 against formal (2-1)/4"
    assert (people["dep"].in_reach, people["dep"].out_reach) == (1, 6), "swayed by the CEO; sways 5, and B3 via BR"


def test_page_rank_is_the_definition_written_out():
    network = world.network()
    plain = _plain_page_rank(network)
    top = max(plain.values())
    for score in analyse(network, rules=RULES, computed_at=NOW).scores:
        assert score.page_rank == pytest.approx(plain[score.stakeholder_id], abs=1e-9)
        assert score.network_power == pytest.approx(plain[score.stakeholder_id] / top, abs=1e-8)


def test_the_broker_between_the_camps_has_the_highest_broker_score_by_hand():
    # n = 10, pairs (9 x 8) / 2 = 36. BR is the only way between the CEO's five other people and the
    # CTO's four: 20 pairs. B3 stands between BR's side (6) and CTO, B1, B2 (3): 18 pairs.
    answer = _answer(world.network(), roles=CHAIN)
    brokers = {p.stakeholder_id: p.broker_score for p in answer.people}
    assert brokers["br"] == pytest.approx(20 / 36)
    assert brokers["b3"] == pytest.approx(18 / 36)
    assert answer.top_broker is not None and answer.top_broker.stakeholder_id == "br"


def test_two_camps_their_stance_their_lean_and_their_bridges():
    camps = _answer(world.network(), roles=CHAIN).camps
    assert [camp.members for camp in camps] == [world.CAMP_OF_CEO, world.CAMP_OF_CTO]
    ceo_camp, cto_camp = camps
    assert ceo_camp.leader_id == "dep" and cto_camp.leader_id == "cto"
    assert ceo_camp.average_stance == pytest.approx((0 + 1 - 1 + 0 - 2 + 0) / 6)
    assert (cto_camp.average_stance, cto_camp.known_stances) == (pytest.approx(4 / 3), 3), "Berg's stance is unknown"
    assert ceo_camp.leans_to is not None and (ceo_camp.leans_to.name, ceo_camp.leans_to.aligned_members) == (
        "Nordwave", 2)
    assert cto_camp.leans_to is None and cto_camp.leanings == [], "Bauer's 0.3 is no alignment"
    assert [(b.stakeholder_id, b.to_camps, b.tied_to) for b in ceo_camp.bridges] == [("br", [2], ["b3"])]
    assert [(b.stakeholder_id, b.tied_to) for b in cto_camp.bridges] == [("b3", ["br"])]


def test_the_decision_maker_sits_in_the_camp_that_leans_to_a_competitor():
    answer = _answer(world.network(), roles=CHAIN)
    [decider] = answer.decision_makers
    assert (decider.stakeholder_id, decider.camp) == ("ceo", 1)
    assert decider.camp_leans_to is not None and decider.camp_leans_to.name == "Nordwave"
    assert [bridge.stakeholder_id for bridge in decider.bridges] == ["br"]


def test_the_two_network_risks():
    found = network_risks(_answer(world.network(), roles=CHAIN), outsiders=[])
    assert [(risk.kind, risk.stakeholder_id) for risk in found] == [
        ("uncovered_hidden_influencer", "dep"), ("decision_maker_camp_leans_to_competitor", "ceo")]
    assert "Nordwave" in found[1].reason and "Brandt (broker)" in found[1].reason


def test_a_project_lists_its_chain_and_whoever_sways_it_within_two_steps():
    network = world.network()
    assert sway_within(network, ["cto"], 2) == set(), "no one sways the CTO"
    assert sway_within(network, ["vp"], 2) == {"dep", "ceo"}, "the deputy sways the VP, the CEO the deputy"
    assert sway_within(network, ["a2"], 2) == {"dep", "a1", "br", "ceo"}, "A1, BR, DEP directly; the CEO via A1"


def test_a_star_hub_with_low_stated_influence_is_the_top_hidden_influencer():
    spokes = [f"s{i}" for i in range(5)]
    network = _network([("hub", 1), *((s, 4) for s in spokes)], influences=[("hub", s, 0.7) for s in spokes])
    answer = _answer(network)
    assert answer.people[0].stakeholder_id == "hub" and answer.people[0].network_power == 1.0
    assert [p.stakeholder_id for p in answer.hidden_influencers] == ["hub"]
    assert sorted(p.stakeholder_id for p in answer.paper_tigers) == spokes, "influence 4, swayed, consulted by none"


def test_a_bridge_between_two_cliques_has_the_highest_betweenness_by_hand():
    left, right = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]
    clique = [(x, y, 0.5) for side in (left, right) for i, x in enumerate(side) for y in side[i + 1:]]
    network = _network([(p, 3) for p in [*left, *right, "x"]], influences=[*clique, ("x", "a1", 0.5), ("x", "b1", 0.5)])
    brokers = {p.stakeholder_id: p.broker_score for p in _answer(network).people}
    # n = 9, 28 pairs. X joins 4 x 4 = 16 pairs; A1 joins A2-A4 to X and B1-B4: 3 x 5 = 15.
    assert brokers["x"] == pytest.approx(16 / 28)
    assert brokers["a1"] == pytest.approx(15 / 28)
    assert max(brokers, key=brokers.__getitem__) == "x"


def test_above_the_sample_size_the_broker_score_is_estimated_from_a_seeded_sample():
    left, right = [f"a{i:02}" for i in range(20)], [f"b{i:02}" for i in range(20)]
    clique = [(x, y, 0.5) for side in (left, right) for i, x in enumerate(side) for y in side[i + 1:]]
    network = _network([(p, 3) for p in [*left, *right, "x"]],
                       influences=[*clique, *(("x", p, 0.5) for p in [*left, *right])])
    ties = tie_graph(network)
    exact = broker_scores(ties, replace(RULES, broker_samples=0))
    # n = 41, 780 pairs; X joins the 20 x 20 pairs across, everyone else joins none.
    assert exact["x"] == pytest.approx(400 / 780) and max(v for p, v in exact.items() if p != "x") == 0
    assert broker_scores(ties, replace(RULES, broker_samples=41)) == exact, "no more people than samples: exact"
    sampled = replace(RULES, broker_samples=8)
    estimate = broker_scores(ties, sampled)
    assert estimate == broker_scores(ties, sampled), "seeded: the same graph, the same scores"
    assert estimate["x"] == pytest.approx(exact["x"], rel=0.15)
    assert max(v for p, v in estimate.items() if p != "x") == 0


def test_a_conflict_splits_a_camp_the_way_its_ties_lean():
    left, right = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    inside = [(x, y, 0.9) for side in (left, right) for i, x in enumerate(side) for y in side[i + 1:]]
    across = [(x, y, 0.7) for x in left for y in right]
    people = [(p, 3) for p in [*left, *right]]
    assert camp_groups(_network(people, [*inside, *across]), RULES) == [{*left, *right}], "one camp without a rivalry"
    split = camp_groups(_network(people, [*inside, *across], conflicts=[("b1", "a1")]), RULES)
    assert sorted(map(sorted, split)) == [left, right], "each goes with the rival it is drawn to; none cut off alone"


def test_rivals_in_a_chain_of_ties_never_share_a_camp_and_a_lone_person_has_none():
    network = _network([("a", 3), ("b", 3), ("c", 3), ("d", 3)], influences=[("a", "b", 0.5), ("b", "c", 0.5)],
                       conflicts=[("a", "c")])
    answer = _answer(network)
    camp = {p.stakeholder_id: p.camp for p in answer.people}
    assert camp["a"] != camp["c"] and camp["d"] is None


def test_without_ties_no_one_is_a_hidden_influencer():
    answer = _answer(_network([("a", 1), ("b", 2)]))
    assert [p.network_power for p in answer.people] == [1.0, 1.0], "equal PageRank, so both are the top"
    assert answer.hidden_influencers == [] and answer.camps == []


def test_camps_are_deterministic():
    first = analyse(world.network(), rules=RULES, computed_at=NOW)
    again = analyse(world.network(), rules=RULES, computed_at=NOW)
    assert first == again
