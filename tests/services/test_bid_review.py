"""Every bid review figure pinned on crafted graphs (answers worked out by hand), and the gate."""

from datetime import date

import pytest

from powermap.graph.loaders import load_graph_document
from powermap.services.bid_review import (
    coverage,
    gate,
    map_status,
    risks,
    support_index,
)
from powermap.services.power_map import Thresholds, project_power_map

REPORT = date(2026, 6, 30)


def _project(graph, members, relationships=None, required=(), extra=None):
    """One project, one chain; `members` are (id, role, stance, influence) tuples."""
    document = {
        "Customer": [{"id": "cus-1", "name": "Acme"}],
        "Project": [{"id": "prj-1", "name": "Core", "stage": "opportunity", "customerId": "cus-1"}],
        "DecisionChain": [{"id": "dc-1", "kind": "technical_selection", "requiredRoles": list(required),
                           "projectId": "prj-1"}],
        "Stakeholder": [{"id": sid, "name": sid.upper(), "influence": influence, "customerId": "cus-1",
                         **({"stance": stance} if stance else {})}
                        for sid, _, stance, influence in members],
        "Employee": [{"id": "emp-a", "name": "Ann", "role": "AR"},
                     {"id": "emp-b", "name": "Bob", "role": "SR"}],
        "relationships": {"IN_CHAIN": [[sid, "dc-1", {"role": role}] for sid, role, _, _ in members],
                          **(relationships or {})},
    }
    for key, rows in (extra or {}).items():
        document.setdefault(key, []).extend(rows)
    load_graph_document(graph, document)
    return project_power_map(graph, project_id="prj-1", report_date=REPORT, thresholds=Thresholds())


def _knows(*pairs, strength=0.8, last_contact="2026-06-01"):
    return [[emp, sid, {"strength": strength, "lastContact": last_contact}] for emp, sid in pairs]


def test_coverage_is_covered_key_members_over_key_members(graph):
    power_map = _project(graph, [("dm", "decision_maker", "supporter", 5), ("ap", "approver", "neutral", 4),
                                 ("ev", "evaluator", "neutral", 3)],
                         {"KNOWS": _knows(("emp-a", "dm"), ("emp-a", "ev"))})
    assert coverage(power_map) == 0.5, "the covered evaluator does not count"


def test_coverage_with_no_key_members_is_zero_and_red(graph):
    power_map = _project(graph, [("ev", "evaluator", "champion", 3)], {"KNOWS": _knows(("emp-a", "ev"))})
    assert coverage(power_map) == 0.0
    assert map_status(power_map, coverage_needed=0.6) == "red"


def test_support_index_by_hand(graph):
    # dm: 1.0 * 5 * +2 = 10 ; ev: 0.6 * 3 * -1 = -1.8 ; us: 0.3 * 2 * 0 = 0
    # max: 1.0*5*2 + 0.6*3*2 + 0.3*2*2 = 10 + 3.6 + 1.2 = 14.8
    power_map = _project(graph, [("dm", "decision_maker", "champion", 5), ("ev", "evaluator", "skeptic", 3),
                                 ("us", "user", "neutral", 2)])
    assert support_index(power_map) == pytest.approx((10 - 1.8) / 14.8)


def test_support_index_counts_unknown_stance_as_zero_but_keeps_its_weight(graph):
    # dm: 1.0*4*+1 = 4 ; ap (unknown): 0 ; max 1.0*4*2 + 0.8*5*2 = 8 + 8 = 16
    power_map = _project(graph, [("dm", "decision_maker", "supporter", 4), ("ap", "approver", None, 5)])
    assert support_index(power_map) == pytest.approx(4 / 16)


def test_support_index_takes_the_heaviest_role_of_a_person_in_two_chains(graph):
    power_map = _project(graph, [("p", "influencer", "opponent", 5)],
                         extra={"DecisionChain": [{"id": "dc-2", "kind": "commercial_approval",
                                                   "projectId": "prj-1"}]},
                         relationships={"IN_CHAIN": [["p", "dc-2", {"role": "approver"}]]})
    assert support_index(power_map) == pytest.approx(-1.0)


def test_support_index_of_an_empty_map_is_zero(graph):
    assert support_index(_project(graph, [])) == 0.0


