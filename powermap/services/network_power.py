"""Network power next to formal power: who really decides (../shared/DOMAIN.md, "Network power").

Every number below is a setting (powermap/settings.py, `network_*`) with this default.

**The people** of a customer: everyone working there at any depth (`WORKS_IN`, `PART_OF*`) who has
not left (`leftAt` after today). A chain member who is not one of them has no network power.

**Network power**
- a directed graph on those people: for each `(a)-[:INFLUENCES {strength}]->(b)` an edge `b -> a` of
  weight `strength`, for each `(a)-[:REPORTS_TO]->(b)` in force today (`since <= today < until`) an
  edge `a -> b` of weight 0.5; parallel edges add their weights; a tie to oneself counts for nothing;
- PageRank with damping 0.85, the weight as given, the mass of people without outgoing edges spread
  evenly over everyone, iterated until the L1 change is below 1e-10 (networkx's `pagerank`, whose
  stopping test is `L1 < n * tol`, so it is given `tol = 1e-10 / n`);
- *network power* = PageRank / the customer's largest PageRank (the top person has 1.0);
- *formal power* = (stated influence - 1) / 4 (0 for influence 1, 1 for 5); *power gap* = network
  power - formal power: positive where the network gives someone more say than their title.

**Broker score**: betweenness centrality on the undirected, unweighted graph of `INFLUENCES` and
`REPORTS_TO` ties (one edge per pair), normalised by `(n-1)(n-2)/2`, `n` counting all the people.
Exact for a customer of at most `network_broker_samples` (64) people; above that, estimated from the
shortest paths out of that many people drawn at random (networkx's `k`, seeded with the camp seed, so
the same graph gives the same scores), which networkx scales to the same normalised score. Why:
exact betweenness costs one search from every person, O(people x ties) in Python: 42 s for a customer
of 2,000 people on two cores (bench/), hours for the largest generated customer; 64 searches take
about 0.4 s there. An estimate is enough for what the score is used for (ranking brokers and bridges:
a real broker lies on a large share of all paths, so most samples find it). 0 means always exact.

**Reach**: *out reach* = how many people a person sways within 2 `INFLUENCES` steps; *in reach* =
how many sway them within 2 steps (whom they listen to, directly or through one person).

**Hidden influencer**: network power >= 0.5, and either in no decision chain of the scope or stated
influence <= 2; and *consulted*: someone is swayed by them or reports to them. (Chosen: without any
tie, everyone's PageRank is equal, so everyone's network power is 1.0; that is no evidence of power.)
**Paper tiger**: stated influence >= 4 and network power < 0.2.

**Camps** (chosen method; deterministic):
1. Louvain communities (`networkx.community.louvain_communities`, resolution 1, seed 7) over the
   undirected graph of `INFLUENCES` ties, weighted by the strengths of both directions summed;
2. conflicts as negative ties: while a community holds two people joined by `CONFLICTS_WITH` (either
   direction), it is split in two around them: each member goes with the rival it is more strongly
   drawn to, i.e. the rival that a walk along the influence ties from the member (each step chosen by
   tie weight) more likely reaches first (the harmonic split; at exactly one half, the rival whose id
   sorts first). Rivals never share a camp, a camp is split only where it must be, and no
   member is cut off on its own as a minimum cut would (networkx has no signed modularity; this is
   explainable and needs no extra parameter);
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

**Cache**: the analysis (scores and camps) is computed once per customer and kept until the
customer's graph changes. How we know: every request reads the analysis' whole input (people, ties,
alignments: one read transaction) and compares its digest with the cached one. Relationships carry no
`updatedAt`, so a count/max(updatedAt) fingerprint would miss a tie moved from one person to another
with the same strength; the read is the cheap part, PageRank, betweenness and Louvain the dear one.
The cache holds the last `network_cache_customers` customers of the process.

**Write-back** (`powermap network-power --write CUSTOMER`): stores `networkPower` and `camp` (and
`networkPowerAt`) on the customer's people for Neo4j Browser, each person's write judged by the access
policy and audited (action `network power`). They are derived values: `updatedAt` is left alone, and
a person who left keeps what was last written.
"""

import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from statistics import fmean

import networkx as nx
import numpy as np

from powermap.graph.driver import Graph
from powermap.graph.repositories import network_power as network_store
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
        )

    def read(self) -> NetworkRulesRead:
        """The rules an answer was judged by (the cache's size is no rule of the answer)."""
        values = asdict(self)
        del values["cache_customers"]
        return NetworkRulesRead(**values)


# The graphs the definitions are computed on, built from the rows in a fixed (sorted) order so that
# every algorithm sees the same graph the same way.

def _ids(network: CustomerNetwork) -> list[str]:
    return sorted(person.id for person in network.people)


def _ties(network: CustomerNetwork, *types: str) -> list[tuple[str, str, float]]:
    """(source, target, strength) of the given types, self-ties dropped; a missing strength is 1."""
    return [(tie.source, tie.target, 1.0 if tie.strength is None else tie.strength)
            for tie in network.ties if tie.type in types and tie.source != tie.target]


