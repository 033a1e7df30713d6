"""The path search (powermap/services/influence_paths.py, `best_paths`) on an in-memory neighbourhood.

Target Tina (CTO). Influence: Ann -> Tina 0.9 (Ann supporter), Bob -> Tina 0.8 (Bob opponent),
Cid -> Ann 0.5. Ours: Wang knows Tina 0.3 and Ann 0.6; Li knows Bob 0.9 and Cid 0.9. Scores by hand:

| path | edges | score |
|---|---|---|
| Li, Bob, Tina | 2 | 0.9 x 0.8 = 0.72 (through an opponent) |
| Wang, Ann, Tina | 2 | 0.6 x 0.9 = 0.54 |
| Li, Cid, Ann, Tina | 3 | 0.9 x 0.5 x 0.9 = 0.405 |
| Wang, Tina | 1 | 0.3 |
"""

import pytest

from powermap.models.influence import Neighbourhood
from powermap.services.influence_paths import best_paths


def _edge(source: str, name: str, stance: str | None, strength: float) -> dict:
    return {"source": source, "name": name, "stance": stance, "strength": strength}


def _neighbourhood(*extra_known: dict) -> Neighbourhood:
    return Neighbourhood.model_validate({
        "target": {"id": "stk-t", "name": "Tina", "title": "CTO", "stance": "neutral"},
        "sources": ["emp-wang", "emp-li"],
        "edges": [{**_edge("stk-a", "Ann", "supporter", 0.9), "target": "stk-t"},
                  {**_edge("stk-b", "Bob", "opponent", 0.8), "target": "stk-t"},
                  {**_edge("stk-c", "Cid", "neutral", 0.5), "target": "stk-a"}],
        "known": [{"stakeholder": "stk-t", "employee": "emp-wang", "name": "Wang", "role": "AR", "strength": 0.3},
                  {"stakeholder": "stk-a", "employee": "emp-wang", "name": "Wang", "role": "AR", "strength": 0.6},
                  {"stakeholder": "stk-b", "employee": "emp-li", "name": "Li", "role": "SR", "strength": 0.9},
                  {"stakeholder": "stk-c", "employee": "emp-li", "name": "Li", "role": "SR", "strength": 0.9},
                  *extra_known],
    })


def _found(answer) -> list[tuple[list[str], float]]:  # type: ignore[no-untyped-def]
    return [([person.name for person in path.people], path.score) for path in answer.paths]


def test_best_k_avoiding_opponents():
    answer = best_paths(_neighbourhood(), k=3, max_hops=4, avoid_opponents=True)
    assert _found(answer) == [(["Wang", "Ann", "Tina"], 0.54), (["Li", "Cid", "Ann", "Tina"], 0.405),
                              (["Wang", "Tina"], 0.3)]
    assert answer.paths[0].sentence == "Wang (AR) knows Ann (0.6); Ann sways CTO Tina (0.9)"
    assert [edge.type for edge in answer.paths[1].edges] == ["KNOWS", "INFLUENCES", "INFLUENCES"]
    assert not answer.truncated


def test_through_an_opponent_when_allowed():
    answer = best_paths(_neighbourhood(), k=2, max_hops=4, avoid_opponents=False)
    assert _found(answer) == [(["Li", "Bob", "Tina"], 0.72), (["Wang", "Ann", "Tina"], 0.54)]


def test_max_hops_cuts_longer_paths():
    answer = best_paths(_neighbourhood(), k=3, max_hops=2, avoid_opponents=True)
    assert _found(answer) == [(["Wang", "Ann", "Tina"], 0.54), (["Wang", "Tina"], 0.3)]


def test_an_equal_score_goes_to_fewer_edges():
    direct = {"stakeholder": "stk-t", "employee": "emp-li", "name": "Li", "role": "SR", "strength": 0.54}
    answer = best_paths(_neighbourhood(direct), k=2, max_hops=4, avoid_opponents=True)
    assert _found(answer) == [(["Li", "Tina"], 0.54), (["Wang", "Ann", "Tina"], pytest.approx(0.54))]
