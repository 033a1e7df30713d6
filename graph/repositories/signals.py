"""Reads behind relationship signals: captured interactions, stated ties as of a time, and the facts
the alerts judge (powermap/services/signals.py)."""

from datetime import datetime

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.models.signals import PersonFacts, ScopeProject, StatedTie, StoredInteraction


def interactions_of(graph: Graph, *, stakeholder_ids: list[str], since: datetime,
                    until: datetime) -> list[StoredInteraction]:
    """The interactions of these stakeholders that can count between `since` and `until`."""
    found = graph.read(lambda tx: rows(tx, catalog.query("signals/interactions_of"), ids=stakeholder_ids,
                                       **{"from": since, "until": until}))
    return [StoredInteraction.model_validate(row) for row in found]


def stated_ties(graph: Graph, *, stakeholder_ids: list[str], as_of: datetime) -> list[StatedTie]:
    """The stated KNOWS ties of these stakeholders as they stood at `as_of`."""
    found = graph.read(lambda tx: rows(tx, catalog.query("signals/stated_ties"), ids=stakeholder_ids, asOf=as_of))
    return [StatedTie.model_validate(row) for row in found]


def employees(graph: Graph, *, ids: list[str]) -> dict[str, dict[str, str]]:
    """Name and role of each employee id (an unknown id is left out)."""
    found = graph.read(lambda tx: rows(tx, catalog.query("signals/employees"), ids=sorted(set(ids))))
    return {row["id"]: {"name": row["name"], "role": row["role"]} for row in found}


def _scope(tx: ManagedTransaction, scope_kind: str, scope_id: str, until: datetime
           ) -> tuple[list[ScopeProject], list[PersonFacts]]:
    label = "Project" if scope_kind == "project" else "Customer"
    exists = single(tx, catalog.query("activity/scope_exists"), scopeKind=scope_kind, scopeId=scope_id)
    if not exists or not exists["found"]:
        raise NotFound(f"no {label} with id {scope_id}", field="id")
    projects = [ScopeProject.model_validate({**row["project"], "chains": row["chains"]})
                for row in rows(tx, catalog.query("signals/scope_projects"), scopeKind=scope_kind, scopeId=scope_id)]
    people = single(tx, catalog.query("signals/scope_people"), scopeKind=scope_kind, scopeId=scope_id) or {}
    ids = sorted({*people.get("ids", []), *(m.id for p in projects for c in p.chains for m in c.members)})
    facts = [PersonFacts.model_validate({**row["person"], "assessments": row["assessments"],
                                         "bosses": row["bosses"], "activitiesDone": row["activitiesDone"]})
             for row in rows(tx, catalog.query("signals/people_facts"), ids=ids, until=until)]
    return projects, facts


def alert_scope(graph: Graph, *, scope_kind: str, scope_id: str, until: datetime
                ) -> tuple[list[ScopeProject], list[PersonFacts]]:
    """A scope's projects with their chains, and the facts of its people; NotFound for an unknown scope."""
    return graph.read(_scope, scope_kind, scope_id, until)


def watch_scope(graph: Graph, *, scope_kind: str, scope_id: str) -> tuple[list[str], list[str]]:
    """The customers and projects one watch-list filter (a team, employee or project) reaches;
    NotFound, naming the filter, for an unknown id."""
    found = graph.read(lambda tx: single(tx, catalog.query("signals/watch_scope"), scopeKind=scope_kind,
                                         scopeId=scope_id))
    if found is None:
        raise NotFound(f"no {scope_kind.capitalize()} with id {scope_id}", field=scope_kind)
    return sorted(found["customerIds"]), sorted(found["projectIds"])


def all_customers(graph: Graph) -> list[str]:
    """Every customer's id."""
    return [row["id"] for row in graph.read(lambda tx: rows(tx, catalog.query("signals/all_customers")))]


def names(graph: Graph, *, ids: list[str]) -> dict[str, str]:
    """The name of each employee or stakeholder id (an unknown id is left out)."""
    found = graph.read(lambda tx: rows(tx, catalog.query("signals/names"), ids=sorted(set(ids))))
    return {row["id"]: row["name"] for row in found}