def power_graph(network: CustomerNetwork, rules: NetworkRules) -> "nx.DiGraph[str]":
    """Edges point to the powerful: b -> a for a INFLUENCES b, a -> b for a REPORTS_TO b."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(_ids(network))
    weighted = [(target, source, strength) for source, target, strength in _ties(network, "INFLUENCES")]
    weighted += [(source, target, rules.reports_to_weight) for source, target, _ in _ties(network, "REPORTS_TO")]
    for source, target, weight in weighted:
        before = graph.get_edge_data(source, target, default={"weight": 0.0})["weight"]
        graph.add_edge(source, target, weight=before + weight)
    return graph


def tie_graph(network: CustomerNetwork) -> "nx.Graph[str]":
    """The undirected, unweighted graph of INFLUENCES and REPORTS_TO ties (one edge per pair)."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(_ids(network))
    graph.add_edges_from((source, target) for source, target, _ in _ties(network, "INFLUENCES", "REPORTS_TO"))
    return graph


def influence_graph(network: CustomerNetwork) -> "nx.DiGraph[str]":
    """a -> b for a INFLUENCES b: who sways whom."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(_ids(network))
    graph.add_edges_from((source, target) for source, target, _ in _ties(network, "INFLUENCES"))
    return graph


def page_rank(graph: "nx.DiGraph[str]", rules: NetworkRules) -> dict[str, float]:
    """PageRank as the definition gives it (networkx stops at L1 < n * tol, hence tol / n)."""
    if graph.number_of_nodes() == 0:
        return {}
    ranks: dict[str, float] = nx.pagerank(graph, alpha=rules.damping, weight="weight",
                                          tol=rules.tolerance / graph.number_of_nodes(), max_iter=10_000)
    return ranks


def broker_scores(ties: "nx.Graph[str]", rules: NetworkRules) -> dict[str, float]:
    """Normalised betweenness: exact up to `broker_samples` people, else estimated from that many."""
    if not ties:
        return {}
    samples = rules.broker_samples if 0 < rules.broker_samples < ties.number_of_nodes() else None
    scores: dict[str, float] = nx.betweenness_centrality(ties, k=samples, normalized=True, seed=rules.camp_seed)
    return scores


def _reach(graph: "nx.DiGraph[str]", person_id: str, steps: int) -> int:
    return len(nx.single_source_shortest_path_length(graph, person_id, cutoff=steps)) - 1


def camp_groups(network: CustomerNetwork, rules: NetworkRules) -> list[set[str]]:
    """Louvain over the influence ties, then every group holding two rivals cut at its minimum cut."""
    positive: nx.Graph[str] = nx.Graph()
    positive.add_nodes_from(_ids(network))
    for source, target, strength in _ties(network, "INFLUENCES"):
        before = positive.get_edge_data(source, target, default={"weight": 0.0})["weight"]
        positive.add_edge(source, target, weight=before + strength)
    groups = [set(group) for group in
              nx.community.louvain_communities(positive, weight="weight", resolution=1, seed=rules.camp_seed)]
    rivals = sorted({(min(a, b), max(a, b)) for a, b, _ in _ties(network, "CONFLICTS_WITH")})
    split = True
    while split:
        split = False
        for index, group in enumerate(groups):
            pair = next(((a, b) for a, b in rivals if a in group and b in group), None)
            if pair is not None:
                groups[index:index + 1] = _cut(positive, group, *pair)
                split = True
                break
    return [group for group in groups if len(group) >= 2]


def _cut(positive: "nx.Graph[str]", group: set[str], first: str, second: str) -> list[set[str]]:
    """The group in two around two rivals: each member goes with the rival it is more strongly drawn to.

    "Drawn to" is the harmonic split (Zhu, Ghahramani & Lafferty 2003): the chance that a walk along
    the influence ties from the member, each step chosen by tie weight, reaches `first` before
    `second`; at one half or more it goes with `first` (the rival whose id sorts first), else with
    `second`. Members tied to neither rival, not even through others, form a third group.
    """
    inside = positive.subgraph(group)
    reached = nx.node_connected_component(inside, first) | nx.node_connected_component(inside, second)
    free = sorted(reached - {first, second})
    drawn: dict[str, float] = {first: 1.0, second: 0.0}
    if free:
        index = {person: position for position, person in enumerate(free)}
        laplacian = np.zeros((len(free), len(free)))
        pull = np.zeros(len(free))
        for person in free:
            for other, data in inside.adj[person].items():
                weight = float(data["weight"])
                laplacian[index[person], index[person]] += weight
                if other == first:
                    pull[index[person]] += weight
                elif other in index:
                    laplacian[index[person], index[other]] -= weight
        drawn |= dict(zip(free, (float(value) for value in np.linalg.solve(laplacian, pull)), strict=True))
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
           ties: "nx.Graph[str]", rules: NetworkRules) -> list[Camp]:
    ordered = sorted(groups, key=lambda group: (-sum(power[p] for p in group), -len(group), min(group)))
    camp_of = {person: number for number, group in enumerate(ordered, start=1) for person in group}
    people = {person.id: person for person in network.people}
    camps = []
    for number, group in enumerate(ordered, start=1):
        members = sorted(group, key=lambda p: (-power[p], p))
        stances = [STANCE_SCORES[stance] for p in members if (stance := people[p].stance) is not None]
        bridges = []
        for person in members:
            across = sorted(other for other in ties.neighbors(person) if camp_of.get(other, number) != number)
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
    powered = power_graph(network, rules)
    ranks = page_rank(powered, rules)
    top = max(ranks.values(), default=1.0)
    power = {person: rank / top for person, rank in ranks.items()}
    ties = tie_graph(network)
    broker = broker_scores(ties, rules)
    sways = influence_graph(network)
    swayed_by = sways.reverse(copy=False)
    camps = _camps(network, camp_groups(network, rules), power, broker, ties, rules)
    camp_of = {member: camp.id for camp in camps for member in camp.members}
    scores = [
        PersonScores(stakeholder_id=person, page_rank=ranks[person], network_power=power[person],
                     broker_score=broker[person], in_reach=_reach(swayed_by, person, rules.reach_steps),
                     out_reach=_reach(sways, person, rules.reach_steps), consulted=powered.in_degree(person) > 0,
                     camp=camp_of.get(person))
        for person in sorted(power, key=lambda p: (-power[p], p))
    ]
    return NetworkAnalysis(customer=network.customer, computed_at=computed_at, people=network.people,
                           scores=scores, camps=camps)


def sway_within(network: CustomerNetwork, targets: Iterable[str], steps: int) -> set[str]:
    """Everyone who sways one of `targets` within `steps` INFLUENCES steps (the targets not included)."""
    swayed_by = influence_graph(network).reverse(copy=False)
    found: set[str] = set()
    for target in targets:
        if target in swayed_by:
            found |= set(nx.single_source_shortest_path_length(swayed_by, target, cutoff=steps)) - {target}
    return found


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


# The cache: one analysis per customer, valid while the digest of its input is unchanged.
_cache: "OrderedDict[tuple[str, str], tuple[str, NetworkAnalysis]]" = OrderedDict()
_cache_lock = threading.Lock()


def _digest(network: CustomerNetwork, rules: NetworkRules) -> str:
    return hashlib.sha256(f"{network.model_dump_json()}|{rules.read().model_dump_json()}".encode()).hexdigest()


def analysis_of(graph: Graph, *, network: CustomerNetwork, rules: NetworkRules) -> NetworkAnalysis:
    """The customer's analysis: the cached one while its input is unchanged, else computed now."""
    key, digest = (graph.database, network.customer.id), _digest(network, rules)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == digest:
            _cache.move_to_end(key)
            return cached[1]
    analysis = analyse(network, rules=rules, computed_at=datetime.now(UTC))
    with _cache_lock:
        _cache[key] = (digest, analysis)
        _cache.move_to_end(key)
        while len(_cache) > rules.cache_customers:
            _cache.popitem(last=False)
    return analysis


