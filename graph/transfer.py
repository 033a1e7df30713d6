"""The one bulk-write path (seeds, `powermap import`, `POST /api/v1/import`, generated graphs), and
export, as JSON lines, one node or relationship per line:

    {"label": "Stakeholder", "id": "stk-1", "properties": {"name": "Zhou Min", "influence": 5}}
    {"type": "KNOWS", "from": "emp-1", "to": "stk-1", "properties": {"strength": 0.8}}
    {"label": "Project", "id": "prj-1", "properties": {"stage": "bid", ...}, "stageHistory": [...]}

`fromLabel`/`toLabel` name the ends where a type joins several labels (AT, WORKS_IN, PART_OF).
Properties may hold the API's link fields (`customerId`, ...), written as relationships. Every row
is validated with the API's models, as merge-patch: a node row that leaves out required fields is
an update (the update model: an explicit null clears an optional field, a required one refuses
null), refused when its node exists neither in the database nor earlier in the load; a
relationship row likewise (its model's defaults only for one it creates, an explicit null clears an
optional property of one it updates). A row is judged as the API's write would be: the kind's
contradiction rules (`NodeKind.rules`) on the row merged with what is stored, link fields included
(refused naming both fields, `status/doneAt`); a missing end worded as `missing_end` (the end, or the
node row's link field, the id and the label). A link field is the node's whole link, as on the API's
PUT and PATCH (a row is a patch, and a PATCH that gives a link replaces it): a new single link moves
it (the old relationship is removed, audited `import unlink`), a list replaces the stored list, null
removes it, left out keeps it. A relationship row only creates or updates its own edge. Rows go into
one `Batch` and one writer (`write_batch`): one node-merge and one relationship-merge statement per
label or type (`UNWIND`, MERGE on constrained ids), so a load is idempotent. Export writes the same
rows, timestamps included, so export, wipe, import gives the same graph.

All or nothing (`import_rows`). Every row is validated first (`plan_batch`, in read transactions:
the models, the bid gate judged on the graph before the load, required fields, both ends of every
relationship found in the database or an earlier row of the load); a refused row (line, field,
problem) means nothing is written, unless `allow_errors`, which writes the others. A dry run stops
after that pass and reports what would be created, updated (with the fields) and refused, and the
conflicts. Then the batches commit one by one (`BATCH_SIZE` rows each); a load of one batch is one
transaction. Past the validation, only a concurrent change can refuse a row at write time: the load
then stops with a Conflict naming its run id (the batches written are undone with
`powermap import --undo RUN_ID`, graph/import_undo.py). Every run has an id, written on its audit
entries. A checkpoint in the data folder (`import_file`'s `progress_dir`, never beside the source)
records the run id and the last line committed, so an import killed half-way resumes the same run
where it stopped. Seeds are all or nothing in one transaction (`strict`).

Parallel writes (`workers`, `powermap import --parallel N`), opt-in. All or nothing never meant one
transaction here: it is the validation pass before the first write, then batches that commit one by
one, a concurrent change stopping the load with its run id to undo. Writing the batches from several
sessions keeps exactly that: the same validation, the same Conflict naming the run id. What it
changes is the order, so the rows are regrouped (`_parallel_phases`): every node first, in batches
over disjoint ids (the rows of one node stay in one batch, in file order, so its history and audit
are as in a sequential load), then every relationship, in batches over disjoint start nodes, sorted by
their ends so concurrent transactions lock end nodes in one order (a deadlock is retried by the
driver, the batch being one transaction). A load whose outcome depends on the file order across the
two phases (a node row's link field and a relationship row naming the same link of the same node)
is written sequentially. Resuming differs: the checkpoint keeps the run id but no line, so a killed
parallel load re-runs whole under the same id, the batches already written changing nothing (MERGE on
ids; a row that changes nothing logs nothing). It stays opt-in because the sequential load resumes at
its line and its batches follow the file, which a user reading the audit by batch may rely on; the
measured gain (bench/load_speed.py) is what the user weighs against that.

Field ownership (graph/ownership.py): judged values the bid team changed in Powermap are kept and
reported as conflicts; the record of what an import wrote is the `importedValues` property.

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
the graph as it stood before the load (load the power map first, then the move; an import cannot
override the gate, the API's override with a reason can); with no gate registered, every such move
is refused. A project created directly at bid or later is allowed only with its stage history
(inline `stageHistory` ending at that stage, or a restored export row): a CRM history import says
where a deal already is, a stage *change* must pass the gate. Import is an admin action (the API
route and `powermap import` act as admin; the route checks the role).
"""

import functools
import gc
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import TransientError
from pydantic import ValidationError

from powermap.errors import Conflict, Contradiction, InvalidValue, PowermapError, invalid_from
from powermap.graph import catalog
from powermap.graph.driver import Graph, collected, rows, single
from powermap.graph.model import INTERNAL_TYPES, RELATIONSHIP_ENDS, SECURITY_LABELS, Label, RelType
from powermap.graph.ownership import GATED_STAGES, IMPORTED, owned_values
from powermap.graph.records import PLAIN, TIMESTAMPS, restamp
from powermap.graph.repositories.network_marks import mark_every_customer
from powermap.graph.repositories.nodes import WRITE_CHECKS
from powermap.graph.repositories.security import audit_entry as security_audit_entry
from powermap.graph.repositories.security import json_text, record_audits
from powermap.models.nodes import KIND_BY_LABEL, Link, StageChangeFields, as_properties, link_values
from powermap.models.relationships import missing_end, properties_model, resolve_ends, validated_properties
from powermap.models.security import Signature
from powermap.models.transfer import FieldConflict
from powermap.vocab import ProjectStage

