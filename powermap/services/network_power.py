"""Network power next to formal power: who really decides (../shared/DOMAIN.md, "Network power").

Every number below is a setting (powermap/settings.py, `network_*`) with this default.

**The people** of a customer: everyone working there at any depth (`WORKS_IN`, `PART_OF*`) who has
not left (`leftAt` after today). A chain member who is not one of them has no network power.

**Network power**
- a directed graph on those people: for each `(a)-[:INFLUENCES {strength}]->(b)` an edge `b -> a` of
  weight `strength`, for each `(a)-[:REPORTS_TO]->(b)` in force today (`since <= today < until`) an
  edge `a -> b` of weight 0.5; parallel edges add their weights; a tie to oneself counts for nothing;
- PageRank with damping 0.85, the weight as given, the mass of people without outgoing edges spread
  evenly over everyone, iterated until the L1 change is below 1e-10 (the power iteration of networkx's
  `pagerank` step for step, on a scipy sparse matrix: the same numbers without building a graph);
- *network power* = PageRank / the customer's largest PageRank (the top person has 1.0);
- *formal power* = (stated influence - 1) / 4 (0 for influence 1, 1 for 5); *power gap* = network
  power - formal power: positive where the network gives someone more say than their title.

**Broker score**: betweenness centrality on the undirected, unweighted graph of `INFLUENCES` and
`REPORTS_TO` ties (one edge per pair), normalised by `(n-1)(n-2)/2`, `n` counting all the people.
Exact for a customer of at most `network_broker_samples` (64) people; above that, estimated from the
shortest paths out of that many people drawn at random (as networkx's `k` draws them, seeded with the
camp seed, so the same graph gives the same scores), scaled to the same normalised score. Computed
with igraph's (subset) betweenness in C: the scores equal networkx's `betweenness_centrality(k=64,
seed=7)` to 1e-16 (networkx 3.6's scaling, where a sampled person is no source of paths through
itself). Why sampled: exact betweenness costs one search from every person, O(people x ties); an
estimate is enough for what the score is used for (ranking brokers and bridges: a real broker lies on
a large share of all paths, so most samples find it). 0 means always exact.

**Reach**: *out reach* = how many people a person sways within 2 `INFLUENCES` steps; *in reach* =
how many sway them within 2 steps (whom they listen to, directly or through one person).

**Hidden influencer**: network power >= 0.5, and either in no decision chain of the scope or stated
influence <= 2; and *consulted*: someone is swayed by them or reports to them. (Chosen: without any
tie, everyone's PageRank is equal, so everyone's network power is 1.0; that is no evidence of power.)
**Paper tiger**: stated influence >= 4 and network power < 0.2.

**Camps** (chosen method; deterministic):
1. Louvain communities (igraph's `community_multilevel`, resolution 1, its random numbers from a
   generator seeded with 7 for each run) over the undirected graph of `INFLUENCES` ties, weighted by
   the strengths of both directions summed (igraph's Louvain, not networkx's: 0.1-0.2 s instead of
   3-4 s for a dense synthetic 2,000-person customer on the loaded machine; on a graph with several
   equally good partitions the two may pick different ones; the hand-worked camps are the same);
2. conflicts as negative ties: while a community holds two people joined by `CONFLICTS_WITH` (either
   direction), it is split in two around them: each member goes with the rival it is more strongly
   drawn to, i.e. the rival that a walk along the influence ties from the member (each step chosen by
   tie weight) more likely reaches first (the harmonic split; at exactly one half, the rival whose id
   sorts first). Rivals never share a camp, a camp is split only where it must be, and no
   member is cut off on its own as a minimum cut would (neither library has a signed modularity;
   this is explainable and needs no extra parameter; the linear system is solved sparse);
3. a group of one is no camp (`camp: null`): a person with no influence tie belongs to no camp;
4. camps are numbered 1, 2, ... by their total network power (then size, then their first id); the
   *leader* is the member with the most network power.
Each camp's *average stance* is the mean stance score (+2..-2) of its members with a known stance.
A camp *leans to* competitor C when at least 30% of its members are competitor-aligned with C (the
power map's definition: `ALIGNED_WITH` strength >= 0.5), the most aligned competitor first (then the
summed strength, then the name). A camp's *bridges* are its members with an `INFLUENCES` or
`REPORTS_TO` tie to someone in another camp, by broker score.

**Scopes**: a customer's answer lists all its people; "in a chain" means a seat in a chain of one of
its open projects (the customer power map's reading). A project's answer lists its chain members and
everyone who sways one of them within 2 `INFLUENCES` steps; the scores stay the customer's (network
power is relative to the customer's top person). Its *decision makers* say which camp each sits in,
what that camp leans to, and who in it bridges to the other camps.

**Cache**: the analysis (scores, camps, who sways whom) is computed once per customer and kept while
the customer's change markers are unchanged (graph/repositories/network_marks.py): every write
transaction that changes its input (people, their ties and alignments, org units, the customer's
and competitors' names) gives the customer's marker a new token, bulk writes the marker of every
customer, in the same transaction. The input is read in one transaction with the markers; a request
reads only the two markers (one small read) and serves the cached analysis when they, today's date
(REPORTS_TO and leavers are judged on it) and the rules are the same. (Replaced the digest of the
whole input, which made every cache hit read the customer's whole graph: 0.79 s at 2,000 people.)
A customer never marked (data written by Cypher outside Powermap) is computed on every request.
Chain seats and project stages are no input of the analysis (they do not move the markers), but an
answer says who is in a chain: each request reads the scope's seats (the open chains' seats, not
every person) and the answer judged for that scope and seating is kept with the analysis
(`_Cached.judged`), so a warm request judges nobody. The cache holds the last
`network_cache_customers` customers of the process; each process checks the markers, so several API
processes never serve one another's stale analysis.

**The power map** asks for the scores through `scores_for_map`: cached, or computed now for a customer of
at most `network_map_inline_people` (500) people, or computed in a background worker (one at a time,
each customer once) while the map is served without it (None; powermap/services/power_map.py).

**Write-back** (`powermap network-power --write CUSTOMER`): stores `networkPower` and `camp` (and
`networkPowerAt`) on the customer's people for Neo4j Browser, each person's write judged by the access
policy and audited (action `network power`). They are derived values: `updatedAt` is left alone, and
a person who left keeps what was last written.
"""

