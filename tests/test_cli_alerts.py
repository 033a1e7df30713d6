"""`powermap alerts` against the test instance: the watch list as text, and the digest's formats."""

import json

from typer.testing import CliRunner

from powermap import cli
from powermap.graph.loaders import load_graph_document
from tests.services.test_alerts import EXTRA, STORY
from tests.services.test_watch_list import HU_LEFT, SECOND


def test_alerts_prints_the_team_watch_list_in_each_format(cli_env, graph):
    load_graph_document(graph, STORY)
    graph.driver.execute_query(EXTRA, database_=graph.database)
    load_graph_document(graph, SECOND)
    graph.driver.execute_query(HU_LEFT, database_=graph.database)
    common = ["alerts", "--team", "team-2", "--report-date", "2026-11-01"]
    text = CliRunner().invoke(cli.app, common)
    assert text.exit_code == 0, text.output
    assert "CHAMPION LEFT  cus-2  (triggered 2026-10-20)" in text.output
    assert "reason:  Hu, a champion, left on 2026-10-20" in text.output
    found = json.loads(CliRunner().invoke(cli.app, [*common, "--format", "json"]).stdout)
    assert [a["kind"] for a in found["alerts"]] == ["champion_left"]
    # The digest formats look back one week by default: Hu left 12 days before the report date.
    markdown = CliRunner().invoke(cli.app, [*common, "--format", "markdown"]).output
    assert "Nothing needs attention." in markdown and "since 2026-10-25" in markdown
    refused = CliRunner().invoke(cli.app, [*common, "--format", "pdf"])
    assert refused.exit_code == 1 and "--format must be" in refused.output