def _kinds(power_map):
    return sorted((risk.kind, risk.stakeholder_id or risk.role) for risk in risks(power_map, thresholds=Thresholds()))


def test_uncovered_key_member_alone(graph):
    power_map = _project(graph, [("dm", "decision_maker", "neutral", 3)])
    assert _kinds(power_map) == [("uncovered_key_member", "dm")]


def test_empty_required_seat_alone(graph):
    power_map = _project(graph, [("ev", "evaluator", "neutral", 3)], required=["evaluator", "coach"])
    assert _kinds(power_map) == [("empty_required_seat", "coach")]


def test_unknown_stance_key_member_alone(graph):
    power_map = _project(graph, [("ap", "approver", None, 3)],
                         {"KNOWS": _knows(("emp-a", "ap"), ("emp-b", "ap"))})
    assert _kinds(power_map) == [("unknown_stance_key_member", "ap")]


@pytest.mark.parametrize(("influence", "stance", "risky"), [
    (4, "skeptic", True), (5, "opponent", True), (3, "opponent", False), (4, "neutral", False)])
def test_influential_hostile_member(graph, influence, stance, risky):
    power_map = _project(graph, [("ev", "evaluator", stance, influence)])
    assert _kinds(power_map) == ([("influential_hostile_member", "ev")] if risky else [])


def test_competitor_aligned_key_member_alone(graph):
    power_map = _project(graph, [("dm", "decision_maker", "neutral", 3)],
                         {"KNOWS": _knows(("emp-a", "dm"), ("emp-b", "dm")),
                          "ALIGNED_WITH": [["dm", "cmp-1", {"strength": 0.5}]]},
                         extra={"Competitor": [{"id": "cmp-1", "name": "Nordwave"}]})
    assert _kinds(power_map) == [("competitor_aligned_key_member", "dm")]


def test_single_threaded_key_member_alone(graph):
    power_map = _project(graph, [("dm", "decision_maker", "neutral", 3)], {"KNOWS": _knows(("emp-a", "dm"))})
    assert _kinds(power_map) == [("single_threaded_key_member", "dm")]


def test_stale_key_member_alone(graph):
    power_map = _project(graph, [("dm", "decision_maker", "neutral", 3)],
                         {"KNOWS": _knows(("emp-a", "dm"), ("emp-b", "dm"), last_contact="2026-01-01")})
    assert _kinds(power_map) == [("stale_key_member", "dm")]


@pytest.mark.parametrize(("members", "covered", "status"), [
    ([("dm", "decision_maker", "neutral"), ("ap", "approver", "neutral")], ("dm", "ap"), "red"),
    ([("dm", "decision_maker", "neutral"), ("ap", "approver", "supporter")], ("dm", "ap"), "amber"),
    ([("dm", "decision_maker", "champion"), ("ap", "approver", "skeptic")], ("dm", "ap"), "green"),
    # coverage 0.5 < 0.6: amber although every decision maker supports us
    ([("dm", "decision_maker", "supporter"), ("ap", "approver", "neutral")], ("dm",), "amber"),
    # no decision maker at all: not green
    ([("ap", "approver", "supporter")], ("ap",), "amber"),
])
def test_map_status_boundaries(graph, members, covered, status):
    power_map = _project(graph, [(sid, role, stance, 3) for sid, role, stance in members],
                         {"KNOWS": _knows(*(("emp-a", sid) for sid in covered))})
    assert map_status(power_map, coverage_needed=0.6) == status


def test_coverage_exactly_at_the_gate_passes(graph):
    members = [(f"k{i}", "approver", "neutral", 3) for i in range(4)]
    members.append(("dm", "decision_maker", "neutral", 3))
    power_map = _project(graph, members, {"KNOWS": _knows(("emp-a", "k0"), ("emp-a", "k1"), ("emp-a", "dm"))})
    assert coverage(power_map) == 0.6
    assert gate(power_map, coverage_needed=0.6).passes is True


def test_gate_names_each_failing_condition(graph):
    power_map = _project(graph, [("ap", "approver", None, 3), ("ev", "evaluator", "neutral", 3)])
    assert gate(power_map, coverage_needed=0.6).failing == [
        "no decision chain has a decision maker",
        "key members with unknown stance: AP",
        "key-member coverage 0.00 is below 0.6",
    ]
