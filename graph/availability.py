"""Whether Neo4j answers: a circuit breaker that turns an outage into an immediate 503.

Without it, a dead or hung database ties up every request: a refused connection is retried by the
driver, and a hung server (a stopped JVM, a network black hole) leaves a Bolt read waiting for ever,
since the 5.x Python driver has no client-side read timeout (only a server-sent
`connection.recv_timeout_seconds` hint, and server-side transaction timeouts a hung server never
enforces). So the rules are:

- A unit of work runs in a worker thread of its own; the caller waits for it in short ticks. When it
  fails with ServiceUnavailable or SessionExpired the database is marked down. When it is slower
  than `SUSPECT_AFTER` the database is probed (one probe at a time, shared by all waiting callers);
  a probe that fails or takes longer than `PROBE_TIMEOUT` marks it down. Once it is down, every
  waiting caller gives up at its next tick and answers 503. A slow query on a live database keeps
  running: only a database that does not answer a probe cuts it short.
- While down, new units of work are refused at once (503) and a background thread probes every
  `COOL_DOWN`; the first probe that succeeds marks the database up again, so recovery needs no
  restart and no request ever waits on a dead server. These probes may take `RECOVERY_TIMEOUT`: a
  database that was only overloaded (slow, not hung) comes back at once instead of flapping.
- On an overloaded machine a live database may miss the `PROBE_TIMEOUT`: it is then shed for a
  moment (503 with Retry-After), which is the price of answering within a second when it hangs.
- A probe is `RETURN 1` in a session with a short acquisition timeout (which bounds opening a
  connection: TCP connect, handshake, HELLO). A pooled connection's read has no bound, so the probe
  runs in a thread of its own and is abandoned after `PROBE_TIMEOUT`.
- A write abandoned while the server hung may still commit when the server resumes: its 503 means
  "outcome unknown", as any timeout does. Writes by id (PUT) are safe to repeat.

Thread pool threads stuck on a hung server stay stuck until it resumes or dies; while it is down no
new unit of work is started, so their number is bounded by the requests in flight when it hung.
"""

import contextvars
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from neo4j import Driver
from neo4j.exceptions import ClientError, DriverError, ServiceUnavailable, SessionExpired

from powermap.errors import DatabaseUnavailable

T = TypeVar("T")

SUSPECT_AFTER = 0.25  # seconds a unit of work may take before the database is probed
PROBE_TIMEOUT = 0.6  # seconds a probe may take before the database counts as down (a setting)
RECOVERY_TIMEOUT = 2.0  # seconds a probe may take while down: a slow database is back, a hung one is not
# Batch work (seeding, imports, benchmarks' loads) has nobody waiting on a second: it saturates the
# machine on purpose, so a busy database must not count as a hung one there.
BATCH_PROBE_TIMEOUT = 30.0
COOL_DOWN = 0.5  # seconds between probes while the database is down
TICK = 0.05  # how often a waiting caller looks at the breaker
UNIT_THREADS = 64  # units of work running at once (the driver's pool holds 100 connections)

PING = "RETURN 1"  # a liveness check, not a question about the graph
DOWN_ERRORS = (ServiceUnavailable, SessionExpired)


def _acquisition_timed_out(error: Exception) -> bool:
    """The 5.x driver reports a pool acquisition timeout as a ClientError without a code."""
    return isinstance(error, ClientError) and "failed to obtain a connection" in str(error)