BATCH_SIZE = 5_000
# Bookkeeping properties: not a model's fields, never reported as changed.
BOOKKEEPING = frozenset({*TIMESTAMPS, IMPORTED})
NOTE = "import"
RelKey = tuple[RelType, Label, Label]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    problem: str
    kind: str | None = None


@dataclass(frozen=True)
class EntityChange:
    """One node or relationship an import creates or updates, with the fields it sets."""

    line: int | None
    kind: str
    entity: str
    action: str  # "create" or "update"
    fields: tuple[str, ...]


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do); `written` is false when nothing was written."""

    run_id: str = ""
    dry_run: bool = False
    committed: bool = False
    rows: int = 0
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    resumed_from_line: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[EntityChange] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)

    def summary(self) -> dict[str, dict[str, int]]:
        """Per kind (label or relationship type): created, updated, refused, conflicts."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
            ("created", "updated", "refused", "conflicts"), 0))
        for change in self.changes:
            counts[change.kind]["created" if change.action == "create" else "updated"] += 1
        for error in self.errors:
            counts[error.kind or "unreadable"]["refused"] += 1
        for conflict in self.conflicts:
            counts[conflict.kind]["conflicts"] += 1
        return dict(sorted(counts.items()))

    def add(self, outcome: "BatchOutcome") -> None:
        """Count one committed batch in the run's report."""
        self.committed = True
        self.batches += 1
        self.nodes += outcome.nodes
        self.relationships += outcome.relationships
        self.errors += outcome.errors
        self.changes += outcome.changes
        self.conflicts += outcome.conflicts


def new_run_id() -> str:
    """A fresh import run id: it signs the run's audit entries, so `--undo RUN_ID` finds them."""
    return f"run-{datetime.now().strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"


def _timestamp(value: Any, name: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as error:
        raise InvalidValue(f"{name} is not an ISO 8601 timestamp", field=name) from error


def _restored_record(values: dict[str, Any]) -> str | None:
    record = values.pop(IMPORTED, None)
    if record is not None and not isinstance(record, str):
        raise InvalidValue("is the JSON text an export wrote", field=IMPORTED)
    return record


def _row_kind(row: dict[str, Any]) -> str | None:
    kind = row.get("label") if "label" in row else row.get("type")
    return kind if isinstance(kind, str) else None


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

    def without(self, lines: set[int | None]) -> "Batch":
        """The batch less the rows of the given lines (refused by a validation pass)."""
        if not lines:
            return self
        kept = Batch(size=self.size)
        for label, node_rows in self.nodes.items():
            kept.nodes[label] = [row for row in node_rows if row["line"] not in lines]
        for key, rel_rows in self.relationships.items():
            kept.relationships[key] = [row for row in rel_rows if row["line"] not in lines]
        kept.stage_history = [step for step in self.stage_history if step["line"] not in lines]
        return kept

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
        restored = _restored_record(values)
        kind = KIND_BY_LABEL.get(label)
        missing: InvalidValue | None = None
        try:
            checked = (kind.create if kind else StageChangeFields).model_validate(values)
        except ValidationError as error:
            # Merge-patch: a row the update model takes (required fields left out, a list's null that
            # empties it) updates an existing node (the update model refuses a null for a required
            # field); it cannot create one.
            if kind is None:
                raise invalid_from(error) from error
            missing = invalid_from(error)
            try:
                checked = kind.update.model_validate(values)
            except ValidationError as update_error:
                raise invalid_from(update_error) from update_error
        given, full = checked.model_dump(exclude_unset=True), checked.model_dump(exclude_none=True)
        props, links = link_values(kind, given) if kind else (given, {})
        defaults = link_values(kind, full)[0] if kind else full
        steps = self._stage_history(node_id, history, full.get("stage"), line)
        self.nodes[label].append({"id": node_id, "line": line, "props": as_properties(props),
                                  "defaults": as_properties(defaults), "withHistory": bool(steps),
                                  "missing": missing, "restored": restored, "links": links, **stamps})
        self.stage_history += steps
        for link in kind.links if kind else ():
            if link.field in links:
                self._add_link(label, node_id, link, links[link.field], line)

    def _add_link(self, label: Label, node_id: str, link: Link, value: Any, line: int | None) -> None:
        """The relationship rows of one given link field; a later row of the same node replaces them."""
        key: RelKey = (link.type, *((link.other, label) if link.incoming else (label, link.other)))
        self.relationships[key] = [row for row in self.relationships[key]
                                   if row.get("link") != (node_id, link.field)]
        for other in (value if link.many else [value]) if value else []:
            pair = {"from": other, "to": node_id} if link.incoming else {"from": node_id, "to": other}
            self.relationships[key].append({**pair, "props": {}, "defaults": {}, "missing": None, "line": line,
                                            "restored": None, "link": (node_id, link.field)})

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
        values = dict(row.get("properties") or {})
        restored = _restored_record(values)
        # Each value with its type: 1, 1.0 and True are equal keys, and not the same row; nor are 0.0
        # and -0.0, which the float's text tells apart.
        items = tuple((name, value, type(value), repr(value) if type(value) is float else None)
                      for name, value in values.items())
        if all(kind in PLAIN for _, _, kind, _ in items):
            props, defaults, missing = _relationship_values(rel_type, items)
            props, defaults = dict(props), dict(defaults)
        else:
            props, defaults, missing = _relationship_values.__wrapped__(rel_type, items)
        self.relationships[(rel_type, source, target)].append(
            {"from": row["from"], "to": row["to"], "props": props, "defaults": defaults, "missing": missing,
             "line": line, "restored": restored})


@functools.lru_cache(maxsize=4_096)
def _relationship_values(rel_type: RelType, items: tuple[tuple[str, Any, type, str | None], ...]
                         ) -> tuple[dict[str, Any], dict[str, Any], InvalidValue | None]:
    """A relationship row's properties as a merge patch (props), the model's defaults for a relationship
    it creates, and what creating one lacks (None: it can).

    Merge-patch, as for nodes: the given properties (an explicit null clears an optional one, a required
    one refuses null), with the model's defaults kept for a relationship the row creates; a row that only
    leaves required properties out may update one, never create it. Kept per type and scalar values,
    since a large load repeats the same few (a strength of 0.5): callers copy the dicts they get."""
    values = {name: value for name, value, _, _ in items}
    try:
        full = properties_model(rel_type).model_validate(values)
    except ValidationError as error:
        if any(problem["type"] != "missing" for problem in error.errors()):
            raise invalid_from(error, prefix="properties") from error
        return validated_properties(rel_type, values, partial=True), {}, invalid_from(error, prefix="properties")
    # The whole model took the row, so its given fields are what the update model would give.
    return as_properties(full.model_dump(exclude_unset=True)), as_properties(full.model_dump(exclude_none=True)), None


@dataclass
class BatchOutcome:
    nodes: int = 0
    relationships: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[EntityChange] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)


