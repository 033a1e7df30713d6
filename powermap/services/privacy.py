"""Personal data: who sees it in the audit log and in a person's export, and what erasure removes.

The data-protection model (the README's "Security" section states it for users):
- Personal data are a person's `notes` and `email` and an assessment's `note`
  (`policy.PERSONAL_FIELDS`); names, titles, stances and influence are the company's account
  knowledge, readable by every key.
- The audit log (editor role) shows every change with who and when; the personal values in it
  follow the same rule as the graph: only admins and the covering team's keys see them. An entry
  about an entity that no longer exists shows them to admins only.
- Erasure (admin) replaces the name with a stable pseudonym, removes title, e-mail and notes, the
  notes of assessments of the person, and the values of every audit entry about the person or their
  assessments (each entry keeps when, who, which action and which fields). Their place in the graph
  (influence, stance, relationships) stays, so maps and scorecards remain consistent. Their
  captured interactions go too: they are taken off every meeting and thread (one left without one of
  ours and one of theirs is deleted), their aliases are deleted, and their addresses are excluded
  from capture (by hash), so a re-capture never brings them back (powermap/services/capture.py).
- Audit entries live `audit_retention_days` (a setting, default 730) and are purged at start.
"""

import hashlib
from typing import Any

from powermap.graph.driver import Graph
from powermap.graph.model import Label
from powermap.graph.records import to_native
from powermap.graph.repositories import security as store
from powermap.models.power_map import StanceChange
from powermap.models.security import AuditEntry, Principal, Role
from powermap.services import capture, policy
from powermap.services.nodes import shown

PERSONAL_LABELS = {label.value for label in policy.PERSONAL_FIELDS}


def audit_entries(graph: Graph, *, principal: Principal, entity_id: str, limit: int) -> list[AuditEntry]:
    """The audit history of one entity, with personal values only where the principal may see them."""
    policy.require_role(principal, Role.EDITOR)
    entries = store.audit_of(graph, entity_id=entity_id, limit=limit)
    for label in {Label(entry.label) for entry in entries if entry.label in PERSONAL_LABELS}:
        owners = store.customers_by_node(graph, nodes=[(label, entity_id)]).get(entity_id, set())
        if policy.may_see_personal(principal, owners):
            continue
        entries = [entry.model_copy(update={"before": policy.without_personal(label, entry.before),
                                            "after": policy.without_personal(label, entry.after)})
                   if entry.label == label.value else entry for entry in entries]
    return entries


def export_person(graph: Graph, *, principal: Principal, stakeholder_id: str) -> dict[str, Any]:
    """Everything held about a person, with personal fields only where the principal may see them."""
    found = store.stakeholder_record(graph, stakeholder_id=stakeholder_id)
    shown(graph, principal, Label.STAKEHOLDER, [found["person"]])
    shown(graph, principal, Label.ASSESSMENT, found["assessments"])
    record: dict[str, Any] = to_native(found)
    return record


def erase_person(graph: Graph, *, principal: Principal, stakeholder_id: str) -> dict[str, Any]:
    """Remove a person's personal data (admin), including the values in the audit log."""
    policy.require_role(principal, Role.ADMIN)
    pseudonym = "Erased person " + hashlib.sha256(stakeholder_id.encode()).hexdigest()[:8]
    addresses = capture.person_addresses(graph, stakeholder_id=stakeholder_id)
    erased: dict[str, Any] = to_native(store.erase_stakeholder(graph, stakeholder_id=stakeholder_id,
                                                               pseudonym=pseudonym, who=principal.signature))
    forgotten = capture.forget_stakeholder(graph, principal=principal, stakeholder_id=stakeholder_id,
                                           addresses=addresses)
    return {**erased, "interactionsLeft": forgotten.interactions_left,
            "interactionsDeleted": forgotten.interactions_deleted}


def stance_changes_shown(graph: Graph, *, principal: Principal, changes: list[StanceChange]) -> list[StanceChange]:
    """Stance changes with the assessment's note only where the principal may see the person's personal data."""
    if principal.role is Role.ADMIN:
        return changes
    owners = store.customers_by_node(graph, nodes=[(Label.STAKEHOLDER, change.stakeholder_id)
                                                   for change in changes if change.note is not None])
    return [change if policy.may_see_personal(principal, owners.get(change.stakeholder_id, set()))
            else change.model_copy(update={"note": None}) for change in changes]


def purge_expired_audit(graph: Graph, *, retention_days: int) -> int:
    """Delete audit entries past the retention period; returns how many went."""
    return store.purge_audit(graph, retention_days=retention_days)
