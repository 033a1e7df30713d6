"""Reads behind the power map and stance changes: members, per-person facts, edges, assessments.

Each read is one transaction, so a map is a consistent snapshot.
"""

from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.models.bid_review import ReviewContext
from powermap.models.power_map import AssessmentRow, MapFacts


def _map_facts(tx: ManagedTransaction, scope: dict[str, Any] | None, as_of: datetime | None,
               report_date: date) -> MapFacts | None:
    if scope is None:
        return None
    ids = [member["id"] for member in scope["members"]]
    facts = rows(tx, catalog.query("power_map/stakeholder_facts"), ids=ids, asOf=as_of, reportDate=report_date)
    edges = rows(tx, catalog.query("power_map/edges"), ids=ids)
    return MapFacts.model_validate({**scope, "facts": facts, "edges": edges})


def _project_scope(tx: ManagedTransaction, project_id: str) -> dict[str, Any] | None:
    return single(tx, catalog.query("power_map/project_members"), projectId=project_id)


def seat_holders(seats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seat rows grouped by person, in the order people first appear: `{id, roles}` as a map reads them."""
    roles: dict[str, list[dict[str, Any]]] = {}
    for seat in seats:
        person, role = seat["id"], {name: value for name, value in seat.items() if name != "id"}
        roles.setdefault(person, []).append(role)
    return [{"id": person, "roles": held} for person, held in roles.items()]


def customer_chains_in(tx: ManagedTransaction, customer_id: str, as_of: datetime | None) -> dict[str, Any] | None:
    """The chains of the customer's open projects and the people seated in them (seat holders only)."""
    found = single(tx, catalog.query("power_map/customer_chains"), customerId=customer_id, asOf=as_of)
    if found is None:
        return None
    seats = found.pop("seats")
    return {**found, "members": seat_holders(seats)}


def _customer_scope(tx: ManagedTransaction, customer_id: str, as_of: datetime | None) -> dict[str, Any] | None:
    chains = customer_chains_in(tx, customer_id, as_of)
    if chains is None:
        return None
    roles = {member["id"]: member["roles"] for member in chains["members"]}
    people = single(tx, catalog.query("power_map/customer_people"), customerId=customer_id) or {"ids": []}
    return {**chains, "members": [{"id": person, "roles": roles.get(person, [])} for person in people["ids"]]}


def project_map_facts_in(tx: ManagedTransaction, *, project_id: str, as_of: datetime | None,
                         report_date: date) -> MapFacts | None:
    """The same facts inside a caller's transaction (the bid gate checks a stage move with them)."""
    return _map_facts(tx, _project_scope(tx, project_id), as_of, report_date)


def review_context(graph: Graph, *, project_id: str) -> ReviewContext:
    """The project, its manager and its recorded gate overrides."""
    found = graph.read(lambda tx: single(tx, catalog.query("project/review_context"), projectId=project_id))
    if found is None:
        raise NotFound(f"no Project with id {project_id}", field="id")
    return ReviewContext.model_validate(found)


def project_map_facts(graph: Graph, *, project_id: str, as_of: datetime | None,
                      report_date: date) -> MapFacts:
    """Members of the project's chains and the facts about each."""
    found = graph.read(lambda tx: project_map_facts_in(tx, project_id=project_id, as_of=as_of,
                                                       report_date=report_date))
    if found is None:
        raise NotFound(f"no Project with id {project_id}", field="id")
    return found


def customer_map_facts(graph: Graph, *, customer_id: str, as_of: datetime | None,
                       report_date: date) -> MapFacts:
    """Everyone at the customer and the facts about each."""
    found = graph.read(lambda tx: _map_facts(tx, _customer_scope(tx, customer_id, as_of), as_of, report_date))
    if found is None:
        raise NotFound(f"no Customer with id {customer_id}", field="id")
    return found


def stance_history(graph: Graph, *, stakeholder_ids: list[str]) -> list[AssessmentRow]:
    """All assessments of these people, oldest first per person."""
    found = graph.read(lambda tx: rows(tx, catalog.query("power_map/stance_history"), ids=stakeholder_ids))
    return [AssessmentRow.model_validate(row) for row in found]
