"""The network power cache: every kind of write that changes a customer's network invalidates its
cached analysis, in the write's own transaction, and a stale answer is never served.

Each write goes through the API as an integrator makes it (node PATCH, relationship PUT and DELETE,
one batch, one import, a competitor renamed); after it, the served answer must equal one computed
from scratch (a cache that keeps nothing), and must differ from the one served before. Writes that
change nothing the analysis reads, or another customer's people, keep the cached analysis.
"""

import json
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from powermap.graph.driver import Graph
from powermap.graph.loaders import load_graph_document
from powermap.services import network_power as network_service
from powermap.services.network_power import NetworkRules
from powermap.services.power_map import Thresholds, customer_power_map
from powermap.settings import Settings
from tests import network_world as world


@pytest.fixture(autouse=True)
def _one_day(monkeypatch):
    """The cache is kept per day: a test that crossed midnight (UTC) would see it recomputed."""
    today = network_service._today()
    monkeypatch.setattr(network_service, "_today", lambda: today)


def _served(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/v1/customers/cus-n/network-power")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _from_scratch(graph: Graph, settings: Settings) -> dict[str, Any]:
    rules = replace(NetworkRules.from_settings(settings), cache_customers=0)
    answer = network_service.customer_network_power(graph, customer_id="cus-n", rules=rules)
    return answer.model_dump(by_alias=True, mode="json")


def _without_time(answer: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answer.items() if key != "computedAt"}


def _person(answer: dict[str, Any], person_id: str) -> dict[str, Any]:
    return next(p for p in answer["people"] if p["stakeholderId"] == person_id)


def _ok(response: Any) -> None:
    assert response.status_code in (200, 201, 204), response.text


def _patch_influence(client: TestClient) -> None:
    _ok(client.patch("/api/v1/stakeholders/b2", json={"influence": 5}))


def _drop_tie(client: TestClient) -> None:
    _ok(client.request("DELETE", "/api/v1/relationships/INFLUENCES", params={"from": "br", "to": "b3"}))


def _add_tie(client: TestClient) -> None:
    _ok(client.put("/api/v1/relationships/INFLUENCES",
                   json={"from": "br", "to": "b2", "properties": {"strength": 0.6}}))


def _batch_rename(client: TestClient) -> None:
    answer = client.post("/api/v1/batch", json={"operations": [
        {"op": "patch", "kind": "stakeholders", "id": "b3", "body": {"name": "Bose-Meyer"}}]})
    _ok(answer)


def _import_stance(client: TestClient) -> None:
    line = {"label": "Stakeholder", "id": "b1", "properties": {"name": "Bauer", "stance": "opponent",
                                                             "orgUnitId": "org-n", "influence": 3}}
    answer = client.post("/api/v1/import", content=json.dumps(line))
    _ok(answer)
    assert answer.json()["errors"] == [], answer.text


def _rename_competitor(client: TestClient) -> None:
    _ok(client.patch("/api/v1/competitors/cmp-n", json={"name": "Nordwave Networks"}))


WRITES = {  # each write and what the fresh answer shows of it
    "node patch": (_patch_influence, lambda answer: _person(answer, "b2")["influence"] == 5),
    "relationship delete": (_drop_tie, lambda answer: _person(answer, "br")["outReach"] == 1),  # A2 left
    "relationship put": (_add_tie, lambda answer: _person(answer, "br")["outReach"] == 3),  # A2, B3, B2
    "batch": (_batch_rename, lambda answer: _person(answer, "b3")["name"] == "Bose-Meyer"),
    "import": (_import_stance, lambda answer: _person(answer, "b1")["stance"] == "opponent"),
    "competitor rename": (_rename_competitor,
                          lambda answer: answer["camps"][0]["leansTo"]["name"] == "Nordwave Networks"),
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_every_kind_of_write_invalidates_the_cached_analysis(client, graph, settings, kind):
    load_graph_document(graph, world.document())
    first = _served(client)
    assert _served(client)["computedAt"] == first["computedAt"], "unchanged graph: the cached analysis"
    write, shows = WRITES[kind]
    write(client)
    after = _served(client)
    assert after["computedAt"] != first["computedAt"], f"{kind}: recomputed"
    assert shows(after), f"{kind}: the answer shows the write"
    assert _without_time(after) == _without_time(_from_scratch(graph, settings)), f"{kind}: never stale"


def test_writes_outside_the_network_or_the_customer_keep_the_cached_analysis(client, graph):
    load_graph_document(graph, world.document())
    first = _served(client)
    _ok(client.patch("/api/v1/projects/prj-n", json={"name": "Core tender 2"}))
    _ok(client.put("/api/v1/relationships/KNOWS", json={"from": "emp-a", "to": "dep", "properties": {"strength": 0.5}}))
    _ok(client.put("/api/v1/customers/cus-other", json={"name": "Other"}))
    _ok(client.put("/api/v1/org-units/org-other", json={"name": "Other HQ", "customerId": "cus-other"}))
    _ok(client.put("/api/v1/stakeholders/x1", json={"name": "Xu", "orgUnitId": "org-other"}))
    assert _served(client)["computedAt"] == first["computedAt"]
    # A person moving in from the other customer is a change of both.
    _ok(client.patch("/api/v1/stakeholders/x1", json={"orgUnitId": "org-n"}))
    moved = _served(client)
    assert moved["computedAt"] != first["computedAt"] and "x1" in {p["stakeholderId"] for p in moved["people"]}


def test_a_refused_write_leaves_the_cache_current(client, graph, settings):
    load_graph_document(graph, world.document())
    first = _served(client)
    refused = client.patch("/api/v1/stakeholders/b2", json={"influence": 9})
    assert refused.status_code == 422
    assert _served(client)["computedAt"] == first["computedAt"]
    assert _without_time(first) == _without_time(_from_scratch(graph, settings))


def test_a_large_customers_map_is_served_at_once_marked_computing_then_carries_it(graph):
    load_graph_document(graph, world.document())
    large = Thresholds(network=NetworkRules(map_inline_people=5))  # ten people: "large" here
    cold = customer_power_map(graph, customer_id="cus-n", thresholds=large)
    assert cold.network_power_status == "computing"
    assert all(p.network_power is None and p.camp is None for p in cold.stakeholders)
    network_service.customer_network_power(graph, customer_id="cus-n", rules=large.network)  # now cached
    warm = customer_power_map(graph, customer_id="cus-n", thresholds=large)
    assert warm.network_power_status == "shown"
    assert {p.id: p.network_power for p in warm.stakeholders}["dep"] == 1.0


def test_a_small_customers_cold_map_computes_it_while_it_waits(graph):
    load_graph_document(graph, world.document())
    cold = customer_power_map(graph, customer_id="cus-n", thresholds=Thresholds())
    assert cold.network_power_status == "shown" and {p.id: p.camp for p in cold.stakeholders}["cto"] == 2


def test_seats_and_stages_move_the_answer_but_not_the_analysis(client, graph, settings):
    # Chain seats and project stages are no input of the analysis (the markers stay), but they decide
    # who is "in a chain": the judged answer the cache keeps must follow them.
    load_graph_document(graph, world.document())
    first = _served(client)
    assert _person(first, "dep")["roles"] == []
    _ok(client.put("/api/v1/relationships/IN_CHAIN", json={"from": "dep", "to": "dc-n",
                                                           "properties": {"role": "evaluator"}}))
    seated = _served(client)
    assert seated["computedAt"] == first["computedAt"], "the analysis is kept"
    assert _person(seated, "dep")["roles"] == ["evaluator"]
    assert _without_time(seated) == _without_time(_from_scratch(graph, settings))
    _ok(client.patch("/api/v1/projects/prj-n", json={"stage": "lost"}))
    closed = _served(client)
    assert closed["computedAt"] == first["computedAt"]
    assert all(person["roles"] == [] for person in closed["people"]), "a lost project's chains seat nobody"
    assert _without_time(closed) == _without_time(_from_scratch(graph, settings))
