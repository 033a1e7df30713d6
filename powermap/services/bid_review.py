"""The bid review (../shared/DOMAIN.md, "Bid review") and the approval gate it feeds.

Every figure is a function of the power map, so the same map that a reviewer reads is the one the
gate judges. The choices the definitions leave open, decided here:

- A person holding several roles counts once in the support index, with their heaviest role.
- An unknown stance scores 0 in the support index but keeps its weight in the denominator:
  not knowing where a key person stands is not support.
- With no key members, coverage is 0 (nothing is covered) and the map is red.
- Green needs at least one decision maker: "every decision maker supports us" is not taken to be
  true of a map that has none.

Network power (powermap/services/network_power.py) adds two risks and more actions:
- `uncovered_hidden_influencer`: a hidden influencer of the project who holds no seat in its chains
  and whom no one of ours covers (the power map's definition of covered);
- `decision_maker_camp_leans_to_competitor`: a decision maker sits in a camp that leans to a
  competitor; the reason names the camp's bridges, the people through whom it can be reached;
- actions: besides the key members, each hidden influencer who is uncovered or not a supporter gets
  the best influence path to them (a key member who is also hidden gets one action, not two).
They are map-level figures of today, so they do not change the gate.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import Conflict, InvalidValue, NotFound
from powermap.graph.driver import Graph
from powermap.graph.model import Label
from powermap.graph.repositories import network_power as network_reads
from powermap.graph.repositories import nodes as node_writes
from powermap.graph.repositories import power_map as power_map_reads
from powermap.models.bid_review import Action, BidReview, Gate, MapStatus, ProjectManager, Risk
from powermap.models.influence import InfluencePath
from powermap.models.network_power import NetworkPower
from powermap.models.power_map import MapStakeholder, PowerMap
from powermap.services import influence_paths as paths_service
from powermap.services.power_map import (
    Thresholds,
    build_power_map,
    judge_stakeholder,
    project_map_and_network,
    report_dates,
)
from powermap.settings import Settings, get_settings
from powermap.vocab import (
    HOSTILE,
    KEY_ROLES,
    ROLE_WEIGHTS,
    SUPPORTIVE,
    ActivityType,
    DecisionRole,
    ProjectStage,
)


def key_members(power_map: PowerMap) -> list[MapStakeholder]:
    return [person for person in power_map.stakeholders if person.is_key_member]


def coverage(power_map: PowerMap) -> float:
    """Covered key-role members / all key-role members (0 when there are none)."""
    members = key_members(power_map)
    return sum(person.covered for person in members) / len(members) if members else 0.0


def support_index(power_map: PowerMap) -> float:
    """Sum of weight x influence x stance score over chain members, over the most it could be."""
    numerator = denominator = 0.0
    for person in power_map.stakeholders:
        if not person.roles:
            continue
        weight = max(ROLE_WEIGHTS[role.role] for role in person.roles)
        numerator += weight * person.influence * (person.stance_score or 0)
        denominator += weight * person.influence * 2
    return numerator / denominator if denominator else 0.0


def _is_decision_maker(person: MapStakeholder) -> bool:
    return any(role.role is DecisionRole.DECISION_MAKER for role in person.roles)


def _supports(person: MapStakeholder) -> bool:
    return person.stance in SUPPORTIVE


def risks(power_map: PowerMap, *, thresholds: Thresholds) -> list[Risk]:
    """Every risk the definition names, one entry per person (or empty seat) and reason."""
    found: list[Risk] = []
    for chain in power_map.chains:
        for role in chain.empty_seats:
            found.append(Risk(kind="empty_required_seat", chain_id=chain.id, role=role.value,
                              reason=f"no one holds the required {role.value} seat in the "
                                     f"{chain.kind.value} chain"))
    for person in power_map.stakeholders:
        key_roles = sorted({role.role.value for role in person.roles if role.role in KEY_ROLES})
        about = {"stakeholderId": person.id, "stakeholderName": person.name,
                 "role": ", ".join(key_roles) or None}
        if person.roles and person.influence >= 4 and person.stance in HOSTILE:
            found.append(Risk(kind="influential_hostile_member", **about,
                              reason=f"influence {person.influence} and {person.stance.value}"))
        if not person.is_key_member:
            continue
        if not person.covered:
            found.append(Risk(kind="uncovered_key_member", **about, reason=(
                f"no one of ours knows them with strength {thresholds.covered_strength:g} or more")))
        if person.stance is None:
            found.append(Risk(kind="unknown_stance_key_member", **about,
                              reason="we do not know where they stand"))
        if person.competitor_aligned:
            leaning = ", ".join(f"{a.name} {a.strength:g}" for a in person.competitor_alignment)
            found.append(Risk(kind="competitor_aligned_key_member", **about, reason=f"leans to {leaning}"))
        if person.single_threaded:
            only = next(c for c in person.covered_by if c.covers)
            found.append(Risk(kind="single_threaded_key_member", **about,
                              reason=f"only {only.name} covers them ({only.strength:g})"))
        if person.stale:
            found.append(Risk(kind="stale_key_member", **about,
                              reason=f"no done activity or contact in the last {thresholds.stale_days} days"))
    return found


def network_risks(network: NetworkPower, *, outsiders: list[MapStakeholder]) -> list[Risk]:
    """Hidden influencers in no chain whom no one covers; decision makers whose camp leans to a competitor.

    `outsiders` are the hidden influencers who hold no seat, judged as the map judges its members."""
    found: list[Risk] = []
    covered = {person.id for person in outsiders if person.covered}
    for hidden in network.hidden_influencers:
        if hidden.in_chain or hidden.stakeholder_id in covered:
            continue
        stated = f"stated influence {hidden.influence}" if hidden.influence is not None else "no stated influence"
        found.append(Risk(kind="uncovered_hidden_influencer", stakeholder_id=hidden.stakeholder_id,
                          stakeholder_name=hidden.name, reason=(
                              f"network power {hidden.network_power:.2f} ({stated}), in no decision chain, "
                              "and no one of ours covers them")))
    camps = {camp.id: camp for camp in network.camps}
    for decider in network.decision_makers:
        lean = decider.camp_leans_to
        if lean is None or decider.camp is None:
            continue
        camp = camps[decider.camp]
        bridges = ", ".join(bridge.name for bridge in decider.bridges) or "no one"
        found.append(Risk(kind="decision_maker_camp_leans_to_competitor", stakeholder_id=decider.stakeholder_id,
                          stakeholder_name=decider.name, role=DecisionRole.DECISION_MAKER.value, reason=(
                              f"sits in camp {camp.id} (led by {camp.leader_name}), where {lean.aligned_members} "
                              f"of {camp.size} lean to {lean.name}; bridges to the other camps: {bridges}")))
    return found


def map_status(power_map: PowerMap, *, coverage_needed: float) -> MapStatus:
    """Red, amber or green, as the definition says (green needs a decision maker)."""
    members = key_members(power_map)
    if not any(_supports(person) for person in members):
        return "red"
    deciders = [person for person in members if _is_decision_maker(person)]
    if deciders and all(_supports(p) for p in deciders) and coverage(power_map) >= coverage_needed:
        return "green"
    return "amber"


def gate(power_map: PowerMap, *, coverage_needed: float) -> Gate:
    """The approval gate: a decision maker in a chain, every key stance known, enough coverage."""
    failing: list[str] = []
    if not any(_is_decision_maker(person) for person in power_map.stakeholders):
        failing.append("no decision chain has a decision maker")
    unknown = [person.name for person in key_members(power_map) if person.stance is None]
    if unknown:
        failing.append(f"key members with unknown stance: {', '.join(unknown)}")
    covered = coverage(power_map)
    if covered < coverage_needed:
        failing.append(f"key-member coverage {covered:.2f} is below {coverage_needed:g}")
    return Gate(passes=not failing, failing=failing)


def _why(person: MapStakeholder) -> str:
    return "uncovered" if not person.covered else f"stance {person.stance.value if person.stance else 'unknown'}"


def _action(person: MapStakeholder, path: InfluencePath | None, manager: ProjectManager | None,
            why: str) -> Action:
    senior = person.level in ("c_level", "vp")
    activity = ActivityType.EXECUTIVE_VISIT if senior else ActivityType.VISIT
    if path is None:
        who = manager.name if manager else "the project manager"
        return Action(stakeholder_id=person.id, stakeholder_name=person.name, why=why, path=None,
                      activity_type=activity, suggested_owner_id=manager.id if manager else None,
                      suggested_owner_name=manager.name if manager else None,
                      description=f"No influence path within reach: {who} to find a way in to {person.name}")
    owner = path.people[0]
    visit = activity.value.replace("_", " ")
    if path.hops == 1:
        description = f"{owner.name} to meet {person.name} ({visit})"
    else:
        article = "an" if visit[0] in "aeiou" else "a"
        description = (f"{owner.name} to ask {path.people[1].name} to open the door to {person.name}, "
                       f"then {article} {visit}")
    return Action(stakeholder_id=person.id, stakeholder_name=person.name, why=why, path=path,
                  activity_type=activity, suggested_owner_id=owner.id, suggested_owner_name=owner.name,
                  description=description)


def actions(power_map: PowerMap, *, best_path: Callable[[str], InfluencePath | None],
            manager: ProjectManager | None, network: NetworkPower | None = None,
            outsiders: Sequence[MapStakeholder] = ()) -> list[Action]:
    """For each uncovered or non-supporting key member, then each such hidden influencer, the best way in."""
    wanting = [(person, _why(person)) for person in key_members(power_map)
               if not person.covered or not _supports(person)]
    on_map = {person.id: person for person in [*power_map.stakeholders, *outsiders]}
    acted = {person.id for person, _ in wanting}
    for hidden in network.hidden_influencers if network else []:
        person = on_map.get(hidden.stakeholder_id)
        if person is None or person.id in acted or (person.covered and _supports(person)):
            continue
        wanting.append((person, f"hidden influencer (network power {hidden.network_power:.2f}); {_why(person)}"))
    return [_action(person, best_path(person.id), manager, why) for person, why in wanting]


def hidden_outsiders(graph: Graph, *, network: NetworkPower, report_date: date,
                     thresholds: Thresholds) -> list[MapStakeholder]:
    """The project's hidden influencers who hold no seat, judged as the map judges its members."""
    ids = [hidden.stakeholder_id for hidden in network.hidden_influencers if not hidden.in_chain]
    if not ids:
        return []
    facts = network_reads.people_facts(graph, ids=ids, report_date=report_date)
    return [judge_stakeholder(fact, [], as_of=None, report_date=report_date, thresholds=thresholds)
            for fact in facts]


