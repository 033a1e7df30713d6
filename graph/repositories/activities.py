"""Reads behind the activity workflow."""

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.models.activities import ActivityContext, ActivityRow
from powermap.models.scorecard import ScopeResults


def activity_context(graph: Graph, *, activity_id: str) -> ActivityContext:
    """The activity with its owner, assigner and stakeholders."""
    found = graph.read(lambda tx: single(tx, catalog.query("activity/context"), activityId=activity_id))
    if found is None:
        raise NotFound(f"no Activity with id {activity_id}", field="id")
    return ActivityContext.model_validate(found)


def _scope_activities(tx: ManagedTransaction, scope_kind: str, scope_id: str) -> list[ActivityRow]:
    exists = single(tx, catalog.query("activity/scope_exists"), scopeKind=scope_kind, scopeId=scope_id)
    if not exists or not exists["found"]:
        raise NotFound(f"no {scope_kind} with id {scope_id}", field="id")
    found = rows(tx, catalog.query("activity/of_scope"), scopeKind=scope_kind, scopeId=scope_id)
    return [ActivityRow.model_validate(row["activity"]) for row in found]


def scope_activities(graph: Graph, *, scope_kind: str, scope_id: str) -> list[ActivityRow]:
    """Every activity of a project, team, employee or customer; NotFound for an unknown scope."""
    return graph.read(_scope_activities, scope_kind, scope_id)


def scope_results(graph: Graph, *, scope_kind: str, scope_id: str) -> ScopeResults:
    """The scope's projects (stage moves, contracts) and its customers' plans."""
    def work(tx: ManagedTransaction) -> ScopeResults:
        reach = single(tx, catalog.query("scorecard/scope"), scopeKind=scope_kind, scopeId=scope_id) or {}
        found = single(tx, catalog.query("scorecard/results"), projectIds=reach.get("projectIds", []),
                       customerIds=reach.get("customerIds", []))
        return ScopeResults.model_validate({**reach, **(found or {})})
    return graph.read(work)
