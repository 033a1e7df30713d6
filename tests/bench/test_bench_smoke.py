"""The benchmark's short version: every measure is produced (figures live in bench/, not in asserts).

The end-to-end run is the real thing in miniature: `powermap serve --workers 2` in processes of its
own, the load generator and the direct callers in spawned processes."""

from bench.run import NETWORK_PICKS, percentiles, table


def test_percentiles_pick_from_the_sorted_samples():
    samples = [float(n) for n in range(1, 101)]
    assert percentiles(samples) == (51.0, 96.0, 100.0)


def test_the_table_reports_every_measure_at_both_sizes():
    latency = {name: {"api": (2.0, 4.0, 5.0), "raw": (1.0, 2.0, 3.0)}
               for name in ("power map", "influence paths", "lineage", "bid review")}
    customer = {"people": 2_004, "cold": [300.0, 400.0], "warm": [40.0, 50.0], "map": [20.0, 25.0],
                "bare": [10.0, 12.5]}
    network = {"small": {"median": customer, "about 2,000": None, "largest": customer},
               "large": dict.fromkeys(NETWORK_PICKS, customer)}
    loads = {"elements": 600, "initial": 50_000.0, "naive": 500.0, "update": 2_500.0, "updated": 60,
             "steps": {"validate": 1.2, "csv": 0.4, "import tool": 9.6, "schema": 3.0, "total": 14.2}}
    rows = {label: {"size": size, "graph": {"nodes": size, "relationships": 5 * size}, "loads": loads,
                    "latency": latency, "network": network[label]}
            for label, size in (("small", 10), ("large", 100))}
    facts = {"cores": 2, "memory_gib": 23.4, "load": 3.25, "workers": 2}
    markdown = table(rows, {"api": (123.0, 0), "direct": (164.0, 1)}, facts, clients=16, seconds=1)
    assert "| machine: cores, memory, load average at the start | 2 cores, 23 GiB, load 3.2 | |" in markdown
    assert "| API: `powermap serve --workers N`, separate processes | 2 workers | |" in markdown
    assert "| initial load / naive (target >= 100x) | 100x | 100x |" in markdown
    assert "| initial load steps, s | validate 1, csv 0, import tool 10, schema 3, total 14 |" in markdown
    assert "(target >= 50,000 at 1M) | 2,500 (60 elements) | 2,500 (60 elements) |" in markdown
    assert ("| power map: API / service p95 (target <= 1.3); large / small p95 (API) | 2.00 | 2.00; growth 1.00x |"
            in markdown)
    assert ("| network power customers (median / about 2,000 / largest), people | 2,004 / - / 2,004 | "
            "2,004 / 2,004 / 2,004 |") in markdown
    assert ("| network power, cold (analysis computed), largest customer, p50/p95 ms | 400.0 / 400.0 (2 runs) | "
            "400.0 / 400.0 (2 runs) |") in markdown
    assert ("| network power, about 2,000 customer: p95 of cold / bare map; warm / bare map; map / bare map | - | "
            "32.00; 4.00; 2.00 |") in markdown
    assert "16 concurrent clients" in markdown and "123 requests/s, 0 errors" in markdown
    assert "| 164 calls/s, 1 errors |" in markdown
    assert "| mixed reads: API / direct (target >= 0.7) | | 0.75 |" in markdown
    assert markdown.count("\n") == 42, ("header, machine and workers, 2 size and 5 load rows, 3 rows per query, "
                                         "16 network, 3 throughput")


def test_load_short_run_has_no_errors(live_api, settings, graph):
    from bench.load import run
    from powermap.graph.loaders import DEMO_SEEDS, load_graph_files

    load_graph_files(graph, DEMO_SEEDS)
    figures = run(live_api, settings.admin_key, clients=4, seconds=2)
    assert figures["requests"] > 0
    assert figures["errors"] == 0, figures["firstErrors"]


def test_benchmark_short_run_end_to_end(monkeypatch):
    """The real script on tiny graphs: its own server, the authenticated API, every measure, no errors."""
    from bench.run import run

    # Ports of its own (28xxx), so that a benchmark run by hand on the same machine does not collide.
    monkeypatch.setenv("POWERMAP_SCRIPT_PORT_BASE", "28")

    markdown = run(small=150, large=300, requests=2, clients=2, seconds=1, baseline_rows=20, network_runs=3,
                   workers=2)
    assert "| initial load / naive (target >= 100x) |" in markdown and "bid review via API" in markdown
    assert "| 2 workers | |" in markdown
    network_cells = [line.split(" | ")[1:3] for line in markdown.splitlines() if line.startswith("| network power, ")
                     and ("median" in line or "largest" in line) and "p50/p95 ms" in line]
    assert len(network_cells) == 4, "cold and warm at the median and the largest customer"
    figures = [float(number) for cells in network_cells for cell in cells
               for number in cell.split(" (")[0].split(" / ")]
    assert len(figures) == 16 and min(figures) > 0, markdown
    assert "about 2,000 customer" in markdown, "the row is there even when no customer is that size"
    throughput = [line for line in markdown.splitlines() if "mixed reads" in line]
    assert len(throughput) == 3 and all(", 0 errors |" in line for line in throughput[:2]), throughput
    assert float(throughput[2].rstrip(" |").rsplit(" ", 1)[-1]) > 0