import random
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from statistics import fmean

import igraph as ig
import numpy as np
from scipy import sparse
from scipy.sparse.linalg import spsolve as sparse_solve

from powermap.graph.driver import Graph
from powermap.graph.repositories import network_power as network_store
from powermap.graph.repositories.network_marks import Marks
from powermap.models.network_power import (
    Bridge,
    Camp,
    ChainMembers,
    CompetitorLean,
    CustomerNetwork,
    DecisionMakerCamp,
    NetworkAnalysis,
    NetworkPerson,
    NetworkPower,
    NetworkPowerWritten,
    NetworkRulesRead,
    NetworkScopeRead,
    PersonPower,
    PersonScores,
    PowerRef,
)
from powermap.models.security import Principal
from powermap.services import policy
from powermap.settings import Settings
from powermap.vocab import STANCE_SCORES, DecisionRole

_DEFAULTS = Settings.model_fields


@dataclass(frozen=True)
class NetworkRules:
    """The numbers in the definitions; the defaults are the settings' (DOMAIN.md's), written once."""

    damping: float = _DEFAULTS["network_damping"].default
    tolerance: float = _DEFAULTS["network_tolerance"].default
    reports_to_weight: float = _DEFAULTS["network_reports_to_weight"].default
    hidden_power: float = _DEFAULTS["network_hidden_power"].default
    hidden_max_influence: int = _DEFAULTS["network_hidden_max_influence"].default
    paper_tiger_influence: int = _DEFAULTS["network_paper_tiger_influence"].default
    paper_tiger_power: float = _DEFAULTS["network_paper_tiger_power"].default
    reach_steps: int = _DEFAULTS["network_reach_steps"].default
    camp_seed: int = _DEFAULTS["network_camp_seed"].default
    camp_lean_share: float = _DEFAULTS["network_camp_lean_share"].default
    broker_samples: int = _DEFAULTS["network_broker_samples"].default
    aligned_strength: float = _DEFAULTS["aligned_strength"].default
    cache_customers: int = _DEFAULTS["network_cache_customers"].default
    map_inline_people: int = _DEFAULTS["network_map_inline_people"].default

    @classmethod
    def from_settings(cls, settings: Settings) -> "NetworkRules":
        return cls(
            damping=settings.network_damping, tolerance=settings.network_tolerance,
            reports_to_weight=settings.network_reports_to_weight, hidden_power=settings.network_hidden_power,
            hidden_max_influence=settings.network_hidden_max_influence,
            paper_tiger_influence=settings.network_paper_tiger_influence,
            paper_tiger_power=settings.network_paper_tiger_power, reach_steps=settings.network_reach_steps,
            camp_seed=settings.network_camp_seed, camp_lean_share=settings.network_camp_lean_share,
            broker_samples=settings.network_broker_samples, aligned_strength=settings.aligned_strength,
            cache_customers=settings.network_cache_customers,
            map_inline_people=settings.network_map_inline_people,
        )

    def read(self) -> NetworkRulesRead:
        """The rules an answer was judged by (where and how long it is kept are no rules of it)."""
        values = asdict(self)
        del values["cache_customers"], values["map_inline_people"]
        return NetworkRulesRead(**values)


