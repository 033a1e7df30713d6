"""The one bulk-write path (seeds, `powermap import`, `POST /api/v1/import`, generated graphs), and
export, as JSON lines, one node or relationship per line:

    {"label": "Stakeholder", "id": "stk-1", "properties": {"name": "Zhou Min", "influence": 5}}
    {"type": "KNOWS", "from": "emp-1", "to": "stk-1", "properties": {"strength": 0.8}}
    {"label": "Project", "id": "prj-1", "properties": {"stage": "bid", ...}, "stageHistory": [...]}

`fromLabel`/`toLabel` name the ends where a type joins several labels (AT, WORKS_IN, PART_OF).
Properties may hold the API's link fields (`customerId`, ...), written as relationships. Every row
is validated with the API's models. Rows go into one `Batch` and one writer (`write_batch`): one
node-merge and one relationship-merge statement per label or type (`UNWIND`, MERGE on constrained
ids), so a load is idempotent. An import reports a bad row (line, field, problem) and writes the
good ones; a checkpoint file beside the source records the lines committed, so an import killed
half-way resumes where it stopped (re-applying at most one batch, harmlessly). Seeds are all or
nothing (`strict`). Export writes the same rows, timestamps included, so export, wipe, import gives
the same graph.

What a bulk write records, in the batch's own transaction:
- An `AuditEntry` per node and relationship it creates or changes (action `import create` or
  `import update`, values before and after; a relationship is logged under both ends, as the API
  does), signed with `who` (a `Signature`: key and acting employee), which every caller passes explicitly: the
  admin's key for the API, the `--employee` given for the CLI, nobody for the demo seeds. A row
  that changes nothing writes nothing, not even `updatedAt`, and logs nothing.
- History, as the API keeps it: a stance or influence change records an `Assessment` (previous and
  new values, by the acting employee, note "import"); a stakeholder created with a stance or
  influence gets a first assessment at its `createdAt` (also when older assessments are loaded beside
  it: they are its past, the first one records its creation, and which batch a row falls in never
  changes what is written), and a project a first `StageChange` unless the row carries its
  `stageHistory` (steps of the one stage-change model, `StageChangeFields`: each step's `fromStage`
  is the step before, and a step that states another one is refused). A row that carries
  `createdAt` restores an exported record: its own history rows come with it, so nothing is
  derived for it. A stage move of an existing project records a
  `StageChange`.
- A row is never allowed to leave out a judged value and reset it: properties the row does not
  give keep their stored values; the model's defaults apply only to nodes the row creates.

What a bulk write refuses (a row error naming `stage`, nothing of the row written): moving an
existing project into bid, contract or delivery from an earlier stage when the bid gate (the checks
`powermap.services.bid_review.register_bid_gate` hangs on project writes) does not pass, judged on
the graph as it stood before the batch (load the power map first, then the move; an import cannot
override the gate, the API's override with a reason can); with no gate registered, every such move
is refused. A project created directly at bid or later is allowed only with its stage history
(inline `stageHistory` ending at that stage, or a restored export row): a CRM history import says
where a deal already is, a stage *change* must pass the gate. Import is an admin action (the API
route and `powermap import` act as admin; the route checks the role).
"""

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction
from pydantic import ValidationError

from powermap.errors import InvalidValue, PowermapError, invalid_from
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.graph.model import INTERNAL_TYPES, RELATIONSHIP_ENDS, SECURITY_LABELS, Label, RelType
from powermap.graph.repositories.nodes import WRITE_CHECKS
from powermap.models.nodes import KIND_BY_LABEL, StageChangeFields, as_properties, link_values
from powermap.models.relationships import resolve_ends, validated_properties
from powermap.models.security import Signature
from powermap.vocab import ProjectStage

BATCH_SIZE = 5_000
TIMESTAMPS = ("createdAt", "updatedAt")
# Stages a project reaches only through the bid gate.
GATED_STAGES = frozenset({ProjectStage.BID, ProjectStage.CONTRACT, ProjectStage.DELIVERY})
NOTE = "import"
RelKey = tuple[RelType, Label, Label]


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
    resumed_from_line: int = 0
    errors: list[RowError] = field(default_factory=list)


