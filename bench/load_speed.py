"""`python -m bench.load_speed --stakeholders N`: how fast a graph gets into Powermap, on a private
embedded Neo4j (var/load-speed-neo4j, ports from POWERMAP_SCRIPT_PORT_BASE, default 31).

Measures, on the generator's graph of N stakeholders (seed 1), in elements (nodes + relationships)
per second of wall time:
- the initial load (`powermap import --initial`: validation, CSV, Neo4j's import tool, restart,
  schema), from an empty database;
- an incremental update of 10% of the graph's elements (every tenth node and relationship row with
  changed values), with the ordinary import, sequential and with `--parallel` sessions, and at
  several batch sizes (`--batch-sizes`), which is how the default batch size is chosen;
- the write ceiling: the same kind of update written as bare Cypher SETs, without and with the audit
  nodes the import writes (`write_ceiling`), against which the update's rate is read;
- the ordinary batched import of the whole graph into an empty database (`--skip-batched` leaves it
  out: at 1M it alone takes about an hour);
- the naive one-row-per-transaction baseline, on the file's first `--baseline-rows` rows (measured
  first, into the empty database).

Prints a markdown table for bench/results.md. Separate from bench/run.py (the query and serving
benchmark) so either can be run alone; `measure` returns the figures for a caller that wants them.
"""

import argparse
import itertools
import json
import os
import platform
import shutil
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, LiteralString, cast

from bench import REPO_ROOT
from bench.server import private_graph, script_settings, wipe
from powermap.generator import generate
from powermap.graph import transfer
from powermap.graph.driver import Graph
from powermap.graph.initial_load import initial_load
from powermap.graph.model import Label, RelType
from powermap.graph.transfer import RelKey
from powermap.models.relationships import resolve_ends
from powermap.models.security import SYSTEM
from powermap.services.bid_review import register_bid_gate
from powermap.settings import Settings

BENCH_DIR = REPO_ROOT / "var" / "bench"


def source_file(stakeholders: int) -> Path:
    """The generator's graph (seed 1), written once and reused: the same size and seed give the same bytes."""
    source = BENCH_DIR / f"graph-{stakeholders}.jsonl"
    if not source.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        partial = source.with_name(source.name + ".part")
        generate(partial, stakeholders=stakeholders, seed=1)
        partial.rename(source)
    return source


def update_file(source: Path, variant: int) -> tuple[Path, int]:
    """Every tenth row of `source` that has a name or a strength, with that value changed: about 10% of the
    elements, each row an update the import must write and audit; `variant` changes the values anew."""
    target = source.with_name(f"{source.stem}-update-{variant}.jsonl")
    count = 0
    with source.open(encoding="utf-8") as rows, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(rows):
            if number % 10:
                continue
            row = json.loads(line)
            props = row.get("properties") or {}
            if "name" in props:
                row = {**row, "properties": {"name": f"{props['name']} ({variant})"}}
                row.pop("stageHistory", None)
            elif "strength" in props:
                props["strength"] = round(0.1 + (number * 7 + variant) % 80 / 100, 2)
            else:
                continue
            out.write(json.dumps(row) + "\n")
            count += 1
    return target, count


def _rate(elements: int, seconds: float) -> float:
    return elements / seconds if seconds else 0.0


def ordinary_import(graph: Graph, source: Path, **options: Any) -> tuple[float, int]:
    start = time.perf_counter()
    with source.open(encoding="utf-8") as lines:
        report = transfer.import_rows(graph, transfer.jsonl_rows(lines), who=SYSTEM.signature, **options)
    if report.errors:
        raise SystemExit(f"{source}: {report.errors[:3]}")
    return time.perf_counter() - start, report.nodes + report.relationships


def initial_rate(settings: Settings, source: Path) -> tuple[int, float, dict[str, float]]:
    """(elements, elements/s, seconds per step) of `powermap import --initial` of `source` into the
    settings' empty embedded database, which then holds it."""
    done = initial_load(settings, [source], who=SYSTEM.signature)
    if done.report.errors:
        raise SystemExit(f"{source}: {done.report.errors[:3]}")
    elements = done.report.nodes + done.report.relationships
    return elements, _rate(elements, done.seconds["total"]), done.seconds


