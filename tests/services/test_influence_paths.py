"""Influence paths pinned on crafted graphs, and checked against brute force on a random one."""

import itertools
import random

import pytest

from powermap.errors import InvalidValue, NotFound
from powermap.graph.loaders import load_graph_document
from powermap.services.influence_paths import influence_paths


def _people(graph, stakeholders, relationships, employees=("emp-a", "emp-b"), extra=None):
    document = {
        "Customer": [{"id": "cus-1", "name": "Acme"}],
        "Team": [{"id": "team-1", "name": "Acme team", "customerIds": ["cus-1"]}],
        "Employee": [{"id": e, "name": e.split("-")[1].title(), "role": "AR", "teamIds": ["team-1"]}
                     for e in employees],
        "Stakeholder": [{"customerId": "cus-1", "name": s["id"].upper(), **s} for s in stakeholders],
        "relationships": relationships,
    }
    for key, rows in (extra or {}).items():
        document.setdefault(key, []).extend(rows)
    load_graph_document(graph, document)


def _ids(found):
    return [[person.id for person in path.people] for path in found.paths]


def test_tie_in_score_puts_fewer_edges_first(graph):
    _people(graph, [{"id": "t"}, {"id": "m"}], {
        "KNOWS": [["emp-a", "t", {"strength": 0.5}], ["emp-b", "m", {"strength": 1.0}]],
        "INFLUENCES": [["m", "t", {"strength": 0.5}]]})
    found = influence_paths(graph, target_id="t")
    assert [(p.score, p.hops) for p in found.paths] == [(0.5, 1), (0.5, 2)]
    assert _ids(found) == [["emp-a", "t"], ["emp-b", "m", "t"]]


def test_score_is_the_product_and_order_is_by_score(graph):
    _people(graph, [{"id": "t"}, {"id": "m1"}, {"id": "m2"}], {
        "KNOWS": [["emp-a", "m1", {"strength": 0.9}], ["emp-a", "m2", {"strength": 0.6}],
                  ["emp-b", "t", {"strength": 0.2}]],
        "INFLUENCES": [["m1", "t", {"strength": 0.5}], ["m2", "t", {"strength": 0.9}],
                       ["m1", "m2", {"strength": 0.8}]]})
    found = influence_paths(graph, target_id="t", k=10)
    assert [(round(p.score, 6), p.hops) for p in found.paths] == [
        (0.648, 3), (0.54, 2), (0.45, 2), (0.2, 1)]
    assert found.paths[0].sentence == "A (AR) knows M1 (0.9); M1 sways M2 (0.8); M2 sways T (0.9)"


def test_cycles_do_not_loop_or_repeat_people(graph):
    _people(graph, [{"id": "t"}, {"id": "a"}, {"id": "b"}], {
        "KNOWS": [["emp-a", "a", {"strength": 1.0}]],
        "INFLUENCES": [["a", "b", {"strength": 1.0}], ["b", "a", {"strength": 1.0}],
                       ["b", "t", {"strength": 0.5}], ["t", "a", {"strength": 1.0}]]})
    found = influence_paths(graph, target_id="t", k=20, max_hops=6)
    assert _ids(found) == [["emp-a", "a", "b", "t"]]


@pytest.mark.parametrize("stance", ["skeptic", "opponent"])
def test_hostile_intermediate_is_avoided_by_default(graph, stance):
    _people(graph, [{"id": "t"}, {"id": "bad", "stance": stance}, {"id": "ok", "stance": "neutral"}], {
        "KNOWS": [["emp-a", "bad", {"strength": 1.0}], ["emp-b", "ok", {"strength": 0.5}]],
        "INFLUENCES": [["bad", "t", {"strength": 1.0}], ["ok", "t", {"strength": 0.5}]]})
    assert _ids(influence_paths(graph, target_id="t")) == [["emp-b", "ok", "t"]]
    assert _ids(influence_paths(graph, target_id="t", avoid_opponents=False)) == [
        ["emp-a", "bad", "t"], ["emp-b", "ok", "t"]]


def test_target_reachable_only_through_an_opponent(graph):
    _people(graph, [{"id": "t"}, {"id": "foe", "stance": "opponent"}], {
        "KNOWS": [["emp-a", "foe", {"strength": 0.9}]],
        "INFLUENCES": [["foe", "t", {"strength": 0.9}]]})
    assert influence_paths(graph, target_id="t").paths == []
    assert _ids(influence_paths(graph, target_id="t", avoid_opponents=False)) == [["emp-a", "foe", "t"]]


def test_hostile_target_is_still_reachable(graph):
    _people(graph, [{"id": "t", "stance": "opponent"}, {"id": "m", "stance": "supporter"}], {
        "KNOWS": [["emp-a", "m", {"strength": 0.9}]], "INFLUENCES": [["m", "t", {"strength": 0.9}]]})
    assert _ids(influence_paths(graph, target_id="t")) == [["emp-a", "m", "t"]]


