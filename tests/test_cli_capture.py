"""`powermap capture` against the test instance: a database from before capture's address index gets
it from the command itself, and the capture finds its people through it."""

from typer.testing import CliRunner

from powermap import cli
from powermap.graph.loaders import load_graph_document
from powermap.graph.schema import apply_schema
from tests.services.test_capture import ACME, FIXTURES


def _person_email_index(graph) -> list[str]:  # type: ignore[no-untyped-def]
    records, _, _ = graph.driver.execute_query("SHOW INDEXES YIELD name WHERE name = 'person_email' RETURN name",
                                               database_=graph.database)
    return [record["name"] for record in records]


def test_capture_mail_applies_the_schema_and_matches_through_the_index(cli_env, graph):
    load_graph_document(graph, ACME)
    graph.driver.execute_query("DROP INDEX person_email", database_=graph.database)
    try:
        assert _person_email_index(graph) == [], "the precondition: a database from before the index"
        done = CliRunner().invoke(cli.app, ["capture", "mail", str(FIXTURES / "acme-mail.mbox"),
                                            "--employee", "emp-wang"])
        assert done.exit_code == 0, done.output
        assert "3 read, 2 with our people and theirs: 2 new" in done.output  # the third needs an alias
        assert _person_email_index(graph) == ["person_email"]
        people, _, _ = graph.driver.execute_query(
            "MATCH (:Interaction)-[:INVOLVES]->(p) RETURN collect(DISTINCT p.id) AS ids", database_=graph.database)
        assert {"emp-wang", "stk-zhou", "stk-li"} <= set(people[0]["ids"]), "Zhou.Min@ matched case-insensitively"
    finally:
        apply_schema(graph.driver, graph.database)
