"""One Neo4j driver per process, and the helpers that run units of work on it.

Reads go through `execute_read` (routed to followers on a cluster), writes through `execute_write`;
both retry transient errors. Transaction functions here consume their results before returning, so
a retry re-runs the whole unit of work. Every unit of work goes through the process's breaker
(`graph.availability`): while Neo4j is dead or hung it is refused at once with a 503.

`write_generation()` counts the writes this process has committed: caches of data that any write
may change (the API's principals) compare it to know they are stale.
"""

import itertools
from collections.abc import Callable
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction

from powermap.graph.availability import PROBE_TIMEOUT, Availability
from powermap.graph.records import to_native
from powermap.settings import Settings

T = TypeVar("T")


def open_driver(settings: Settings) -> Driver:
    """A driver for the configured server; `neo4j+s://` and friends work as given."""
    return GraphDatabase.driver(
        settings.bolt_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        # Opening a connection (TCP, handshake, HELLO) is bounded by these; a read on an open
        # connection is not (see graph.availability, which bounds the wait instead).
        connection_acquisition_timeout=2.0,
        connection_timeout=1.0,
        # Transient errors are retried, but briefly: a lost database must answer 503 within a second.
        max_transaction_retry_time=0.5,
        liveness_check_timeout=30.0,
        # Optional properties (a plan decision's score, a stage move's override reason) are often
        # absent from a whole database; Neo4j's "unknown property key" notices about them are noise.
        notifications_disabled_categories=["UNRECOGNIZED"],
    )


_writes = itertools.count(1)
_generation = 0


def write_generation() -> int:
    """How many units of write work this process has committed (any Graph)."""
    return _generation


class Graph:
    """The driver plus the database name: what a repository needs to run a unit of work."""

    def __init__(self, driver: Driver, database: str, *, probe_timeout: float = PROBE_TIMEOUT):
        self.driver = driver
        self.database = database
        self.availability = Availability(driver, database, probe_timeout=probe_timeout)

    def read(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a read transaction function in its own session."""
        def unit() -> T:
            with self.driver.session(database=self.database) as session:
                return session.execute_read(work, *args, **kwargs)
        return self.availability.run(unit)

    def write(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a write transaction function in its own session."""
        def unit() -> T:
            global _generation
            try:
                with self.driver.session(database=self.database) as session:
                    return session.execute_write(work, *args, **kwargs)
            finally:
                # Counted even when it failed: a commit whose answer was lost may have landed.
                _generation = next(_writes)
        return self.availability.run(unit)


def rows(tx: ManagedTransaction, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """All records of a statement as plain dicts, temporal values converted."""
    return [to_native(record.data()) for record in tx.run(statement, params)]


def single(tx: ManagedTransaction, statement: LiteralString, **params: Any) -> dict[str, Any] | None:
    """The one record of a statement as a plain dict, or None when it returns nothing."""
    found = rows(tx, statement, **params)
    return found[0] if found else None
