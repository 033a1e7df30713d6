"""Bulk import and export of the graph as JSON lines, one node or relationship per line.

    {"label": "Stakeholder", "id": "stk-1", "properties": {"name": "Zhou Min", "influence": 5}}
    {"type": "KNOWS", "from": "emp-1", "to": "stk-1", "properties": {"strength": 0.8}}

`fromLabel`/`toLabel` name the ends where a type joins several labels (AT, WORKS_IN, PART_OF).
Every row is validated with the API's models; a bad row is reported (line, field, problem) and
skipped, the good ones are written. Rows are written in batches (`UNWIND`, MERGE on constrained
ids) in managed transactions, so an import is idempotent; a checkpoint file beside the source
records the lines committed, so an import killed half-way resumes where it stopped (re-applying at
most one batch, harmlessly). Export writes the same rows, timestamps included, so export, wipe,
import gives the same graph.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction
from pydantic import ValidationError

from graph import catalog
from graph.driver import Graph, rows, single
from graph.model import INTERNAL_TYPES, RELATIONSHIP_ENDS, SECURITY_LABELS, Label, RelType
from powermap.errors import InvalidValue
from powermap.models.nodes import KIND_BY_LABEL, StageChangeFields, as_properties
from powermap.services.relationships import resolve_ends, validated_properties

BATCH_SIZE = 5_000
TIMESTAMPS = ("createdAt", "updatedAt")


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    problem: str


@dataclass
class ImportReport:
    rows: int = 0
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    resumedFromLine: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass
class _Batch:
    nodes: dict[Label, list[dict]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[tuple[RelType, Label, Label], list[dict]] = field(default_factory=lambda: defaultdict(list))
    size: int = 0


def _fields_model(label: Label) -> type:
    return StageChangeFields if label is Label.STAGE_CHANGE else KIND_BY_LABEL[label].fields


def _timestamp(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as error:
        raise InvalidValue(f"{name} is not an ISO 8601 timestamp", field=name) from error


def _validated_node(row: dict) -> tuple[Label, dict]:
    try:
        label = Label(row.get("label"))
    except ValueError as error:
        raise InvalidValue(f"unknown label {row.get('label')!r}", field="label") from error
    if label in SECURITY_LABELS:
        raise InvalidValue(f"{label.value} cannot be imported", field="label")
    node_id = row.get("id")
    if not isinstance(node_id, str) or not node_id:
        raise InvalidValue("a node needs a string id", field="id")
    props = dict(row.get("properties") or {})
    stamps = {name: _timestamp(props.pop(name, None), name) for name in TIMESTAMPS}
    try:
        checked = _fields_model(label).model_validate(props)
    except ValidationError as error:
        first = error.errors()[0]
        raise InvalidValue(first["msg"], field=".".join(str(p) for p in first["loc"])) from error
    return label, {"id": node_id, "props": as_properties(checked.model_dump(exclude_none=True)), **stamps}


def _validated_relationship(row: dict) -> tuple[tuple[RelType, Label, Label], dict]:
    try:
        rel_type = RelType(row.get("type"))
    except ValueError as error:
        raise InvalidValue(f"unknown relationship type {row.get('type')!r}", field="type") from error
    labels = []
    for name in ("fromLabel", "toLabel"):
        try:
            labels.append(Label(row[name]) if row.get(name) else None)
        except ValueError as error:
            raise InvalidValue(f"unknown label {row[name]!r}", field=name) from error
    source, target = resolve_ends(rel_type, labels[0], labels[1], allow_internal=True)
    for end in ("from", "to"):
        if not isinstance(row.get(end), str) or not row[end]:
            raise InvalidValue(f"a relationship needs a string {end!r} id", field=end)
    props = validated_properties(rel_type, row.get("properties") or {}, partial=False)
    return (rel_type, source, target), {"from": row["from"], "to": row["to"], "props": props}


def _write(tx: ManagedTransaction, batch: _Batch) -> list[dict]:
    for label, node_rows in batch.nodes.items():
        single(tx, catalog.template("transfer/merge_nodes", label=label), rows=node_rows)
    missing: list[dict] = []
    for (rel_type, source, target), rel_rows in batch.relationships.items():
        statement = catalog.template("relationship/merge_batch", source=source, target=target, type=rel_type)
        found = single(tx, statement, rows=rel_rows)
        missing += found["missing"] if found else []
    return missing


def _flush(graph: Graph, batch: _Batch, report: ImportReport) -> None:
    if not batch.size:
        return
    missing = graph.write(_write, batch)
    report.batches += 1
    report.nodes += sum(len(v) for v in batch.nodes.values())
    report.relationships += sum(len(v) for v in batch.relationships.values()) - len(missing)
    report.errors += [RowError(line=m["row"], field="from/to", problem=f"no node {m['from']} or {m['to']} "
                               "with the labels this type joins") for m in missing]


def import_rows(graph: Graph, numbered_rows: Iterable[tuple[int, dict | RowError]], *,
                batch_size: int = BATCH_SIZE, start_line: int = 0,
                on_batch: Callable[[int], None] | None = None) -> ImportReport:
    """Validate and write rows in batches; `on_batch(last_line)` runs after each commit."""
    report = ImportReport(resumedFromLine=start_line)
    batch = _Batch()
    last_line = start_line
    for line, row in numbered_rows:
        if line <= start_line:
            continue
        if batch.size >= batch_size and line != last_line:
            # Batches end only between source lines (one CSV line can give several rows), so the
            # checkpoint never falls inside a line.
            _flush(graph, batch, report)
            batch = _Batch()
            if on_batch:
                on_batch(last_line)
        report.rows += 1
        last_line = line
        if isinstance(row, RowError):
            report.errors.append(row)
            continue
        try:
            if "label" in row:
                label, node = _validated_node(row)
                batch.nodes[label].append(node)
            else:
                key, relationship = _validated_relationship(row)
                batch.relationships[key].append({**relationship, "row": line})
            batch.size += 1
        except InvalidValue as error:
            report.errors.append(RowError(line=line, field=error.field or "row", problem=error.problem))
    _flush(graph, batch, report)
    if on_batch:
        on_batch(last_line)
    return report


def jsonl_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict | RowError]]:
    """Numbered rows of a JSON-lines text; an unparsable line becomes a RowError."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, RowError(line=number, field="line", problem=f"not JSON: {error.msg}")
            continue
        yield number, row if isinstance(row, dict) else RowError(line=number, field="line", problem="not an object")


