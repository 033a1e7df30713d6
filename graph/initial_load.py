"""The first load of an empty database at Neo4j's own import speed (`powermap import --initial`).

The ordinary import (graph/transfer.py) writes through Cypher, batch by batch, with an audit entry per
change; that is right for a CRM's daily delta and slow for the first load of a large CRM. A first load
into an empty database needs none of the merge logic (nothing is stored to merge with), so it:

1. runs the ordinary import's validation pass (`transfer.validate_rows`, the same models, the bid gate,
   required fields, missing ends, contradictions; nothing is validated twice or differently) against
   the empty database, without reading it (it was just checked empty, so every lookup would find
   nothing); any refused row refuses the whole load and nothing is written;
2. takes the state that pass says the load would leave (`LoadState`: every node and relationship with
   the values the writes would store, the import record `importedValues` included), adds what the
   writes would derive (timestamps; the first assessment of a stakeholder created with a stance or
   influence; the first stage of a project created without a history; a loaded stage history; the
   same stable ids as `transfer.history_of`), and writes it as the import tool's CSV: one node file per
   label (`id:ID(Label)`, typed properties, `:LABEL`), one relationship file per type and pair of end
   labels (`:START_ID(Label)`, `:END_ID(Label)`, typed properties, `:TYPE`);
3. stops the embedded server, runs `neo4j-admin database import full` (the `neo4j-import-tool`
   artifact, through the launcher's second entry point `com.powermap.neo4j.InitialImport`) into the
   database `neo4j` of the same data folder, in the store format the server uses (the tool's default,
   `aligned`, the Community default), starts the server again and applies the schema (constraints and
   indexes are built on the loaded data);
4. records the run: one `AuditEntry` for the whole run (action `import initial`, entity the run id,
   `after` the counts per label and type), signed like the ordinary import's. The ordinary import
   writes one entry per node and relationship; a first load of a million people would write millions
   of entries that say only "created by this run", so it writes one. `--undo RUN_ID` does not apply to
   an initial load: the way back from a first load is the empty database it started from.

Decisions, where the issue is silent:
- Only for the embedded server: the tool writes store files, so it needs the data folder. With
  `NEO4J_URI` set the load is refused, naming the ordinary import instead.
- Only for an empty database: the tool replaces the whole database (API keys, sessions and audit
  included), so a database holding any node is refused, naming what it holds.
- One row per node: the ordinary import lets a later row update a node an earlier row created (with
  the history that implies); a first load takes each node once, and a file that repeats a node is
  refused at the repeat (load it with the ordinary import). Relationship rows may repeat: their last
  values win, as with the ordinary import.
- JSON-lines files only (what `powermap export` and `powermap generate` write); a CRM export is read
  and mapped with the ordinary import.
- `--employee` must be an Employee of the load itself (the database is empty), and signs the run and
  the derived assessments as in the ordinary import.
- Timestamps: a row's `createdAt`/`updatedAt` when it carries them (an export read back), else the
  time of the load, one instant for the whole load (the ordinary import uses each batch's time).
- If the tool fails, the server is started again and the tool's last lines are the error (a 409).
  The database was empty before; what the tool leaves of it after failing half-way was not tested
  here (the validation pass makes a failure of the tool itself unlikely: every row it gets is valid).
"""

import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import Conflict, InvalidValue
from powermap.graph import catalog
from powermap.graph.availability import BATCH_PROBE_TIMEOUT
from powermap.graph.driver import Graph, connected_graph, single
from powermap.graph.embedded import EmbeddedNeo4j, build_launcher
from powermap.graph.model import Label, RelType
from powermap.graph.repositories.network_marks import mark_every_customer
from powermap.graph.repositories.security import record_audits
from powermap.graph.schema import apply_schema
from powermap.graph.transfer import (
    BATCH_SIZE,
    Batch,
    ImportReport,
    LoadState,
    RelKey,
    RowError,
    audit_entry,
    cycle_collection_paused,
    history_of,
    jsonl_rows,
    new_run_id,
    validate_rows,
)
from powermap.models.security import Signature
from powermap.settings import Settings

# The import tool's array delimiter: a control character no property value of the product holds
# (a list item that contains it is refused by name, never split).
ARRAY_DELIMITER = "\x1f"
IMPORT_TOOL_HEAP = "2g"
IMPORT_TOOL_OFF_HEAP = "2G"
ACTION = "import initial"