def naive_rate(graph: Graph, source: Path, rows: int) -> float:
    """Elements/s of the naive baseline: the first `rows` rows of `source`, one transaction each."""
    with source.open(encoding="utf-8") as lines:
        head = list(itertools.islice(lines, rows))
    start = time.perf_counter()
    transfer.import_rows(graph, transfer.jsonl_rows(head), who=SYSTEM.signature, batch_size=1)
    return _rate(len(head), time.perf_counter() - start)


def _changes(update: Path) -> tuple[dict[Label, list[dict[str, Any]]], dict[RelKey, list[dict[str, Any]]]]:
    """The update file's rows as the values they set: node names by label, strengths by (type, ends)."""
    nodes: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    relationships: dict[RelKey, list[dict[str, Any]]] = defaultdict(list)
    with update.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if "label" in row:
                nodes[Label(row["label"])].append({"id": row["id"], "name": row["properties"]["name"],
                                                   "text": json.dumps(row["properties"])})
            else:
                rel_type = RelType(row["type"])
                ends = resolve_ends(rel_type, *(Label(row[name]) if row.get(name) else None
                                                for name in ("fromLabel", "toLabel")), allow_internal=True)
                relationships[(rel_type, *ends)].append(
                    {"from": row["from"], "to": row["to"], "strength": row["properties"]["strength"],
                     "text": json.dumps({"from": row["from"], "to": row["to"], **row["properties"]})})
    return nodes, relationships


def write_ceiling(graph: Graph, update: Path, batch_size: int) -> dict[str, float]:
    """Elements/s of an update file's changes written as bare Cypher SETs in committed batches, without
    (`bare`) and with (`audited`) one audit node per node and two per relationship, as the import
    writes them (the same properties, so the same indexes): what Neo4j on this machine allows for the
    writes alone, no validation, no judged values, no history. The import's update rate is read
    against it.

    It writes around Powermap's access policy and its audit, so it runs only on the benchmark's
    private database, on the graph the benchmark loaded there for itself."""
    nodes, relationships = _changes(update)
    audit = ("CREATE (:AuditEntry {id: randomUUID(), at: datetime(), runId: 'write-ceiling', keyId: null, "
             "accountId: null, employeeId: null, action: 'import update', label: $kind, entityId: touched.id, "
             "before: '{\"name\": \"before\"}', after: row.text, createdAt: datetime(), updatedAt: datetime()})")

    def in_batches(statement: str, changes: list[dict[str, Any]], kind: str) -> int:
        # Labels and types come from the model's enums, never from the file's text.
        for start in range(0, len(changes), batch_size):
            graph.driver.execute_query(cast(LiteralString, statement), rows=changes[start:start + batch_size],
                                       kind=kind, database_=graph.database)
        return len(changes)

    rates = {}
    for name, audited in (("bare", False), ("audited", True)):
        started, written = time.perf_counter(), 0
        for label, changes in nodes.items():
            written += in_batches(f"UNWIND $rows AS row MATCH (touched:{label.value} {{id: row.id}}) "
                                  f"SET touched.name = row.name {audit if audited else ''}", changes, label.value)
        for (rel_type, source, target), changes in relationships.items():
            ends = (" WITH row, r, [a, b] AS pair UNWIND pair AS touched " + audit) if audited else ""
            written += in_batches(f"UNWIND $rows AS row MATCH (a:{source.value} {{id: row.from}})"
                                  f"-[r:{rel_type.value}]->(b:{target.value} {{id: row.to}}) "
                                  f"SET r.strength = row.strength{ends}", changes, rel_type.value)
        rates[name] = _rate(written, time.perf_counter() - started)
    return rates