def bid_review(graph: Graph, *, project_id: str, report_date: date | None = None,
               settings: Settings) -> BidReview:
    """The whole report for one project."""
    context = power_map_reads.review_context(graph, project_id=project_id)
    thresholds = Thresholds.from_settings(settings)
    power_map, network = project_map_and_network(graph, project_id=project_id, report_date=report_date,
                                                 thresholds=thresholds)
    outsiders = hidden_outsiders(graph, network=network, report_date=power_map.report_date, thresholds=thresholds)

    def best_path(stakeholder_id: str) -> InfluencePath | None:
        found = paths_service.influence_paths(graph, target_id=stakeholder_id, project_id=project_id, k=1)
        return found.paths[0] if found.paths else None

    members = key_members(power_map)
    project = context.project
    return BidReview(
        project_id=project.id, project_name=project.name, stage=project.stage,
        report_date=power_map.report_date, key_members=len(members),
        covered_key_members=sum(person.covered for person in members),
        coverage=coverage(power_map), support_index=support_index(power_map),
        map_status=map_status(power_map, coverage_needed=settings.gate_coverage),
        gate=gate(power_map, coverage_needed=settings.gate_coverage),
        risks=risks(power_map, thresholds=thresholds) + network_risks(network, outsiders=outsiders),
        actions=actions(power_map, best_path=best_path, manager=context.manager, network=network,
                        outsiders=outsiders),
        overrides=context.overrides, power_map=power_map,
    )