@dataclass
class LoadedGraph:
    """What an initial load stores: nodes per label and relationships per (type, ends), by id."""

    nodes: dict[Label, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    relationships: dict[RelKey, dict[tuple[str, str], dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict))

    def counts(self) -> dict[str, int]:
        """Elements per label and relationship type (what the run's audit entry records)."""
        found: dict[str, int] = defaultdict(int)
        for label, nodes in self.nodes.items():
            found[label.value] += len(nodes)
        for (rel_type, _, _), pairs in self.relationships.items():
            found[rel_type.value] += len(pairs)
        return dict(sorted(found.items()))

    @property
    def size(self) -> int:
        return sum(len(nodes) for nodes in self.nodes.values()) + sum(
            len(pairs) for pairs in self.relationships.values())


def numbered_files(paths: list[Path]) -> tuple[Iterator[tuple[int, dict[str, Any] | RowError]], list[tuple[int, Path]]]:
    """The rows of several JSON-lines files numbered on after one another (a load's lines are unique),
    with each file's first line number so a refusal can name its file and line (`where`)."""
    starts: list[tuple[int, Path]] = []

    def rows() -> Iterator[tuple[int, dict[str, Any] | RowError]]:
        offset = 0
        for path in paths:
            starts.append((offset, path))
            last = 0
            with path.open(encoding="utf-8") as lines:
                for last, row in jsonl_rows(lines):
                    yield offset + last, (RowError(line=offset + row.line, field=row.field, problem=row.problem)
                                          if isinstance(row, RowError) else row)
            offset += max(last, 1)
    return rows(), starts


def where(line: int, starts: list[tuple[int, Path]]) -> str:
    """`file:line` of a load-wide line number."""
    offset, path = max((start for start in starts if start[0] < line), key=lambda start: start[0],
                       default=(0, Path("?")))
    return f"{path}:{line - offset}"


def loaded_graph(batches: list[tuple[Batch, int]], state: LoadState, *, who: Signature, now: datetime,
                 refused: set[int | None]) -> tuple[LoadedGraph, list[RowError]]:
    """The graph the validated rows (less the `refused` lines) leave in an empty database, with what the
    writes derive; a node given twice is refused (see the module docstring)."""
    loaded, errors = LoadedGraph(), []
    first_line: dict[tuple[Label, str], int | None] = {}
    assessments: list[dict[str, Any]] = []
    stage_changes: list[dict[str, Any]] = []
    for whole, _ in batches:
        batch = whole.without(refused)
        for label, node_rows in batch.nodes.items():
            for row in node_rows:
                node_id = row["id"]
                if (label, node_id) in first_line:
                    errors.append(RowError(line=row["line"], field="id", kind=label.value, problem=(
                        f"{label.value} {node_id} is also on line {first_line[(label, node_id)]}: an initial load "
                        "takes each node once (load repeated rows with the ordinary import)")))
                    continue
                first_line[(label, node_id)] = row["line"]
                after = {**state.nodes[label][node_id], "createdAt": row["createdAt"] or now,
                         "updatedAt": row["updatedAt"] or now}
                loaded.nodes[label][node_id] = after
                found_assessments, found_stages = history_of(
                    label, {"id": node_id, "created": True, "before": None, "after": after}, row, who.employee_id)
                assessments += found_assessments
                stage_changes += found_stages
        stage_changes += batch.stage_history
        for (rel_type, source, target), rel_rows in batch.relationships.items():
            stored = loaded.relationships[(rel_type, source, target)]
            for row in rel_rows:
                pair = (row["from"], row["to"])
                stored[pair] = dict(state.relationships[rel_type][pair])
    for step in stage_changes:
        loaded.nodes[Label.STAGE_CHANGE][step["id"]] = _derived(
            {key: step[key] for key in ("stage", "fromStage", "by", "overrideReason")}, step["at"], now)
        moved = loaded.relationships[(RelType.MOVED_TO, Label.PROJECT, Label.STAGE_CHANGE)]
        moved[(step["projectId"], step["id"])] = {}
    employees = loaded.nodes[Label.EMPLOYEE]
    for assessment in assessments:
        loaded.nodes[Label.ASSESSMENT][assessment["id"]] = _derived(
            {key: assessment[key] for key in ("stance", "influence", "previousStance", "previousInfluence", "note")},
            assessment["at"], now)
        loaded.relationships[(RelType.OF, Label.ASSESSMENT, Label.STAKEHOLDER)][
            (assessment["id"], assessment["stakeholderId"])] = {}
        if assessment["byId"] in employees:
            loaded.relationships[(RelType.BY, Label.ASSESSMENT, Label.EMPLOYEE)][
                (assessment["id"], assessment["byId"])] = {}
    return loaded, errors


def _derived(values: dict[str, Any], at: datetime | None, now: datetime) -> dict[str, Any]:
    """A history node as the bulk writes store it (cypher/project/merge_stage_history,
    cypher/bulk/record_assessments): its values without nulls, `at` (now when not given), timestamps."""
    return {**{key: value for key, value in values.items() if value is not None},
            "at": at or now, "createdAt": now, "updatedAt": now}


def _csv_type(label: str, name: str, values: Iterable[Any]) -> str:
    """The import tool's type of one property column, from the values the models gave."""
    kinds = set()
    for value in values:
        if isinstance(value, list):
            kinds |= {f"{_scalar_type(item)}[]" for item in value} or {"string[]"}
        else:
            kinds.add(_scalar_type(value))
    if kinds == {"long", "double"}:
        return "double"
    if len(kinds) != 1:
        raise InvalidValue(f"{label}.{name} holds values of several types ({', '.join(sorted(kinds))}); "
                           "the import tool needs one per column", field=name)
    return kinds.pop()


def _scalar_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    return "string"


def _cell(value: Any, column_type: str) -> str:
    """One CSV field: empty for no value, strings quoted (so an empty string stays one), arrays joined."""
    if value is None:
        return ""
    if isinstance(value, list):
        items = [_plain(item) for item in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise InvalidValue("a list item holds the control character U+001F", field="properties")
        return _quoted(ARRAY_DELIMITER.join(items))
    if column_type == "double":
        return repr(float(value))
    text = _plain(value)
    return _quoted(text) if column_type == "string" else text


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _write_table(path: Path, head: list[str], keys: list[str], types: dict[str, str],
                 records: Iterable[tuple[list[str], dict[str, Any]]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join([*head, *(f"{key}:{types[key]}" for key in keys)]) + "\n")
        for leading, values in records:
            out.write(",".join([*leading, *(_cell(values.get(key), types[key]) for key in keys)]) + "\n")


def write_csv(loaded: LoadedGraph, folder: Path) -> list[str]:
    """Write the import tool's CSV files into `folder`; returns the tool's `--nodes`/`--relationships`
    arguments naming them."""
    arguments: list[str] = []
    for label, nodes in loaded.nodes.items():
        if not nodes:
            continue
        keys = sorted({key for values in nodes.values() for key in values} - {"id"})
        types = {key: _csv_type(label.value, key, (v[key] for v in nodes.values() if v.get(key) is not None))
                 for key in keys}
        path = folder / f"nodes-{label.value}.csv"
        _write_table(path, [f"id:ID({label.value})", ":LABEL"], keys, types,
                     (([_quoted(node_id), label.value], values) for node_id, values in nodes.items()))
        arguments.append(f"--nodes={path}")
    for (rel_type, source, target), pairs in loaded.relationships.items():
        if not pairs:
            continue
        keys = sorted({key for values in pairs.values() for key in values})
        types = {key: _csv_type(rel_type.value, key, (v[key] for v in pairs.values() if v.get(key) is not None))
                 for key in keys}
        path = folder / f"relationships-{rel_type.value}-{source.value}-{target.value}.csv"
        _write_table(path, [f":START_ID({source.value})", f":END_ID({target.value})", ":TYPE"], keys, types,
                     (([_quoted(start), _quoted(end), rel_type.value], values)
                      for (start, end), values in pairs.items()))
        arguments.append(f"--relationships={path}")
    return arguments


def run_import_tool(data_dir: Path, database: str, files: list[str], report_file: Path) -> str:
    """Run `neo4j-admin database import full` on a stopped embedded data folder; returns its output."""
    jar = build_launcher()
    command = ["java", f"-Xmx{IMPORT_TOOL_HEAP}", "-cp", str(jar), "com.powermap.neo4j.InitialImport",
               "--data", str(data_dir), *files, "--overwrite-destination=true", "--multiline-fields=true",
               f"--array-delimiter={ARRAY_DELIMITER}", f"--max-off-heap-memory={IMPORT_TOOL_OFF_HEAP}",
               f"--report-file={report_file}", "--bad-tolerance=0", database]
    result = subprocess.run(command, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        tail = "\n".join(output.splitlines()[-20:])
        raise Conflict(f"Neo4j's import tool refused the load (nothing was loaded):\n{tail}", field="initial")
    return output


def database_labels(graph: Graph) -> list[str]:
    """The labels of the nodes the database holds (a sample: enough to say it is not empty, and what)."""
    found = graph.read(lambda tx: single(tx, catalog.query("transfer/database_labels")))
    return list(found["labels"]) if found else []


@dataclass
class InitialLoad:
    """What an initial load did: the report (refusals, counts) and how long its steps took."""

    report: ImportReport
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def record_run(tx: ManagedTransaction, *, who: Signature, run_id: str, counts: dict[str, int]) -> None:
    """The run's one audit entry, and every customer's network power marked as changed, as the
    ordinary import's bulk writes mark it (graph/repositories/network_marks.py)."""
    record_audits(tx, who=who, entries=[audit_entry(True, "ImportRun", run_id, None, counts, action=ACTION)],
                  run_id=run_id)
    mark_every_customer(tx)


@cycle_collection_paused()  # once for the whole load: re-enabled between its steps, each would walk every row
def initial_load(settings: Settings, paths: list[Path], *, who: Signature, batch_size: int = BATCH_SIZE,
                 prepare: Callable[[Graph], None] | None = None) -> InitialLoad:
    """Validate `paths` against the empty embedded database, load them with the import tool, start the
    server again with the schema applied and the run audited (see the module docstring).

    `prepare(graph)`, when given, runs on the validation's graph before the pass (the CLI hangs the bid
    gate there)."""
    if not settings.uses_embedded:
        raise InvalidValue("an initial load writes the store files of the embedded Neo4j; with NEO4J_URI set "
                           "(a server of your own) use the ordinary import (without --initial)", field="initial")
    server = EmbeddedNeo4j(settings)
    server.start()
    timing: dict[str, float] = {}
    started = time.monotonic()
    report = ImportReport(run_id=new_run_id())
    with connected_graph(settings, probe_timeout=BATCH_PROBE_TIMEOUT) as graph:
        held = database_labels(graph)
        if held:
            raise Conflict(f"an initial load needs an empty database and this one holds {', '.join(held)} nodes: "
                           "the import tool would replace all of it; use the ordinary import (without --initial)",
                           field="initial")
        if prepare is not None:
            prepare(graph)
        rows, starts = numbered_files(paths)
        # Judged against the empty database just checked, so the pass reads nothing.
        batches, state = validate_rows(None, rows, report, actor=who.employee_id, batch_size=batch_size)
    loaded, repeats = loaded_graph(batches, state, who=who, now=datetime.now(UTC),
                                   refused={error.line for error in report.errors})
    report.errors = sorted(report.errors + repeats, key=lambda error: error.line)
    if who.employee_id and who.employee_id not in loaded.nodes[Label.EMPLOYEE]:
        report.errors.append(RowError(line=0, field="employee", problem=(
            f"--employee {who.employee_id} is not an Employee of the load (the database is empty)")))
    report.errors = [RowError(line=error.line, field=error.field, kind=error.kind,
                              problem=f"{where(error.line, starts)}: {error.problem}") if error.line else error
                     for error in report.errors]
    timing["validate"] = time.monotonic() - started
    if report.errors:
        return InitialLoad(report=report, seconds=timing)
    with tempfile.TemporaryDirectory(prefix="initial-load-", dir=settings.embedded_data_dir) as scratch:
        folder = Path(scratch)
        step = time.monotonic()
        files = write_csv(loaded, folder)
        timing["csv"] = time.monotonic() - step
        step = time.monotonic()
        server.stop()
        try:
            run_import_tool(server.data_dir, settings.neo4j_database, files, folder / "import.report")
        finally:
            timing["import tool"] = time.monotonic() - step
            step = time.monotonic()
            server.start()
    with connected_graph(settings, probe_timeout=BATCH_PROBE_TIMEOUT) as graph:
        apply_schema(graph.driver, settings.neo4j_database)
        timing["schema"] = time.monotonic() - step
        counts = loaded.counts()
        graph.write(lambda tx: record_run(tx, who=who, run_id=report.run_id, counts=counts))
    report.committed = True
    report.batches = 1
    report.nodes = sum(len(nodes) for nodes in loaded.nodes.values())
    report.relationships = loaded.size - report.nodes
    timing["total"] = time.monotonic() - started
    return InitialLoad(report=report, counts=counts, seconds=timing)