# The graphs the definitions are computed on, built from the rows in a fixed (sorted) order so that
# every algorithm sees the same graph the same way.

def _ids(network: CustomerNetwork) -> list[str]:
    return sorted(person.id for person in network.people)


def _ties(network: CustomerNetwork, *types: str) -> list[tuple[str, str, float]]:
    """(source, target, strength) of the given types, self-ties dropped; a missing strength is 1."""
    return [(tie.source, tie.target, 1.0 if tie.strength is None else tie.strength)
            for tie in network.ties if tie.type in types and tie.source != tie.target]


def power_edges(network: CustomerNetwork, rules: NetworkRules) -> dict[tuple[str, str], float]:
    """Edges point to the powerful: b -> a for a INFLUENCES b, a -> b for a REPORTS_TO b; parallel
    edges add their weights."""
    weighted = [(target, source, strength) for source, target, strength in _ties(network, "INFLUENCES")]
    weighted += [(source, target, rules.reports_to_weight) for source, target, _ in _ties(network, "REPORTS_TO")]
    edges: dict[tuple[str, str], float] = defaultdict(float)
    for source, target, weight in weighted:
        edges[(source, target)] += weight
    return dict(edges)


def page_rank(ids: list[str], edges: dict[tuple[str, str], float], rules: NetworkRules) -> dict[str, float]:
    """PageRank as the definition gives it: power iteration on the row-normalised sparse matrix, the
    mass of people without outgoing edges spread evenly, until the L1 change is below the tolerance
    (networkx's `pagerank` step for step, without building a networkx graph)."""
    if not ids:
        return {}
    count, index = len(ids), {person: position for position, person in enumerate(ids)}
    matrix = sparse.csr_array((list(edges.values()), ([index[a] for a, _ in edges], [index[b] for _, b in edges])),
                              shape=(count, count), dtype=float)
    out: np.ndarray = np.asarray(matrix.sum(axis=1)).ravel()
    scale = np.divide(1.0, out, out=np.zeros(count), where=out != 0)
    matrix = sparse.csr_array(sparse.diags_array(scale) @ matrix)
    dangling = np.where(out == 0)[0]
    even = np.repeat(1.0 / count, count)
    rank = even
    for _ in range(10_000):
        last = rank
        rank = rules.damping * (rank @ matrix + rank[dangling].sum() * even) + (1 - rules.damping) * even
        if np.absolute(rank - last).sum() < rules.tolerance:
            break
    return dict(zip(ids, (float(value) for value in rank), strict=True))


def tie_graph(network: CustomerNetwork) -> ig.Graph:
    """The undirected, unweighted graph of INFLUENCES and REPORTS_TO ties (one edge per pair), its
    vertices the people in id order (vertex attribute `id`)."""
    ids = _ids(network)
    index = {person: position for position, person in enumerate(ids)}
    pairs = {(min(index[a], index[b]), max(index[a], index[b]))
             for a, b, _ in _ties(network, "INFLUENCES", "REPORTS_TO")}
    graph = ig.Graph(n=len(ids), edges=sorted(pairs), directed=False)
    graph.vs["id"] = ids
    return graph


def influence_graph(network: CustomerNetwork) -> ig.Graph:
    """a -> b for a INFLUENCES b: who sways whom (vertices the people in id order)."""
    ids = _ids(network)
    index = {person: position for position, person in enumerate(ids)}
    pairs = {(index[a], index[b]) for a, b, _ in _ties(network, "INFLUENCES")}
    return ig.Graph(n=len(ids), edges=sorted(pairs), directed=True)