def _changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[str, ...]:
    before = before or {}
    return tuple(sorted(name for name in {*before, *after}
                        if name not in BOOKKEEPING and before.get(name) != after.get(name)))


def _refused_stage_moves(tx: ManagedTransaction | None, batch: Batch, actor: str | None) -> list[RowError]:
    """Rows that would take a project past the bid gate without passing it (see the module docstring);
    `tx` None: the database is known to be empty (no project moves, each is created)."""
    moving = [row for row in batch.nodes.get(Label.PROJECT, []) if row["props"].get("stage") in GATED_STAGES]
    if not moving:
        return []
    current = {found["id"]: found["stage"] for found in rows(
        tx, catalog.query("bulk/project_stages"), ids=[row["id"] for row in moving])} if tx else {}
    refused: list[RowError] = []
    for row in moving:
        stage, project_id = row["props"]["stage"], row["id"]
        if tx is None or project_id not in current:
            if not row["withHistory"] and row["createdAt"] is None:
                refused.append(RowError(line=row["line"], field="stage", kind=Label.PROJECT.value, problem=(
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
            refused.append(RowError(line=row["line"], field="stage", kind=Label.PROJECT.value, problem=(
                f"moving {project_id} from {current[project_id]} to {stage}: {error.problem}")))
    return refused


@dataclass
class _Plan:
    """Rows ready to merge (judged values the team owns left out), with what they would change."""

    merge_rows: list[dict[str, Any]] = field(default_factory=list)
    changes: list[EntityChange] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _settled(current: dict[str, Any] | None, written: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in {**(current or {}), **written}.items() if value is not None}


def _creation_refused(row: dict[str, Any], kind: str, entity: str, creating: str) -> RowError:
    """A row for something not stored yet lacks what creating it needs (it could only have updated it)."""
    missing = row["missing"]
    return RowError(line=row["line"], field=missing.field or "properties", kind=kind,
                    problem=f"{missing.problem}: {entity} does not exist, and a row that creates {creating}")


def _plan_nodes(label: Label, node_rows: list[dict[str, Any]], seen: dict[str, dict[str, Any]],
                links: dict[str, dict[str, Any]] | None = None, *, describe: bool) -> _Plan:
    """Judge each node row against the stored values in `seen` (updated as rows are planned).

    With the stored link fields in `links` (updated too), a row is also judged by its kind's
    contradiction rules on what it would leave stored, as the API judges a PATCH. `describe`: list
    the changes (a dry run's report); a load that writes reports them from what the writes return."""
    plan = _Plan()
    for row in node_rows:
        current = seen.get(row["id"])
        if current is None and row["missing"] is not None:
            plan.errors.append(_creation_refused(row, label.value, row["id"], "a node gives every required field"))
            continue
        props, conflicts = owned_values(label, row["id"], row["line"], row["props"], current,
                                        row["defaults"] if current is None else None, row["restored"])
        after = _settled(current, {**(row["defaults"] if current is None else {}), **props})
        if links is not None:
            linked = {**links.get(row["id"], {}), **row["links"]}
            try:
                KIND_BY_LABEL[label].refuse_contradictions({**after, **linked})
            except Contradiction as found:
                plan.errors.append(RowError(line=row["line"], field="/".join(found.fields), kind=label.value,
                                            problem=found.problem))
                continue
            links[row["id"]] = linked
        fields = _changed_fields(current, after) if describe else ()
        if describe and (current is None or fields):
            plan.changes.append(EntityChange(line=row["line"], kind=label.value, entity=row["id"],
                                             action="create" if current is None else "update", fields=fields))
        plan.conflicts += conflicts
        seen[row["id"]] = after
        plan.merge_rows.append({**row, "props": props, "missing": None})
    return plan


def _plan_relationships(rel_type: RelType, rel_rows: list[dict[str, Any]],
                        seen: dict[tuple[str, str], dict[str, Any]], *, describe: bool) -> _Plan:
    """Judge each relationship row against the stored values in `seen` (updated as rows are planned);
    `describe` as for `_plan_nodes`."""
    plan = _Plan()
    for row in rel_rows:
        pair = (row["from"], row["to"])
        current = seen.get(pair)
        if current is None and row["missing"] is not None:
            plan.errors.append(_creation_refused(row, rel_type.value, f"{rel_type.value} {pair[0]} -> {pair[1]}",
                                                 "a relationship gives every required property"))
            continue
        # A row that creates the relationship ends with the model's defaults; one that updates it is a
        # merge patch (its nulls clear).
        given = ({**row["defaults"], **{name: value for name, value in row["props"].items() if value is not None}}
                 if current is None else row["props"])
        props, conflicts = owned_values(rel_type, f"{row['from']}->{row['to']}", row["line"], given,
                                        current, None, row["restored"])
        after = _settled(current, props)
        fields = _changed_fields(current, after) if describe else ()
        if describe and (current is None or fields):
            plan.changes.append(EntityChange(line=row["line"], kind=rel_type.value, entity=f"{pair[0]}->{pair[1]}",
                                             action="create" if current is None else "update", fields=fields))
        plan.conflicts += conflicts
        seen[pair] = after
        plan.merge_rows.append({**row, "props": props, "missing": None, "link": None})
    return plan


def _missing_ends(rel_type: RelType, row: dict[str, Any], absent: list[tuple[str, Label]], *,
                  either: bool = False) -> RowError:
    """The refusal of a relationship row whose ends are missing, worded as the API's `missing_end`: the
    end (or the link field of a node row), the id and the label looked for; `either` when the write
    found one of them gone without saying which (removed since the validation pass)."""
    field = row["link"][1] if row.get("link") else absent[0][0]
    found = [missing_end(row["link"][1] if row.get("link") else end, row[end], [label]).problem
             for end, label in absent]
    where = " (removed since the load was validated)" if either else ", neither in the database nor earlier in the load"
    return RowError(line=row["line"], field=field, kind=rel_type.value, problem=(
        f"{rel_type.value} {row['from']} -> {row['to']}: {(' or ' if either else ' and ').join(found)}{where}"))


def stored_links(tx: ManagedTransaction, label: Label, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The link fields (wire names) of the stored nodes of one label, as the API reads them."""
    kind = KIND_BY_LABEL[label]
    params = [{"field": link.field, "type": link.type.value, "other": link.other.value, "incoming": link.incoming}
              for link in kind.links]
    found: dict[str, dict[str, Any]] = {}
    for node in collected(tx, catalog.template("bulk/stored_links", label=label), ids=sorted(set(ids)), links=params):
        found[node["id"]] = {entry["field"]: sorted(entry["ids"]) if kind.link(entry["field"]).many
                             else (min(entry["ids"]) if entry["ids"] else None) for entry in node["links"]}
    return found


def stored_nodes(tx: ManagedTransaction, label: Label, ids: Iterable[str], *,
                 stamps: bool = False) -> dict[str, dict[str, Any]]:
    """The stored values of the nodes named; `createdAt` and `updatedAt` only with `stamps` (an undo
    compares them), since judging a row needs neither and the driver reads a date-time slowly."""
    found = collected(tx, catalog.template("bulk/stored_nodes", label=label), ids=sorted(set(ids)), stamps=stamps)
    for node in found:
        restamp(node["props"])  # without `stamps` the times came back null: left out, as a node lacks them
    return {node["id"]: node["props"] for node in found}


def stored_ids(tx: ManagedTransaction, label: Label, ids: Iterable[str]) -> set[str]:
    return set(collected(tx, catalog.template("bulk/stored_ids", label=label), ids=sorted(set(ids))))


def stored_relationships(tx: ManagedTransaction, key: RelKey,
                          pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    rel_type, source, target = key
    statement = catalog.template("bulk/stored_relationships", source=source, target=target, type=rel_type)
    return {(found["from"], found["to"]): found["props"] for found in collected(
        tx, statement, pairs=[{"from": a, "to": b} for a, b in sorted(set(pairs))])}


@dataclass
class LoadState:
    """What a validation pass has seen so far: each node and relationship as the load will leave it.

    Filled from the database on first sight, then from the rows, so a later row is judged against
    the earlier rows of the same load (a relationship may point at a node created before it). The
    reads take the pass's transaction; without one (None) the database is known to be empty and
    nothing is read."""

    nodes: dict[Label, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    links: dict[Label, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    relationships: dict[RelType, dict[tuple[str, str], dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict))
    looked_up: set[tuple[Label, str]] = field(default_factory=set)
    # Nodes the load creates: no relationship of theirs is stored, so none is read.
    created: dict[Label, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Stored nodes known only to exist (a relationship's ends), and every id asked that way.
    existing: dict[Label, set[str]] = field(default_factory=lambda: defaultdict(set))
    probed: set[tuple[Label, str]] = field(default_factory=set)

    def load_nodes(self, tx: ManagedTransaction | None, label: Label, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The label's nodes as they stand so far, reading the ones not seen yet from the database."""
        seen = self.nodes[label]
        if tx is None:
            return seen
        unseen = {node_id for node_id in ids if node_id not in seen and (label, node_id) not in self.looked_up}
        if unseen:
            seen.update(stored_nodes(tx, label, unseen))
            self.looked_up |= {(label, node_id) for node_id in unseen}
        return seen

    def known_nodes(self, tx: ManagedTransaction | None, label: Label, ids: Iterable[str]) -> Callable[[str], bool]:
        """Whether each node exists so far (stored, or created earlier in the load): all a relationship
        row asks of its ends. A stored end is read by its id alone; reading its values (as for a node
        row) cost a validation pass more than anything else it did."""
        seen, existing = self.nodes[label], self.existing[label]
        if tx is not None:
            unknown = {node_id for node_id in ids if node_id not in seen and node_id not in existing
                       and (label, node_id) not in self.looked_up and (label, node_id) not in self.probed}
            if unknown:
                existing |= stored_ids(tx, label, unknown)
                self.probed |= {(label, node_id) for node_id in unknown}
        return lambda node_id: node_id in seen or node_id in existing

    def load_links(self, tx: ManagedTransaction | None, label: Label, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The label's link fields as they stand so far (read once per node, then kept up to date)."""
        seen = self.links[label]
        unseen = {node_id for node_id in ids if node_id not in seen}
        if unseen:
            if tx is not None:
                seen.update(stored_links(tx, label, unseen))
            seen.update({node_id: {} for node_id in unseen if node_id not in seen})
        return seen


def plan_batch(tx: ManagedTransaction | None, batch: Batch, *, state: LoadState, actor: str | None,
               describe: bool) -> BatchOutcome:
    """A validation pass over one batch: what it would write, refuse and keep (reads only; `tx` None:
    the database is known to be empty, nothing is read). `describe`: list the changes (a dry run).

    Refuses what a write would: stage moves past the bid gate (judged on the graph before the load),
    a row that leaves out required fields of a node or relationship that does not exist, a node row
    that would leave its record contradicting itself (its kind's rules, judged on the row merged with
    what is stored, link fields included), a relationship whose end is neither in the database nor
    earlier in the load (naming the end, the id and the label looked for)."""
    outcome = BatchOutcome(errors=_refused_stage_moves(tx, batch, actor))
    refused = {error.line for error in outcome.errors}
    for label, node_rows in batch.nodes.items():
        kept = [row for row in node_rows if row["line"] not in refused]
        ids = [row["id"] for row in kept]
        kind = KIND_BY_LABEL.get(label)
        seen = state.load_nodes(tx, label, ids)
        # Only a pass over a database that holds something has relationship reads to skip.
        unstored = {node_id for node_id in ids if node_id not in seen} if tx is not None else set()
        plan = _plan_nodes(label, kept, seen, state.load_links(tx, label, ids) if kind and kind.rules else None,
                           describe=describe)
        state.created[label] |= {row["id"] for row in plan.merge_rows if row["id"] in unstored}
        outcome.errors += plan.errors
        outcome.changes += plan.changes
        outcome.conflicts += plan.conflicts
        outcome.nodes += len(plan.merge_rows)
        refused |= {error.line for error in plan.errors}
    for key, rel_rows in batch.relationships.items():
        rel_type, source, target = key
        kept = [row for row in rel_rows if row["line"] not in refused]
        sources = state.known_nodes(tx, source, [row["from"] for row in kept])
        targets = state.known_nodes(tx, target, [row["to"] for row in kept])
        ends_found = []
        for row in kept:
            absent = [(end, label) for end, label, exists in (("from", source, sources), ("to", target, targets))
                      if not exists(row[end])]
            if absent:
                outcome.errors.append(_missing_ends(rel_type, row, absent))
            else:
                ends_found.append(row)
        pairs = state.relationships[rel_type]
        unseen = [(row["from"], row["to"]) for row in ends_found if (row["from"], row["to"]) not in pairs
                  and row["from"] not in state.created[source] and row["to"] not in state.created[target]
                  ] if tx is not None else []
        for pair, props in (stored_relationships(tx, key, unseen) if tx is not None and unseen else {}).items():
            pairs.setdefault(pair, props)
        plan = _plan_relationships(rel_type, ends_found, pairs, describe=describe)
        outcome.errors += plan.errors
        outcome.changes += plan.changes
        outcome.conflicts += plan.conflicts
        outcome.relationships += len(plan.merge_rows)
    return outcome


def audit_entry(created: bool, label: str, entity_id: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None, action: str | None = None) -> dict[str, Any]:
    return security_audit_entry(action or ("import create" if created else "import update"), label, entity_id,
                                before, after)


def history_of(label: Label, written: dict[str, Any], row: dict[str, Any], actor: str | None,
               note: str = NOTE) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The assessments and stage changes one written node implies."""
    before, after, node_id = written["before"] or {}, written["after"], written["id"]
    derive_first = written["created"] and row["createdAt"] is None
    if label is Label.STAKEHOLDER:
        judged = {"stance": after.get("stance"), "influence": after.get("influence")}
        if derive_first and any(value is not None for value in judged.values()):
            return [{"id": f"asm-{node_id}-first", "stakeholderId": node_id, "at": after["createdAt"], **judged,
                     "previousStance": None, "previousInfluence": None, "note": note, "byId": actor}], []
        if not written["created"] and any(before.get(key) != value for key, value in judged.items()):
            return [{"id": f"asm-{uuid.uuid4().hex[:16]}", "stakeholderId": node_id, "at": None, **judged,
                     "previousStance": before.get("stance"), "previousInfluence": before.get("influence"),
                     "note": note, "byId": actor}], []
    if label is Label.PROJECT and not row["withHistory"]:
        if derive_first:
            return [], [{"id": f"stg-{node_id}-first", "projectId": node_id, "stage": after.get("stage"),
                         "fromStage": None, "at": after["createdAt"], "by": actor, "overrideReason": None}]
        if not written["created"] and before.get("stage") != after.get("stage"):
            return [], [{"id": f"stg-{uuid.uuid4().hex[:16]}", "projectId": node_id, "stage": after.get("stage"),
                         "fromStage": before.get("stage"), "at": None, "by": actor,
                         "overrideReason": None if note == NOTE else note}]
    return [], []


def record_writes(tx: ManagedTransaction, *, audit: list[dict[str, Any]], assessments: list[dict[str, Any]],
                  stage_changes: list[dict[str, Any]], who: Signature, run_id: str | None) -> None:
    """Write the history and the audit entries of one bulk unit of work, in its transaction, and mark
    every customer's network power as changed (graph/repositories/network_marks.py)."""
    single(tx, catalog.query("project/merge_stage_history"), rows=stage_changes)
    mark_every_customer(tx)
    single(tx, catalog.query("bulk/record_assessments"), rows=assessments)
    record_audits(tx, who=who, entries=audit, run_id=run_id)


def write_batch(tx: ManagedTransaction, batch: Batch, *, who: Signature, strict: bool, run_id: str | None = None,
                gate_judged: bool = False) -> BatchOutcome:
    """Write one batch with its audit entries and history; `strict` raises on the first refused row.

    `gate_judged`: a validation pass already judged the stage moves (on the graph before the load),
    so an earlier batch of the same load cannot change the verdict."""
    actor = who.employee_id
    outcome = BatchOutcome(errors=[] if gate_judged else _refused_stage_moves(tx, batch, actor))
    if outcome.errors and strict:
        raise InvalidValue(outcome.errors[0].problem, field=outcome.errors[0].field)
    refused = {error.line for error in outcome.errors}
    audit: dict[tuple[str, str], dict[str, Any]] = {}
    assessments: list[dict[str, Any]] = []
    stage_changes: list[dict[str, Any]] = []
    # Nodes this transaction creates have no relationships but the ones it gives them (no other
    # transaction sees them before it commits): nothing to unlink or to read for them.
    created: dict[Label, set[str]] = defaultdict(set)
    for label, node_rows in batch.nodes.items():
        kept = [row for row in node_rows if row["line"] not in refused]
        plan = _plan_nodes(label, kept, stored_nodes(tx, label, [row["id"] for row in kept]), describe=False)
        if plan.errors and strict:
            raise InvalidValue(plan.errors[0].problem, field=plan.errors[0].field)
        outcome.errors += plan.errors
        outcome.conflicts += plan.conflicts
        refused |= {error.line for error in plan.errors}
        by_id = {row["id"]: row for row in plan.merge_rows}
        for written in collected(tx, catalog.template("node/merge_batch", label=label), rows=plan.merge_rows):
            restamp(written["before"])
            restamp(written["after"])
            _log(audit, label.value, written["id"], written["created"], written["before"], written["after"])
            outcome.changes.append(EntityChange(
                line=written["line"], kind=label.value, entity=written["id"],
                action="create" if written["created"] else "update",
                fields=_changed_fields(written["before"], written["after"])))
            found_assessments, found_stages = history_of(label, written, by_id[written["id"]], actor)
            assessments += found_assessments
            stage_changes += found_stages
            if written["created"]:
                created[label].add(written["id"])
        outcome.nodes += len(plan.merge_rows)
        _move_links(tx, label, [row for row in plan.merge_rows if row["id"] not in created[label]], audit)
    for key, rel_rows in batch.relationships.items():
        rel_type, source, target = key
        kept = [row for row in rel_rows if row["line"] not in refused]
        stored = [(row["from"], row["to"]) for row in kept
                  if row["from"] not in created[source] and row["to"] not in created[target]]
        plan = _plan_relationships(rel_type, kept, stored_relationships(tx, key, stored) if stored else {},
                                   describe=False)
        outcome.errors += plan.errors
        outcome.conflicts += plan.conflicts
        statement = catalog.template("relationship/merge_batch", source=source, target=target, type=rel_type)
        by_line = {row["line"]: row for row in kept}
        for found in collected(tx, statement, rows=plan.merge_rows):
            if not found["changes"]:
                row = {**by_line.get(found["line"], {}), "from": found["from"], "to": found["to"],
                       "line": found["line"]}
                outcome.errors.append(_missing_ends(rel_type, row, [("from", source), ("to", target)], either=True))
                continue
            outcome.relationships += 1
            change = found["changes"][0]
            if change["before"] != change["after"]:
                ends = {"from": found["from"], "to": found["to"]}
                before = None if change["before"] is None else {**ends, **change["before"]}
                for end in (found["from"], found["to"]):
                    _log(audit, rel_type.value, end, before is None, before, {**ends, **change["after"]},
                         key=f"{found['from']}->{found['to']}")
                outcome.changes.append(EntityChange(
                    line=found["line"], kind=rel_type.value, entity=f"{found['from']}->{found['to']}",
                    action="create" if before is None else "update",
                    fields=_changed_fields(change["before"], change["after"])))
    if strict and outcome.errors:
        raise InvalidValue(f"{outcome.errors[0].problem} ({len(outcome.errors)} such rows)", field="relationships")
    loaded_history = [step for step in batch.stage_history if step["line"] not in refused]
    record_writes(tx, audit=list(audit.values()), assessments=assessments, stage_changes=loaded_history + stage_changes,
                  who=who, run_id=run_id)
    return outcome


def _move_links(tx: ManagedTransaction, label: Label, node_rows: list[dict[str, Any]],
                audit: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Remove the relationships behind each given link field that point elsewhere than the row says.

    A link field on a node row is the node's whole link, as on the API's PUT and PATCH: a new single
    link (`customerId`, `managerId`) replaces the old one, a list (`teamIds`) replaces the stored list,
    `null` removes it, a field left out keeps it. The row's own links are merged with the relationship
    rows; each removed one is audited under both ends (`import unlink`: before, and only its ends after).
    A run that moved a link is not undone by `--undo` (the removed edge is no longer as the run left
    it, so the undo refuses, changing nothing)."""
    kind = KIND_BY_LABEL.get(label)
    for link in kind.links if kind else ():
        moved = [{"id": row["id"], "line": row["line"],
                  "keep": [] if row["links"][link.field] is None
                  else list(row["links"][link.field]) if link.many else [row["links"][link.field]]}
                 for row in node_rows if link.field in row.get("links", {})]
        if not moved:
            continue
        source, target = (link.other, label) if link.incoming else (label, link.other)
        statement = catalog.template("bulk/unlink_incoming" if link.incoming else "bulk/unlink_outgoing",
                                     source=source, target=target, type=link.type)
        for removed in collected(tx, statement, rows=moved):
            ends = {"from": removed["from"], "to": removed["to"]}
            for end in (removed["from"], removed["to"]):
                audit[(link.type.value, f"{removed['from']}->{removed['to']}@{end}")] = audit_entry(
                    False, link.type.value, end, {**ends, **removed["props"]}, ends, action="import unlink")


def _log(audit: dict[tuple[str, str], dict[str, Any]], label: str, entity_id: str, created: bool,
         before: dict[str, Any] | None, after: dict[str, Any], key: str | None = None) -> None:
    """One audit entry per entity (and end) and batch: the first value before, the last after."""
    slot = (label, f"{key or entity_id}@{entity_id}")
    if slot in audit:
        audit[slot]["after"] = json_text(after)
    else:
        audit[slot] = audit_entry(created, label, entity_id, before, after)


def _validated(numbered_rows: Iterable[tuple[int, dict[str, Any] | RowError]], report: ImportReport,
               start_line: int, batch_size: int) -> list[tuple[Batch, int]]:
    """Every row validated into batches, each with the last source line it holds; refusals go to the report."""
    batches: list[tuple[Batch, int]] = []
    batch, last_line = Batch(), start_line
    for line, row in numbered_rows:
        if line <= start_line:
            continue
        if batch.size >= batch_size and line != last_line:
            # Batches end only between source lines (one CSV line can give several rows), so the
            # checkpoint never falls inside a line.
            batches.append((batch, last_line))
            batch = Batch()
        report.rows += 1
        last_line = line
        if isinstance(row, RowError):
            report.errors.append(row)
            continue
        try:
            batch.add(row, line)
        except InvalidValue as error:
            report.errors.append(RowError(line=line, field=error.field or "row", problem=error.problem,
                                          kind=_row_kind(row)))
    batches.append((batch, last_line))
    return batches


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a load's pass holds its rows in memory.

    The pass builds millions of long-lived dicts and lists without cycles, and every collection of the
    oldest generation walks all of them: at 100,000 stakeholders a third of the pass was collections
    that found nothing. Paused for the whole process (the collector is global), so other work of an
    API process keeps its cyclic garbage until the pass ends; reference counting frees the rest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate_rows(graph: Graph | None, numbered_rows: Iterable[tuple[int, dict[str, Any] | RowError]],
                  report: ImportReport, *, actor: str | None, batch_size: int = BATCH_SIZE,
                  start_line: int = 0) -> tuple[list[tuple[Batch, int]], LoadState]:
    """The validation pass of every load (reads only): each row validated into batches and judged on the
    graph and the earlier rows; refusals (and, for a dry run, what would be written) go to the report.

    Returns the batches (each with its last source line) and the state the load would leave: every
    node and relationship as the writes would store it (the initial load writes that state directly).
    `graph` None: judged against an empty database without reading it (the initial load, which
    checked that it is empty)."""
    with cycle_collection_paused():
        batches = _validated(numbered_rows, report, start_line, batch_size)
        state = LoadState()
        for batch, _ in batches:
            plan = (graph.read(plan_batch, batch, state=state, actor=actor, describe=report.dry_run) if graph
                    else plan_batch(None, batch, state=state, actor=actor, describe=report.dry_run))
            report.errors += plan.errors
            if report.dry_run:
                report.nodes += plan.nodes
                report.relationships += plan.relationships
                report.changes += plan.changes
                report.conflicts += plan.conflicts
    report.errors.sort(key=lambda error: error.line)
    return batches, state


def import_rows(graph: Graph, numbered_rows: Iterable[tuple[int, dict[str, Any] | RowError]], *, who: Signature,
                batch_size: int = BATCH_SIZE, start_line: int = 0, on_batch: Callable[[int], None] | None = None,
                dry_run: bool = False, allow_errors: bool = False, run_id: str | None = None,
                workers: int = 1) -> ImportReport:
    """Validate every row, then (unless a dry run, or a row was refused and partial loads not allowed)
    write them in batches signed by `who` and `run_id`; `on_batch(last_line)` runs after each commit.

    With `workers` > 1 the batches are written by that many sessions at once (`_write_parallel`)."""
    report = ImportReport(run_id=run_id or new_run_id(), dry_run=dry_run, resumed_from_line=start_line)
    batches, _ = validate_rows(graph, numbered_rows, report, actor=who.employee_id, batch_size=batch_size,
                               start_line=start_line)
    if dry_run or (report.errors and not allow_errors):
        return report
    refused: set[int | None] = {error.line for error in report.errors}
    phases = _parallel_phases(batches, refused, batch_size) if workers > 1 else None
    if phases is not None:
        if on_batch:
            on_batch(start_line)  # the checkpoint keeps the run id: a rerun resumes the same run
        _write_parallel(graph, phases, report, who=who, workers=workers, strict=not allow_errors)
        if on_batch:
            on_batch(batches[-1][1])
        return report
    for number, (batch, last_line) in enumerate(batches):
        if not batch.size:
            continue
        try:
            outcome = graph.write(write_batch, batch.without(refused), who=who, strict=not allow_errors,
                                  run_id=report.run_id, gate_judged=True)
        except InvalidValue as error:
            if not number:
                raise
            raise Conflict(f"the graph changed while the import ran ({error.problem}); batches 1 to {number} "
                           f"are written: undo them with `powermap import --undo {report.run_id}`",
                           field=error.field, detail={"runId": report.run_id}) from error
        report.add(outcome)
        if on_batch:
            on_batch(last_line)
    return report


def _parallel_phases(batches: list[tuple[Batch, int]], refused: set[int | None],
                     batch_size: int) -> list[list[Batch]] | None:
    """The validated rows regrouped for writing in parallel: first the nodes, in batches over disjoint
    ids (every row of one node, in file order, in one batch), then the relationships, in batches over
    disjoint start nodes, each sorted by its ends so concurrent transactions take the end nodes' locks
    in one order (fewer lock waits and deadlocks; a deadlock is retried by the driver). None when the
    order of the file matters across the two phases: a node row's link field and a relationship row
    name the same link of the same node (the later one wins, which only the file order says)."""
    node_rows = sum(len(rows_) for batch, _ in batches for rows_ in batch.nodes.values())
    rel_rows = sum(len(rows_) for batch, _ in batches for rows_ in batch.relationships.values())
    node_parts = [Batch() for _ in range(max(1, -(-node_rows // batch_size)))]
    rel_parts = [Batch() for _ in range(max(1, -(-rel_rows // batch_size)))]
    linked: set[tuple[RelType, str]] = set()
    given: set[tuple[RelType, str]] = set()

    def part_of(parts: list[Batch], node_id: str) -> Batch:
        return parts[int(hashlib.blake2b(node_id.encode(), digest_size=8).hexdigest(), 16) % len(parts)]

    for whole, _ in batches:
        batch = whole.without(refused)
        for label, rows_ in batch.nodes.items():
            for row in rows_:
                part = part_of(node_parts, row["id"])
                part.nodes[label].append(row)
                part.size += 1
        for step in batch.stage_history:
            part_of(node_parts, step["projectId"]).stage_history.append(step)
        for key, rows_ in batch.relationships.items():
            for row in rows_:
                if row.get("link"):
                    linked.add((key[0], row["link"][0]))
                else:
                    given |= {(key[0], row["from"]), (key[0], row["to"])}
                part = part_of(rel_parts, row["from"])
                part.relationships[key].append(row)
                part.size += 1
    if linked & given:
        return None
    for part in rel_parts:
        for rows_ in part.relationships.values():
            rows_.sort(key=lambda row: (row["from"], row["to"]))
    return [[part for part in node_parts if part.size], [part for part in rel_parts if part.size]]


def _write_parallel(graph: Graph, phases: list[list[Batch]], report: ImportReport, *, who: Signature, workers: int,
                    strict: bool) -> None:
    """Write each phase's batches with `workers` sessions at once, the relationships after every node.

    A batch still deadlocked after the driver's retries (hub nodes many batches touch) was rolled back
    whole; it is written again, alone, once the others of its phase are done."""
    def write(batch: Batch) -> BatchOutcome:
        return graph.write(write_batch, batch, who=who, strict=strict, run_id=report.run_id, gate_judged=True)

    def alone_on_deadlock(batch: Batch) -> Callable[[], BatchOutcome]:
        try:
            outcome = write(batch)
        except TransientError:
            return lambda: write(batch)
        return lambda: outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for phase in phases:
            futures = [pool.submit(alone_on_deadlock, batch) for batch in phase]
            try:
                finishes = [future.result() for future in futures]
                outcomes = [finish() for finish in finishes]
            except InvalidValue as error:
                for pending in futures:
                    pending.cancel()
                raise Conflict(f"the graph changed while the import ran ({error.problem}); what was written is "
                               f"undone with `powermap import --undo {report.run_id}`",
                               field=error.field, detail={"runId": report.run_id}) from error
            for outcome in outcomes:
                report.add(outcome)


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


def checkpoint_path(source: Path, progress_dir: Path) -> Path:
    """Where the progress of importing `source` is kept: the product's data folder, never beside the
    source (which may be read-only, shared, or a download folder), one file per source path."""
    digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    return progress_dir / f"{source.name}.{digest}.import-progress"


RowReader = Callable[[Iterable[str]], Iterable[tuple[int, Any]]]


def import_file(graph: Graph, source: Path, *, who: Signature, progress_dir: Path, rows_of: RowReader = jsonl_rows,
                batch_size: int = BATCH_SIZE, on_batch: Callable[[int], None] | None = None,
                dry_run: bool = False, allow_errors: bool = False, workers: int = 1) -> ImportReport:
    """Import one file signed by `who`, resuming the same run after its last committed line if a
    checkpoint says so (a dry run neither reads nor writes the checkpoint)."""
    checkpoint = checkpoint_path(source, progress_dir)
    progress = json.loads(checkpoint.read_text()) if checkpoint.exists() and not dry_run else {}
    run_id = progress.get("runId") or new_run_id()

    def committed(line: int) -> None:
        checkpoint.parent.mkdir(parents=True, exist_ok=True)
        checkpoint.write_text(json.dumps({"line": line, "runId": run_id}))
        if on_batch:
            on_batch(line)

    with source.open(encoding="utf-8") as lines:
        report = import_rows(graph, rows_of(lines), who=who, batch_size=batch_size,
                             start_line=progress.get("line", 0), on_batch=None if dry_run else committed,
                             dry_run=dry_run, allow_errors=allow_errors, run_id=run_id, workers=workers)
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
