"""Influence paths (../shared/DOMAIN.md, "Influence path"), searched best-first.

A path is one KNOWS edge from a source employee followed by INFLUENCES edges to the target, at
most `max_hops` edges; its score is the product of the strengths. The answer is the best k by
score, then by fewer edges; with `avoid_opponents`, no person between the employee and the target
may be a skeptic or an opponent.

How the search is bounded: it runs backward from the target over the neighbourhood read by
`graph.repositories.influence` (people within max_hops - 1 influence steps, each read once), as a
best-first enumeration of simple paths ordered by (score desc, edges asc). Strengths are in (0, 1],
so extending a partial path never raises its score: the first k complete paths popped are the
best k, and the search stops there. Paths never revisit a person, so cycles cannot loop, and a
hard cap on expansions (`MAX_EXPANSIONS`) ends pathological cases with `truncated: true`.
"""

import heapq
import itertools
from collections import defaultdict
from datetime import UTC, date, datetime

from powermap.errors import InvalidValue
from powermap.graph.driver import Graph
from powermap.graph.repositories import influence as influence_reads
from powermap.models.influence import (
    InfluencedPerson,
    InfluenceEdge,
    InfluencePath,
    InfluencePaths,
    KnownBy,
    Neighbourhood,
    PathEdge,
    PathPerson,
)
from powermap.services import signals
from powermap.services.tie_strength import StrengthParameters
from powermap.vocab import HOSTILE, Stance

MAX_EXPANSIONS = 200_000
MAX_K = 20
MAX_HOPS = 6
SCORE_DIGITS = 12  # products of decimal strengths are compared after rounding, so 0.8 x 0.5 ties 0.4


def _person(row: InfluencedPerson | InfluenceEdge, person_id: str) -> PathPerson:
    return PathPerson.model_validate({"id": person_id, "kind": "Stakeholder", "name": row.name, "title": row.title,
                                      "stance": row.stance})


def _fmt(strength: float) -> str:
    return f"{strength:g}"


def _sentence(people: list[PathPerson], edges: list[PathEdge]) -> str:
    employee, first = people[0], people[1]
    target_id = people[-1].id

    def named(person: PathPerson) -> str:
        return f"{person.title} {person.name}" if person.id == target_id and person.title else person.name

    parts = [f"{employee.name} ({employee.role}) knows {named(first)} ({_fmt(edges[0].strength)})"]
    for edge, (before, after) in zip(edges[1:], itertools.pairwise(people[1:]), strict=True):
        parts.append(f"{before.name} sways {named(after)} ({_fmt(edge.strength)})")
    return "; ".join(parts)


def best_paths(neighbourhood: Neighbourhood, *, k: int, max_hops: int,
               avoid_opponents: bool) -> InfluencePaths:
    """The best k influence paths from the sources to the target."""
    target = neighbourhood.target
    people = {target.id: _person(target, target.id)}
    influencers: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for edge in neighbourhood.edges:
        people.setdefault(edge.source, _person(edge, edge.source))
        influencers[edge.target].append((edge.source, edge.strength))
    knowers: dict[str, list[KnownBy]] = defaultdict(list)
    employees: dict[str, PathPerson] = {}
    for known in neighbourhood.known:
        knowers[known.stakeholder].append(known)
        employees[known.employee] = PathPerson(id=known.employee, kind="Employee", name=known.name, role=known.role)

    def hostile(person_id: str) -> bool:
        stance = people[person_id].stance
        return avoid_opponents and stance is not None and Stance(stance) in HOSTILE

    # A state is (-score, edges, ids from the head to the target, strengths along them, employee).
    heap: list[tuple[float, int, tuple[str, ...], tuple[float, ...], str]] = [
        (-1.0, 0, (target.id,), (), "")
    ]
    found: list[InfluencePath] = []
    expansions = 0
    while heap and len(found) < k and expansions < MAX_EXPANSIONS:
        negative, hops, chain, strengths, employee = heapq.heappop(heap)
        expansions += 1
        if employee:
            found.append(_path(employees[employee], chain, strengths, people, -negative))
            continue
        head = chain[0]
        if hops + 1 <= max_hops:
            for known in knowers.get(head, []):
                score = round(-negative * known.strength, SCORE_DIGITS)
                heapq.heappush(heap, (-score, hops + 1, chain, (known.strength, *strengths), known.employee))
        if hops + 2 <= max_hops:
            for source, strength in influencers.get(head, []):
                if source in chain or hostile(source):
                    continue
                score = round(-negative * strength, SCORE_DIGITS)
                heapq.heappush(heap, (-score, hops + 1, (source, *chain), (strength, *strengths), ""))
    return InfluencePaths(
        target=people[target.id], sources=neighbourhood.sources, k=k, max_hops=max_hops,
        avoid_opponents=avoid_opponents, paths=found,
        truncated=expansions >= MAX_EXPANSIONS and len(found) < k,
    )


def _path(employee: PathPerson, chain: tuple[str, ...], strengths: tuple[float, ...],
          people: dict[str, PathPerson], score: float) -> InfluencePath:
    on_path = [employee, *(people[person_id] for person_id in chain)]
    edges = [
        PathEdge(type="KNOWS" if index == 0 else "INFLUENCES", source=on_path[index].id,
                 target=on_path[index + 1].id, strength=strength)
        for index, strength in enumerate(strengths)
    ]
    return InfluencePath(score=score, hops=len(edges), people=on_path, edges=edges,
                         sentence=_sentence(on_path, edges))


def influence_paths(graph: Graph, *, target_id: str, employee_ids: list[str] | None = None,
                    project_id: str | None = None, k: int = 3, max_hops: int = 4,
                    avoid_opponents: bool = True, at: date | None = None,
                    strength: StrengthParameters | None = None) -> InfluencePaths:
    """The best k paths from our people (given, the project's team, or the covering teams).

    The first edge is scored by the tie's effective strength at `at` (default today; DOMAIN.md's
    strength parameters unless given), so a pair that only met can start a path
    (powermap/services/signals.py)."""
    if not 1 <= k <= MAX_K:
        raise InvalidValue(f"k must be 1..{MAX_K}", field="k")
    if not 1 <= max_hops <= MAX_HOPS:
        raise InvalidValue(f"maxHops must be 1..{MAX_HOPS}", field="maxHops")
    neighbourhood = influence_reads.influence_neighbourhood(
        graph, target_id=target_id, employee_ids=employee_ids, project_id=project_id,
        depth=max_hops - 1,
    )
    neighbourhood = signals.with_effective_first_hops(graph, neighbourhood, at=at or datetime.now(UTC).date(),
                                                      parameters=strength or StrengthParameters())
    return best_paths(neighbourhood, k=k, max_hops=max_hops, avoid_opponents=avoid_opponents)
