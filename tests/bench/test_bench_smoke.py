"""The benchmark's short version: every measure is produced (figures live in bench/, not in asserts)."""

from bench.run import percentiles, table


def test_percentiles_pick_from_the_sorted_samples():
    samples = [float(n) for n in range(1, 101)]
    assert percentiles(samples) == (51.0, 96.0, 100.0)


def test_the_table_reports_every_measure_at_both_sizes():
    latency = {name: {"api": (2.0, 4.0, 5.0), "raw": (1.0, 2.0, 3.0)}
               for name in ("power map", "influence paths", "lineage", "bid review")}
    rows = {label: {"size": size, "graph": {"nodes": size, "relationships": 5 * size}, "import": 50_000.0,
                    "naive": 500.0, "latency": latency} for label, size in (("small", 10), ("large", 100))}
    markdown = table(rows, rate=123.0, errors=0, clients=16, seconds=1)
    assert "| batched / naive | 100x | 100x |" in markdown
    assert "| power map: API / raw p95; large / small p95 (API) | 2.00 | 2.00; growth 1.00x |" in markdown
    assert "16 concurrent clients" in markdown and "123 requests/s, 0 errors" in markdown
    assert markdown.count("\n") == 20, "header, 5 size and import rows, 3 rows per query, throughput"


def test_load_short_run_has_no_errors(live_api, settings, graph):
    from bench.load import run
    from powermap.graph.loaders import DEMO_SEEDS, load_graph_files

    load_graph_files(graph, DEMO_SEEDS)
    figures = run(live_api, settings.admin_key, clients=4, seconds=2)
    assert figures["requests"] > 0
    assert figures["errors"] == 0, figures["firstErrors"]


def test_benchmark_short_run_end_to_end():
    """The real script on tiny graphs: its own server, the authenticated API, every measure, no errors."""
    from bench.run import run

    markdown = run(small=150, large=300, requests=2, clients=2, seconds=1, baseline_rows=20)
    assert "| batched / naive |" in markdown and "bid review via API" in markdown
    assert markdown.rstrip().endswith("0 errors |")
