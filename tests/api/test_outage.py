"""Outages: while Neo4j is down or hung every request answers 503 problem+json, and the API recovers by
itself. Statuses are asserted here; the timings are measured by `bench/outage.py` (README)."""

import threading
import time

from fastapi.testclient import TestClient

from bench.outage import run
from powermap.api.app import create_app
from powermap.settings import Settings
from tests.factories import put


def _wait_until_up(availability, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while availability.down and time.monotonic() < deadline:
        time.sleep(0.1)


def test_marked_down_answers_503_problem_json_at_once_then_recovers_by_itself(client, monkeypatch):
    put(client, "customers", "cus-1")
    availability = client.app.state.graph.availability
    # Neo4j is up, so the first background probe would end the outage: held until the requests are made,
    # however long a busy machine takes over them.
    asked = threading.Event()
    recovered = availability.recovered
    monkeypatch.setattr(availability, "recovered", lambda: asked.is_set() and recovered())
    availability.mark_down("test: marked down by hand")
    try:
        health = client.get("/health")
        listed = client.get("/api/v1/customers")
        written = client.put("/api/v1/customers/cus-2", json={"name": "Not now"})
    finally:
        asked.set()
        _wait_until_up(availability)
    assert health.status_code == 503 and health.json()["neo4j"] == "unreachable"
    for response in (listed, written):
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "1"
    assert not availability.down, "the background probe found Neo4j up again"
    assert client.get("/health").status_code == 200
    assert [c["id"] for c in client.get("/api/v1/customers").json()["items"]] == ["cus-1"]


def test_a_stopped_api_stops_its_breaker_before_closing_the_driver(graph, settings):
    """A breaker still down when the API stops would otherwise go on probing the closed driver."""
    with TestClient(create_app(settings)) as client:
        availability = client.app.state.graph.availability
        before = {thread for thread in threading.enumerate() if thread.name == "neo4j-recovery"}
        availability.mark_down("test: marked down by hand")
        (recovery,) = {thread for thread in threading.enumerate() if thread.name == "neo4j-recovery"} - before
    assert availability.closed
    recovery.join(timeout=30)
    assert not recovery.is_alive()


def test_killed_then_hung_neo4j_answers_503_and_recovers(embedded, settings):
    """8 clients against the API in its own process; Neo4j killed and restarted, then stopped and continued."""
    production_bound = Settings.model_fields["neo4j_probe_timeout_seconds"].default  # the tests' own is lenient
    api_settings = settings.model_copy(update={"api_port": 0, "neo4j_probe_timeout_seconds": production_bound})
    reports = {r.name: r for r in run(api_settings, embedded, clients=8, seconds=2)}
    for name in ("killed", "hung"):
        outcomes = reports[name].outcomes
        assert outcomes, f"no request started while {name}"
        assert {o.status for o in outcomes} == {503}, f"{name}: {reports[name].statuses('api')}"
        assert all(o.problem_json for o in outcomes if o.route == "api")
    for name in ("restarted", "resumed"):
        report = reports[name]
        assert report.recovered_after is not None, f"no recovery after {name}: {report.statuses('api')}"
    outcomes = [o for r in reports.values() for o in r.outcomes]
    assert {o.status for o in outcomes} <= {200, 201, 503}, "every request answered, none a 500"
    assert all(o.problem_json for o in outcomes if o.route == "api" and o.status == 503)
