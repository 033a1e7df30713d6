"""Several API replicas on one Neo4j: routing URIs, worker processes, and read-your-writes with bookmarks.

The replicas are separate `powermap serve` processes, started as a user starts them, talking to the
test's embedded Neo4j through a `neo4j://` (routing) URI, which the embedded server answers.
"""

import os

import httpx
from neo4j import GraphDatabase

from bench.server import served_api
from powermap.api.bookmarks import BOOKMARK_HEADER
from powermap.graph.driver import Graph, open_driver
from powermap.models.security import Role
from powermap.services.security import create_key
from tests.conftest import REPO_ROOT

API_PORT = int(os.environ.get("POWERMAP_TEST_API_PORT", "18000"))


def routing_uri(settings) -> str:  # type: ignore[no-untyped-def]
    return f"neo4j://127.0.0.1:{settings.embedded_bolt_port}"


def test_a_routing_uri_reads_and_writes_through_the_embedded_server(graph, settings):
    routed = settings.model_copy(update={"neo4j_uri": routing_uri(settings)})
    driver = open_driver(routed)
    view = Graph(driver, settings.neo4j_database).following([], source=BOOKMARK_HEADER)
    try:
        assert type(driver).__name__ == "Neo4jDriver", "neo4j:// makes a routing driver"
        table = driver.execute_query("CALL dbms.routing.getRoutingTable({}, $db)", db=settings.neo4j_database)
        roles = {server["role"] for server in table.records[0]["servers"]}
        assert roles == {"WRITE", "READ", "ROUTE"}
        view.write(lambda tx: tx.run("CREATE (:Customer {id: 'cus-routed', name: 'Routed'})").consume())
        assert view.causality is not None and view.causality.wrote and view.causality.bookmarks
        # A fresh session on another driver, given the bookmarks, reads the write from a reader.
        other = GraphDatabase.driver(routing_uri(settings),
                                     auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()))
        follower = Graph(other, settings.neo4j_database).following(view.causality.bookmarks,
                                                                    source=BOOKMARK_HEADER)
        try:
            names = follower.read(lambda tx: [r["name"] for r in tx.run("MATCH (c:Customer) RETURN c.name AS name")])
            assert names == ["Routed"]
        finally:
            follower.close()
            other.close()
    finally:
        view.close()
        driver.close()


def test_a_write_through_one_replica_is_read_through_another_with_its_bookmark(graph, settings):
    create_key(graph, name="replica admin", role=Role.ADMIN, key=settings.admin_key)
    logs = REPO_ROOT / "var" / "test-replicas"
    auth = {"Authorization": f"Bearer {settings.admin_key}"}
    uri = routing_uri(settings)
    with served_api(settings, port=API_PORT + 1, workers=2, neo4j_uri=uri, log=logs / "a.log") as first, \
            served_api(settings, port=API_PORT + 2, neo4j_uri=uri, log=logs / "b.log") as second:
        written = httpx.put(f"{first}/api/v1/customers/cus-replica", json={"name": "Replica Co", "region": "EMEA"},
                            headers=auth, timeout=30)
        assert written.status_code in (200, 201), written.text
        bookmark = written.headers.get(BOOKMARK_HEADER)
        assert bookmark, "a write answers its bookmark"

        read = httpx.get(f"{second}/api/v1/customers/cus-replica", headers={**auth, BOOKMARK_HEADER: bookmark},
                         timeout=30)
        assert read.status_code == 200, read.text
        assert read.json()["name"] == "Replica Co"
        assert BOOKMARK_HEADER not in read.headers, "a read hands back no new bookmark"

        renamed = httpx.patch(f"{second}/api/v1/customers/cus-replica", json={"name": "Replica Group"},
                              headers={**auth, BOOKMARK_HEADER: bookmark}, timeout=30)
        assert renamed.status_code == 200, renamed.text
        newer = renamed.headers.get(BOOKMARK_HEADER)
        assert newer and newer != bookmark
        again = httpx.get(f"{first}/api/v1/customers/cus-replica", headers={**auth, BOOKMARK_HEADER: newer},
                          timeout=30)
        assert again.json()["name"] == "Replica Group"

        for bad in ("not a bookmark!", ",".join(["FB:x"] * 17), "FB:" + "a" * 300):
            refused = httpx.get(f"{second}/api/v1/customers/cus-replica", headers={**auth, BOOKMARK_HEADER: bad},
                                timeout=30)
            assert refused.status_code == 422, refused.text
            assert refused.json()["errors"][0]["field"] == BOOKMARK_HEADER
        forged = httpx.put(f"{second}/api/v1/customers/cus-forged", json={"name": "Forged"},
                           headers={**auth, BOOKMARK_HEADER: "FB:kcwQAAAAAAAAAAAAAAAAAAAAAAAAAAAAkA"}, timeout=30)
        assert forged.status_code == 422, forged.text
        assert forged.json()["errors"][0]["field"] == BOOKMARK_HEADER
    stored = graph.driver.execute_query("MATCH (c:Customer) RETURN c.id AS id, c.name AS name ORDER BY id",
                                        database_=graph.database).records
    assert [(r["id"], r["name"]) for r in stored] == [("cus-replica", "Replica Group")], "the forged write did nothing"
