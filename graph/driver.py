"""One Neo4j driver per process, and the helpers that run units of work on it.

Reads go through `execute_read` (routed to followers on a cluster), writes through `execute_write`;
both retry transient errors. Transaction functions here consume their results before returning, so
a retry re-runs the whole unit of work. Every unit of work goes through the process's breaker
(`graph.availability`): while Neo4j is dead or hung it is refused at once with a 503.

Each unit of work is timed: a DEBUG record `cypher` names the statements it ran (their catalog
names), its kind (read or write) and its duration in ms; one slower than `POWERMAP_SLOW_QUERY_MS`
(default 500) is a WARNING `slow cypher` with the same fields. The time is the whole unit (session,
retries, reading the results), which is what a caller waits for.

`write_generation()` counts the writes this process has committed: caches of data that any write
may change (the API's principals) compare it to know they are stale.
"""

import itertools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction

from powermap.graph import catalog
from powermap.graph.availability import PROBE_TIMEOUT, Availability
from powermap.graph.records import to_native
from powermap.settings import Settings

T = TypeVar("T")
log = logging.getLogger(__name__)
SLOW_QUERY_MS: float = Settings.model_fields["slow_query_ms"].default

# The catalog names of the statements the current unit of work ran (filled by `rows`).
_statements: ContextVar[list[str] | None] = ContextVar("powermap_statements", default=None)


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

    def __init__(self, driver: Driver, database: str, *, probe_timeout: float = PROBE_TIMEOUT,
                 slow_query_ms: float = SLOW_QUERY_MS):
        self.driver = driver
        self.database = database
        self.availability = Availability(driver, database, probe_timeout=probe_timeout)
        self.slow_query_ms = slow_query_ms

    def read(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a read transaction function in its own session."""
        def unit() -> T:
            with self._timed("read", work), self.driver.session(database=self.database) as session:
                return session.execute_read(work, *args, **kwargs)
        return self.availability.run(unit)

    def write(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a write transaction function in its own session."""
        def unit() -> T:
            global _generation
            try:
                with self._timed("write", work), self.driver.session(database=self.database) as session:
                    return session.execute_write(work, *args, **kwargs)
            finally:
                # Counted even when it failed: a commit whose answer was lost may have landed.
                _generation = next(_writes)
        return self.availability.run(unit)

    @contextmanager
    def _timed(self, kind: str, work: Callable[..., Any]) -> Iterator[None]:
        """Log the unit of work's statements and duration (DEBUG), or WARNING when it was slow."""
        ran: list[str] = []
        token = _statements.set(ran)
        started = time.perf_counter()
        try:
            yield
        finally:
            _statements.reset(token)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            slow = duration_ms > self.slow_query_ms
            if slow or log.isEnabledFor(logging.DEBUG):
                fields = {"query": ",".join(dict.fromkeys(ran)) or "none", "kind": kind,
                          "unit": getattr(work, "__qualname__", repr(work)), "duration_ms": duration_ms}
                log.log(logging.WARNING if slow else logging.DEBUG,
                        "slow cypher" if slow else "cypher", extra=fields)


def rows(tx: ManagedTransaction, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """All records of a statement as plain dicts, temporal values converted."""
    ran = _statements.get()
    if ran is not None:
        ran.append(catalog.name_of(statement))
    return [to_native(record.data()) for record in tx.run(statement, params)]


def single(tx: ManagedTransaction, statement: LiteralString, **params: Any) -> dict[str, Any] | None:
    """The one record of a statement as a plain dict, or None when it returns nothing."""
    found = rows(tx, statement, **params)
    return found[0] if found else None
