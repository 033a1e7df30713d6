"""Powermap's benchmark: one command, one markdown table.

    .venv/bin/python -m bench.run [--small 10000] [--large 100000] [--requests 200] [--clients 16] [--workers 2]

It runs its own embedded Neo4j (data in var/bench-neo4j, ports 22687/22474, deleted first) and measures
the product as a user runs it: the API is `powermap serve --workers N --no-demo` in processes of its
own, started once each graph is loaded (port 22000, pointed at the bench's Neo4j by NEO4J_URI; its log
in var/bench/api.log), and every client is a separate process. Measured:

- how fast each graph gets in (graph elements per second, in this process): its first load with
  `powermap import --initial` (Neo4j's import tool, the way a large CRM's first load goes in), the
  naive one-transaction-per-row import of its first rows as the baseline, and an update of 10% of its
  elements through the ordinary import (a CRM's daily delta); the whole ordinary import of a graph
  is bench/load_speed.py's (at 1M stakeholders it takes about an hour here);
- p50/p95/p99 of power map, influence paths, lineage and bid review through the API (HTTP, one
  sequential client in a load-generator process) and through the same service functions on the raw
  driver (one sequential caller in another process); their ratio is the API's overhead (target 1.3);
- the same latencies at two sizes and the growth ratio of p95 (large / small);
- throughput of mixed reads (power map, influence paths, lineage) with N concurrent clients for a fixed
  time, through the API (the clients spread over `LOAD_PROCESSES` load-generator processes, threads in
  each, all starting together) and directly (the same service functions from N threads on the raw
  driver, in a separate process); their ratio is the API's share of what the database path can give
  (target 0.7);
- one customer's network power (powermap/services/network_power.py) at its median customer, the
  customer closest to 2,000 people (when one is within 10% of it) and its largest: cold (the analysis
  computed: a cache that keeps nothing) and warm (a cache hit, which still reads the customer's input
  and digests it), through the service on the raw driver, beside that customer's power map read (today's
  map, which carries the warm network power) as the baseline. The cold runs stop repeating once they
  have taken `NETWORK_COLD_BUDGET` seconds (at least 3 runs), so the largest customer stays affordable;
  each cell says how many runs it holds.

The table starts with the machine (cores, memory, load average when the run began: the machine may be
shared) and the API's worker count.
"""

import argparse
import json
import multiprocessing
import os
import random
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import httpx
from neo4j.exceptions import Neo4jError

from bench import REPO_ROOT
from bench.load_speed import initial_rate, naive_rate, ordinary_import, source_file, update_file
from bench.server import private_graph, script_settings, served_api, wipe
from powermap.errors import PowermapError
from powermap.graph import transfer
from powermap.graph.driver import Graph, connected_graph
from powermap.graph.loaders import graph_size
from powermap.models.security import SYSTEM
from powermap.services import bid_review, influence_paths, lineage, network_power, power_map
from powermap.services.bid_review import register_bid_gate
from powermap.settings import Settings

BENCH_DIR = REPO_ROOT / "var" / "bench"
# The customer size the network power goal is set for (issue #16: p95 under 200 ms on 2 cores).
NETWORK_GOAL_PEOPLE = 2_000
# Cold analyses of one customer stop repeating after this many seconds (but run at least 3 times).
NETWORK_COLD_BUDGET = 60.0
NETWORK_PICKS = ("median", "about 2,000", "largest")
QUESTIONS = ("power map", "influence paths", "lineage", "bid review")
MIXED = ("power map", "influence paths", "lineage")  # the mixed reads of the throughput run
# The API's load generator: its clients are spread over this many processes (threads in each), so no
# one interpreter's lock bounds the load it can send.
LOAD_PROCESSES = 4
# Generous: a spawned process imports the product before it is ready, on a machine that may be busy.
PROCESS_START_SECONDS = 300.0
BENCH_PROBE_TIMEOUT = 5.0  # seconds (the product's default is 0.6; the tests use 3)


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def timed(call: Callable[[dict], object], targets: list[dict]) -> list[float]:
    """Milliseconds of each call, one per target."""
    samples = []
    for target in targets:
        start = time.perf_counter()
        call(target)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def load_rates(settings: Settings, graph: Graph, source: Path, baseline_rows: int) -> dict[str, Any]:
    """How fast `source` gets in, from an empty database: the naive one-transaction-per-row import of its
    first rows, the initial load of the whole file (`powermap import --initial`, which the graph then
    holds), and an update of 10% of its elements through the ordinary import (bench/load_speed.py);
    rates in elements per second."""
    wipe(graph, keep_keys=False)  # the last graph's API key too: the initial load needs an empty database
    naive = naive_rate(graph, source, baseline_rows)
    wipe(graph)
    elements, initial, steps = initial_rate(settings, source)
    update, _ = update_file(source, 1)
    seconds, updated = ordinary_import(graph, update)
    return {"elements": elements, "initial": initial, "steps": steps, "naive": naive, "update": updated / seconds,
            "updated": updated}


