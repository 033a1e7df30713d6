"""Undo of one import run (`powermap import --undo RUN_ID`, `POST /api/v1/import/{runId}/undo`).

An import run signs every audit entry it writes with its run id, and each entry holds the values
before and after. The undo reads them back: per entity, the first `before` is its value before the
run, the last `after` its value when the run ended. It reverts only if nothing changed them since:
every entity must still hold exactly the run's `after` values, and a node the run created must have
no relationship the run did not create (history hanging off it, its assessments and stage changes,
goes with it). Otherwise it refuses (409) listing each change, and writes nothing.

Reverting, in one transaction: relationships the run created are deleted, those it updated take
back the fields it changed; nodes it created are deleted with their derived history, those it
updated take back the fields it changed (importedValues included, so field ownership is as before).
Each revert is an audit entry with action `import undo` under the same run id (a run is undone
once), and a stance, influence or stage the undo restores is recorded as history (an assessment,
a stage change whose reason names the undo), as any change is.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import Conflict, NotFound
from powermap.graph import catalog
from powermap.graph.driver import rows
from powermap.graph.model import RELATIONSHIP_ENDS, Label, RelType
from powermap.graph.ownership import IMPORTED
from powermap.graph.repositories.security import json_text
from powermap.graph.transfer import (
    BOOKKEEPING,
    audit_entry,
    history_of,
    record_writes,
    stored_nodes,
    stored_relationships,
)
from powermap.models.nodes import KIND_BY_LABEL, as_properties
from powermap.models.relationships import validated_properties
from powermap.models.security import Signature

UNDO = "import undo"
LABELS = {label.value: label for label in Label}


@dataclass
class UndoReport:
    run_id: str
    deleted: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)


@dataclass
class _Span:
    """One entity across a run: created by it or not, its values before and after the run."""

    created: bool
    before: dict[str, Any] | None
    after: dict[str, Any]


def _spans(entries: list[dict[str, Any]]) -> tuple[dict[tuple[Label, str], _Span],
                                                    dict[tuple[RelType, str, str], _Span]]:
    nodes: dict[tuple[Label, str], _Span] = {}
    relationships: dict[tuple[RelType, str, str], _Span] = {}
    for entry in entries:
        before = json.loads(entry["before"]) if entry["before"] else None
        after = json.loads(entry["after"])
        spans: dict[Any, _Span]
        if entry["label"] in LABELS:
            key: Any = (LABELS[entry["label"]], entry["entityId"])
            spans = nodes
        else:
            key, spans = (RelType(entry["label"]), after["from"], after["to"]), relationships
        if key in spans:
            spans[key].after = after
        else:
            spans[key] = _Span(created=before is None, before=before, after=after)
    return nodes, relationships


def _as_json(values: dict[str, Any]) -> Any:
    return json.loads(json_text(values) or "null")


def _restoring(span: _Span, typed: Any) -> dict[str, Any]:
    """The fields the run changed, with their values before it (typed again from the audit's JSON)."""
    before = span.before or {}
    changed = {name for name in {*before, *span.after} if before.get(name) != span.after.get(name)}
    values = typed({name: before[name] for name in changed - BOOKKEEPING if before.get(name) is not None})
    cleared = dict.fromkeys(name for name in changed - BOOKKEEPING if before.get(name) is None)
    stamps = {name: datetime.fromisoformat(before[name]) for name in changed & {"updatedAt"} if before.get(name)}
    record = {IMPORTED: before.get(IMPORTED)} if IMPORTED in changed else {}
    return {**values, **cleared, **stamps, **record}


def _node_values(label: Label) -> Any:
    kind = KIND_BY_LABEL.get(label)

    def typed(values: dict[str, Any]) -> dict[str, Any]:
        if kind is None:
            return {name: _date_of(value) for name, value in values.items()}
        return as_properties(kind.update.model_validate(values).model_dump(exclude_unset=True))
    return typed


def _date_of(value: Any) -> Any:
    """A stored value the audit wrote as text, typed again (stage changes have no update model)."""
    if isinstance(value, str):
        for parse in (datetime.fromisoformat, date.fromisoformat):
            try:
                return parse(value)
            except ValueError:
                continue
    return value


def undo_run(tx: ManagedTransaction, *, run_id: str, who: Signature) -> UndoReport:
    """Revert one import run if nothing changed what it wrote since (see the module docstring)."""
    entries = rows(tx, catalog.query("bulk/run_entries"), runId=run_id)
    if not entries:
        raise NotFound(f"no import run {run_id}", field="runId")
    if any(entry["action"] == UNDO for entry in entries):
        raise Conflict(f"import run {run_id} is already undone", field="runId")
    nodes, relationships = _spans(entries)
    current_rels = _current_relationships(tx, relationships)
    changed = [f"{rel_type.value} {a} -> {b}" for (rel_type, a, b), span in relationships.items()
               if current_rels.get((rel_type, a, b)) != span.after]
    by_label: dict[Label, list[str]] = {}
    for label, node_id in nodes:
        by_label.setdefault(label, []).append(node_id)
    for label, ids in by_label.items():
        stored = stored_nodes(tx, label, ids, stamps=True)
        changed += [f"{label.value} {node_id}" for node_id in ids
                    if (_as_json(stored[node_id]) if node_id in stored else None) != nodes[(label, node_id)].after]
        created = [node_id for node_id in ids if nodes[(label, node_id)].created]
        for tie in rows(tx, catalog.template("bulk/node_ties", label=label), ids=created):
            if not any(key[1:] == (tie["from"], tie["to"]) and key[0].value == tie["type"] and span.created
                       for key, span in relationships.items()):
                changed.append(f"{tie['type']} {tie['from']} -> {tie['to']} (added to {tie['id']})")
    if changed:
        raise Conflict(f"import run {run_id} cannot be undone: changed since: {'; '.join(sorted(set(changed)))}",
                       field="runId", detail={"changed": sorted(set(changed))})
    report = UndoReport(run_id=run_id)
    audit: list[dict[str, Any]] = []
    _revert_relationships(tx, relationships, audit, report)
    assessments, stage_changes = _revert_nodes(tx, nodes, by_label, audit, report, who, run_id)
    record_writes(tx, audit=audit, assessments=assessments, stage_changes=stage_changes, who=who, run_id=run_id)
    return report


def _combinations(rel_type: RelType) -> list[tuple[RelType, Label, Label]]:
    ends = RELATIONSHIP_ENDS[rel_type]
    return [(rel_type, source, target) for source in ends.sources for target in ends.targets]


def _current_relationships(tx: ManagedTransaction, relationships: dict[tuple[RelType, str, str], _Span]
                           ) -> dict[tuple[RelType, str, str], Any]:
    current: dict[tuple[RelType, str, str], Any] = {}
    for rel_type in {key[0] for key in relationships}:
        pairs = [(a, b) for kind, a, b in relationships if kind is rel_type]
        for combination in _combinations(rel_type):
            for (a, b), props in stored_relationships(tx, combination, pairs).items():
                current[(rel_type, a, b)] = _as_json({"from": a, "to": b, **props})
    return current


def _revert_relationships(tx: ManagedTransaction, relationships: dict[tuple[RelType, str, str], _Span],
                          audit: list[dict[str, Any]], report: UndoReport) -> None:
    for rel_type in {key[0] for key in relationships}:
        spans = {(a, b): span for (kind, a, b), span in relationships.items() if kind is rel_type}
        deleted = [{"from": a, "to": b} for (a, b), span in spans.items() if span.created]
        restored = [{"from": a, "to": b, "props": _restoring(
            span, lambda values, t=rel_type: validated_properties(t, values, partial=True))}
            for (a, b), span in spans.items() if not span.created]
        for _, source, target in _combinations(rel_type):
            slots = {"source": source, "target": target, "type": rel_type}
            rows(tx, catalog.template("bulk/undo_delete_relationships", **slots), rows=deleted)
            for found in rows(tx, catalog.template("bulk/undo_restore_relationships", **slots), rows=restored):
                ends = {"from": found["from"], "to": found["to"]}
                audit += [audit_entry(False, rel_type.value, end, {**ends, **found["before"]},
                                 {**ends, **found["after"]}, action=UNDO) for end in ends.values()]
        for pair in deleted:
            gone = spans[(pair["from"], pair["to"])].after
            audit += [audit_entry(False, rel_type.value, end, gone, None, action=UNDO) for end in pair.values()]
        report.deleted += [f"{rel_type.value} {a} -> {b}" for a, b in spans if spans[(a, b)].created]
        report.restored += [f"{rel_type.value} {a} -> {b}" for a, b in spans if not spans[(a, b)].created]


def _revert_nodes(tx: ManagedTransaction, nodes: dict[tuple[Label, str], _Span], by_label: dict[Label, list[str]],
                  audit: list[dict[str, Any]], report: UndoReport, who: Signature,
                  run_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    assessments: list[dict[str, Any]] = []
    stage_changes: list[dict[str, Any]] = []
    note = f"undo of import {run_id}"
    for label, ids in by_label.items():
        created = [node_id for node_id in ids if nodes[(label, node_id)].created]
        updated = [{"id": node_id, "props": _restoring(nodes[(label, node_id)], _node_values(label))}
                   for node_id in ids if not nodes[(label, node_id)].created]
        rows(tx, catalog.template("bulk/undo_delete_nodes", label=label), ids=created)
        audit += [audit_entry(False, label.value, node_id, nodes[(label, node_id)].after, None, action=UNDO)
                  for node_id in created]
        for written in rows(tx, catalog.template("bulk/undo_restore_nodes", label=label), rows=updated):
            audit.append(audit_entry(False, label.value, written["id"], written["before"], written["after"],
                                     action=UNDO))
            found_assessments, found_stages = history_of(
                label, {**written, "created": False}, {"createdAt": None, "withHistory": False},
                who.employee_id, note=note)
            assessments += found_assessments
            stage_changes += found_stages
        report.deleted += [f"{label.value} {node_id}" for node_id in created]
        report.restored += [f"{label.value} {row['id']}" for row in updated]
    return assessments, stage_changes
