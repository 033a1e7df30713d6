"""The driver at the graph layer's edge (graph/driver.py, graph/records.py): DEBUG timings per unit of
work, a WARNING naming the query when slow, and date-times a bulk write reads cheaply that equal the
driver's own."""

import logging
from datetime import datetime

from powermap.graph.driver import LOG_FIELDS, rows
from powermap.graph.loaders import graph_size
from powermap.graph.records import restamp
from powermap.graph.repositories.security import json_text
from powermap.logs import fields_of

CYPHER = "powermap.graph.driver"


def test_a_slow_unit_of_work_warns_naming_its_query(graph, caplog, monkeypatch):
    monkeypatch.setattr(graph, "slow_query_ms", 0)
    with caplog.at_level(logging.WARNING, logger=CYPHER):
        graph_size(graph)
    [warned] = [r for r in caplog.records if r.name == CYPHER]
    assert warned.levelno == logging.WARNING and warned.getMessage() == "slow cypher"
    assert warned.query == "graph/count" and warned.kind == "read"
    assert tuple(fields_of(warned)) == LOG_FIELDS, "every field, in order; their values' sizes are bench/'s business"


def test_a_fast_unit_of_work_is_debug_only(graph, caplog, monkeypatch):
    monkeypatch.setattr(graph, "slow_query_ms", float("inf"))  # fast by definition, however busy the machine
    with caplog.at_level(logging.DEBUG, logger=CYPHER):
        graph_size(graph)
    [logged] = [r for r in caplog.records if r.name == CYPHER]
    assert logged.levelno == logging.DEBUG and logged.query == "graph/count"


def test_restamped_times_equal_the_drivers_own_and_print_the_same(graph):
    """A bulk write reads its bookkeeping times as [epoch seconds, nanosecond, offset seconds]; the audit
    stores them as text and an undo compares that text with the driver's date-times read back."""
    texts = ["2026-11-28T06:55:42Z", "2026-11-28T06:55:42.1Z", "2026-11-28T06:55:42.123456789+02:00",
             "2026-03-29T02:30:00[Europe/Berlin]", "1969-07-20T20:17:40.000999-05:30"]
    found = graph.read(lambda tx: rows(tx, "UNWIND $texts AS text WITH datetime(text) AS at "
                                           "RETURN at, [at.epochSeconds, at.nanosecond, at.offsetSeconds] AS parts",
                                       texts=texts))
    for row in found:
        values = {"createdAt": row["parts"], "name": "kept"}
        restamp(values)
        assert values == {"createdAt": row["at"], "name": "kept"}
        assert json_text(values) == json_text({"createdAt": row["at"], "name": "kept"})
    local = {"createdAt": datetime(2024, 3, 1, 9), "updatedAt": None}
    restamp(local)
    assert local == {"createdAt": datetime(2024, 3, 1, 9)}, "another type stays, a time the node lacks is left out"
