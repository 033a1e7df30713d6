"""Scorecards (../shared/DOMAIN.md, "Scorecards") for a team, employee, project or customer.

Definitions the domain leaves open, decided here:

- The period is [start, end], both instants included; the previous period has the same length and
  ends just before `start` (start excluded there), so nothing counts twice.
- Process: *planned* counts activities planned in the period (whatever became of them); *done*
  those done in it; *done on time* those done on or before their planned day; *average rating*
  over the done ones that were rated.
- Result: *order intake* sums contracts signed in the period on the scope's projects; *win rate*
  is wins / (wins + losses) among projects that moved to `contract` or `lost` in the period;
  *target attainment* divides order intake by the scope's customers' plan targets, each year's
  target prorated by the days of that year inside the period (none for a project or employee).
- Relationship: key members of the decision chains of the scope's projects open at the period's end
  (a project's own; a customer's; a team's covered customers'; an employee's managed ones), judged
  as of that end (a period still running: on today's map): their coverage and average known stance,
  and their stance moves up and down within the period. "Open then" follows the one openness rule
  of `stage_at` (README, "History rules"), as customer maps do.
- Competitor: the strongest competitor is the one most key members lean to (strength >= the aligned strength);
  its share of key members is set against the share that supports us.
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from powermap.graph.driver import Graph
from powermap.graph.repositories import activities as scope_reads
from powermap.graph.repositories import power_map as power_map_reads
from powermap.models.activities import ActivityRow
from powermap.models.power_map import MapStakeholder
from powermap.models.scorecard import (
    CompetitorComparison,
    Figure,
    FigureGroup,
    PlanTarget,
    ProjectResults,
    ScopeKind,
    ScopeResults,
    Scorecard,
)
from powermap.services.power_map import Thresholds, project_power_map, stance_changes
from powermap.vocab import SUPPORTIVE, ActivityStatus, ProjectStage

# A project at one of these stages is no longer open (power map Cypher uses the same list).
CLOSED_STAGES = frozenset({ProjectStage.LOST, ProjectStage.DELIVERY})


def previous_period(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The period of the same length that ends just before `start`."""
    return start - (end - start), start


def _inside(moment: datetime | None, start: datetime, end: datetime, include_end: bool) -> bool:
    if moment is None:
        return False
    return start <= moment <= end if include_end else start <= moment < end


def process_figures(activities: list[ActivityRow], start: datetime, end: datetime,
                    include_end: bool) -> dict[str, Any]:
    planned = [a for a in activities if _inside(a.planned_at, start, end, include_end)]
    done = [a for a in activities
            if a.status == ActivityStatus.DONE and _inside(a.done_at, start, end, include_end)]
    on_time = [a for a in done if a.done_at and a.planned_at and a.done_at.date() <= a.planned_at.date()]
    ratings = [a.rating for a in done if a.rating]
    return {"planned": len(planned), "done": len(done), "doneOnTime": len(on_time),
            "averageRating": sum(ratings) / len(ratings) if ratings else None}


def _prorated_target(plans: list[PlanTarget], start: datetime, end: datetime) -> float:
    total = 0.0
    for plan in plans:
        year_start = datetime(plan.year, 1, 1, tzinfo=UTC)
        year_end = datetime(plan.year + 1, 1, 1, tzinfo=UTC)
        overlap = (min(end, year_end) - max(start, year_start)).total_seconds()
        if overlap > 0:
            total += plan.order_target * overlap / (year_end - year_start).total_seconds()
    return total


def result_figures(results: ScopeResults, start: datetime, end: datetime, include_end: bool, *,
                   with_targets: bool) -> dict[str, Any]:
    projects = results.projects
    intake = sum(c.value for p in projects for c in p.contracts if _inside(c.signed_at, start, end, include_end))
    wins = sum(any(m.stage == ProjectStage.CONTRACT and _inside(m.at, start, end, include_end)
                   for m in p.moves) for p in projects)
    losses = sum(any(m.stage == ProjectStage.LOST and _inside(m.at, start, end, include_end)
                     for m in p.moves) for p in projects)
    target = _prorated_target(results.plans, start, end) if with_targets else 0.0
    return {"orderIntake": intake, "winRate": wins / (wins + losses) if wins + losses else None,
            "targetAttainment": intake / target if target else None}


def stage_at(project: ProjectResults, moment: datetime) -> str | None:
    """The project's stage at `moment` by the one openness rule (README, "History rules"): its
    latest stage move at or before then; a project without any stage history is at its current
    stage from its creation on (what the start-up migration writes); None before either."""
    moves = [move for move in project.moves if move.at <= moment]
    if moves:
        return max(moves, key=lambda move: move.at).stage
    if not project.moves and (project.created_at is None or project.created_at <= moment):
        return project.stage
    return None


def _open_at(project: ProjectResults, moment: datetime) -> bool:
    stage = stage_at(project, moment)
    return stage is not None and stage not in CLOSED_STAGES


