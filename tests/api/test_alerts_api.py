"""The watch list and its digest through HTTP (api/routers/alerts.py): the filters, the 4xx for bad
ones (nothing changes on a read), and a hostile name shown as text in every rendering."""

from powermap.graph.loaders import load_graph_document
from tests.services.test_alerts import EXTRA, STORY
from tests.services.test_watch_list import SECOND

HOSTILE = '<script>alert("x")</script>'


def _world(graph):
    load_graph_document(graph, STORY)
    graph.driver.execute_query(EXTRA, database_=graph.database)
    load_graph_document(graph, SECOND)
    graph.driver.execute_query("MATCH (z:Stakeholder {id: 'zhou'}) SET z.name = $name", name=HOSTILE,
                               database_=graph.database)


def test_the_watch_list_of_a_team_since_a_day(client, graph):
    _world(graph)
    found = client.get("/api/v1/alerts", params={"team": "team-1", "since": "2026-10-03", "reportDate": "2026-11-01"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["customerIds"] == ["cus-1"]
    assert [(a["kind"], a["triggeredOn"]) for a in body["alerts"]] == [
        ("bid_gap_near_close", "2026-11-01"), ("silent", "2026-11-01"), ("new_boss", "2026-11-01")]
    silent = body["alerts"][1]
    assert silent["involved"] == [{"id": "emp-wang", "name": "Wang"}, {"id": "zhou", "name": HOSTILE}]
    assert silent["path"]["people"][0]["id"] == "emp-wang" and silent["concernedId"] == "zhou"


def test_bad_filters_are_refused_naming_the_field(client, graph):
    _world(graph)
    late = client.get("/api/v1/alerts", params={"since": "2026-11-02", "reportDate": "2026-11-01"})
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "since"
    unknown = client.get("/api/v1/alerts", params={"team": "team-none"})
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["field"] == "team"
    bad_format = client.get("/api/v1/alerts/digest", params={"format": "pdf"})
    assert bad_format.status_code == 422
    records, _, _ = graph.driver.execute_query("MATCH (z:Stakeholder {id: 'zhou'}) RETURN z.name AS name",
                                               database_=graph.database)
    assert records[0]["name"] == HOSTILE


def test_the_weekly_digest_shows_a_script_name_as_text(client, graph):
    _world(graph)
    params = {"team": "team-1", "reportDate": "2026-11-01"}
    html = client.get("/api/v1/alerts/digest", params={**params, "format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<script>" not in html.text and "script-src" not in html.headers["content-security-policy"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html.text
    # The digest's week is 2026-10-25..2026-11-01: Sun's departure (2026-10-02) is not in it.
    assert "Champion left" not in html.text and "Gone silent" in html.text
    markdown = client.get("/api/v1/alerts/digest", params=params)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "<script>" not in markdown.text and "## Gone silent: &lt;script&gt;" in markdown.text
