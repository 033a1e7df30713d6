"""Several writes in one transaction: all commit, or none.

The steps are the repositories' transaction-level writes (`upsert_node_in`, `put_relationship_in`,
...), each bound to its arguments; the first that raises rolls back every one before it. A transient
error re-runs the whole unit (the driver's retry), so a step must depend on nothing but `tx`.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

from neo4j import ManagedTransaction

from powermap.graph.driver import Graph

T = TypeVar("T")


def _run_all(tx: ManagedTransaction, steps: Sequence[Callable[[ManagedTransaction], T]]) -> list[T]:
    return [step(tx) for step in steps]


def write_all(graph: Graph, steps: Sequence[Callable[[ManagedTransaction], T]]) -> list[T]:
    """Run the steps in order in one write transaction and return what each returned."""
    return graph.write(_run_all, steps)
