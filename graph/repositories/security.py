"""API keys and the audit log, stored in Neo4j beside the graph they guard."""

import json
import uuid
from typing import Any

from neo4j import ManagedTransaction

from graph import catalog
from graph.driver import Graph, rows, single
from graph.model import Label
from powermap.errors import NotFound


def save_key(graph: Graph, *, key_id: str, name: str, role: str, key_hash: str, employee_id: str | None) -> dict:
    return graph.write(lambda tx: single(tx, catalog.query("security/create_key"), id=key_id, name=name,
                                         role=role, hash=key_hash, employeeId=employee_id))["key"]  # type: ignore[index]


def key_by_hash(graph: Graph, *, key_hash: str) -> dict | None:
    return graph.read(lambda tx: single(tx, catalog.query("security/key_by_hash"), hash=key_hash))


def list_keys(graph: Graph) -> list[dict]:
    return [row["key"] for row in graph.read(lambda tx: rows(tx, catalog.query("security/list_keys")))]


def revoke_key(graph: Graph, *, key_id: str) -> dict:
    found = graph.write(lambda tx: single(tx, catalog.query("security/revoke_key"), id=key_id))
    if found is None:
        raise NotFound(f"no API key with id {key_id}", field="id")
    return found["key"]


def customers_by_node(graph: Graph, *, nodes: list[tuple[Label, str]]) -> dict[str, set[str]]:
    """For each node, the customers it belongs to (walking up what owns it)."""
    def work(tx: ManagedTransaction) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for label in {label for label, _ in nodes}:
            ids = [node_id for node_label, node_id in nodes if node_label is label]
            for row in rows(tx, catalog.template("security/customers_of", label=label), ids=ids):
                found.setdefault(row["id"], set()).update(row["customers"])
        return found
    return graph.read(work) if nodes else {}


def _json(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, default=str, sort_keys=True)


def record_audit(tx: ManagedTransaction, *, who: dict[str, Any], action: str, label: str, entity_id: str,
                 before: dict | None, after: dict | None) -> None:
    """Write one audit entry inside the caller's transaction, so it commits with the change."""
    single(tx, catalog.query("security/record_audit"), id=f"aud-{uuid.uuid4().hex[:16]}",
           keyId=who.get("keyId"), employeeId=who.get("employeeId"), action=action, label=label,
           entityId=entity_id, before=_json(before), after=_json(after))


def audit_of(graph: Graph, *, entity_id: str, limit: int) -> list[dict]:
    entries = graph.read(lambda tx: rows(tx, catalog.query("security/audit_of"), entityId=entity_id, limit=limit))
    return [{**e["entry"], "before": json.loads(e["entry"]["before"] or "null"),
             "after": json.loads(e["entry"]["after"] or "null")} for e in entries]
