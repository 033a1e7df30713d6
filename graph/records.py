"""Conversion of driver values to plain Python at the edge of the graph layer."""

from datetime import datetime, timedelta, timezone
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time

PLAIN = frozenset({str, int, float, bool, type(None)})


def to_native(value: Any) -> Any:
    """Neo4j temporal values become `datetime`/`date`; maps and lists are converted deeply; graph
    values as the driver's `Record.data()` exports them (a node its properties, a relationship
    `[start, type, end]`, a path its nodes with the types between).

    One pass over a record in place of `Record.data()` and a second walk: a customer's network is
    tens of thousands of values, and plain ones are answered first by their exact type, without a
    call for each item of a map or list."""
    if type(value) in PLAIN:
        return value
    if isinstance(value, dict):
        return {key: item if type(item) in PLAIN else to_native(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [item if type(item) in PLAIN else to_native(item) for item in value]
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


# The bookkeeping times every node carries.
TIMESTAMPS = ("createdAt", "updatedAt")


def restamp(values: dict[str, Any] | None) -> None:
    """Turn the bookkeeping times a bulk statement sent as [epoch seconds, nanosecond, offset seconds]
    (cypher/node/merge_batch.cypher) back into `datetime`, in place; a time of another type stays as
    it is, and one the node lacks (sent as null) is left out, as Neo4j leaves it out of a node's values.

    Equal to, and printed as, what `to_native` makes of the driver's own date-times, which the audit
    stores and an undo compares; the driver takes about 40 µs to read each of those, these about 2,
    and a bulk write returns four for every node it changes."""
    if values is None:
        return
    for name in TIMESTAMPS:
        parts = values.get(name)
        if parts is None:
            values.pop(name, None)
        elif isinstance(parts, list):
            seconds, nanos, offset = parts
            values[name] = datetime.fromtimestamp(seconds, timezone(timedelta(seconds=offset))).replace(
                microsecond=nanos // 1000)
