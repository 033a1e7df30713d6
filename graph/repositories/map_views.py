"""Reads behind the map views: when people were first recorded."""

from powermap.graph import catalog
from powermap.graph.driver import Graph, rows
from powermap.models.map_views import FirstRecorded


def first_recorded(graph: Graph, *, stakeholder_ids: list[str]) -> list[FirstRecorded]:
    """The earliest dated fact about each person (None: nothing about them is dated)."""
    found = graph.read(lambda tx: rows(tx, catalog.query("map_views/first_recorded"), ids=stakeholder_ids))
    return [FirstRecorded.model_validate(row) for row in found]
