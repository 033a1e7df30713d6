"""Conversion of driver values to plain Python at the edge of the graph layer."""

from typing import Any

from neo4j.time import Date, DateTime, Duration, Time


def to_native(value: Any) -> Any:
    """Neo4j temporal values become `datetime`/`date`; maps and lists are converted deeply."""
    if isinstance(value, DateTime | Date | Time):
        return value.to_native()
    if isinstance(value, Duration):
        return value.iso_format()
    if isinstance(value, dict):
        return {key: to_native(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_native(item) for item in value]
    return value