def broker_scores(ties: ig.Graph, rules: NetworkRules) -> dict[str, float]:
    """Normalised betweenness: exact up to `broker_samples` people, else estimated from that many.

    igraph's (subset) betweenness counts the shortest paths; the estimate draws its sources as
    networkx's `betweenness_centrality(k=..., seed=...)` does and scales as it does (3.6: a sampled
    person is no source of paths through itself), so the scores are networkx's, computed in C."""
    ids: list[str] = ties.vs["id"] if ties.vcount() else []
    count = len(ids)
    if count < 3:
        return dict.fromkeys(ids, 0.0)
    if not 0 < rules.broker_samples < count:
        raw = ties.betweenness(directed=False)
        return {person: value / ((count - 1) * (count - 2) / 2) for person, value in zip(ids, raw, strict=True)}
    sources = random.Random(rules.camp_seed).sample(ids, rules.broker_samples)
    sampled = {ids.index(person) for person in sources}
    raw = ties.betweenness(directed=False, sources=sorted(sampled))
    samples = rules.broker_samples
    return {person: value * 2 / ((samples - (position in sampled)) * (count - 2))
            for position, (person, value) in enumerate(zip(ids, raw, strict=True))}


def reaches(sways: ig.Graph, ids: list[str], steps: int) -> tuple[dict[str, int], dict[str, int]]:
    """(in reach, out reach) of everyone: how many sway them / they sway within `steps` steps."""
    inward = sways.neighborhood_size(order=steps, mode="in")
    outward = sways.neighborhood_size(order=steps, mode="out")
    return ({person: size - 1 for person, size in zip(ids, inward, strict=True)},
            {person: size - 1 for person, size in zip(ids, outward, strict=True)})


# The weighted, undirected influence graph camps are found on: {person: {other: summed strength}}.
Adjacency = dict[str, dict[str, float]]


def _positive_graph(network: CustomerNetwork) -> Adjacency:
    positive: Adjacency = {person: {} for person in _ids(network)}
    for source, target, strength in _ties(network, "INFLUENCES"):
        positive[source][target] = positive[source].get(target, 0.0) + strength
        positive[target][source] = positive[source][target]
    return positive


_louvain_lock = threading.Lock()


def _louvain(positive: Adjacency, seed: int) -> list[set[str]]:
    """Louvain communities (igraph's multilevel, resolution 1) of the weighted influence graph, with
    igraph's random numbers drawn from a generator seeded afresh (under a lock: igraph's generator is
    one per process), so the same graph gives the same camps."""
    ids = sorted(positive)
    index = {person: position for position, person in enumerate(ids)}
    edges = [(index[a], index[b], weight) for a in ids for b, weight in sorted(positive[a].items()) if a < b]
    graph = ig.Graph(n=len(ids), edges=[(a, b) for a, b, _ in edges], directed=False)
    with _louvain_lock:
        ig.set_random_number_generator(random.Random(seed))
        found = graph.community_multilevel(weights=[weight for _, _, weight in edges] or None, resolution=1)
    return [{ids[member] for member in group} for group in found]


def camp_groups(network: CustomerNetwork, rules: NetworkRules) -> list[set[str]]:
    """Louvain over the influence ties, then every group holding two rivals split around them."""
    positive = _positive_graph(network)
    groups = _louvain(positive, rules.camp_seed)
    rivals = sorted({(min(a, b), max(a, b)) for a, b, _ in _ties(network, "CONFLICTS_WITH")})
    while True:  # split the group of the first two rivals who share one, until none do
        owner = {person: index for index, group in enumerate(groups) for person in group}
        pair = next(((a, b) for a, b in rivals if owner.get(a, -1) == owner.get(b, -2)), None)
        if pair is None:
            return [group for group in groups if len(group) >= 2]
        index = owner[pair[0]]
        groups[index:index + 1] = _cut(positive, groups[index], *pair)


def _component(positive: Adjacency, group: set[str], start: str) -> set[str]:
    """Everyone in `group` tied to `start` through members of `group`."""
    seen, frontier = {start}, [start]
    while frontier:
        frontier = [other for person in frontier for other in positive[person] if other in group and other not in seen]
        seen.update(frontier)
    return seen


