"""Plain-text renderings of the answers for the CLI (rich tables)."""

from rich.console import Group
from rich.table import Table
from rich.text import Text

from powermap.models.influence import InfluencePaths
from powermap.models.lineage import Lineage
from powermap.models.network_power import NetworkPower
from powermap.models.power_map import PowerMap
from powermap.models.scorecard import Scorecard
from powermap.vocab import ActivityStatus


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def power_map_table(power_map: PowerMap) -> Group:
    """One row per stakeholder, key members first, then the chains' empty seats and a summary."""
    scope = power_map.scope
    when = f" as of {power_map.as_of:%Y-%m-%d}" if power_map.as_of else ""
    table = Table(title=f"Power map of {scope.kind} {scope.name} ({scope.id}){when}, "
                        f"report date {power_map.report_date}")
    for column in ("stakeholder", "title", "roles", "infl.", "stance", "covered by", "1-thread",
                   "stale", "leans to"):
        table.add_column(column)
    for person in power_map.stakeholders:
        roles = ", ".join(sorted({role.role.value for role in person.roles}))
        covered = ", ".join(f"{c.name} {c.strength:g}" for c in person.covered_by if c.covers)
        leans = ", ".join(f"{a.name} {a.strength:g}" for a in person.competitor_alignment)
        name = Text(person.name, style="bold" if person.is_key_member else "")
        table.add_row(name, person.title or "", roles, str(person.influence),
                      person.stance.value if person.stance else "unknown", covered or "-",
                      _yes(person.single_threaded), _yes(person.stale), leans)
    seats = [f"{chain.kind.value}: {', '.join(role.value for role in chain.empty_seats)}"
             for chain in power_map.chains if chain.empty_seats]
    summary = power_map.summary
    lines = Text(
        f"{summary.stakeholders} people, {summary.key_members} key members, {summary.covered} covered, "
        f"{summary.single_threaded} single-threaded, {summary.stale} stale, "
        f"{summary.competitor_aligned} competitor-aligned, {summary.unknown_stance} of unknown stance"
        + (f"\nEmpty required seats: {'; '.join(seats)}" if seats else "")
    )
    return Group(table, lines)


def paths_table(found: InfluencePaths) -> Table:
    """The best paths, best first, each as a sentence."""
    target = found.target
    table = Table(title=f"Best influence paths to {target.title or ''} {target.name} ({target.id})"
                        f"{'' if found.avoid_opponents else ', opponents allowed'}")
    table.add_column("#")
    table.add_column("score")
    table.add_column("hops")
    table.add_column("path")
    for rank, path in enumerate(found.paths, start=1):
        table.add_row(str(rank), f"{path.score:.3f}", str(path.hops), path.sentence)
    if not found.paths:
        table.add_row("-", "-", "-", "no path within the hop limit")
    return table


def lineage_table(lineage: Lineage) -> Group:
    """Upstream insights, plan decisions, downstream projects."""
    opportunity = lineage.opportunity
    heading = (f"Lineage of {opportunity.name} ({opportunity.id}) at "
               f"{lineage.customer.name if lineage.customer else '?'}" if opportunity
               else f"Lineage of {lineage.focus['kind']} {lineage.focus['id']} (no sandbox entry)")
    insights = Table(title="Upstream: insights")
    for column in ("found", "channel", "layer", "insight", "raised by", "surfaced by"):
        insights.add_column(column)
    for insight in lineage.insights:
        surfaced = "; ".join(f"{a.title or a.type} ({a.owner.name if a.owner else '?'})"
                             for a in insight.surfaced_by)
        insights.add_row(f"{insight.found_at:%Y-%m-%d}", insight.channel.value, insight.layer or "",
                         insight.summary, ", ".join(person.name for person in insight.raised_by), surfaced)
    decisions = Table(title="Plan decisions")
    for column in ("year", "plan", "decision", "reason"):
        decisions.add_column(column)
    for decision in lineage.decisions:
        decisions.add_row(str(decision.year), decision.plan_id, decision.decision, decision.reason or "")
    projects = Table(title="Downstream: projects")
    for column in ("project", "stage", "stage history", "activities", "contracts"):
        projects.add_column(column)
    for project in lineage.projects:
        history = " > ".join(f"{step.stage.value} {step.at:%Y-%m-%d}" for step in project.stage_history)
        done = sum(activity.status == ActivityStatus.DONE for activity in project.activities)
        contracts = "; ".join(f"{contract.id} {contract.value:,.0f} signed {contract.signed_at:%Y-%m-%d}"
                              for contract in project.contracts)
        projects.add_row(f"{project.name} ({project.id})", project.stage.value, history,
                         f"{done} done of {len(project.activities)}", contracts)
    return Group(Text(heading, style="bold"), insights, decisions, projects)


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.2f}".rstrip("0").rstrip(".")


def scorecard_table(card: Scorecard) -> Group:
    """Each figure this period, the period before, and the change."""
    table = Table(title=f"Scorecard of {card.scope} {card.id}: {card.start:%Y-%m-%d} to {card.end:%Y-%m-%d} "
                        f"(before: {card.previous_start:%Y-%m-%d} to {card.previous_end:%Y-%m-%d})")
    for column in ("group", "figure", "this period", "period before", "change"):
        table.add_column(column)
    for figure in card.figures:
        change = "-" if figure.change is None else f"{figure.change:+,.2f}".rstrip("0").rstrip(".")
        table.add_row(figure.group, figure.name, _number(figure.value), _number(figure.previous), change)
    competitor = card.competitor
    line = Text(f"Strongest competitor: {competitor.strongest_competitor or 'none'}; key members leaning to it "
                f"{competitor.aligned_share:.0%} (before {competitor.previous_aligned_share:.0%}); supporting us "
                f"{competitor.supporting_share:.0%} (before {competitor.previous_supporting_share:.0%})")
    return Group(table, line)


def network_power_table(found: NetworkPower) -> Group:
    """One row per person, most network power first, then the hidden, the paper tigers and the camps."""
    scope = found.scope
    table = Table(title=f"Network power of {scope.kind} {scope.name} ({scope.id})")
    for column in ("stakeholder", "roles", "infl.", "network power", "broker", "reach in/out", "camp", "reading"):
        table.add_column(column)
    for person in found.people:
        reading = "hidden influencer" if person.hidden_influencer else "paper tiger" if person.paper_tiger else ""
        table.add_row(person.name, ", ".join(role.value for role in person.roles),
                      str(person.influence) if person.influence is not None else "-", f"{person.network_power:.2f}",
                      f"{person.broker_score:.2f}", f"{person.in_reach}/{person.out_reach}",
                      str(person.camp) if person.camp else "-", reading)
    lines = [f"Camp {camp.id} (led by {camp.leader_name}, {camp.size} people): average stance "
             f"{_number(camp.average_stance)}, leans to {camp.leans_to.name if camp.leans_to else 'no one'}; "
             f"bridges: {', '.join(bridge.name for bridge in camp.bridges) or 'none'}" for camp in found.camps]
    lines += [f"Decision maker {decider.name} sits in camp {decider.camp or '-'}"
              + (f", which leans to {decider.camp_leans_to.name}" if decider.camp_leans_to else "")
              for decider in found.decision_makers]
    return Group(table, Text("\n".join(lines)))