def machine() -> dict[str, Any]:
    """Cores, memory (GiB) and the 1-minute load average of the machine the run is on."""
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        total_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    return {"cores": os.cpu_count() or 1, "memory_gib": total_kib / 1024 ** 2, "load": os.getloadavg()[0]}


def sample_targets(graph: Graph, count: int) -> list[dict]:
    """Projects with a decision maker on their chain, and that person: what the questions are asked of.

    The bench's own reads follow no earlier query's bookmarks (execute_query's default is to chain
    them): an initial load replaces the database and starts its transaction ids again, so a bookmark
    from the graph before it would wait for a transaction the new database never had."""
    records, _, _ = graph.driver.execute_query(
        """MATCH (p:Project)-[:HAS_CHAIN]->(:DecisionChain)<-[:IN_CHAIN {role: 'decision_maker'}]-(s:Stakeholder)
           RETURN p.id AS project, s.id AS stakeholder ORDER BY p.id LIMIT $count""",
        count=count, database_=graph.database, bookmark_manager_=None)
    return [record.data() for record in records]


def api_path(question: str, target: dict) -> str:
    """The API request that asks `question` about a target (as a client would send it)."""
    return {"power map": f"/api/v1/projects/{target['project']}/power-map",
            "influence paths": f"/api/v1/influence-paths?target={target['stakeholder']}&project={target['project']}",
            "lineage": f"/api/v1/projects/{target['project']}/lineage",
            "bid review": f"/api/v1/projects/{target['project']}/bid-review"}[question]


def service_call(graph: Graph, settings: Settings, question: str) -> Callable[[dict], object]:
    """The service function the API route of `question` calls, on a graph of the raw driver."""
    thresholds = power_map.Thresholds.from_settings(settings)
    return {"power map": lambda t: power_map.project_power_map(graph, project_id=t["project"], thresholds=thresholds),
            "influence paths": lambda t: influence_paths.influence_paths(graph, target_id=t["stakeholder"],
                                                                         project_id=t["project"]),
            "lineage": lambda t: lineage.lineage_of_project(graph, project_id=t["project"]),
            "bid review": lambda t: bid_review.bid_review(graph, project_id=t["project"], settings=settings),
            }[question]


def in_processes(work: Callable[..., Any], jobs: list[tuple]) -> list[Any]:
    """Run `work(*job, ready)` for each job in a spawned process of its own; their answers in job order.

    Each job prepares (imports, connects, warms up), then waits at the shared `ready` barrier, so the
    measured parts start together and no process's start-up is counted."""
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(len(jobs), timeout=PROCESS_START_SECONDS)
    # A process that dies breaks the pool (BrokenProcessPool) instead of leaving its answer awaited for ever.
    with ProcessPoolExecutor(len(jobs), mp_context=context, initializer=_keep_barrier, initargs=(ready,)) as pool:
        answers = [pool.submit(_with_barrier, work, job) for job in jobs]
        return [answer.result() for answer in answers]


_barrier: Barrier | None = None


def _keep_barrier(barrier: Barrier) -> None:
    global _barrier
    _barrier = barrier


def _with_barrier(work: Callable[..., Any], job: tuple) -> Any:
    assert _barrier is not None
    return work(*job, _barrier)


