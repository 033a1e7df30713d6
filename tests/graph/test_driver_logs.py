"""Cypher timings (graph/driver.py): DEBUG per unit of work, a WARNING naming the query when slow."""

import logging

from powermap.graph.driver import LOG_FIELDS
from powermap.graph.loaders import graph_size
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


def test_a_fast_unit_of_work_is_debug_only(graph, caplog):
    with caplog.at_level(logging.DEBUG, logger=CYPHER):
        graph_size(graph)
    [logged] = [r for r in caplog.records if r.name == CYPHER]
    assert logged.levelno == logging.DEBUG and logged.query == "graph/count"
