"""The outage breaker's recovery thread ends with its graph: a breaker marked down just before its
driver is closed must not probe the closed driver for ever (a fresh-clone run once logged a thousand
"driver used after close" warnings from such a thread, and a later one a warning from a breaker
that was closed but still held)."""

import gc
import threading

from neo4j import GraphDatabase

from powermap.graph import availability as breaker_module
from powermap.graph.availability import Availability


def _recovery_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if thread.name == "neo4j-recovery"}


def _down_breaker(monkeypatch) -> tuple[Availability, threading.Thread]:
    """A breaker whose database refused it, probing in the background."""
    monkeypatch.setattr(breaker_module, "COOL_DOWN", 0.05)
    driver = GraphDatabase.driver("bolt://127.0.0.1:1", auth=("neo4j", "unused"))  # nothing listens there
    before = _recovery_threads()
    breaker = Availability(driver, "neo4j", probe_timeout=0.5)
    breaker.mark_down("refused")
    (recovery,) = _recovery_threads() - before
    assert breaker.down and recovery.is_alive(), "down, and probing in the background"
    return breaker, recovery


def test_the_recovery_thread_ends_once_its_breaker_is_closed_though_still_held(monkeypatch, recwarn):
    breaker, recovery = _down_breaker(monkeypatch)
    breaker.close()
    recovery.join(timeout=30)
    assert not recovery.is_alive()
    breaker.driver.close()
    breaker.down_since = None  # as if it had come back: only being closed stops a probe now
    probes = {thread for thread in threading.enumerate() if thread.name == "neo4j-probe"}
    breaker.suspect()
    assert {thread for thread in threading.enumerate() if thread.name == "neo4j-probe"} <= probes, \
        "a closed breaker starts no probe"
    assert not [w for w in recwarn if "closed" in str(w.message)], "nothing used the closed driver"


def test_the_recovery_thread_ends_once_its_breaker_is_dropped(monkeypatch):
    breaker, recovery = _down_breaker(monkeypatch)
    driver = breaker.driver
    del breaker
    driver.close()
    gc.collect()
    recovery.join(timeout=30)
    assert not recovery.is_alive()
