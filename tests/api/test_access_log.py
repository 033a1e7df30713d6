"""The access log (api/access_log.py): one record per request, and the request id."""

import logging

from powermap.api.access_log import FIELDS
from powermap.logs import fields_of
from powermap.models.security import Role
from powermap.services.security import create_key

ACCESS = "powermap.api.access_log"


def _access_records(caplog):
    return [record for record in caplog.records if record.name == ACCESS]


def test_a_request_is_logged_once_with_its_fields(client, graph, caplog):
    key, record = create_key(graph, name="logged viewer", role=Role.VIEWER)
    client.put("/api/v1/customers/cus-1", json={"name": "Acme"})
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=ACCESS):
        response = client.get("/api/v1/customers/cus-1", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    [logged] = _access_records(caplog)
    assert (logged.method, logged.route, logged.status) == ("GET", "/api/v1/customers/{node_id}", 200)
    assert logged.key_id == record.id
    assert tuple(fields_of(logged)) == FIELDS, "every field, in order; their values' sizes are bench/'s business"
    assert logged.request_id == response.headers["X-Request-ID"]
    assert len(logged.request_id) == 32, "a fresh id (uuid4 hex) when the client sends none"


def test_an_error_and_an_unmatched_path_are_logged_with_their_status(client, caplog):
    with caplog.at_level(logging.INFO, logger=ACCESS):
        missing = client.get("/api/v1/customers/nobody")
        unmatched = client.get("/no/such/route")
    assert (missing.status_code, unmatched.status_code) == (404, 404)
    first, second = _access_records(caplog)
    assert (first.route, first.status) == ("/api/v1/customers/{node_id}", 404)
    assert (second.route, second.status, second.key_id) == (None, 404, None)


def test_the_clients_request_id_round_trips_and_a_forged_one_is_replaced(client, caplog):
    with caplog.at_level(logging.INFO, logger=ACCESS):
        kept = client.get("/api/v1/customers", headers={"X-Request-ID": "edge-7f3a.1"})
        replaced = client.get("/api/v1/customers", headers={"X-Request-ID": "a b\nlevel=ERROR"})
    assert kept.headers["X-Request-ID"] == "edge-7f3a.1"
    assert replaced.headers["X-Request-ID"] != "a b\nlevel=ERROR"
    assert [r.request_id for r in _access_records(caplog)] == ["edge-7f3a.1", replaced.headers["X-Request-ID"]]
