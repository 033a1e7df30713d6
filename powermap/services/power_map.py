"""The power map's definitions (../shared/DOMAIN.md, "Power map"), applied to facts read by Cypher.

Cypher gathers the facts (who knows whom and how strongly, the last contact, the latest assessment
as of a date); this module judges them: covered, single-threaded, stale, competitor-aligned, key
member. Keeping the judgements here means each definition is written once, its thresholds are
settings, and the bid review and scorecards reuse them without HTTP.

A map of today also shows each person's network power and camp beside their formal role
(powermap/services/network_power.py); a past map (`asOf`) does not, since both are today's.
The map pays for network power no more than a cache lookup (two small marker nodes) when the
customer's analysis is current. When it is not (the customer's graph changed, or nobody asked
since the process started), a customer of at most `network_map_inline_people` (500) people has it
computed while the map waits (tens of milliseconds); a larger customer's is computed in a background
worker and the map is served at once without it, marked `networkPowerStatus: computing` (a load
after the worker is done carries it). Chosen so that the main question, the power map, never waits
seconds on a derived score, and so that the choice depends on the customer, not on how busy the
machine is (a time limit would make the same map differ from one load to the next); the bid review,
whose risks are judged from network power, computes it when it must.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from powermap.graph.driver import Graph
from powermap.graph.repositories import power_map as power_map_reads
from powermap.models.network_power import NetworkPower
from powermap.models.power_map import (
    AssessmentRow,
    Chain,
    ChainRole,
    ChainSeats,
    Coverer,
    MapEdge,
    MapFacts,
    MapNode,
    MapScope,
    MapStakeholder,
    PowerMap,
    PowerMapSummary,
    Scope,
    StakeholderFacts,
    StanceChange,
    StanceDirection,
)
from powermap.services import network_power as network_service
from powermap.services import signals
from powermap.services.network_power import NetworkRules
from powermap.services.tie_strength import StrengthParameters
from powermap.settings import Settings
from powermap.vocab import KEY_ROLES, STANCE_SCORES, Stance

_DEFAULTS = Settings.model_fields


@dataclass(frozen=True)
class Thresholds:
    """The numbers in the definitions; the defaults are the settings' (DOMAIN.md's), written once."""

    covered_strength: float = _DEFAULTS["covered_strength"].default
    aligned_strength: float = _DEFAULTS["aligned_strength"].default
    stale_days: int = _DEFAULTS["stale_days"].default
    network: NetworkRules = field(default_factory=NetworkRules)
    strength: StrengthParameters = field(default_factory=StrengthParameters)  # computed tie strength

    @classmethod
    def from_settings(cls, settings: Settings) -> "Thresholds":
        return cls(settings.covered_strength, settings.aligned_strength, settings.stale_days,
                   NetworkRules.from_settings(settings), StrengthParameters.from_settings(settings))


def report_dates(as_of: datetime | None, report_date: date | None) -> tuple[datetime | None, date]:
    """The report date defaults to the as-of date, else today (UTC)."""
    if report_date is None:
        report_date = as_of.astimezone(UTC).date() if as_of else datetime.now(UTC).date()
    return as_of, report_date


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def judge_stakeholder(fact: StakeholderFacts, roles: list[ChainRole], *, as_of: datetime | None,
                      report_date: date, thresholds: Thresholds) -> MapStakeholder:
    """One row of the map: the facts about a person judged by the definitions."""
    person = fact.stakeholder
    assessment = fact.assessment
    if as_of is None:
        stance, influence, assessed_at = person.stance, person.influence, None
    else:
        # Each value from the latest assessment that gave it (Cypher picks them); a stance no
        # assessment gave yet was unknown then, an influence falls back to the current value.
        stance = assessment.stance if assessment else None
        influence = (assessment.influence if assessment else None) or person.influence
        assessed_at = assessment.at if assessment else None
    coverers = sorted(
        (Coverer(**known.model_dump(), covers=known.strength >= thresholds.covered_strength)
         for known in fact.known_by),
        key=lambda coverer: (-coverer.strength, coverer.employee_id),
    )
    covering = [coverer for coverer in coverers if coverer.covers]
    contacts = [c.last_contact for c in coverers if c.last_contact and c.last_contact <= report_date]
    last_contact = max(contacts, default=None)
    last_activity = fact.last_activity_at
    window_start = report_date - timedelta(days=thresholds.stale_days)
    recently_in_touch = _within(last_contact, window_start, report_date) or _within(
        last_activity.astimezone(UTC).date() if last_activity else None, window_start, report_date
    )
    alignments = sorted(fact.alignments, key=lambda aligned: -aligned.strength)
    return MapStakeholder.model_validate({
        "id": person.id, "name": person.name, "title": person.title, "level": person.level,
        "orgUnit": fact.org_unit, "influence": influence, "stance": stance,
        "stanceScore": STANCE_SCORES[Stance(stance)] if stance else None, "assessedAt": assessed_at,
        "roles": roles, "isKeyMember": any(role.role in KEY_ROLES for role in roles),
        "covered": bool(covering), "coveredBy": coverers, "singleThreaded": len(covering) == 1,
        "stale": bool(covering) and not recently_in_touch, "lastContact": last_contact,
        "lastActivityAt": last_activity, "competitorAlignment": alignments,
        "competitorAligned": any(a.strength >= thresholds.aligned_strength for a in alignments),
    })


def _chains(chains: list[ChainSeats], stakeholders: list[MapStakeholder]) -> list[Chain]:
    seated = {(role.chain_id, role.role) for person in stakeholders for role in person.roles}
    return [
        Chain(id=chain.id, kind=chain.kind, required_roles=chain.required_roles or [],
              empty_seats=[role for role in chain.required_roles or [] if (chain.id, role) not in seated])
        for chain in chains
    ]


def drawing(stakeholders: list[MapStakeholder], edges: list[MapEdge]) -> tuple[list[MapNode], list[MapEdge]]:
    """The map's nodes and edges: the people, and the lines among them, to whom of ours and to competitors."""
    nodes = [
        MapNode(id=p.id, kind="Stakeholder", name=p.name, title=p.title, stance=p.stance,
                influence=p.influence, covered=p.covered, is_key_member=p.is_key_member,
                org_unit_id=p.org_unit.id if p.org_unit else None)
        for p in stakeholders
    ]
    drawn = list(edges)
    employees: dict[str, MapNode] = {}
    competitors: dict[str, MapNode] = {}
    for person in stakeholders:
        for coverer in person.covered_by:
            employees.setdefault(coverer.employee_id, MapNode(
                id=coverer.employee_id, kind="Employee", name=coverer.name, role=coverer.role))
            drawn.append(MapEdge(type="KNOWS", source=coverer.employee_id, target=person.id,
                                 strength=coverer.strength))
        for aligned in person.competitor_alignment:
            competitors.setdefault(aligned.competitor_id, MapNode(
                id=aligned.competitor_id, kind="Competitor", name=aligned.name))
            drawn.append(MapEdge(type="ALIGNED_WITH", source=person.id, target=aligned.competitor_id,
                                 strength=aligned.strength))
    nodes += sorted(employees.values(), key=lambda n: n.id) + sorted(competitors.values(), key=lambda n: n.id)
    return nodes, drawn