def _cut(positive: Adjacency, group: set[str], first: str, second: str) -> list[set[str]]:
    """The group in two around two rivals: each member goes with the rival it is more strongly drawn to.

    "Drawn to" is the harmonic split (Zhu, Ghahramani & Lafferty 2003): the chance that a walk along
    the influence ties from the member, each step chosen by tie weight, reaches `first` before
    `second`; at one half or more it goes with `first` (the rival whose id sorts first), else with
    `second`. Members tied to neither rival, not even through others, form a third group. The linear
    system is sparse (one row per member, one entry per tie), solved as such.
    """
    reached = _component(positive, group, first) | _component(positive, group, second)
    free = sorted(reached - {first, second})
    drawn: dict[str, float] = {first: 1.0, second: 0.0}
    if free:
        index = {person: position for position, person in enumerate(free)}
        rows_, columns, values = [], [], []
        pull = np.zeros(len(free))
        for person in free:
            for other, weight in positive[person].items():
                if other not in reached:
                    continue
                rows_.append(index[person])
                columns.append(index[person])
                values.append(weight)
                if other == first:
                    pull[index[person]] += weight
                elif other in index:
                    rows_.append(index[person])
                    columns.append(index[other])
                    values.append(-weight)
        laplacian = sparse.csc_array((values, (rows_, columns)), shape=(len(free), len(free)))
        solved = np.atleast_1d(sparse_solve(laplacian, pull))
        drawn |= dict(zip(free, (float(value) for value in solved), strict=True))
    sides = [{p for p in reached if drawn[p] >= 0.5}, {p for p in reached if drawn[p] < 0.5}, group - reached]
    return [side for side in sides if side]


