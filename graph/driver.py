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

Read-your-writes across processes (causal consistency). On a cluster, a read routed to another
member, or served by another API replica, may not have seen a write yet. `Graph.following(bookmarks)`
gives one client's view of the graph for one request: every unit of work it runs waits until the
database has applied the transactions the bookmarks name, and every write it commits replaces them
with the driver's bookmarks of that write (`view.causality.bookmarks`), which the API hands back to the
client. On a single server bookmarks are satisfied at once; they cost nothing there.

The driver's pool is `Settings.worker_pool_size` connections (one worker's share of
`neo4j_max_connections`), and a `Graph` runs at most `unit_threads` units of work at once; the API
keeps one connection spare for the breaker's probe.
"""

import copy
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, LiteralString, TypeVar

from neo4j import Bookmarks, Driver, GraphDatabase, ManagedTransaction, Session
from neo4j.exceptions import ClientError

from powermap.errors import InvalidValue
from powermap.graph import catalog
from powermap.graph.availability import PROBE_TIMEOUT, UNIT_THREADS, Availability
from powermap.graph.records import to_native
from powermap.settings import Settings

T = TypeVar("T")
log = logging.getLogger(__name__)
# The fields of every unit of work's record (module docstring), in this order.
LOG_FIELDS = ("query", "kind", "unit", "duration_ms")
SLOW_QUERY_MS: float = Settings.model_fields["slow_query_ms"].default

# The catalog names of the statements the current unit of work ran (filled by `rows`).
_statements: ContextVar[list[str] | None] = ContextVar("powermap_statements", default=None)


def open_driver(settings: Settings) -> Driver:
    """A driver for the configured server; `neo4j+s://` and friends work as given."""
    return GraphDatabase.driver(
        settings.bolt_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        max_connection_pool_size=settings.worker_pool_size,
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


# Neo4j's answer to a bookmark it never gave out (or cannot read).
INVALID_BOOKMARK = "Neo.ClientError.Transaction.InvalidBookmark"


@dataclass
class Causality:
    """One client's place in the database's history: what its units of work must see, what it wrote."""

    bookmarks: frozenset[str]
    source: str  # where the bookmarks came from (a header's name), named when Neo4j refuses them
    wrote: bool = field(default=False)


class Graph:
    """The driver plus the database name: what a repository needs to run a unit of work."""

    def __init__(self, driver: Driver, database: str, *, probe_timeout: float = PROBE_TIMEOUT,
                 slow_query_ms: float = SLOW_QUERY_MS, unit_threads: int = UNIT_THREADS):
        self.driver = driver
        self.database = database
        self.availability = Availability(driver, database, probe_timeout=probe_timeout, unit_threads=unit_threads)
        self.slow_query_ms = slow_query_ms
        self.causality: Causality | None = None

    def close(self) -> None:
        """Stop this graph's breaker (shared with its `following` views) before its owner closes the
        driver: a breaker still down would go on probing a closed driver. The driver is the owner's."""
        self.availability.close()

    def following(self, bookmarks: Iterable[str], *, source: str) -> "Graph":
        """This graph for one client's unit of requests: it sees at least what `bookmarks` name, and
        `causality` collects the bookmarks of what it writes (same driver, same breaker)."""
        view = copy.copy(self)
        view.causality = Causality(frozenset(bookmarks), source)
        return view

    def read(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a read transaction function in its own session (routed to a reader on a cluster)."""
        def unit() -> T:
            with self._timed("read", work), self._session() as session:
                return session.execute_read(work, *args, **kwargs)
        return self.availability.run(unit)

    def write(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a write transaction function in its own session."""
        def unit() -> T:
            global _generation
            try:
                with self._timed("write", work), self._session() as session:
                    answer = session.execute_write(work, *args, **kwargs)
                    if self.causality is not None:
                        self.causality.bookmarks = frozenset(session.last_bookmarks().raw_values)
                        self.causality.wrote = True
                    return answer
            finally:
                # Counted even when it failed: a commit whose answer was lost may have landed.
                _generation = next(_writes)
        return self.availability.run(unit)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session on the database, waiting for the client's bookmarks when this view has any."""
        causality = self.causality
        if causality is None or not causality.bookmarks:
            with self.driver.session(database=self.database) as session:
                yield session
            return
        try:
            with self.driver.session(database=self.database,
                                     bookmarks=Bookmarks.from_raw_values(causality.bookmarks)) as session:
                yield session
        except ClientError as error:
            if error.code != INVALID_BOOKMARK:
                raise
            raise InvalidValue("not a bookmark this database gave out: send back the one a write answered",
                               field=causality.source) from error

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
                fields = dict(zip(LOG_FIELDS, (",".join(dict.fromkeys(ran)) or "none", kind,
                                               getattr(work, "__qualname__", repr(work)), duration_ms), strict=True))
                log.log(logging.WARNING if slow else logging.DEBUG,
                        "slow cypher" if slow else "cypher", extra=fields)


def rows(tx: ManagedTransaction, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """All records of a statement as plain dicts, temporal values converted."""
    ran = _statements.get()
    if ran is not None:
        ran.append(catalog.name_of(statement))
    return [{key: to_native(value) for key, value in zip(record.keys(), record.values(), strict=True)}
            for record in tx.run(statement, params)]


@contextmanager
def connected_graph(settings: Settings, *, probe_timeout: float = PROBE_TIMEOUT) -> Iterator[Graph]:
    """A driver of its own and a graph on it, for a process or a step that owns both: on the way out the
    graph's breaker stops before the driver closes (`Graph.close`), so nothing probes a closed driver."""
    driver = open_driver(settings)
    graph = Graph(driver, settings.neo4j_database, probe_timeout=probe_timeout)
    try:
        yield graph
    finally:
        graph.close()
        driver.close()


def collected(tx: ManagedTransaction, statement: LiteralString, **params: Any) -> list[Any]:
    """The list a bulk statement returns as its one record (`RETURN collect(...) AS rows`).

    Thousands of rows in one record: the driver reads each record as a message of its own, about
    30 µs apiece here, which for a bulk read of ids cost three times what the read took in Neo4j."""
    [record] = rows(tx, statement, **params)  # an aggregation without grouping keys: always one record
    [listed] = record.values()
    return list(listed)


def single(tx: ManagedTransaction, statement: LiteralString, **params: Any) -> dict[str, Any] | None:
    """The one record of a statement as a plain dict, or None when it returns nothing."""
    found = rows(tx, statement, **params)
    return found[0] if found else None