def service_latencies(settings: Settings, picks: list[dict], warm: list[dict], ready: Barrier) -> dict[str, list]:
    """(In its own process.) Milliseconds of each question's service call, one sequential caller."""
    with connected_graph(settings, probe_timeout=settings.neo4j_probe_timeout_seconds) as graph:
        calls = {question: service_call(graph, settings, question) for question in QUESTIONS}
        for call in calls.values():
            timed(call, warm)  # the query caches
        ready.wait()
        return {question: timed(call, picks) for question, call in calls.items()}


def api_latencies(api: str, key: str, picks: list[dict], warm: list[dict], ready: Barrier) -> dict[str, list]:
    """(In its own process.) Milliseconds of each question through the API, one sequential client."""
    with httpx.Client(base_url=api, timeout=30, headers={"Authorization": f"Bearer {key}"}) as client:
        def ask(question: str) -> Callable[[dict], object]:
            return lambda target: client.get(api_path(question, target)).raise_for_status()
        for question in QUESTIONS:
            timed(ask(question), warm)
        ready.wait()
        return {question: timed(ask(question), picks) for question in QUESTIONS}


def latencies(settings: Settings, api: str, targets: list[dict], requests: int) -> dict[str, dict[str, tuple]]:
    """Per question, p50/p95/p99 through the API and through the service, each from its own process."""
    rng = random.Random(1)
    picks = [rng.choice(targets) for _ in range(requests)]
    warm = targets[:5]
    (direct,) = in_processes(service_latencies, [(settings, picks, warm)])
    (over_http,) = in_processes(api_latencies, [(api, settings.admin_key, picks, warm)])
    return {question: {"raw": percentiles(direct[question]), "api": percentiles(over_http[question])}
            for question in QUESTIONS}


def mixed_reads(targets: list[dict]) -> list[tuple[str, dict]]:
    """The mixed-read workload: every (question, target) pair of `MIXED`, drawn at random by each client."""
    return [(question, target) for question in MIXED for target in targets]


