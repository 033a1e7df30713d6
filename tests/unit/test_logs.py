"""The log formatters and the request-id stamp (powermap/logs.py), without a database."""

import json
import logging

from powermap.logs import JsonFormatter, KeyValueFormatter, RequestIdFilter, request_id


def _record(**fields: object) -> logging.LogRecord:
    record = logging.makeLogRecord({"name": "powermap.test", "levelname": "INFO", "levelno": logging.INFO,
                                    "msg": "request", **fields})
    RequestIdFilter().filter(record)
    return record


def test_key_value_quotes_only_what_needs_it():
    line = KeyValueFormatter().format(_record(route="/api/v1/customers/{node_id}", status=200, note="a b"))
    assert line.endswith('msg=request route=/api/v1/customers/{node_id} status=200 note="a b"')


def test_json_carries_the_fields_and_the_context_request_id():
    token = request_id.set("rid-1")
    try:
        body = json.loads(JsonFormatter().format(_record(status=503, rows=12)))
    finally:
        request_id.reset(token)
    assert {k: body[k] for k in ("level", "logger", "msg", "status", "rows", "request_id")} == {
        "level": "INFO", "logger": "powermap.test", "msg": "request", "status": 503, "rows": 12,
        "request_id": "rid-1"}


def test_no_request_id_outside_a_request():
    assert "request_id" not in json.loads(JsonFormatter().format(_record()))
