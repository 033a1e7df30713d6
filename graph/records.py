"""Conversion of driver values to plain Python at the edge of the graph layer."""

from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time

PLAIN = frozenset({str, int, float, bool, type(None)})


def to_native(value: Any) -> Any:
    """Neo4j temporal values become `datetime`/`date`; maps and lists are converted deeply; graph
    values as the driver's `Record.data()` exports them (a node its properties, a relationship
    `[start, type, end]`, a path its nodes with the types between).

    One pass over a record in place of `Record.data()` and a second walk: a customer's network is
    tens of thousands of values, and plain ones are answered first by their exact type."""
    if type(value) in PLAIN:
        return value
    if isinstance(value, dict):
        return {key: to_native(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_native(item) for item in value]
    if isinstance(value, DateTime | Date | Time):
        return value.to_native()
    if isinstance(value, Duration):
        return value.iso_format()
    if isinstance(value, Node):
        return to_native(dict(value))
    if isinstance(value, Relationship):
        return [to_native(value.start_node), value.type, to_native(value.end_node)]
    if isinstance(value, Path):
        steps = [to_native(value.start_node)]
        for relationship, node in zip(value.relationships, value.nodes[1:], strict=True):
            steps += [relationship.type, to_native(node)]
        return steps
    return value