def build_power_map(facts: MapFacts, *, scope_kind: MapScope, as_of: datetime | None,
                    report_date: date, thresholds: Thresholds) -> PowerMap:
    """Judge every member and assemble the map, its drawing and its summary."""
    roles_by_id = {member.id: member.roles for member in facts.members}
    stakeholders = sorted(
        (judge_stakeholder(fact, roles_by_id.get(fact.stakeholder.id, []), as_of=as_of,
                           report_date=report_date, thresholds=thresholds)
         for fact in facts.facts),
        key=lambda p: (not p.is_key_member, -p.influence, p.name),
    )
    nodes, edges = drawing(stakeholders, facts.edges)
    scope = facts.scope
    return PowerMap(
        scope=Scope(kind=scope_kind, id=scope.id, name=scope.name, customer_id=facts.customer_id),
        as_of=as_of, report_date=report_date, chains=_chains(facts.chains, stakeholders),
        stakeholders=stakeholders, nodes=nodes, edges=edges,
        summary=summarise(stakeholders),
    )


def summarise(stakeholders: list[MapStakeholder]) -> PowerMapSummary:
    """The counts a map's reader sees first."""
    stances = Counter(p.stance.value if p.stance else "unknown" for p in stakeholders)
    return PowerMapSummary(
        stakeholders=len(stakeholders),
        key_members=sum(p.is_key_member for p in stakeholders),
        covered=sum(p.covered for p in stakeholders),
        single_threaded=sum(p.single_threaded for p in stakeholders),
        stale=sum(p.stale for p in stakeholders),
        competitor_aligned=sum(p.competitor_aligned for p in stakeholders),
        unknown_stance=stances.get("unknown", 0),
        by_stance=dict(sorted(stances.items())),
    )


def _direction(before: str | None, after: str | None) -> StanceDirection:
    if before is None or after is None:
        return "unknown"
    change = STANCE_SCORES[Stance(after)] - STANCE_SCORES[Stance(before)]
    return "up" if change > 0 else "down" if change < 0 else "same"


