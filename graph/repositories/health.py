"""Reads behind relationship health that the customer power map does not already give."""

from datetime import datetime

from powermap.graph import catalog
from powermap.graph.driver import Graph, single
from powermap.models.health import CompanyTies


def company_ties(graph: Graph, *, customer_id: str, start: datetime, end: datetime) -> CompanyTies:
    """Agreements in force, executive exchanges and joint programmes with a customer."""
    found = graph.read(lambda tx: single(tx, catalog.query("relationship_health/company_ties"),
                                         customerId=customer_id, start=start, end=end))
    return CompanyTies.model_validate(found or {})


def org_units(graph: Graph, *, customer_id: str) -> list[str]:
    """Ids of every org unit of the customer."""
    found = graph.read(lambda tx: single(tx, catalog.query("relationship_health/org_units"),
                                         customerId=customer_id))
    return found["units"] if found else []
