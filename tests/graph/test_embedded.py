"""The embedded server: data survives a restart; start failures are one clear message."""

import socket

import pytest

from graph.driver import open_driver
from graph.embedded import EmbeddedNeo4j, EmbeddedNeo4jError
from tests.conftest import _test_settings


def test_data_survives_stop_and_start(embedded, graph):
    graph.driver.execute_query("CREATE (:Customer {id: 'cus-persist', name: 'Kept'})",
                               database_=graph.database)
    assert embedded.stop() is True
    assert embedded.status().running is False
    embedded.start()
    records, _, _ = graph.driver.execute_query(
        "MATCH (c:Customer {id: 'cus-persist'}) RETURN c.name AS name", database_=graph.database)
    assert [record["name"] for record in records] == ["Kept"]


def test_start_reuses_a_running_server(embedded):
    pid_before = embedded.status().pid
    status = embedded.start()
    assert status.running and status.pid == pid_before


def test_taken_port_is_one_clear_error(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        settings = _test_settings(embedded_data_dir=tmp_path / "data", embedded_bolt_port=taken + 0,
                                  embedded_http_port=free_port())
        server = EmbeddedNeo4j(settings)
        server._bolt_answers = lambda: False  # the holder is no Neo4j; go straight to launching
        with pytest.raises(EmbeddedNeo4jError) as raised:
            server.start()
    assert str(raised.value).startswith(f"Bolt port {taken} on 127.0.0.1 is already in use")


def test_locked_data_folder_is_one_clear_error(embedded, settings):
    second = EmbeddedNeo4j(_test_settings(embedded_data_dir=settings.embedded_data_dir,
                                          embedded_bolt_port=free_port(),
                                          embedded_http_port=free_port()))
    second.pid_file = settings.embedded_data_dir / "second.pid"
    with pytest.raises(EmbeddedNeo4jError) as raised:
        second.start()
    assert "is locked by another Neo4j process" in str(raised.value).splitlines()[0]
    assert embedded.status().running, "the first server is unharmed"


def test_neo4j_uri_override_uses_that_server(embedded, settings):
    for scheme in ("bolt", "neo4j"):
        external = _test_settings(neo4j_uri=f"{scheme}://127.0.0.1:{settings.embedded_bolt_port}")
        assert not external.uses_embedded and external.browser_url is None
        with open_driver(external) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one")
            assert records[0]["one"] == 1


def test_secure_routing_uri_is_accepted_by_the_driver():
    external = _test_settings(neo4j_uri="neo4j+s://example.databases.neo4j.io")
    driver = open_driver(external)
    assert driver.encrypted is True
    driver.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_server_from_another_data_folder_is_not_adopted(embedded, settings, tmp_path):
    stranger = EmbeddedNeo4j(_test_settings(embedded_data_dir=tmp_path / "elsewhere"))
    with pytest.raises(EmbeddedNeo4jError) as raised:
        stranger.start()
    assert "not started from" in str(raised.value)
