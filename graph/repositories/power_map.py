"""Reads behind the power map and stance changes: members, per-person facts, edges, assessments.

Each read is one transaction, so a map is a consistent snapshot.
"""

from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.models.bid_review import ReviewContext
from powermap.models.power_map import AssessmentRow, MapFacts


def _map_facts(tx: ManagedTransaction, members_statement: LiteralString, scope_params: dict[str, Any],
               as_of: datetime | None, report_date: date) -> MapFacts | None:
    scope = single(tx, members_statement, **scope_params)
    if scope is None:
        return None
    ids = [member["id"] for member in scope["members"]]
    facts = rows(tx, catalog.query("power_map/stakeholder_facts"), ids=ids, asOf=as_of, reportDate=report_date)
    edges = rows(tx, catalog.query("power_map/edges"), ids=ids)
    return MapFacts.model_validate({**scope, "facts": facts, "edges": edges})


def project_map_facts_in(tx: ManagedTransaction, *, project_id: str, as_of: datetime | None,
                         report_date: date) -> MapFacts | None:
    """The same facts inside a caller's transaction (the bid gate checks a stage move with them)."""
    return _map_facts(tx, catalog.query("power_map/project_members"), {"projectId": project_id},
                      as_of, report_date)


def review_context(graph: Graph, *, project_id: str) -> ReviewContext:
    """The project, its manager and its recorded gate overrides."""
    found = graph.read(lambda tx: single(tx, catalog.query("project/review_context"), projectId=project_id))
    if found is None:
        raise NotFound(f"no Project with id {project_id}", field="id")
    return ReviewContext.model_validate(found)


def _read_map_facts(graph: Graph, members: str, params: dict[str, Any], as_of: datetime | None, report_date: date,
                    missing: str) -> MapFacts:
    found = graph.read(_map_facts, catalog.query(members), params, as_of, report_date)
    if found is None:
        raise NotFound(missing, field="id")
    return found


def project_map_facts(graph: Graph, *, project_id: str, as_of: datetime | None,
                      report_date: date) -> MapFacts:
    """Members of the project's chains and the facts about each."""
    return _read_map_facts(graph, "power_map/project_members", {"projectId": project_id}, as_of, report_date,
                           f"no Project with id {project_id}")


def customer_map_facts(graph: Graph, *, customer_id: str, as_of: datetime | None,
                       report_date: date) -> MapFacts:
    """Everyone at the customer and the facts about each."""
    return _read_map_facts(graph, "power_map/customer_members", {"customerId": customer_id, "asOf": as_of},
                           as_of, report_date, f"no Customer with id {customer_id}")


def stance_history(graph: Graph, *, stakeholder_ids: list[str]) -> list[AssessmentRow]:
    """All assessments of these people, oldest first per person."""
    found = graph.read(lambda tx: rows(tx, catalog.query("power_map/stance_history"), ids=stakeholder_ids))
    return [AssessmentRow.model_validate(row) for row in found]
