"""Reads behind network power (one customer's people and ties) and its write-back for Neo4j Browser.

The whole input of the analysis is read in one transaction with the customer's change markers
(graph/repositories/network_marks.py), so it is a consistent snapshot and the service can key its
cache by the markers. Chain seats reuse the power map's member reads, so "in a chain"
means exactly what it means on the map.
"""

from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.changes import Action, Authorize, Change
from powermap.graph.driver import Graph, rows, single
from powermap.graph.model import Label
from powermap.graph.repositories.network_marks import Marks, marks_in
from powermap.graph.repositories.power_map import customer_chains_in
from powermap.graph.repositories.security import audit_entry, customers_of, record_audits
from powermap.models.network_power import ChainMembers, CustomerNetwork
from powermap.models.power_map import StakeholderFacts
from powermap.models.security import Signature


def _network(tx: ManagedTransaction, customer_id: str, today: date) -> tuple[CustomerNetwork, Marks] | None:
    marks = marks_in(tx, customer_id)
    found = single(tx, catalog.query("network_power/customer_network"), customerId=customer_id, today=today)
    if found is None:
        return None
    inside = {person["id"] for person in found["people"]}
    ties = [tie for tie in found["ties"] if tie["target"] in inside]
    return CustomerNetwork.model_validate({**found, "ties": ties}), marks


def customer_network(graph: Graph, *, customer_id: str, today: date) -> tuple[CustomerNetwork, Marks]:
    """The customer's people on `today`, the ties among them and their competitor alignments, with the
    change markers this state carries (graph/repositories/network_marks.py), from one snapshot."""
    found = graph.read(_network, customer_id, today)
    if found is None:
        raise NotFound(f"no Customer with id {customer_id}", field="id")
    return found


def network_marks(graph: Graph, *, customer_id: str) -> Marks:
    """The customer's change markers now: what a cached analysis is checked against."""
    return graph.read(marks_in, customer_id)


def customer_size(graph: Graph, *, customer_id: str) -> int:
    """How many people work at the customer (0 when there is no such customer)."""
    found = graph.read(lambda tx: single(tx, catalog.query("network_power/people_count"), customerId=customer_id))
    return int(found["people"]) if found else 0


def project_members(graph: Graph, *, project_id: str) -> ChainMembers:
    """The project's chain members with their roles, and its customer."""
    found = graph.read(lambda tx: single(tx, catalog.query("power_map/project_members"), projectId=project_id))
    if found is None:
        raise NotFound(f"no Project with id {project_id}", field="id")
    return ChainMembers.model_validate(found)


def customer_members(graph: Graph, *, customer_id: str) -> ChainMembers:
    """The customer's people who hold seats in the chains of its open projects, with their roles (the
    customer power map's chain reading: the people without a seat are not read)."""
    found = graph.read(customer_chains_in, customer_id, None)
    if found is None:
        raise NotFound(f"no Customer with id {customer_id}", field="id")
    return ChainMembers.model_validate(found)


def people_facts(graph: Graph, *, ids: list[str], report_date: date) -> list[StakeholderFacts]:
    """The power map's facts about people who are not on a map (who knows them, their stance)."""
    found = graph.read(lambda tx: rows(tx, catalog.query("power_map/stakeholder_facts"), ids=ids, asOf=None,
                                       reportDate=report_date))
    return [StakeholderFacts.model_validate(row) for row in found]


def _write(tx: ManagedTransaction, values: list[dict[str, Any]], who: Signature, authorize: Authorize) -> int:
    ids = [row["id"] for row in values]
    before = {row["id"]: {"networkPower": row["networkPower"], "camp": row["camp"]}
              for row in rows(tx, catalog.query("network_power/stored"), ids=ids)}
    owners = customers_of(tx, [(Label.STAKEHOLDER, person_id) for person_id in ids])
    entries = []
    for row in values:
        after = {"networkPower": row["networkPower"], "camp": row["camp"]}
        authorize(Change(action=Action.UPDATE, label=Label.STAKEHOLDER, entity_id=row["id"],
                         before=before.get(row["id"]), after=after,
                         customers=frozenset(owners.get(row["id"], set()))))
        entries.append(audit_entry("network power", Label.STAKEHOLDER.value, row["id"], before.get(row["id"]), after))
    written = single(tx, catalog.query("network_power/write"), rows=values)
    record_audits(tx, who=who, entries=entries)
    return int(written["written"]) if written else 0


def write_network_power(graph: Graph, *, values: list[dict[str, Any]], who: Signature,
                        authorize: Authorize) -> int:
    """Store `networkPower` and `camp` on these people, each write judged and audited, in one transaction."""
    return graph.write(_write, values, who, authorize)