def _clients_for(threads: int, seconds: float, ready: Barrier,
                 client: Callable[[random.Random, float], tuple[int, int]]) -> tuple[int, int, float]:
    """Run `threads` client loops until `seconds` after all processes are ready: (done, errors, elapsed)."""
    ready.wait()
    start = time.monotonic()
    deadline = start + seconds
    totals = [0, 0]
    lock = threading.Lock()

    def loop(seed: int) -> None:
        done, errors = client(random.Random(seed), deadline)
        with lock:
            totals[0] += done
            totals[1] += errors
    workers = [threading.Thread(target=loop, args=(os.getpid() * 100 + n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return totals[0], totals[1], time.monotonic() - start


def api_clients(api: str, key: str, workload: list[tuple[str, dict]], threads: int, seconds: float,
                ready: Barrier) -> tuple[int, int, float]:
    """(In a load-generator process.) `threads` HTTP clients asking mixed reads as fast as answered."""
    def client(rng: random.Random, deadline: float) -> tuple[int, int]:
        done = errors = 0
        with httpx.Client(base_url=api, timeout=30, headers={"Authorization": f"Bearer {key}"}) as http:
            while not done or time.monotonic() < deadline:  # at least one request, however late
                question, target = rng.choice(workload)
                errors += http.get(api_path(question, target)).status_code != 200
                done += 1
        return done, errors
    return _clients_for(threads, seconds, ready, client)


def service_clients(settings: Settings, workload: list[tuple[str, dict]], threads: int, seconds: float,
                    ready: Barrier) -> tuple[int, int, float]:
    """(In its own process.) `threads` callers of the same service functions on the raw driver."""
    with connected_graph(settings, probe_timeout=settings.neo4j_probe_timeout_seconds) as graph:
        calls = {question: service_call(graph, settings, question) for question in MIXED}

        def client(rng: random.Random, deadline: float) -> tuple[int, int]:
            done = errors = 0
            while not done or time.monotonic() < deadline:
                question, target = rng.choice(workload)
                try:
                    calls[question](target)
                except Exception:  # counted, as the API's clients count a non-200
                    errors += 1
                done += 1
            return done, errors
        return _clients_for(threads, seconds, ready, client)


def throughput(settings: Settings, api: str, targets: list[dict], clients: int,
               seconds: float) -> dict[str, tuple[float, int]]:
    """Mixed reads per second and errors, through the API and directly, `clients` at once each."""
    workload = mixed_reads(targets)
    processes = min(clients, LOAD_PROCESSES)
    shares = [clients // processes + (n < clients % processes) for n in range(processes)]
    figures = {
        "api": in_processes(api_clients, [(api, settings.admin_key, workload, share, seconds) for share in shares]),
        "direct": in_processes(service_clients, [(settings, workload, clients, seconds)]),
    }
    return {path: (sum(done / elapsed for done, _, elapsed in parts), sum(errors for _, errors, _ in parts))
            for path, parts in figures.items()}


def customer_people(graph: Graph) -> list[tuple[int, str]]:
    """(people, customer id) of every customer, smallest first; people as network power counts them."""
    records, _, _ = graph.driver.execute_query(
        """MATCH (customer:Customer)
           OPTIONAL MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..]->(customer)
           WHERE s.leftAt IS NULL OR date(s.leftAt) > date()
           WITH customer, count(DISTINCT s) AS people
           RETURN people, customer.id AS customer ORDER BY people, customer""",
        database_=graph.database, bookmark_manager_=None)  # as sample_targets
    return [(record["people"], record["customer"]) for record in records]


def network_customers(sizes: list[tuple[int, str]]) -> dict[str, tuple[int, str] | None]:
    """The median and the largest customer, and the one closest to the goal's size if within 10% of it."""
    if not sizes:
        return dict.fromkeys(NETWORK_PICKS)
    near = min(sizes, key=lambda size: (abs(size[0] - NETWORK_GOAL_PEOPLE), size[1]))
    return {"median": sizes[len(sizes) // 2],
            "about 2,000": near if abs(near[0] - NETWORK_GOAL_PEOPLE) <= NETWORK_GOAL_PEOPLE / 10 else None,
            "largest": sizes[-1]}


def cold_timed(call: Callable[[], object], runs: int, budget: float) -> list[float]:
    """Milliseconds of up to `runs` calls, fewer once they have taken `budget` seconds (at least 3)."""
    samples: list[float] = []
    while len(samples) < runs and (len(samples) < 3 or sum(samples) < budget * 1000):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def network_latencies(graph: Graph, settings: Settings, runs: int,
                      picks: dict[str, tuple[int, str] | None] | None = None) -> dict[str, dict | None]:
    """Cold and warm network power of the picked customers (by default picked from the graph's), and
    their power map read with and without network power, in ms."""
    thresholds = power_map.Thresholds.from_settings(settings)
    warm_rules = thresholds.network
    cold_rules = replace(warm_rules, cache_customers=0)  # a cache that keeps nothing: every call computes
    results: dict[str, dict | None] = {}
    for pick, chosen in (picks or network_customers(customer_people(graph))).items():
        if chosen is None:
            results[pick] = None
            continue
        people, customer = chosen

        def analysis(rules: network_power.NetworkRules, customer: str = customer) -> object:
            return network_power.customer_network_power(graph, customer_id=customer, rules=rules)
        try:
            analysis(cold_rules)  # compiles the statements: the cold figure times computing, not Cypher planning
            cold = cold_timed(lambda: analysis(cold_rules), runs, NETWORK_COLD_BUDGET)
        except (Neo4jError, PowermapError) as error:  # reported in the log; the cell shows "-"
            print(pick, people, customer, "failed:", error, flush=True)
            results[pick] = None
            continue
        analysis(warm_rules)  # cached from here on
        warm = timed(lambda _: analysis(warm_rules), [{}] * runs)
        for network in (True, False):  # compiles the map's statements, as the warm-up above does
            power_map.customer_power_map(graph, customer_id=customer, thresholds=thresholds, network=network)
        read_map = timed(lambda _, customer=customer: power_map.customer_power_map(
            graph, customer_id=customer, thresholds=thresholds), [{}] * runs)
        bare_map = timed(lambda _, customer=customer: power_map.customer_power_map(
            graph, customer_id=customer, thresholds=thresholds, network=False), [{}] * runs)
        results[pick] = {"customer": customer, "people": people, "cold": cold, "warm": warm, "map": read_map,
                         "bare": bare_map}
        print(pick, {name: percentiles(results[pick][name])[:2] for name in ("cold", "warm", "map", "bare")},
              flush=True)  # kept in the log should a later measure fail
    return results


def file_customers(source: Path) -> list[tuple[int, str]]:
    """(people, customer id) of every customer in a generated file, smallest first (its Stakeholder rows
    per customer section: the generator writes each customer's rows together, nodes then relationships)."""
    people: dict[str, int] = {}
    current = None
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith('{"label": "Customer"'):
                current = json.loads(line)["id"]
                people[current] = 0
            elif line.startswith('{"label": "Stakeholder"') and current is not None:
                people[current] += 1
            elif line.startswith('{"type"'):
                break
    return sorted((count, customer) for customer, count in people.items())


def customer_slice(source: Path, customers: set[str]) -> Path:
    """The rows of `customers` alone (their org units, people, ties, projects and what hangs off them)
    and the shared rows before the first customer (competitors, teams, employees), written beside
    `source`: a large graph's customers measured without importing the whole graph."""
    target = source.with_name(f"{source.stem}-slice-{'-'.join(sorted(customers))}.jsonl")
    if target.exists():
        return target
    keep, relationships = True, False
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            if line.startswith('{"label": "Customer"'):
                keep = json.loads(line)["id"] in customers
            elif line.startswith('{"type": "COVERS"'):  # the first row of a customer's relationships
                relationships, keep = True, json.loads(line)["to"] in customers
            elif line.startswith('{"type"') and not relationships:  # the shared ones come first
                relationships, keep = True, True
            if keep:
                out.write(line)
    return target


def run_network_only(size: int, runs: int, requests: int, sliced: bool, reuse: bool) -> str:
    """Only the network power and power map measures, on the graph of `size` stakeholders (with
    `sliced`, on its median, ~2,000-person and largest customers' rows alone; with `reuse`, on the
    graph the last such run imported)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    settings = script_settings("bench", 22, embedded_page_cache="4g", embedded_tx_memory="4g")
    source = source_file(size)
    picks = network_customers(file_customers(source))
    if sliced:
        source = customer_slice(source, {chosen[1] for chosen in picks.values() if chosen})
    with private_graph(settings) as graph:
        imported = "reused from the last run"
        if not reuse:
            wipe(graph)
            start = time.perf_counter()
            report = transfer.import_rows(graph, transfer.jsonl_rows(source.read_text().splitlines()),
                                          who=SYSTEM.signature)
            imported = (f"{report.nodes + report.relationships:,} elements in "
                        f"{time.perf_counter() - start:,.0f} s")
        network = network_latencies(graph, settings, runs, picks)
        targets = sample_targets(graph, 50)
        thresholds = power_map.Thresholds.from_settings(settings)
        rng = random.Random(1)
        chosen = [rng.choice(targets) for _ in range(requests)]
        maps = {}
        for label, with_network in (("with", True), ("without", False)):
            for target in targets:  # warm the query caches and every picked project's network power
                power_map.project_power_map(graph, project_id=target["project"], thresholds=thresholds,
                                            network=with_network)
            maps[label] = percentiles(timed(lambda t, n=with_network: power_map.project_power_map(
                graph, project_id=t["project"], thresholds=thresholds, network=n), chosen))
        size_read = graph_size(graph)
    what = "its median, ~2,000-person and largest customers' rows alone" if sliced else "the whole graph"
    lines = ["| measure | value |", "| --- | --- |",
             f"| graph | generator's {size:,}-stakeholder graph (seed 1), {what} |",
             f"| imported nodes / relationships | {size_read['nodes']:,} / {size_read['relationships']:,} "
             f"({imported}) |"]
    for label in ("with", "without"):
        p50, p95, p99 = maps[label]
        lines.append(f"| project power map {label} network power (warm), raw driver, p50/p95/p99 ms "
                     f"({requests} calls over {len(targets)} projects) | {p50:.1f} / {p95:.1f} / {p99:.1f} |")
    lines += network_rows(network)
    return "\n".join(lines) + "\n"


def run(small: int, large: int, requests: int, clients: int, seconds: float, baseline_rows: int,
        network_runs: int, workers: int = 2) -> str:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    # The API and the direct callers judge Neo4j alike: down only when a probe takes `BENCH_PROBE_TIMEOUT`
    # (a loaded machine must not look like an outage to either).
    settings = script_settings("bench", 22, embedded_page_cache="4g", embedded_tx_memory="4g",
                               neo4j_probe_timeout_seconds=BENCH_PROBE_TIMEOUT)
    facts = {**machine(), "workers": workers}
    rows: dict[str, dict] = {}
    register_bid_gate()  # the initial load judges stage histories as the CLI's does
    shutil.rmtree(settings.embedded_data_dir, ignore_errors=True)
    with private_graph(settings) as graph:
        for label, size in (("small", small), ("large", large)):
            source = source_file(size)
            # Loaded before the API starts: the initial load needs an empty database (no API key either)
            # and restarts Neo4j.
            loads = load_rates(settings, graph, source, baseline_rows)
            with served_api(settings, port=settings.api_port, workers=workers, log=BENCH_DIR / "api.log") as api:
                targets = sample_targets(graph, 50)
                rows[label] = {"size": size, "graph": graph_size(graph), "loads": loads,
                               "latency": latencies(settings, api, targets, requests),
                               "network": network_latencies(graph, settings, network_runs)}
                if label == "large":
                    rates = throughput(settings, api, targets, clients, seconds)
    return table(rows, rates, facts, clients, seconds)


def table(rows: dict[str, dict], rates: dict[str, tuple[float, int]], facts: dict[str, Any], clients: int,
          seconds: float) -> str:
    small, large = rows["small"], rows["large"]
    lines = ["| measure | small | large |", "| --- | --- | --- |"]
    lines.append(f"| machine: cores, memory, load average at the start | {facts['cores']} cores, "
                 f"{facts['memory_gib']:.0f} GiB, load {facts['load']:.1f} | |")
    lines.append(f"| API: `powermap serve --workers N`, separate processes | {facts['workers']} workers | |")
    lines.append(f"| stakeholders (requested) | {small['size']:,} | {large['size']:,} |")
    sizes = [f"{r['graph']['nodes']:,} / {r['graph']['relationships']:,}" for r in (small, large)]
    lines.append(f"| nodes / relationships in the graph | {sizes[0]} | {sizes[1]} |")
    loads = [r["loads"] for r in (small, large)]
    for name, cell in (
            ("initial load (`powermap import --initial`: validation, CSV, import tool, restart, schema), "
             "elements/s (target >= 200,000 at 1M)", lambda load: f"{load['initial']:,.0f}"),
            ("initial load steps, s", lambda load: ", ".join(
                f"{step} {seconds:.0f}" for step, seconds in load["steps"].items())),
            ("naive one-transaction-per-row import, elements/s", lambda load: f"{load['naive']:,.0f}"),
            ("initial load / naive (target >= 100x)", lambda load: f"{load['initial'] / load['naive']:.0f}x"),
            ("update of 10% of the elements (ordinary import, batches of 5,000), elements/s "
             "(target >= 50,000 at 1M)", lambda load: f"{load['update']:,.0f} ({load['updated']:,} elements)")):
        lines.append(f"| {name} | " + " | ".join(cell(load) for load in loads) + " |")
    for name in small["latency"]:
        for path in ("api", "raw"):
            s50, s95, s99 = small["latency"][name][path]
            l50, l95, l99 = large["latency"][name][path]
            lines.append(f"| {name} via {'API' if path == 'api' else 'service on the raw driver'}, p50/p95/p99 ms | "
                         f"{s50:.1f} / {s95:.1f} / {s99:.1f} | {l50:.1f} / {l95:.1f} / {l99:.1f} |")
        overhead_small = small["latency"][name]["api"][1] / small["latency"][name]["raw"][1]
        overhead_large = large["latency"][name]["api"][1] / large["latency"][name]["raw"][1]
        growth = large["latency"][name]["api"][1] / small["latency"][name]["api"][1]
        lines.append(f"| {name}: API / service p95 (target <= 1.3); large / small p95 (API) | {overhead_small:.2f} | "
                     f"{overhead_large:.2f}; growth {growth:.2f}x |")
    lines += network_rows(small["network"], large["network"])
    (api_rate, api_errors), (direct_rate, direct_errors) = rates["api"], rates["direct"]
    lines.append(f"| mixed reads, {clients} concurrent clients for {seconds:g} s, on the large graph: through the API "
                 f"(load-generator processes) | | {api_rate:,.0f} requests/s, {api_errors} errors |")
    lines.append(f"| the same mixed reads directly: the service functions from {clients} threads on the raw driver, "
                 f"in a separate process | | {direct_rate:,.0f} calls/s, {direct_errors} errors |")
    lines.append(f"| mixed reads: API / direct (target >= 0.7) | | {api_rate / direct_rate:.2f} |")
    return "\n".join(lines) + "\n"


def network_rows(*columns: dict[str, dict | None]) -> list[str]:
    """Customer sizes, then per picked customer: cold, warm, its power map with and without network
    power, and the p95 ratios; one column per graph measured."""
    def cell(figures: dict | None, render: Callable[[dict], str]) -> str:
        return "-" if figures is None else render(figures)

    def spread(name: str) -> Callable[[dict], str]:
        def render(figures: dict) -> str:
            p50, p95, _ = percentiles(figures[name])
            return f"{p50:.1f} / {p95:.1f} ({len(figures[name])} runs)"
        return render

    def ratios(figures: dict) -> str:
        base = percentiles(figures["bare"])[1]
        return (f"{percentiles(figures['cold'])[1] / base:.2f}; "
                f"{percentiles(figures['warm'])[1] / base:.2f}; {percentiles(figures['map'])[1] / base:.2f}")

    sizes = [" / ".join(cell(column[pick], lambda f: f"{f['people']:,}") for pick in NETWORK_PICKS)
             for column in columns]
    lines = [f"| network power customers ({' / '.join(NETWORK_PICKS)}), people | " + " | ".join(sizes) + " |"]
    for pick in NETWORK_PICKS:
        for name, what in (("cold", "network power, cold (analysis computed)"),
                           ("warm", "network power, warm (cache hit: markers and seats read)"),
                           ("map", "customer power map with network power (warm)"),
                           ("bare", "customer power map without network power")):
            lines.append(f"| {what}, {pick} customer, p50/p95 ms | "
                         + " | ".join(cell(column[pick], spread(name)) for column in columns) + " |")
        lines.append(f"| network power, {pick} customer: p95 of cold / bare map; warm / bare map; map / bare map | "
                     + " | ".join(cell(column[pick], ratios) for column in columns) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Powermap benchmark: writes a markdown table.")
    parser.add_argument("--small", type=int, default=10_000, help="stakeholders in the small graph")
    parser.add_argument("--large", type=int, default=100_000, help="stakeholders in the large graph")
    parser.add_argument("--requests", type=int, default=200, help="timed calls per query and path")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the throughput run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="API worker processes (`powermap serve --workers`); default one per core")
    parser.add_argument("--baseline-rows", type=int, default=2_000, help="rows imported one per transaction")
    parser.add_argument("--network-runs", type=int, default=20,
                        help="timed network power calls per picked customer (cold ones within a time budget)")
    parser.add_argument("--network-only", action="store_true",
                        help="only the network power and power map measures, on the --large graph")
    parser.add_argument("--slice", action="store_true",
                        help="with --network-only: import only the picked customers' rows of the --large graph")
    parser.add_argument("--reuse-graph", action="store_true",
                        help="with --network-only: measure the graph the last such run imported (no wipe, no import)")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "bench" / "results.md")
    args = parser.parse_args()
    if args.network_only:
        markdown = run_network_only(args.large, args.network_runs, args.requests, args.slice, args.reuse_graph)
    else:
        markdown = run(args.small, args.large, args.requests, args.clients, args.seconds, args.baseline_rows,
                       args.network_runs, args.workers)
    args.output.write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    main()
