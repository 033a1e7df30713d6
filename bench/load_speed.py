"""`python -m bench.load_speed --stakeholders N`: how fast a graph gets into Powermap, on a private
embedded Neo4j (var/load-speed-neo4j, ports from POWERMAP_SCRIPT_PORT_BASE, default 31).

Measures, on the generator's graph of N stakeholders (seed 1), in elements (nodes + relationships)
per second of wall time:
- the initial load (`powermap import --initial`: validation, CSV, Neo4j's import tool, restart,
  schema), from an empty database;
- an incremental update of 10% of the graph's elements (every tenth node and relationship row with
  changed values), with the ordinary import, sequential and with `--parallel` sessions, and at
  several batch sizes (`--batch-sizes`), which is how the default batch size is chosen;
- the ordinary batched import of the whole graph into an empty database;
- the naive one-row-per-transaction baseline, on the file's first `--baseline-rows` rows.

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
from pathlib import Path
from typing import Any

from bench import REPO_ROOT
from bench.server import private_graph, script_settings, wipe
from powermap.generator import generate
from powermap.graph import transfer
from powermap.graph.driver import Graph
from powermap.graph.initial_load import initial_load
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


def measure(settings: Settings, stakeholders: int, *, workers: int, batch_sizes: list[int],
            baseline_rows: int) -> dict[str, Any]:
    """Every figure of the module docstring, as a dict (rates in elements/s)."""
    source = source_file(stakeholders)
    shutil.rmtree(settings.embedded_data_dir, ignore_errors=True)
    figures: dict[str, Any] = {"stakeholders": stakeholders, "workers": workers}
    register_bid_gate()
    with private_graph(settings) as graph:
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
        wipe(graph)
        seconds, written = ordinary_import(graph, source)
        figures["batched"] = _rate(written, seconds)
        wipe(graph)
        figures["naive"] = naive_rate(graph, source, baseline_rows)
    return figures


def table(figures: dict[str, Any], command: str) -> str:
    steps = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in figures["initial_steps"].items())
    batches = ", ".join(f"{size:,}: {rate:,.0f}" for size, rate in figures["update_batch"].items())
    lines = [
        f"Load speed, generator graph of {figures['stakeholders']:,} stakeholders ({figures['elements']:,} elements), "
        f"{platform.machine()} with {_cores()} cores, `{command}`",
        "",
        "| load | elements/s |",
        "|---|---|",
        f"| initial load (`import --initial`: validation, CSV, import tool, restart, schema) | "
        f"{figures['initial']:,.0f} |",
        f"| ordinary batched import into an empty database | {figures['batched']:,.0f} |",
        f"| naive one-row-per-transaction import | {figures['naive']:,.0f} |",
        f"| initial / naive, initial / batched | {figures['initial'] / figures['naive']:.0f}x, "
        f"{figures['initial'] / figures['batched']:.1f}x |",
        f"| update of 10% of the elements, sequential, batch {figures['best_batch']:,} | "
        f"{figures['update_sequential']:,.0f} |",
        f"| the same, `--parallel {figures['workers']}` | {figures['update_parallel']:,.0f} |",
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
    args = parser.parse_args()
    settings = script_settings("load-speed", 31)
    figures = measure(settings, args.stakeholders, workers=args.workers,
                      batch_sizes=[int(size) for size in args.batch_sizes.split(",")], baseline_rows=args.baseline_rows)
    command = (f"python -m bench.load_speed --stakeholders {args.stakeholders} --workers {args.workers} "
               f"--batch-sizes {args.batch_sizes} --baseline-rows {args.baseline_rows}")
    print(table(figures, command))


if __name__ == "__main__":
    main()