def _today() -> date:
    return datetime.now(UTC).date()


def customer_network_power(graph: Graph, *, customer_id: str, rules: NetworkRules) -> NetworkPower:
    """Everyone at a customer: network power beside formal power, hidden influencers, paper tigers, camps."""
    network = network_store.customer_network(graph, customer_id=customer_id, today=_today())
    members = network_store.customer_members(graph, customer_id=customer_id)
    analysis = analysis_of(graph, network=network, rules=rules)
    scope = NetworkScopeRead(kind="customer", id=network.customer.id, name=network.customer.name,
                             customer_id=network.customer.id)
    return judge(analysis, scope=scope, roles=_roles(members), listed=None, rules=rules)


def project_network_power(graph: Graph, *, project_id: str, rules: NetworkRules) -> NetworkPower:
    """A project's chain members and everyone who sways them, with the customer's scores and camps."""
    members = network_store.project_members(graph, project_id=project_id)
    scope = NetworkScopeRead(kind="project", id=members.scope.id, name=members.scope.name,
                             customer_id=members.customer_id)
    if members.customer_id is None:
        return NetworkPower(scope=scope, computed_at=None, rules=rules.read(), people=[], hidden_influencers=[],
                            paper_tigers=[], top_broker=None, camps=[], decision_makers=[])
    network = network_store.customer_network(graph, customer_id=members.customer_id, today=_today())
    analysis = analysis_of(graph, network=network, rules=rules)
    roles = _roles(members)
    listed = set(roles) | sway_within(network, roles, rules.reach_steps)
    return judge(analysis, scope=scope, roles=roles, listed=listed, rules=rules)


def write_network_power(graph: Graph, *, principal: Principal, customer_id: str,
                        rules: NetworkRules) -> NetworkPowerWritten:
    """Store each person's `networkPower` and `camp` for Neo4j Browser, through the policy, audited."""
    answer = customer_network_power(graph, customer_id=customer_id, rules=rules)
    values = [{"id": p.stakeholder_id, "networkPower": p.network_power, "camp": p.camp} for p in answer.people]
    written = network_store.write_network_power(graph, values=values, who=principal.signature,
                                                authorize=policy.write_guard(principal))
    return NetworkPowerWritten(customer_id=customer_id, written=written)
