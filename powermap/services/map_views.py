"""The four views of a project's power map, and what changed on it since a past review.

A bid team reads the same graph four ways (issue 14, "Views"), chosen by `view`:

- `customer`: everyone at the project's customer (its customer map: reporting tree, influence,
  conflict and leaning lines, roles in the customer's open projects);
- `chains`: the project's decision chains (the default, and what the bid review always judged);
- `key_paths`: only the project's key members (decision makers and approvers, DOMAIN.md) and the
  best influence path to each (k = 1, as the bid review's actions use): the stakeholders on those
  paths and the employees they start from, with the lines among them. A person on a path who does
  not work at the customer is left out of the drawing (the path is still listed);
- `changes`: the decision chains, marked with what changed after `since` up to the report date.
  The other views ignore `since`.

Changes are two as-of reads of the project's map compared (README, "History rules"): the map at the
last instant of `since` and at the last instant of the report date (default today). That is the
history model's own reading, so a change is exactly what a reader of the two maps would see; moves
that cancel out inside the window (up, then down again) are not a change, and nothing dated on or
before `since` is one. Per person on the map today:

- `new`: first recorded after `since` (the earliest dated fact about them: their record's
  `createdAt`, an assessment, a tie of ours and its history, a done activity with them). A new
  person gets only this entry: they had no stance or coverage then to move from;
- `stance_up` / `stance_down`: their stance score rose or fell; a stance unknown at either end is
  no move (as the `stance_down` alert reads it);
- `coverage_gained` / `coverage_lost`: covered (DOMAIN.md, with effective tie strengths) at one
  end and not at the other.

`since` has no default: the graph records no bid-review meeting to default to (a stage move to bid
is the gate, not the review), so the changes view and `GET /projects/{id}/changes` require it and
answer 422 naming `since` without it, or when it is not before the report date. The page fills in
30 days before today, the alerts' window, for the reader to change.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from powermap.errors import InvalidValue
from powermap.graph.driver import Graph
from powermap.graph.repositories import map_views as view_reads
from powermap.models.influence import InfluencePath
from powermap.models.map_views import ChangeKind, MapChange, MapChanges, MapView, ViewedMap
from powermap.models.power_map import MapStakeholder, PowerMap
from powermap.services import influence_paths as paths_service
from powermap.services.power_map import (
    Thresholds,
    customer_power_map,
    drawing,
    project_power_map,
    summarise,
)
from powermap.vocab import KEY_ROLES, STANCE_SCORES

CHANGE_ORDER: tuple[ChangeKind, ...] = ("new", "stance_up", "stance_down", "coverage_gained", "coverage_lost")
PEOPLE_LINES = ("REPORTS_TO", "INFLUENCES", "CONFLICTS_WITH")


def last_instant(day: date) -> datetime:
    """The end of a UTC day: a question asked at a date counts everything dated on it."""
    return datetime.combine(day + timedelta(days=1), time.min, UTC) - timedelta(microseconds=1)


def _until(report_date: date | None) -> date:
    return report_date or datetime.now(UTC).date()


def _check_since(since: date | None, until: date) -> date:
    if since is None:
        raise InvalidValue("the changes view needs the day of the last review (since=YYYY-MM-DD)", field="since")
    if since >= until:
        raise InvalidValue(f"must be before the report date {until}", field="since")
    return since


def _coverers(person: MapStakeholder) -> list[str]:
    return [coverer.name for coverer in person.covered_by if coverer.covers]


def _change(kind: ChangeKind, person: MapStakeholder, **values: Any) -> MapChange:
    return MapChange(kind=kind, stakeholder_id=person.id, name=person.name, title=person.title, **values)


def compare(then: PowerMap, now: PowerMap, *, first_recorded: dict[str, datetime | None], since: date,
            until: date, project_id: str) -> MapChanges:
    """The changes between two maps of the same project, per person on the later one."""
    before = {person.id: person for person in then.stakeholders}
    start, end = last_instant(since), last_instant(until)
    found: list[MapChange] = []
    for person in now.stakeholders:
        first = first_recorded.get(person.id)
        old = before.get(person.id)
        if (first is not None and start < first <= end) or old is None:
            found.append(_change("new", person, at=first, to_stance=person.stance,
                                 covered_by_now=_coverers(person)))
            continue
        if old.stance is not None and person.stance is not None:
            move = STANCE_SCORES[person.stance] - STANCE_SCORES[old.stance]
            if move:
                found.append(_change("stance_up" if move > 0 else "stance_down", person, from_stance=old.stance,
                                     to_stance=person.stance, at=person.assessed_at))
        if old.covered != person.covered:
            found.append(_change("coverage_gained" if person.covered else "coverage_lost", person,
                                 covered_by_then=_coverers(old), covered_by_now=_coverers(person)))
    found.sort(key=lambda change: (CHANGE_ORDER.index(change.kind), change.name, change.stakeholder_id))
    counts: dict[str, int] = {kind: sum(change.kind == kind for change in found) for kind in CHANGE_ORDER}
    return MapChanges(project_id=project_id, since=since, until=until, changes=found, counts=counts)


def _changes(graph: Graph, *, project_id: str, since: date, until: date,
             thresholds: Thresholds) -> tuple[PowerMap, MapChanges]:
    then = project_power_map(graph, project_id=project_id, as_of=last_instant(since), report_date=since,
                             thresholds=thresholds)
    now = project_power_map(graph, project_id=project_id, as_of=last_instant(until), report_date=until,
                            thresholds=thresholds)
    recorded = view_reads.first_recorded(graph, stakeholder_ids=[p.id for p in now.stakeholders])
    first = {row.id: row.first_recorded for row in recorded}
    return now, compare(then, now, first_recorded=first, since=since, until=until, project_id=project_id)


def project_changes(graph: Graph, *, project_id: str, since: date | None, report_date: date | None = None,
                    thresholds: Thresholds) -> MapChanges:
    """What changed on a project's map after `since`, up to the report date (default today)."""
    until = _until(report_date)
    return _changes(graph, project_id=project_id, since=_check_since(since, until), until=until,
                    thresholds=thresholds)[1]