def _timestamp(value: Any, name: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as error:
        raise InvalidValue(f"{name} is not an ISO 8601 timestamp", field=name) from error


@dataclass
class Batch:
    """Validated rows ready to write: nodes per label, relationships per (type, ends), stage history."""

    nodes: dict[Label, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[RelKey, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    stage_history: list[dict[str, Any]] = field(default_factory=list)
    size: int = 0

    def add(self, row: dict[str, Any], line: int | None) -> None:
        """Validate one row into the batch; InvalidValue names the field when it is refused."""
        if "label" in row:
            self._add_node(row, line)
        else:
            self._add_relationship(row, line)
        self.size += 1

    def _add_node(self, row: dict[str, Any], line: int | None) -> None:
        try:
            # typeshed types a StrEnum lookup as taking str; any value is looked up, a miss is the ValueError
            label = Label(row.get("label"))  # type: ignore[arg-type]
        except ValueError as error:
            raise InvalidValue(f"unknown label {row.get('label')!r}", field="label") from error
        if label in SECURITY_LABELS:
            raise InvalidValue(f"{label.value} cannot be imported", field="label")
        node_id = row.get("id")
        if not isinstance(node_id, str) or not node_id:
            raise InvalidValue("a node needs a string id", field="id")
        history = row.get("stageHistory") or []
        if history and label is not Label.PROJECT:
            raise InvalidValue("only a Project carries a stage history", field="stageHistory")
        values = dict(row.get("properties") or {})
        stamps = {name: _timestamp(values.pop(name, None), name) for name in TIMESTAMPS}
        kind = KIND_BY_LABEL.get(label)
        try:
            checked = (kind.create if kind else StageChangeFields).model_validate(values)
        except ValidationError as error:
            raise invalid_from(error) from error
        given, full = checked.model_dump(exclude_unset=True), checked.model_dump(exclude_none=True)
        props, links = link_values(kind, given) if kind else (given, {})
        defaults = link_values(kind, full)[0] if kind else full
        steps = self._stage_history(node_id, history, full.get("stage"), line)
        self.nodes[label].append({"id": node_id, "line": line, "props": as_properties(props),
                                  "defaults": as_properties(defaults), "withHistory": bool(steps), **stamps})
        self.stage_history += steps
        for link in kind.links if kind else ():
            value = links.get(link.field)
            for other in (value if link.many else [value]) if value else []:
                ends = (link.other, label) if link.incoming else (label, link.other)
                pair = {"from": other, "to": node_id} if link.incoming else {"from": node_id, "to": other}
                self.relationships[(link.type, *ends)].append({**pair, "props": {}, "line": line})

    @staticmethod
    def _stage_history(project_id: str, history: object, stage: Any, line: int | None) -> list[dict[str, Any]]:
        if not isinstance(history, list):
            raise InvalidValue("is not a list of stage steps", field="stageHistory")
        steps: list[dict[str, Any]] = []
        previous = None
        for index, raw in enumerate(history, start=1):
            try:
                step = StageChangeFields.model_validate(raw)
            except ValidationError as error:
                raise invalid_from(error, prefix=f"stageHistory[{index}]") from error
            if step.from_stage is not None and step.from_stage.value != previous:
                raise InvalidValue(f"the step before is {previous or 'none'}, not {step.from_stage.value}",
                                   field=f"stageHistory[{index}].fromStage")
            steps.append({"id": f"stg-{project_id}-{index}", "projectId": project_id, "stage": step.stage.value,
                          "fromStage": previous, "at": step.at, "by": step.by,
                          "overrideReason": step.override_reason, "line": line})
            previous = step.stage.value
        if steps and previous != getattr(stage, "value", stage):
            raise InvalidValue(f"the stage history ends at {previous}, not at the project's stage {stage}",
                               field="stageHistory")
        return steps

    def _add_relationship(self, row: dict[str, Any], line: int | None) -> None:
        try:
            rel_type = RelType(row.get("type"))  # type: ignore[arg-type]  # any value: see _add_node
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
        self.relationships[(rel_type, source, target)].append(
            {"from": row["from"], "to": row["to"], "props": props, "line": line})


@dataclass
class BatchOutcome:
    nodes: int = 0
    relationships: int = 0
    errors: list[RowError] = field(default_factory=list)


def _json(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, default=str, sort_keys=True)


def _audit(action_created: bool, label: str, entity_id: str, before: dict[str, Any] | None,
           after: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"aud-{uuid.uuid4().hex[:16]}", "action": "import create" if action_created else "import update",
            "label": label, "entityId": entity_id, "before": _json(before), "after": _json(after)}


def _refused_stage_moves(tx: ManagedTransaction, batch: Batch, actor: str | None) -> list[RowError]:
    """Rows that would take a project past the bid gate without passing it (see the module docstring)."""
    moving = [row for row in batch.nodes.get(Label.PROJECT, []) if row["props"].get("stage") in GATED_STAGES]
    if not moving:
        return []
    current = {found["id"]: found["stage"] for found in rows(
        tx, catalog.query("bulk/project_stages"), ids=[row["id"] for row in moving])}
    refused: list[RowError] = []
    for row in moving:
        stage, project_id = row["props"]["stage"], row["id"]
        if project_id not in current:
            if not row["withHistory"] and row["createdAt"] is None:
                refused.append(RowError(line=row["line"], field="stage", problem=(
                    f"a project created at {stage} needs its stage history (stageHistory): "
                    "a stage change must pass the bid gate")))
            continue
        if current[project_id] in GATED_STAGES:
            continue
        checks = WRITE_CHECKS.get(Label.PROJECT, [])
        try:
            if not checks:
                raise InvalidValue("no bid gate is registered to judge it", field="stage")
            for check in checks:
                check(tx, {"stage": current[project_id]}, {"id": project_id, "stage": ProjectStage.BID},
                      {"actor": actor, "note": None})
        except PowermapError as error:
            refused.append(RowError(line=row["line"], field="stage", problem=(
                f"moving {project_id} from {current[project_id]} to {stage}: {error.problem}")))
    return refused


def _history_of(label: Label, written: dict[str, Any], row: dict[str, Any],
                actor: str | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The assessments and stage changes one written node implies."""
    before, after, node_id = written["before"] or {}, written["after"], written["id"]
    derive_first = written["created"] and row["createdAt"] is None
    if label is Label.STAKEHOLDER:
        judged = {"stance": after.get("stance"), "influence": after.get("influence")}
        if derive_first and any(value is not None for value in judged.values()):
            return [{"id": f"asm-{node_id}-first", "stakeholderId": node_id, "at": after["createdAt"], **judged,
                     "previousStance": None, "previousInfluence": None, "note": NOTE, "byId": actor}], []
        if not written["created"] and any(before.get(key) != value for key, value in judged.items()):
            return [{"id": f"asm-{uuid.uuid4().hex[:16]}", "stakeholderId": node_id, "at": None, **judged,
                     "previousStance": before.get("stance"), "previousInfluence": before.get("influence"),
                     "note": NOTE, "byId": actor}], []
    if label is Label.PROJECT and not row["withHistory"]:
        if derive_first:
            return [], [{"id": f"stg-{node_id}-first", "projectId": node_id, "stage": after.get("stage"),
                         "fromStage": None, "at": after["createdAt"], "by": actor, "overrideReason": None}]
        if not written["created"] and before.get("stage") != after.get("stage"):
            return [], [{"id": f"stg-{uuid.uuid4().hex[:16]}", "projectId": node_id, "stage": after.get("stage"),
                         "fromStage": before.get("stage"), "at": None, "by": actor, "overrideReason": None}]
    return [], []


def write_batch(tx: ManagedTransaction, batch: Batch, *, who: Signature, strict: bool) -> BatchOutcome:
    """Write one batch with its audit entries and history; `strict` raises on the first refused row."""
    actor = who.employee_id
    outcome = BatchOutcome(errors=_refused_stage_moves(tx, batch, actor))
    if outcome.errors and strict:
        raise InvalidValue(outcome.errors[0].problem, field=outcome.errors[0].field)
    refused = {error.line for error in outcome.errors}
    audit: list[dict[str, Any]] = []
    assessments: list[dict[str, Any]] = []
    stage_changes = [step for step in batch.stage_history if step["line"] not in refused]
    for label, node_rows in batch.nodes.items():
        kept = [row for row in node_rows if row["line"] not in refused]
        by_id = {row["id"]: row for row in kept}
        for written in rows(tx, catalog.template("node/merge_batch", label=label), rows=kept):
            audit.append(_audit(written["created"], label.value, written["id"], written["before"], written["after"]))
            found_assessments, found_stages = _history_of(label, written, by_id[written["id"]], actor)
            assessments += found_assessments
            stage_changes += found_stages
        outcome.nodes += len(kept)
    for (rel_type, source, target), rel_rows in batch.relationships.items():
        statement = catalog.template("relationship/merge_batch", source=source, target=target, type=rel_type)
        for found in rows(tx, statement, rows=[row for row in rel_rows if row["line"] not in refused]):
            if not found["changes"]:
                outcome.errors.append(RowError(line=found["line"], field="from/to", problem=(
                    f"{rel_type.value} {found['from']} -> {found['to']}: no node {found['from']} or {found['to']} "
                    "with the labels this type joins")))
                continue
            outcome.relationships += 1
            change = found["changes"][0]
            if change["before"] != change["after"]:
                ends = {"from": found["from"], "to": found["to"]}
                before = None if change["before"] is None else {**ends, **change["before"]}
                audit += [_audit(before is None, rel_type.value, end, before, {**ends, **change["after"]})
                          for end in (found["from"], found["to"])]
    if strict and outcome.errors:
        raise InvalidValue(f"{outcome.errors[0].problem} ({len(outcome.errors)} such rows)", field="relationships")
    single(tx, catalog.query("project/merge_stage_history"), rows=stage_changes)
    single(tx, catalog.query("bulk/record_assessments"), rows=assessments)
    single(tx, catalog.query("bulk/record_audit"), entries=audit, keyId=who.key_id, employeeId=who.employee_id)
    return outcome


def _flush(graph: Graph, batch: Batch, report: ImportReport, who: Signature) -> None:
    if not batch.size:
        return
    outcome = graph.write(write_batch, batch, who=who, strict=False)
    report.batches += 1
    report.nodes += outcome.nodes
    report.relationships += outcome.relationships
    report.errors += outcome.errors


def import_rows(graph: Graph, numbered_rows: Iterable[tuple[int, dict[str, Any] | RowError]], *, who: Signature,
                batch_size: int = BATCH_SIZE, start_line: int = 0,
                on_batch: Callable[[int], None] | None = None) -> ImportReport:
    """Validate and write rows in batches, signed by `who`; `on_batch(last_line)` runs after each commit."""
    report = ImportReport(resumed_from_line=start_line)
    batch = Batch()
    last_line = start_line
    for line, row in numbered_rows:
        if line <= start_line:
            continue
        if batch.size >= batch_size and line != last_line:
            # Batches end only between source lines (one CSV line can give several rows), so the
            # checkpoint never falls inside a line.
            _flush(graph, batch, report, who)
            batch = Batch()
            if on_batch:
                on_batch(last_line)
        report.rows += 1
        last_line = line
        if isinstance(row, RowError):
            report.errors.append(row)
            continue
        try:
            batch.add(row, line)
        except InvalidValue as error:
            report.errors.append(RowError(line=line, field=error.field or "row", problem=error.problem))
    _flush(graph, batch, report, who)
    if on_batch:
        on_batch(last_line)
    return report


def jsonl_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
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


def import_file(graph: Graph, source: Path, *, who: Signature, rows_of: RowReader = jsonl_rows,
                batch_size: int = BATCH_SIZE, on_batch: Callable[[int], None] | None = None) -> ImportReport:
    """Import one file signed by `who`, resuming after the last committed line if a checkpoint says so."""
    checkpoint = checkpoint_path(source)
    start = int(checkpoint.read_text()) if checkpoint.exists() else 0

    def committed(line: int) -> None:
        checkpoint.write_text(str(line))
        if on_batch:
            on_batch(line)

    with source.open(encoding="utf-8") as lines:
        report = import_rows(graph, rows_of(lines), who=who, batch_size=batch_size, start_line=start,
                             on_batch=committed)
    checkpoint.unlink(missing_ok=True)
    return report


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def export_rows(graph: Graph, *, customer_id: str | None = None, page: int = 10_000) -> Iterator[dict[str, Any]]:
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
            nodes = graph.read(lambda tx, label=label, after=after: rows(
                tx, catalog.template("transfer/nodes_of_label", label=label), after=after, ids=ids, limit=page))
            for node in nodes:
                yield {"label": label.value, "id": node["id"],
                       "properties": {k: _plain(v) for k, v in sorted(node["props"].items()) if k != "id"}}
            if len(nodes) < page:
                break
            after = nodes[-1]["id"]
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