def _leanings(members: list[str], network: CustomerNetwork, rules: NetworkRules) -> list[CompetitorLean]:
    aligned: dict[str, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    inside = set(members)
    for row in network.alignments:
        if row.stakeholder_id in inside and row.strength >= rules.aligned_strength:
            aligned[row.competitor_id].append(row.strength)
            names[row.competitor_id] = row.name
    leans = [CompetitorLean(competitor_id=competitor, name=names[competitor], aligned_members=len(strengths),
                            share=len(strengths) / len(members), strength=sum(strengths))
             for competitor, strengths in aligned.items()]
    return sorted(leans, key=lambda lean: (-lean.aligned_members, -lean.strength, lean.name, lean.competitor_id))


def _camps(network: CustomerNetwork, groups: list[set[str]], power: dict[str, float], broker: dict[str, float],
           ties: ig.Graph, rules: NetworkRules) -> list[Camp]:
    ordered = sorted(groups, key=lambda group: (-sum(power[p] for p in group), -len(group), min(group)))
    ids: list[str] = ties.vs["id"] if ties.vcount() else []
    neighbours = {ids[position]: [ids[other] for other in adjacent]
                  for position, adjacent in enumerate(ties.get_adjlist())}
    camp_of = {person: number for number, group in enumerate(ordered, start=1) for person in group}
    people = {person.id: person for person in network.people}
    camps = []
    for number, group in enumerate(ordered, start=1):
        members = sorted(group, key=lambda p: (-power[p], p))
        stances = [STANCE_SCORES[stance] for p in members if (stance := people[p].stance) is not None]
        bridges = []
        for person in members:
            across = sorted(other for other in neighbours[person] if camp_of.get(other, number) != number)
            if across:
                bridges.append(Bridge(stakeholder_id=person, name=people[person].name, broker_score=broker[person],
                                      to_camps=sorted({camp_of[other] for other in across}), tied_to=across))
        leanings = _leanings(members, network, rules)
        leader = people[members[0]]
        camps.append(Camp(
            id=number, leader_id=leader.id, leader_name=leader.name, members=members, size=len(members),
            network_power=sum(power[p] for p in members),
            average_stance=fmean(stances) if stances else None, known_stances=len(stances),
            leanings=leanings,
            leans_to=leanings[0] if leanings and leanings[0].share >= rules.camp_lean_share else None,
            bridges=sorted(bridges, key=lambda bridge: (-bridge.broker_score, bridge.stakeholder_id)),
        ))
    return camps


def analyse(network: CustomerNetwork, *, rules: NetworkRules, computed_at: datetime) -> NetworkAnalysis:
    """Scores and camps of one customer's people: the pure computation the cache keeps."""
    ids = _ids(network)
    edges = power_edges(network, rules)
    ranks = page_rank(ids, edges, rules)
    top = max(ranks.values(), default=1.0)
    power = {person: rank / top for person, rank in ranks.items()}
    ties = tie_graph(network)
    broker = broker_scores(ties, rules)
    in_reach, out_reach = reaches(influence_graph(network), ids, rules.reach_steps)
    consulted = {target for _, target in edges}
    camps = _camps(network, camp_groups(network, rules), power, broker, ties, rules)
    camp_of = {member: camp.id for camp in camps for member in camp.members}
    scores = [
        PersonScores(stakeholder_id=person, page_rank=ranks[person], network_power=power[person],
                     broker_score=broker[person], in_reach=in_reach[person], out_reach=out_reach[person],
                     consulted=person in consulted, camp=camp_of.get(person))
        for person in sorted(power, key=lambda p: (-power[p], p))
    ]
    return NetworkAnalysis(customer=network.customer, computed_at=computed_at, people=network.people,
                           scores=scores, camps=camps)


def _roles(members: ChainMembers) -> dict[str, list[DecisionRole]]:
    return {member.id: sorted({role.role for role in member.roles}) for member in members.members if member.roles}


def _person(person: NetworkPerson, scores: PersonScores, roles: list[DecisionRole], rules: NetworkRules) -> PersonPower:
    influence = person.influence
    formal = (influence - 1) / 4 if influence is not None else None
    hidden = (scores.consulted and scores.network_power >= rules.hidden_power
              and (not roles or (influence is not None and influence <= rules.hidden_max_influence)))
    tiger = influence is not None and influence >= rules.paper_tiger_influence \
        and scores.network_power < rules.paper_tiger_power
    return PersonPower(
        stakeholder_id=person.id, name=person.name, title=person.title, level=person.level, influence=influence,
        stance=person.stance, roles=roles, formal_power=formal, network_power=scores.network_power,
        power_gap=scores.network_power - formal if formal is not None else None, page_rank=scores.page_rank,
        broker_score=scores.broker_score, in_reach=scores.in_reach, out_reach=scores.out_reach, camp=scores.camp,
        hidden_influencer=hidden, paper_tiger=tiger,
    )


def _ref(person: PersonPower) -> PowerRef:
    return PowerRef(stakeholder_id=person.stakeholder_id, name=person.name, influence=person.influence,
                    network_power=person.network_power, in_chain=bool(person.roles), camp=person.camp)


def judge(analysis: NetworkAnalysis, *, scope: NetworkScopeRead, roles: dict[str, list[DecisionRole]],
          listed: set[str] | None, rules: NetworkRules) -> NetworkPower:
    """The answer for a scope: its people (all when `listed` is None) judged against their formal power."""
    people = {person.id: person for person in analysis.people}
    shown = [_person(people[score.stakeholder_id], score, roles.get(score.stakeholder_id, []), rules)
             for score in analysis.scores if listed is None or score.stakeholder_id in listed]
    camps = [camp for camp in analysis.camps if listed is None or listed & set(camp.members)]
    camp_by_id = {camp.id: camp for camp in analysis.camps}
    brokers = sorted((p for p in shown if p.broker_score > 0), key=lambda p: (-p.broker_score, p.stakeholder_id))
    deciders = [
        DecisionMakerCamp(stakeholder_id=p.stakeholder_id, name=p.name, camp=p.camp,
                          camp_leans_to=camp_by_id[p.camp].leans_to if p.camp else None,
                          bridges=camp_by_id[p.camp].bridges if p.camp else [])
        for p in shown if DecisionRole.DECISION_MAKER in p.roles
    ]
    return NetworkPower(
        scope=scope, computed_at=analysis.computed_at, rules=rules.read(), people=shown,
        hidden_influencers=[_ref(p) for p in shown if p.hidden_influencer],
        paper_tigers=[_ref(p) for p in sorted((p for p in shown if p.paper_tiger),
                                              key=lambda p: (-(p.influence or 0), p.network_power, p.stakeholder_id))],
        top_broker=_ref(brokers[0]) if brokers else None, camps=camps, decision_makers=deciders,
    )


# The cache: one analysis per customer, valid while the customer's change markers are unchanged.

ANSWERS_PER_ANALYSIS = 16  # judged answers kept per analysis (its customer and recent projects)

@dataclass(frozen=True)
class _Cached:
    """An analysis and what it was computed under; `swayed_by` serves the project scope's reach."""

    marks: Marks
    today: date
    rules: NetworkRules
    analysis: NetworkAnalysis
    swayed_by: dict[str, list[str]]
    scores_by_id: dict[str, PersonScores]
    answers: "OrderedDict[tuple[object, ...], NetworkPower]" = field(default_factory=OrderedDict, compare=False)

    def current(self, marks: Marks, today: date, rules: NetworkRules) -> bool:
        return (self.marks, self.today, self.rules) == (marks, today, rules) and marks != (None, None)

    def judged(self, scope: NetworkScopeRead, roles: dict[str, list[DecisionRole]],
               listed: Callable[[], set[str] | None]) -> NetworkPower:
        """The scope's answer, judged once per scope and seating while the analysis stands.

        An answer is a pure function of the analysis, the scope and who sits in which chain (the
        seats are read on every request: chain seats and project stages do not move the markers).
        Keeping it spares a warm request the judging of every person: at 2,000 people that built
        thousands of objects per request, and Python's collections of them were the warm p95."""
        key = (scope.kind, scope.id, scope.name, scope.customer_id,
               tuple(sorted((person, tuple(held)) for person, held in roles.items())))
        with _cache_lock:
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
                return answer
        answer = judge(self.analysis, scope=scope, roles=roles, listed=listed(), rules=self.rules)
        with _cache_lock:
            self.answers[key] = answer
            while len(self.answers) > ANSWERS_PER_ANALYSIS:
                self.answers.popitem(last=False)
        return answer


_cache: "OrderedDict[tuple[str, str], _Cached]" = OrderedDict()
_cache_lock = threading.Lock()
# Cold analyses for the power map run here, one at a time, each customer's at most once at a time.
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="network-power")
_pending: "dict[tuple[str, str, Marks, date, NetworkRules], Future[_Cached]]" = {}