def _key_members(graph: Graph, scope: ScopeKind, scope_id: str, results: ScopeResults, end: datetime,
                 thresholds: Thresholds) -> list[MapStakeholder]:
    """Key members of the scope's projects open at `end` (a project scope: the project itself)."""
    chosen = [scope_id] if scope == "project" else [p.id for p in results.projects if _open_at(p, end)]
    as_of = end if end < datetime.now(UTC) else None  # a period still running is judged on today's map
    members: dict[str, MapStakeholder] = {}
    for project_id in chosen:
        power_map = project_power_map(graph, project_id=project_id, as_of=as_of, thresholds=thresholds)
        for person in power_map.stakeholders:
            if person.is_key_member:
                members.setdefault(person.id, person)
    return list(members.values())


def relationship_figures(graph: Graph, members: list[MapStakeholder], start: datetime, end: datetime,
                         include_end: bool, thresholds: Thresholds) -> tuple[dict[str, Any], dict[str, Any]]:
    known = [m.stance_score for m in members if m.stance_score is not None]
    moves = stance_changes(power_map_reads.stance_history(graph, stakeholder_ids=[m.id for m in members]),
                           start=start, end=end)
    moves = [move for move in moves if include_end or move.at < end]
    aligned = Counter(a.name for m in members for a in m.competitor_alignment
                      if a.strength >= thresholds.aligned_strength)
    strongest = min(aligned, key=lambda name: (-aligned[name], name)) if aligned else None
    count = len(members)
    competitor = {
        "strongest": strongest,
        "alignedShare": aligned[strongest] / count if strongest and count else 0.0,
        "supportingShare": sum(m.stance in SUPPORTIVE for m in members) / count if count else 0.0,
    }
    return {
        "keyMemberCoverage": sum(m.covered for m in members) / count if count else None,
        "averageKeyMemberStance": sum(known) / len(known) if known else None,
        "stanceChangesUp": sum(move.direction == "up" for move in moves),
        "stanceChangesDown": sum(move.direction == "down" for move in moves),
    }, competitor


def _period_figures(graph: Graph, scope: ScopeKind, scope_id: str, activities: list[ActivityRow],
                    results: ScopeResults, start: datetime, end: datetime, include_end: bool,
                    thresholds: Thresholds) -> tuple[dict[FigureGroup, dict[str, Any]], dict[str, Any]]:
    members = _key_members(graph, scope, scope_id, results, end, thresholds)
    relationship, competitor = relationship_figures(graph, members, start, end, include_end, thresholds)
    return {
        "process": process_figures(activities, start, end, include_end),
        "result": result_figures(results, start, end, include_end, with_targets=scope in ("team", "customer")),
        "relationship": relationship,
    }, competitor


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def scorecard(graph: Graph, *, scope: ScopeKind, scope_id: str, start: datetime, end: datetime,
              thresholds: Thresholds) -> Scorecard:
    """The scorecard for [start, end] and the same figures for the period before."""
    activities = scope_reads.scope_activities(graph, scope_kind=scope, scope_id=scope_id)
    results = scope_reads.scope_results(graph, scope_kind=scope, scope_id=scope_id)
    previous_start, previous_end = previous_period(start, end)
    now, competitor = _period_figures(graph, scope, scope_id, activities, results, start, end, True, thresholds)
    before, previous_competitor = _period_figures(graph, scope, scope_id, activities, results, previous_start,
                                                  previous_end, False, thresholds)
    figures = [
        Figure(group=group, name=name, value=value, previous=before[group][name],
               change=_change(value, before[group][name]))
        for group, values in now.items() for name, value in values.items()
    ]
    return Scorecard(
        scope=scope, id=scope_id, start=start, end=end, previous_start=previous_start, previous_end=previous_end,
        figures=figures,
        competitor=CompetitorComparison(
            strongest_competitor=competitor["strongest"], aligned_share=competitor["alignedShare"],
            supporting_share=competitor["supportingShare"],
            previous_strongest_competitor=previous_competitor["strongest"],
            previous_aligned_share=previous_competitor["alignedShare"],
            previous_supporting_share=previous_competitor["supportingShare"]),
    )


def year_period(year: int) -> tuple[datetime, datetime]:
    """A calendar year as a scorecard period (both instants included)."""
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)


def trend(graph: Graph, *, scope: ScopeKind, scope_id: str, end: datetime, length: timedelta, periods: int,
          metric: str, thresholds: Thresholds) -> list[tuple[date, float | None]]:
    """One figure over the last `periods` periods of `length`, oldest first."""
    activities = scope_reads.scope_activities(graph, scope_kind=scope, scope_id=scope_id)
    results = scope_reads.scope_results(graph, scope_kind=scope, scope_id=scope_id)
    points: list[tuple[date, Any]] = []
    for index in range(periods - 1, -1, -1):
        period_end = end - length * index
        figures, _ = _period_figures(graph, scope, scope_id, activities, results, period_end - length, period_end,
                                     True, thresholds)
        value = next(values[metric] for values in figures.values() if metric in values)
        points.append((period_end.date(), value))
    return points
