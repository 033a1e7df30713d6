"""Reads behind influence paths: the target, the source employees, and the target's backward
neighbourhood, one INFLUENCES level per statement.

Reading level by level (each person's influencers fetched once) bounds the work by the people
within `depth` influence steps of the target and the edges into them: the search never asks Neo4j
to enumerate paths, which in a dense influence graph grow exponentially with length.
"""

from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.models.influence import Neighbourhood


def _sources(tx: ManagedTransaction, target: dict[str, Any], employee_ids: list[str] | None,
             project_id: str | None) -> list[str]:
    if employee_ids:
        found = single(tx, catalog.query("influence_paths/employees"), ids=employee_ids)
        missing = sorted(set(employee_ids) - set(found["found"] if found else []))
        if missing:
            raise NotFound(f"no Employee with id {', '.join(missing)}", field="from")
        return sorted(set(employee_ids))
    if project_id:
        team = single(tx, catalog.query("influence_paths/project_team"), projectId=project_id)
        if team is None:
            raise NotFound(f"no Project with id {project_id}", field="project")
        return sorted(set(team["team"]))
    return sorted(target["coveringEmployees"])


def _neighbourhood(tx: ManagedTransaction, target_id: str, employee_ids: list[str] | None,
                   project_id: str | None, depth: int) -> Neighbourhood:
    target = single(tx, catalog.query("influence_paths/target"), targetId=target_id)
    if target is None:
        raise NotFound(f"no Stakeholder with id {target_id}", field="target")
    sources = _sources(tx, target, employee_ids, project_id)
    seen = {target_id}
    frontier = [target_id]
    edges: list[dict[str, Any]] = []
    for _ in range(depth):
        if not frontier:
            break
        level = rows(tx, catalog.query("influence_paths/influencers_of"), ids=frontier)
        edges.extend(level)
        frontier = sorted({edge["source"] for edge in level} - seen)
        seen.update(frontier)
    known = rows(tx, catalog.query("influence_paths/known_by"), ids=sorted(seen),
                 employeeIds=sources)
    return Neighbourhood.model_validate({"target": target["target"], "sources": sources, "edges": edges,
                                         "known": known})


def influence_neighbourhood(graph: Graph, *, target_id: str, employee_ids: list[str] | None,
                            project_id: str | None, depth: int) -> Neighbourhood:
    """The target, the sources, every INFLUENCES edge within `depth` steps back from the target,
    and which sources know whom among the people found."""
    return graph.read(_neighbourhood, target_id, employee_ids, project_id, depth)