def _swayers(network: CustomerNetwork) -> dict[str, list[str]]:
    """For each person, who sways them directly (INFLUENCES, self-ties dropped)."""
    found: dict[str, list[str]] = defaultdict(list)
    for source, target, _ in _ties(network, "INFLUENCES"):
        found[target].append(source)
    return dict(found)


def _within(swayed_by: dict[str, list[str]], targets: Iterable[str], steps: int) -> set[str]:
    found: set[str] = set()
    for target in targets:
        seen, frontier = {target}, [target]
        for _ in range(steps):
            frontier = [other for person in frontier for other in swayed_by.get(person, []) if other not in seen]
            seen.update(frontier)
        found |= seen - {target}
    return found


def sway_within(network: CustomerNetwork, targets: Iterable[str], steps: int) -> set[str]:
    """Everyone who sways one of `targets` within `steps` INFLUENCES steps (the targets not included)."""
    return _within(_swayers(network), targets, steps)


def _computed(graph: Graph, customer_id: str, today: date, rules: NetworkRules) -> _Cached:
    """Read the input and its markers in one transaction, analyse, and keep it (unless never marked)."""
    network, marks = network_store.customer_network(graph, customer_id=customer_id, today=today)
    analysis = analyse(network, rules=rules, computed_at=datetime.now(UTC))
    entry = _Cached(marks=marks, today=today, rules=rules, analysis=analysis, swayed_by=_swayers(network),
                    scores_by_id={score.stakeholder_id: score for score in analysis.scores})
    if marks != (None, None) and rules.cache_customers > 0:
        with _cache_lock:
            _cache[(graph.database, customer_id)] = entry
            _cache.move_to_end((graph.database, customer_id))
            while len(_cache) > rules.cache_customers:
                _cache.popitem(last=False)
    return entry


def _cached(graph: Graph, customer_id: str, today: date, rules: NetworkRules) -> tuple[_Cached | None, Marks]:
    """The cached entry when it is current (one small read of the markers), and the markers read."""
    marks = network_store.network_marks(graph, customer_id=customer_id)
    with _cache_lock:
        entry = _cache.get((graph.database, customer_id))
        if entry is not None and entry.current(marks, today, rules):
            _cache.move_to_end((graph.database, customer_id))
            return entry, marks
    return None, marks