def measure(settings: Settings, stakeholders: int, *, workers: int, batch_sizes: list[int],
            baseline_rows: int, batched: bool = True) -> dict[str, Any]:
    """Every figure of the module docstring, as a dict (rates in elements/s); without `batched` the
    ordinary import of the whole graph is left out (at 1M it alone takes about an hour)."""
    source = source_file(stakeholders)
    shutil.rmtree(settings.embedded_data_dir, ignore_errors=True)
    figures: dict[str, Any] = {"stakeholders": stakeholders, "workers": workers}
    register_bid_gate()
    with private_graph(settings) as graph:
        # The baseline first, as bench.run measures it: the database is still empty, and wiping a 1M
        # graph afterwards would take as long as a measure.
        figures["naive"] = naive_rate(graph, source, baseline_rows)
        wipe(graph)
        figures["elements"], figures["initial"], figures["initial_steps"] = initial_rate(settings, source)
        variant = 0
        for size in batch_sizes:
            variant += 1
            update, _ = update_file(source, variant)
            seconds, written = ordinary_import(graph, update, batch_size=size)
            figures.setdefault("update_batch", {})[size] = _rate(written, seconds)
        best = max(figures["update_batch"], key=figures["update_batch"].get)
        figures["best_batch"] = best
        figures["update_sequential"] = figures["update_batch"][best]
        update, figures["update_rows"] = update_file(source, variant + 1)
        seconds, written = ordinary_import(graph, update, batch_size=best, workers=workers)
        figures["update_parallel"] = _rate(written, seconds)
        # Twice, each with values of its own, keeping the faster: a ceiling with its plans compiled.
        ceilings = [write_ceiling(graph, update_file(source, variant + again)[0], best) for again in (2, 3)]
        figures["ceiling"] = {name: max(rates[name] for rates in ceilings) for name in ceilings[0]}
        if batched:
            wipe(graph)
            seconds, written = ordinary_import(graph, source)
            figures["batched"] = _rate(written, seconds)
    return figures


def table(figures: dict[str, Any], command: str) -> str:
    steps = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in figures["initial_steps"].items())
    batches = ", ".join(f"{size:,}: {rate:,.0f}" for size, rate in figures["update_batch"].items())
    batched = f"{figures['batched']:,.0f}" if "batched" in figures else "not run (`--skip-batched`)"
    versus_batched = f"{figures['initial'] / figures['batched']:.1f}x" if "batched" in figures else "-"
    lines = [
        f"Load speed, generator graph of {figures['stakeholders']:,} stakeholders ({figures['elements']:,} elements), "
        f"{platform.machine()} with {_cores()} cores, `{command}`",
        "",
        "| load | elements/s |",
        "|---|---|",
        f"| initial load (`import --initial`: validation, CSV, import tool, restart, schema) | "
        f"{figures['initial']:,.0f} |",
        f"| ordinary batched import into an empty database | {batched} |",
        f"| naive one-row-per-transaction import | {figures['naive']:,.0f} |",
        f"| initial / naive, initial / batched | {figures['initial'] / figures['naive']:.0f}x, {versus_batched} |",
        f"| update of 10% of the elements, sequential, batch {figures['best_batch']:,} | "
        f"{figures['update_sequential']:,.0f} |",
        f"| the same, `--parallel {figures['workers']}` | {figures['update_parallel']:,.0f} |",
        f"| the update's changes as bare Cypher SETs in batches (no validation, history or audit): "
        f"the machine's ceiling | {figures['ceiling']['bare']:,.0f} |",
        f"| the same with one audit node per node and two per relationship, as the import writes | "
        f"{figures['ceiling']['audited']:,.0f} |",
        f"| update sequential / ceiling with audit nodes, / bare ceiling | "
        f"{figures['update_sequential'] / figures['ceiling']['audited']:.2f}, "
        f"{figures['update_sequential'] / figures['ceiling']['bare']:.2f} |",
        "",
        f"Initial load steps: {steps}. Update elements/s by batch size: {batches}.",
    ]
    return "\n".join(lines)


def _cores() -> int:
    return os.cpu_count() or 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stakeholders", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="sessions of the parallel update")
    parser.add_argument("--batch-sizes", default="1000,5000,20000", help="batch sizes the update is timed at")
    parser.add_argument("--baseline-rows", type=int, default=1_000, help="rows imported one per transaction")
    parser.add_argument("--skip-batched", action="store_true",
                        help="leave out the ordinary import of the whole graph (about an hour at 1M)")
    args = parser.parse_args()
    # As bench.run's: the 1M graph's store fits in the page cache; wiping it takes minutes.
    settings = script_settings("load-speed", 31, embedded_page_cache="4g", embedded_tx_memory="4g",
                               embedded_tx_timeout_seconds=3600)
    figures = measure(settings, args.stakeholders, workers=args.workers,
                      batch_sizes=[int(size) for size in args.batch_sizes.split(",")], baseline_rows=args.baseline_rows,
                      batched=not args.skip_batched)
    command = (f"python -m bench.load_speed --stakeholders {args.stakeholders} --workers {args.workers} "
               f"--batch-sizes {args.batch_sizes} --baseline-rows {args.baseline_rows}"
               f"{' --skip-batched' if args.skip_batched else ''}")
    print(table(figures, command))


if __name__ == "__main__":
    main()