def checkpoint_path(source: Path) -> Path:
    return source.with_name(source.name + ".import-progress")


RowReader = Callable[[Iterable[str]], Iterable[tuple[int, Any]]]


def import_file(graph: Graph, source: Path, *, rows_of: RowReader = jsonl_rows, batch_size: int = BATCH_SIZE,
                on_batch: Callable[[int], None] | None = None) -> ImportReport:
    """Import one file, resuming after the last committed line if a checkpoint says so."""
    checkpoint = checkpoint_path(source)
    start = int(checkpoint.read_text()) if checkpoint.exists() else 0

    def committed(line: int) -> None:
        checkpoint.write_text(str(line))
        if on_batch:
            on_batch(line)

    with source.open(encoding="utf-8") as lines:
        report = import_rows(graph, rows_of(lines), batch_size=batch_size, start_line=start, on_batch=committed)
    checkpoint.unlink(missing_ok=True)
    return report


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def export_rows(graph: Graph, *, customer_id: str | None = None, page: int = 10_000) -> Iterator[dict]:
    """Every node, then every relationship, as import rows (one customer's part when given)."""
    ids = None
    if customer_id:
        found = graph.read(lambda tx: single(tx, catalog.query("transfer/customer_part"), customerId=customer_id))
        if found is None:
            raise InvalidValue(f"no Customer with id {customer_id}", field="customer")
        ids = sorted(set(found["ids"]))
    for label in (label for label in Label if label not in SECURITY_LABELS):
        after = ""
        while True:
            found = graph.read(lambda tx, label=label, after=after: rows(
                tx, catalog.template("transfer/nodes_of_label", label=label), after=after, ids=ids, limit=page))
            for node in found:
                yield {"label": label.value, "id": node["id"],
                       "properties": {k: _plain(v) for k, v in sorted(node["props"].items()) if k != "id"}}
            if len(found) < page:
                break
            after = found[-1]["id"]
    for rel_type, ends in RELATIONSHIP_ENDS.items():
        for source in ends.sources:
            for target in ends.targets:
                statement = catalog.template("transfer/relationships_of_type", source=source, target=target,
                                             type=rel_type)
                for rel in graph.read(lambda tx, statement=statement: rows(tx, statement, ids=ids)):
                    row = {"type": rel_type.value, "from": rel["source"], "to": rel["target"],
                           "properties": {k: _plain(v) for k, v in sorted(rel["props"].items())}}
                    if len(ends.sources) > 1 or rel_type in INTERNAL_TYPES:
                        row["fromLabel"] = source.value
                    if len(ends.targets) > 1:
                        row["toLabel"] = target.value
                    yield row