def _entry(graph: Graph, customer_id: str, rules: NetworkRules) -> _Cached:
    """The customer's analysis: the cached one while its markers are unchanged, else computed now."""
    today = _today()
    entry, _ = _cached(graph, customer_id, today, rules)
    return entry or _computed(graph, customer_id, today, rules)


def _entry_for_map(graph: Graph, customer_id: str, rules: NetworkRules) -> _Cached | None:
    """The cached analysis; else computed now for a customer of at most `map_inline_people` people, or
    started in the background for a larger one (None: not ready yet)."""
    today = _today()
    entry, marks = _cached(graph, customer_id, today, rules)
    if entry is not None:
        return entry
    if network_store.customer_size(graph, customer_id=customer_id) <= rules.map_inline_people:
        return _computed(graph, customer_id, today, rules)
    key = (graph.database, customer_id, marks, today, rules)
    with _cache_lock:
        if key not in _pending:
            _pending[key] = _background.submit(_computed, graph, customer_id, today, rules)
            _pending[key].add_done_callback(partial(_forget, key))
    return None


def _forget(key: "tuple[str, str, Marks, date, NetworkRules]", _: "Future[_Cached]") -> None:
    with _cache_lock:
        _pending.pop(key, None)


def analysis_of(graph: Graph, *, customer_id: str, rules: NetworkRules) -> NetworkAnalysis:
    """The customer's analysis: the cached one while its markers are unchanged, else computed now."""
    return _entry(graph, customer_id, rules).analysis


def _today() -> date:
    return datetime.now(UTC).date()


def _customer_answer(graph: Graph, entry: _Cached) -> NetworkPower:
    customer = entry.analysis.customer
    members = network_store.customer_members(graph, customer_id=customer.id)
    scope = NetworkScopeRead(kind="customer", id=customer.id, name=customer.name, customer_id=customer.id)
    return entry.judged(scope, _roles(members), lambda: None)


def customer_network_power(graph: Graph, *, customer_id: str, rules: NetworkRules) -> NetworkPower:
    """Everyone at a customer: network power beside formal power, hidden influencers, paper tigers, camps."""
    return _customer_answer(graph, _entry(graph, customer_id, rules))


def scores_for_map(graph: Graph, *, customer_id: str, rules: NetworkRules) -> dict[str, PersonScores] | None:
    """Each person's scores for the customer's or one of its projects' power map (the map overlays
    network power and camp on the people it shows): None while a large customer's analysis is
    computed in the background. No read beyond the markers when the analysis is current."""
    entry = _entry_for_map(graph, customer_id, rules)
    return None if entry is None else entry.scores_by_id


def _project_scope(members: ChainMembers) -> NetworkScopeRead:
    return NetworkScopeRead(kind="project", id=members.scope.id, name=members.scope.name,
                            customer_id=members.customer_id)


def _project_answer(members: ChainMembers, entry: _Cached, rules: NetworkRules) -> NetworkPower:
    roles = _roles(members)
    return entry.judged(_project_scope(members), roles,
                        lambda: set(roles) | _within(entry.swayed_by, roles, rules.reach_steps))


def _no_customer(members: ChainMembers, rules: NetworkRules) -> NetworkPower:
    return NetworkPower(scope=_project_scope(members), computed_at=None, rules=rules.read(), people=[],
                        hidden_influencers=[], paper_tigers=[], top_broker=None, camps=[], decision_makers=[])


def project_network_power(graph: Graph, *, project_id: str, rules: NetworkRules) -> NetworkPower:
    """A project's chain members and everyone who sways them, with the customer's scores and camps."""
    members = network_store.project_members(graph, project_id=project_id)
    if members.customer_id is None:
        return _no_customer(members, rules)
    return _project_answer(members, _entry(graph, members.customer_id, rules), rules)


def write_network_power(graph: Graph, *, principal: Principal, customer_id: str,
                        rules: NetworkRules) -> NetworkPowerWritten:
    """Store each person's `networkPower` and `camp` for Neo4j Browser, through the policy, audited."""
    answer = customer_network_power(graph, customer_id=customer_id, rules=rules)
    values = [{"id": p.stakeholder_id, "networkPower": p.network_power, "camp": p.camp} for p in answer.people]
    written = network_store.write_network_power(graph, values=values, who=principal.signature,
                                                authorize=policy.write_guard(principal))
    return NetworkPowerWritten(customer_id=customer_id, written=written)
