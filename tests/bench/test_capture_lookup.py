"""The capture lookup benchmark's short version (bench/capture_lookup.py): on a few hundred people the
index lookup and the every-person baseline agree on every meeting (figures live in bench/, not asserts)."""

from bench.capture_lookup import measure, table


def test_the_index_lookup_and_the_baseline_agree(graph):
    figures = measure(graph, people=300, customers=4, addresses=10, runs=3)
    assert len(figures.indexed_ms) == len(figures.scanned_ms) == 3
    assert min(figures.indexed_ms + figures.scanned_ms) > 0
    markdown = table(figures)
    assert "| people (stakeholders with an e-mail address) | 300 |" in markdown and markdown.count("\n") == 7
    people = graph.driver.execute_query("MATCH (s:Stakeholder) RETURN count(s.email) AS n", database_=graph.database)
    assert people.records[0]["n"] == 300
