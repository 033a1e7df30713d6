"""Reads behind the activity workflow."""

from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single


def activity_context(graph: Graph, *, activity_id: str) -> dict[str, Any]:
    """The activity with its owner, assigner and stakeholders."""
    found = graph.read(lambda tx: single(tx, catalog.query("activity/context"), activityId=activity_id))
    if found is None:
        raise NotFound(f"no Activity with id {activity_id}", field="id")
    return found


def _scope_activities(tx: ManagedTransaction, scope_kind: str, scope_id: str) -> list[dict[str, Any]]:
    exists = single(tx, catalog.query("activity/scope_exists"), scopeKind=scope_kind, scopeId=scope_id)
    if not exists or not exists["found"]:
        raise NotFound(f"no {scope_kind} with id {scope_id}", field="id")
    return [row["activity"] for row in rows(tx, catalog.query("activity/of_scope"), scopeKind=scope_kind,
                                            scopeId=scope_id)]


def scope_activities(graph: Graph, *, scope_kind: str, scope_id: str) -> list[dict[str, Any]]:
    """Every activity of a project, team, employee or customer; NotFound for an unknown scope."""
    return graph.read(_scope_activities, scope_kind, scope_id)


def scope_results(graph: Graph, *, scope_kind: str, scope_id: str) -> dict[str, Any]:
    """The scope's projects (stage moves, contracts) and its customers' plans."""
    def work(tx: ManagedTransaction) -> dict[str, Any]:
        reach = single(tx, catalog.query("scorecard/scope"), scopeKind=scope_kind, scopeId=scope_id) or {}
        found = single(tx, catalog.query("scorecard/results"), projectIds=reach.get("projectIds", []),
                       customerIds=reach.get("customerIds", []))
        return {**reach, **(found or {})}
    return graph.read(work)