def stance_changes(history: list[AssessmentRow], *, start: datetime, end: datetime) -> list[StanceChange]:
    """Moves within [start, end]: an assessment whose stance or influence differs from the
    judgement before it (its recorded previous values, else the person's prior assessment)."""
    changes: list[StanceChange] = []
    prior: dict[str, AssessmentRow] = {}
    for row in history:
        before = prior.get(row.stakeholder_id)
        prior[row.stakeholder_id] = row
        had_previous = before is not None or row.previous_stance or row.previous_influence
        from_stance = row.previous_stance or (before.stance if before else None)
        from_influence = row.previous_influence or (before.influence if before else None)
        moved = (from_stance, from_influence) != (row.stance, row.influence)
        if not (had_previous and moved and start <= row.at <= end):
            continue
        changes.append(StanceChange.model_validate({
            "stakeholderId": row.stakeholder_id, "name": row.name, "at": row.at,
            "fromStance": from_stance, "toStance": row.stance, "fromInfluence": from_influence,
            "toInfluence": row.influence, "direction": _direction(from_stance, row.stance),
            "byId": row.by.id if row.by else None, "byName": row.by.name if row.by else None, "note": row.note,
        }))
    return sorted(changes, key=lambda change: (change.at, change.stakeholder_id))


class Scored(Protocol):
    """A person's network power and camp (the analysis' scores, or a judged answer's people)."""

    @property
    def network_power(self) -> float: ...

    @property
    def camp(self) -> int | None: ...


def with_network(power_map: PowerMap, scores: Mapping[str, Scored] | None) -> PowerMap:
    """The map with each person's network power and camp beside their formal role; without them,
    marked `computing`, while the analysis is still being computed (None)."""
    if scores is None:
        return power_map.model_copy(update={"network_power_status": "computing"})

    def overlay(person_id: str) -> dict[str, object]:
        score = scores.get(person_id)
        return {} if score is None else {"network_power": score.network_power, "camp": score.camp}
    return power_map.model_copy(update={
        "stakeholders": [p.model_copy(update=overlay(p.id)) for p in power_map.stakeholders],
        "nodes": [n.model_copy(update=overlay(n.id) if n.kind == "Stakeholder" else {}) for n in power_map.nodes],
        "network_power_status": "shown",
    })


def _project_map(graph: Graph, project_id: str, as_of: datetime | None, day: date,
                 thresholds: Thresholds) -> PowerMap:
    facts = power_map_reads.project_map_facts(graph, project_id=project_id, as_of=as_of, report_date=day)
    facts = signals.with_effective_ties(graph, facts, at=as_of or day, parameters=thresholds.strength)
    return build_power_map(facts, scope_kind="project", as_of=as_of, report_date=day, thresholds=thresholds)


def project_map_and_network(graph: Graph, *, project_id: str, report_date: date | None = None,
                            thresholds: Thresholds) -> tuple[PowerMap, NetworkPower]:
    """Today's power map of a project with its network power (shown on the map too)."""
    _, day = report_dates(None, report_date)
    power_map = _project_map(graph, project_id, None, day, thresholds)
    network = network_service.project_network_power(graph, project_id=project_id, rules=thresholds.network)
    return with_network(power_map, {person.stakeholder_id: person for person in network.people}), network


def project_power_map(graph: Graph, *, project_id: str, as_of: datetime | None = None,
                      report_date: date | None = None, thresholds: Thresholds, network: bool = True) -> PowerMap:
    """The power map of a project's decision chains (`network=False`: without network power, the
    benchmark's baseline)."""
    as_of, day = report_dates(as_of, report_date)
    power_map = _project_map(graph, project_id, as_of, day, thresholds)
    if as_of is not None or not network:
        return power_map
    customer_id = power_map.scope.customer_id
    return with_network(power_map, {} if customer_id is None else network_service.scores_for_map(
        graph, customer_id=customer_id, rules=thresholds.network))


def customer_power_map(graph: Graph, *, customer_id: str, as_of: datetime | None = None,
                       report_date: date | None = None, thresholds: Thresholds, network: bool = True) -> PowerMap:
    """The power map of everyone at a customer, with their roles in its open projects (`network=False`:
    without network power, the benchmark's baseline)."""
    as_of, day = report_dates(as_of, report_date)
    facts = power_map_reads.customer_map_facts(graph, customer_id=customer_id, as_of=as_of,
                                               report_date=day)
    facts = signals.with_effective_ties(graph, facts, at=as_of or day, parameters=thresholds.strength)
    power_map = build_power_map(facts, scope_kind="customer", as_of=as_of, report_date=day, thresholds=thresholds)
    if as_of is not None or not network:
        return power_map
    return with_network(power_map, network_service.scores_for_map(graph, customer_id=customer_id,
                                                                  rules=thresholds.network))


def stance_changes_of(graph: Graph, *, power_map: PowerMap, start: datetime,
                      end: datetime) -> list[StanceChange]:
    """Who on a map moved between two instants."""
    history = power_map_reads.stance_history(graph, stakeholder_ids=[p.id for p in power_map.stakeholders])
    return stance_changes(history, start=start, end=end)
