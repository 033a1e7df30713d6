"""The demo seeds load, tell the story the issue asks for, and load idempotently."""

import pytest

from powermap.errors import InvalidValue
from powermap.graph.driver import Graph
from powermap.graph.loaders import DEMO_SEEDS, graph_size, load_graph_files


def _content(graph: Graph) -> tuple[list, list]:
    """Every node and relationship with its properties, timestamps and the network power cache's change
    markers (renewed by every bulk write) left out, in a stable order."""
    skip = {"createdAt", "updatedAt"}
    nodes, _, _ = graph.driver.execute_query(
        "MATCH (n) WHERE NOT n:NetworkMark RETURN labels(n) AS labels, properties(n) AS props",
        database_=graph.database)
    rels, _, _ = graph.driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props",
        database_=graph.database)
    node_rows = sorted(
        (record["labels"], sorted((k, str(v)) for k, v in record["props"].items() if k not in skip))
        for record in nodes
    )
    rel_rows = sorted(
        (record["a"], record["type"], record["b"], sorted((k, str(v)) for k, v in record["props"].items()))
        for record in rels
    )
    return node_rows, rel_rows


def test_demo_tells_the_story(graph):
    load_graph_files(graph, DEMO_SEEDS)
    counts, _, _ = graph.driver.execute_query(
        """
        MATCH (n) WITH labels(n)[0] AS label, count(*) AS count
        RETURN collect([label, count]) AS counts
        """, database_=graph.database)
    by_label = dict(counts[0]["counts"])
    assert by_label["Customer"] == 3
    assert 35 <= by_label["Stakeholder"] <= 45
    assert by_label["Competitor"] == 2
    assert by_label["Employee"] == 8 and by_label["Team"] == 2
    assert 8 <= by_label["Opportunity"] <= 12
    assert by_label["Project"] == 4 and by_label["Contract"] == 1
    assert 55 <= by_label["Activity"] <= 65
    stages, _, _ = graph.driver.execute_query(
        "MATCH (p:Project) RETURN collect(p.stage) AS stages", database_=graph.database)
    assert {"lost", "delivery", "bid", "opportunity"} <= set(stages[0]["stages"])
    moved, _, _ = graph.driver.execute_query(
        """MATCH (a:Assessment) WHERE a.previousStance IS NOT NULL AND a.previousStance <> a.stance
           RETURN count(a) AS moved""", database_=graph.database)
    assert moved[0]["moved"] >= 5
    channels, _, _ = graph.driver.execute_query(
        "MATCH (i:Insight) RETURN collect(DISTINCT i.channel) AS channels", database_=graph.database)
    assert set(channels[0]["channels"]) == {"sales", "technical", "service"}


def test_loading_twice_gives_the_same_graph(graph):
    load_graph_files(graph, DEMO_SEEDS)
    first_size, first_content = graph_size(graph), _content(graph)
    load_graph_files(graph, DEMO_SEEDS)
    assert graph_size(graph) == first_size
    assert _content(graph) == first_content


def test_bad_row_names_file_and_field_and_writes_nothing(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(
        "Customer:\n  - {id: cus-1, name: Acme}\n"
        "Stakeholder:\n  - {id: stk-1, name: Zhou, influence: 7}\n")
    with pytest.raises(InvalidValue) as raised:
        load_graph_files(graph, tmp_path)
    assert "a.yaml" in raised.value.problem and raised.value.field == "influence"
    assert graph_size(graph)["nodes"] == 0


def test_relationship_to_missing_node_fails_the_whole_load(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(
        "Stakeholder:\n  - {id: stk-1, name: Zhou}\n"
        "relationships:\n  REPORTS_TO:\n    - [stk-1, stk-404]\n")
    with pytest.raises(InvalidValue) as raised:
        load_graph_files(graph, tmp_path)
    assert "stk-404" in raised.value.problem
    assert graph_size(graph)["nodes"] == 0