class Availability:
    """The breaker of one driver: up or down, the last reason, and the threads that run work."""

    def __init__(self, driver: Driver, database: str, *, probe_timeout: float = PROBE_TIMEOUT,
                 unit_threads: int = UNIT_THREADS):
        self.driver = driver
        self.database = database
        self.probe_timeout = probe_timeout
        self.down_since: float | None = None
        self.reason = ""
        self._lock = threading.Lock()
        self._probing = False
        self.closed = False
        self._units = ThreadPoolExecutor(max_workers=unit_threads, thread_name_prefix="neo4j-unit")

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def refusal(self) -> DatabaseUnavailable:
        """The 503 a caller gets while the database is down."""
        return DatabaseUnavailable(f"Neo4j is not reachable ({self.reason}); try again shortly")

    def run(self, unit: Callable[[], T]) -> T:
        """Run a unit of work, or refuse it at once when the database is down (503)."""
        if self.down:
            raise self.refusal()
        # The unit sees the caller's context variables (the request id its log records carry).
        future = self._units.submit(contextvars.copy_context().run, unit)
        suspect_at = time.monotonic() + SUSPECT_AFTER
        while True:
            try:
                return self._outcome(future, TICK)
            except TimeoutError:
                pass
            if self.down:
                future.cancel()
                raise self.refusal()
            if time.monotonic() >= suspect_at:
                self.suspect()
                suspect_at = time.monotonic() + SUSPECT_AFTER

    def _outcome(self, future: Future[T], timeout: float) -> T:
        try:
            return future.result(timeout=timeout)
        except DOWN_ERRORS as error:
            self.mark_down(str(error) or type(error).__name__)
            raise self.refusal() from error
        except (DriverError, ClientError) as error:
            if isinstance(error, DriverError) or _acquisition_timed_out(error):
                self.suspect()
                raise DatabaseUnavailable(f"Neo4j did not complete the request ({error}); try again shortly") \
                    from error
            raise

    def mark_down(self, reason: str) -> None:
        """Refuse work from now on and probe in the background until the database answers."""
        with self._lock:
            self.reason = reason
            if self.down_since is not None:
                return
            self.down_since = time.monotonic()
        threading.Thread(target=_recover, args=(weakref.ref(self),), name="neo4j-recovery", daemon=True).start()

    def suspect(self) -> None:
        """Probe the database in the background unless a probe is already running."""
        with self._lock:
            if self._probing or self.down or self.closed:
                return
            self._probing = True
        threading.Thread(target=self._judge, name="neo4j-probe", daemon=True).start()

    def _judge(self) -> None:
        try:
            answered, reason = self.probe()
            if not answered:
                self.mark_down(reason)
        finally:
            with self._lock:
                self._probing = False

    def recovered(self) -> bool:
        """One recovery probe: True (and up again) when the database answers."""
        answered, reason = self.probe(max(RECOVERY_TIMEOUT, self.probe_timeout))
        with self._lock:
            if answered:
                self.down_since = None
                self.reason = ""
            else:
                self.reason = reason
        return answered

    def ping(self) -> None:
        """A trivial query on a pooled connection; raises when the database does not answer."""
        with self.driver.session(database=self.database, connection_acquisition_timeout=RECOVERY_TIMEOUT) as session:
            session.run(PING).consume()

    def probe(self, timeout: float | None = None) -> tuple[bool, str]:
        """Whether the database answers a ping within `timeout` (the probe timeout), and if not, why."""
        timeout = timeout or self.probe_timeout
        outcome: list[BaseException | None] = []

        def check() -> None:
            try:
                self.ping()
                outcome.append(None)
            except Exception as error:  # whatever stops a probe means the database does not answer
                outcome.append(error)

        thread = threading.Thread(target=check, name="neo4j-probe-call", daemon=True)
        thread.start()
        thread.join(timeout)
        if not outcome:
            return False, f"no answer within {timeout:g} s"
        error = outcome[0]
        return (True, "") if error is None else (False, str(error) or type(error).__name__)

    def close(self) -> None:
        """Stop accepting work and probing (the driver closes next); threads stuck on a hung server are
        not waited for."""
        self.closed = True
        self._units.shutdown(wait=False, cancel_futures=True)


def _recover(breaker: "weakref.ref[Availability]") -> None:
    """Probe every `COOL_DOWN` until the database answers. The thread ends once its breaker is closed
    (its driver closes with it) or dropped, and holds it only weakly: a breaker marked down just before
    its driver was closed would otherwise probe the closed driver for ever."""
    while True:
        time.sleep(COOL_DOWN)
        availability = breaker()
        if availability is None or availability.closed or availability.recovered():
            return
        del availability  # not held while sleeping