def test_no_path_is_an_empty_answer(graph):
    _people(graph, [{"id": "t"}, {"id": "m"}], {"KNOWS": [["emp-a", "m", {"strength": 0.9}]]})
    found = influence_paths(graph, target_id="t")
    assert found.paths == [] and found.truncated is False


def test_hop_limit_counts_every_edge(graph):
    chain = ["s1", "s2", "s3", "s4", "t"]
    _people(graph, [{"id": s} for s in chain], {
        "KNOWS": [["emp-a", "s1", {"strength": 1.0}]],
        "INFLUENCES": [[a, b, {"strength": 1.0}] for a, b in itertools.pairwise(chain)]})
    assert influence_paths(graph, target_id="t", max_hops=4).paths == []
    assert [p.hops for p in influence_paths(graph, target_id="t", max_hops=5).paths] == [5]


def test_sources_default_to_teams_covering_the_target(graph):
    _people(graph, [{"id": "t"}], {
        "KNOWS": [["emp-a", "t", {"strength": 0.5}], ["emp-out", "t", {"strength": 0.9}]]},
        extra={"Employee": [{"id": "emp-out", "name": "Outsider", "role": "SR"}]})
    assert _ids(influence_paths(graph, target_id="t")) == [["emp-a", "t"]]
    assert _ids(influence_paths(graph, target_id="t", employee_ids=["emp-out"])) == [["emp-out", "t"]]


def test_project_team_is_manager_plus_covering_teams(graph):
    _people(graph, [{"id": "t"}], {
        "KNOWS": [["emp-pm", "t", {"strength": 0.9}], ["emp-a", "t", {"strength": 0.5}]]},
        extra={"Employee": [{"id": "emp-pm", "name": "Pm", "role": "executive"}],
               "Project": [{"id": "prj-1", "name": "P", "customerId": "cus-1", "managerId": "emp-pm"}]})
    assert _ids(influence_paths(graph, target_id="t", project_id="prj-1")) == [["emp-pm", "t"],
                                                                               ["emp-a", "t"]]


def test_unknown_ids_and_bad_bounds(graph):
    _people(graph, [{"id": "t"}], {})
    with pytest.raises(NotFound) as raised:
        influence_paths(graph, target_id="nobody")
    assert raised.value.field == "target"
    with pytest.raises(NotFound) as raised:
        influence_paths(graph, target_id="t", employee_ids=["emp-a", "emp-ghost"])
    assert raised.value.field == "from" and "emp-ghost" in raised.value.problem
    with pytest.raises(NotFound):
        influence_paths(graph, target_id="t", project_id="prj-ghost")
    with pytest.raises(InvalidValue):
        influence_paths(graph, target_id="t", max_hops=7)
    with pytest.raises(InvalidValue):
        influence_paths(graph, target_id="t", k=21)


def _brute_force(knows, influences, stances, target, k, max_hops, avoid):
    """Every simple path by exhaustive search, ranked by the definition."""
    out_edges = {}
    for (a, b), strength in influences.items():
        out_edges.setdefault(a, []).append((b, strength))
    found = []

    def walk(employee, path, score):
        head = path[-1]
        edges = len(path)  # one KNOWS edge plus len(path) - 1 INFLUENCES edges
        if head == target:
            found.append((-round(score, 12), edges, employee, tuple(path)))
            return
        if edges >= max_hops:
            return
        for nxt, strength in out_edges.get(head, []):
            if nxt in path:
                continue
            if avoid and nxt != target and stances.get(nxt) in ("skeptic", "opponent"):
                continue
            walk(employee, [*path, nxt], score * strength)

    for (employee, first), strength in knows.items():
        if avoid and first != target and stances.get(first) in ("skeptic", "opponent"):
            continue
        walk(employee, [first], strength)
    return sorted(found)[:k]


def test_matches_brute_force_on_a_dense_random_graph(graph):
    rng = random.Random(7)
    people = [f"s{i:02d}" for i in range(25)]
    stances = {p: rng.choice(["supporter", "neutral", "skeptic", "opponent", None]) for p in people}
    influences = {}
    while len(influences) < 90:
        a, b = rng.sample(people, 2)
        influences[(a, b)] = rng.choice([0.3, 0.5, 0.6, 0.8, 0.9, 1.0])
    knows = {(e, p): rng.choice([0.4, 0.5, 0.7, 0.9]) for e in ("emp-a", "emp-b")
             for p in rng.sample(people, 5)}
    _people(graph, [{"id": p, **({"stance": s} if s else {})} for p, s in stances.items()], {
        "KNOWS": [[e, p, {"strength": s}] for (e, p), s in knows.items()],
        "INFLUENCES": [[a, b, {"strength": s}] for (a, b), s in influences.items()]})
    for target in ("s00", "s07", "s13"):
        for avoid in (True, False):
            expected = _brute_force(knows, influences, stances, target, 8, 4, avoid)
            found = influence_paths(graph, target_id=target, k=8, max_hops=4, avoid_opponents=avoid)
            assert [(round(p.score, 9), p.hops) for p in found.paths] == [
                (round(-score, 9), hops) for score, hops, _, _ in expected], (target, avoid)
