"""API keys and the audit log, stored in Neo4j beside the graph they guard.

Keys and audit entries come back as models (`ApiKeyRead`, `KeyGrant`, `AuditEntry`). A person's
record and an erasure's receipt stay dicts: they carry every stored property of the person and of
their relationships and assessments, whatever those are, which is the point of a data-subject export.
"""

import json
import uuid
from collections.abc import Iterable
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.graph.model import Label
from powermap.graph.repositories.network_marks import mark
from powermap.models.security import ApiKeyRead, AuditEntry, KeyGrant, Signature


def save_key(graph: Graph, *, key_id: str, name: str, role: str, key_hash: str,
             employee_id: str | None) -> ApiKeyRead:
    found = graph.write(lambda tx: single(tx, catalog.query("security/create_key"), id=key_id, name=name,
                                          role=role, hash=key_hash, employeeId=employee_id))
    assert found is not None, "security/create_key always returns the key"
    return ApiKeyRead.model_validate(found["key"])


def key_by_hash(graph: Graph, *, key_hash: str) -> KeyGrant | None:
    found = graph.read(lambda tx: single(tx, catalog.query("security/key_by_hash"), hash=key_hash))
    return None if found is None else KeyGrant.model_validate(found)


def list_keys(graph: Graph) -> list[ApiKeyRead]:
    return [ApiKeyRead.model_validate(row["key"])
            for row in graph.read(lambda tx: rows(tx, catalog.query("security/list_keys")))]


def revoke_key(graph: Graph, *, key_id: str) -> ApiKeyRead:
    found = graph.write(lambda tx: single(tx, catalog.query("security/revoke_key"), id=key_id))
    if found is None:
        raise NotFound(f"no API key with id {key_id}", field="id")
    return ApiKeyRead.model_validate(found["key"])


def customers_of(tx: ManagedTransaction, nodes: Iterable[tuple[Label, str]]) -> dict[str, set[str]]:
    """For each node, the customers it belongs to (walking up what owns it), inside a transaction."""
    wanted = set(nodes)
    found: dict[str, set[str]] = {}
    for label in {label for label, _ in wanted}:
        ids = sorted(node_id for node_label, node_id in wanted if node_label is label)
        for row in rows(tx, catalog.template("security/customers_of", label=label), ids=ids):
            found.setdefault(row["id"], set()).update(row["customers"])
    return found


def customers_by_node(graph: Graph, *, nodes: list[tuple[Label, str]]) -> dict[str, set[str]]:
    """For each node, the customers it belongs to, in a read transaction of its own."""
    return graph.read(customers_of, nodes) if nodes else {}


def json_text(values: dict[str, Any] | None) -> str | None:
    """Values as an audit entry stores them: JSON, keys sorted, dates as text."""
    return None if values is None else json.dumps(values, default=str, sort_keys=True)


def record_audit(tx: ManagedTransaction, *, who: Signature, action: str, label: str, entity_id: str,
                 before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    """Write one audit entry inside the caller's transaction, so it commits with the change."""
    single(tx, catalog.query("security/record_audit"), id=f"aud-{uuid.uuid4().hex[:16]}",
           keyId=who.key_id, accountId=who.account_id, employeeId=who.employee_id, action=action, label=label,
           entityId=entity_id, before=json_text(before), after=json_text(after))


def audit_entry(action: str, label: str, entity_id: str, before: dict[str, Any] | None,
                after: dict[str, Any] | None) -> dict[str, Any]:
    """One entry for `record_audits`: what happened to which entity, with its values as JSON."""
    return {"id": f"aud-{uuid.uuid4().hex[:16]}", "action": action, "label": label, "entityId": entity_id,
            "before": json_text(before), "after": json_text(after)}


def record_audits(tx: ManagedTransaction, *, who: Signature, entries: list[dict[str, Any]],
                  run_id: str | None = None) -> None:
    """Write many audit entries (`audit_entry`) in one statement inside the caller's transaction, signed
    by `who`; `run_id` names the import run they belong to (none for other bulk writes)."""
    single(tx, catalog.query("bulk/record_audit"), entries=entries, keyId=who.key_id, accountId=who.account_id,
           employeeId=who.employee_id,
           runId=run_id)


def audit_of(graph: Graph, *, entity_id: str, limit: int) -> list[AuditEntry]:
    entries = graph.read(lambda tx: rows(tx, catalog.query("security/audit_of"), entityId=entity_id, limit=limit))
    return [AuditEntry.model_validate({**e["entry"], "before": json.loads(e["entry"]["before"] or "null"),
                                       "after": json.loads(e["entry"]["after"] or "null")}) for e in entries]


def purge_audit(graph: Graph, *, retention_days: int) -> int:
    """Delete audit entries older than the retention period; returns how many went."""
    found = graph.write(lambda tx: single(tx, catalog.query("security/purge_audit"), retentionDays=retention_days))
    return int(found["purged"]) if found else 0


def _erase(tx: ManagedTransaction, stakeholder_id: str, pseudonym: str, who: Signature) -> dict[str, Any]:
    found = single(tx, catalog.query("security/erase_stakeholder"), id=stakeholder_id, pseudonym=pseudonym)
    if found is None:
        raise NotFound(f"no Stakeholder with id {stakeholder_id}", field="id")
    # The name is network power input: the customers' cached analyses must not keep the erased one.
    mark(tx, sorted(customers_of(tx, [(Label.STAKEHOLDER, stakeholder_id)]).get(stakeholder_id, set())))
    entries = rows(tx, catalog.query("security/audit_of_person"), id=stakeholder_id)
    scrubbed = [{"id": entry["id"], "fields": sorted({*json.loads(entry["before"] or "{}"),
                                                      *json.loads(entry["after"] or "{}")})} for entry in entries]
    single(tx, catalog.query("security/scrub_audit"), entries=scrubbed)
    record_audit(tx, who=who, action="erase", label=Label.STAKEHOLDER.value, entity_id=stakeholder_id,
                 before=None, after=None)
    return {**found, "auditEntriesScrubbed": len(scrubbed)}


def erase_stakeholder(graph: Graph, *, stakeholder_id: str, pseudonym: str, who: Signature) -> dict[str, Any]:
    """Remove a person's personal data, from the graph and from the audit log's values, in one transaction."""
    return graph.write(_erase, stakeholder_id, pseudonym, who)


def stakeholder_record(graph: Graph, *, stakeholder_id: str) -> dict[str, Any]:
    """Everything held about one person: properties, relationships, assessments."""
    found = graph.read(lambda tx: single(tx, catalog.query("security/stakeholder_record"), id=stakeholder_id))
    if found is None:
        raise NotFound(f"no Stakeholder with id {stakeholder_id}", field="id")
    return found