def _on_project(person: MapStakeholder, project_id: str) -> MapStakeholder:
    """A customer-map row with only this project's roles (key member of this project, or not)."""
    roles = [role for role in person.roles if role.project_id == project_id]
    return person.model_copy(update={"roles": roles, "is_key_member": any(r.role in KEY_ROLES for r in roles)})


def key_paths_map(project_map: PowerMap, customer_map: PowerMap, *, project_id: str,
                  best_path: Callable[[str], InfluencePath | None]) -> tuple[PowerMap, list[InfluencePath]]:
    """Only the key members and the best influence path to each, cut from the project's and customer's maps."""
    keys = [person for person in project_map.stakeholders if person.is_key_member]
    paths = [path for path in (best_path(person.id) for person in keys) if path is not None]
    on_project = {person.id: person for person in project_map.stakeholders}
    at_customer = {person.id: _on_project(person, project_id) for person in customer_map.stakeholders}
    wanted = dict.fromkeys([person.id for person in keys] + [
        person.id for path in paths for person in path.people if person.kind == "Stakeholder"])
    people = [on_project.get(pid) or at_customer[pid] for pid in wanted if pid in on_project or pid in at_customer]
    kept = {person.id for person in people}
    lines = [edge for edge in customer_map.edges
             if edge.type in PEOPLE_LINES and edge.source in kept and edge.target in kept]
    nodes, edges = drawing(people, lines)
    walked = {(edge.source, edge.target) for path in paths for edge in path.edges if edge.type == "KNOWS"}
    edges = [edge for edge in edges if edge.type != "KNOWS" or (edge.source, edge.target) in walked]
    ends = {edge.source for edge in edges} | {edge.target for edge in edges}
    nodes = [node for node in nodes if node.kind != "Employee" or node.id in ends]
    return project_map.model_copy(update={
        "stakeholders": people, "nodes": nodes, "edges": edges, "summary": summarise(people)}), paths


def view_map(graph: Graph, *, project_id: str, view: MapView, since: date | None = None,
             report_date: date | None = None, thresholds: Thresholds) -> ViewedMap:
    """One view of a project's map, ready to draw."""
    if view is MapView.CHANGES:
        until = _until(report_date)
        now, changes = _changes(graph, project_id=project_id, since=_check_since(since, until), until=until,
                                thresholds=thresholds)
        return ViewedMap(view=view, project_id=project_id, power_map=now, changes=changes)
    project_map = project_power_map(graph, project_id=project_id, report_date=report_date, thresholds=thresholds)
    if view is MapView.CHAINS:
        return ViewedMap(view=view, project_id=project_id, power_map=project_map)
    customer_id = project_map.scope.customer_id
    if customer_id is None:
        raise InvalidValue(f"project {project_id} is at no customer, so it has no {view.value} view", field="view")
    customer_map = customer_power_map(graph, customer_id=customer_id, report_date=report_date, thresholds=thresholds)
    if view is MapView.CUSTOMER:
        return ViewedMap(view=view, project_id=project_id, power_map=customer_map)

    def best_path(stakeholder_id: str) -> InfluencePath | None:
        found = paths_service.influence_paths(graph, target_id=stakeholder_id, project_id=project_id, k=1,
                                              at=project_map.report_date, strength=thresholds.strength)
        return found.paths[0] if found.paths else None

    power_map, paths = key_paths_map(project_map, customer_map, project_id=project_id, best_path=best_path)
    return ViewedMap(view=view, project_id=project_id, power_map=power_map, paths=paths)
