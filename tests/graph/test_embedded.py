"""The embedded server: data survives a restart; start failures are one clear message; an
instance only ever uses the server started from its own data folder; the HTTP endpoint serves no
other origin."""

import base64
import contextlib
import json
import os
import socket
import subprocess
import time

import httpx
import pytest

from powermap.graph.driver import open_driver
from powermap.graph.embedded import EmbeddedNeo4j, EmbeddedNeo4jError
from tests.conftest import _test_settings, spare_port


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
                                  embedded_http_port=spare_port())
        server = EmbeddedNeo4j(settings)
        server._served_home = lambda: None  # the holder is no Neo4j; go straight to launching
        with pytest.raises(EmbeddedNeo4jError) as raised:
            server.start()
    assert str(raised.value).startswith(f"Bolt port {taken} on 127.0.0.1 is already in use")


def test_locked_data_folder_is_one_clear_error(embedded, settings):
    second = EmbeddedNeo4j(_test_settings(embedded_data_dir=settings.embedded_data_dir,
                                          embedded_bolt_port=spare_port(),
                                          embedded_http_port=spare_port()))
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



def test_a_server_from_another_data_folder_is_not_adopted(embedded, settings, tmp_path):
    stranger = EmbeddedNeo4j(_test_settings(embedded_data_dir=tmp_path / "elsewhere"))
    for attempt in (stranger.start, stranger.status):
        with pytest.raises(EmbeddedNeo4jError) as raised:
            attempt()
        message = str(raised.value)
        assert f"was started from {embedded.data_dir}, not from this instance's data folder " \
               f"{tmp_path / 'elsewhere'}" in message
    assert stranger.stop() is False, "nothing of the stranger's folder runs, so nothing is signalled"
    assert embedded.status().running and not (tmp_path / "elsewhere").exists()


def test_two_instances_side_by_side_each_name_their_own_server(embedded, tmp_path):
    owner = subprocess.Popen(["sleep", "600"])
    second = EmbeddedNeo4j(_test_settings(embedded_data_dir=tmp_path / "b", embedded_bolt_port=spare_port(),
                                          embedded_http_port=spare_port()))
    try:
        started = second.start(owner_pid=owner.pid)
        first = embedded.status()
        assert started.running and first.running
        assert started.pid is not None and first.pid is not None and started.pid != first.pid
        assert second.status() == started and started.data_dir == (tmp_path / "b").resolve()
        assert first.data_dir == embedded.data_dir != started.data_dir
        assert f"pid {started.pid}, data folder {started.data_dir}" in started.summary

        owner.kill()  # the owner ends: its server stops by itself, cleanly
        owner.wait()
        _wait_until(lambda: not _alive(started.pid), seconds=60)
        assert "STOPPED" in second.launcher_log.read_text()
        assert second.status().running is False and not _port_taken(second.settings.embedded_bolt_port)
        assert embedded.status().running, "the first instance is untouched"
    finally:
        owner.kill()
        second.stop()


def test_a_stale_pid_file_is_never_signalled(tmp_path):
    sleeper = subprocess.Popen(["sleep", "600"])
    try:
        server = EmbeddedNeo4j(_test_settings(embedded_data_dir=tmp_path, embedded_bolt_port=spare_port()))
        server.pid_file.write_text(str(sleeper.pid))  # a reused pid: alive, but no launcher of this folder
        assert server.status().pid is None
        assert server.stop() is False and sleeper.poll() is None
    finally:
        sleeper.kill()


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # the launcher is this process's child: reap it once it exits
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_until(condition, seconds: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


EVIL = "http://evil.example"


def _tx(settings, *, origin: str, statement: str, content_type: str = "application/json") -> httpx.Response:
    """A commit on the embedded server's transactional endpoint, authenticated, from `origin`."""
    secret = f"{settings.neo4j_user}:{settings.neo4j_password.get_secret_value()}"
    headers = {"Origin": origin, "Content-Type": content_type,
               "Authorization": "Basic " + base64.b64encode(secret.encode()).decode()}
    return httpx.post(f"http://127.0.0.1:{settings.embedded_http_port}/db/neo4j/tx/commit", headers=headers,
                      content=json.dumps({"statements": [{"statement": statement}]}))


def test_the_http_endpoint_approves_only_its_own_origin(embedded, graph, settings):
    own = f"http://127.0.0.1:{settings.embedded_http_port}"
    answered = _tx(settings, origin=own, statement="RETURN 1 AS one")
    assert answered.status_code == 200 and answered.json()["results"][0]["data"][0]["row"] == [1]
    assert answered.headers["Access-Control-Allow-Origin"] == own

    foreign = _tx(settings, origin=EVIL, statement="RETURN 1 AS one")
    assert foreign.headers["Access-Control-Allow-Origin"] == own, "a browser hides this answer from the page"
    for path in ("/db/neo4j/tx/commit", "/db/neo4j/query/v2", "/"):
        preflight = httpx.options(f"{own}{path}", headers={
            "Origin": EVIL, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
        assert preflight.headers.get("Access-Control-Allow-Origin") not in (EVIL, "*"), path


def test_a_foreign_page_cannot_write_without_a_preflight(embedded, graph, settings):
    """What a page may send with no preflight (form or text/plain bodies, no Authorization) writes nothing."""
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        refused = _tx(settings, origin=EVIL, content_type=content_type, statement="CREATE (:CsrfProbe)")
        assert refused.status_code == 415, content_type
    keyless = httpx.post(f"http://127.0.0.1:{settings.embedded_http_port}/db/neo4j/tx/commit",
                         headers={"Origin": EVIL, "Content-Type": "text/plain"},
                         content='{"statements": [{"statement": "CREATE (:CsrfProbe)"}]}')
    assert keyless.status_code == 401
    records, _, _ = graph.driver.execute_query("MATCH (n:CsrfProbe) RETURN count(n) AS n", database_=graph.database)
    assert records[0]["n"] == 0