def enforce_bid_gate(
    tx: ManagedTransaction, before: dict[str, Any] | None, after: dict[str, Any], context: dict[str, Any]
) -> None:
    """Refuse a move into `bid` unless the gate passes or an override names its reason and author."""
    if after.get("stage") != ProjectStage.BID or (before or {}).get("stage") == ProjectStage.BID:
        return
    settings = get_settings()
    _, day = report_dates(None, None)
    facts = power_map_reads.project_map_facts_in(tx, project_id=after["id"], as_of=None, report_date=day)
    if facts is None:
        raise NotFound(f"no Project with id {after['id']}", field="id")
    power_map = build_power_map(facts, scope_kind="project", as_of=None, report_date=day,
                                thresholds=Thresholds.from_settings(settings))
    result = gate(power_map, coverage_needed=settings.gate_coverage)
    if result.passes:
        context["note"] = None
        return
    if not context.get("note"):
        raise Conflict("the bid gate fails: " + "; ".join(result.failing)
                       + " (an override needs a written reason and its author)",
                       field="stage", detail={"failing": result.failing})
    if not context.get("actor"):
        raise InvalidValue("a gate override needs its author in X-Powermap-Actor", field="X-Powermap-Actor")


def register_bid_gate() -> None:
    """Make every write that moves a project enforce the gate (idempotent)."""
    checks = node_writes.WRITE_CHECKS.setdefault(Label.PROJECT, [])
    if enforce_bid_gate not in checks:
        checks.append(enforce_bid_gate)
