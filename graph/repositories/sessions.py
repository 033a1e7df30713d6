"""Browser sessions, stored in Neo4j beside the API keys and accounts they were opened with (hashes only)."""

from neo4j import ManagedTransaction

from powermap.graph import catalog
from powermap.graph.driver import Graph, single
from powermap.models.security import OpenedSession, SessionGrant


def _open(graph: Graph, statement: str, **parameters: object) -> OpenedSession | None:
    def work(tx: ManagedTransaction) -> OpenedSession | None:
        single(tx, catalog.query("session/delete_expired"))
        found = single(tx, catalog.query(statement), **parameters)
        return OpenedSession.model_validate(found["session"]) if found else None
    return graph.write(work)


def open_session(graph: Graph, *, session_id: str, token_hash: str, key_id: str, seconds: int) -> OpenedSession | None:
    """Store a session for a live key (dropping dead ones first); None when the key is gone or revoked."""
    return _open(graph, "session/open", id=session_id, hash=token_hash, keyId=key_id, seconds=seconds)


def open_session_for_account(graph: Graph, *, session_id: str, token_hash: str, account_id: str,
                         seconds: int) -> OpenedSession | None:
    """Store a session for an enabled account (dropping dead ones first); None when it is gone or disabled."""
    return _open(graph, "session/open_for_account", id=session_id, hash=token_hash, accountId=account_id,
                 seconds=seconds)


def grant_by_session_hash(graph: Graph, *, token_hash: str) -> SessionGrant | None:
    """The live key or enabled account behind an unexpired session, with the customers it covers; None otherwise."""
    found = graph.read(lambda tx: single(tx, catalog.query("session/grant_by_hash"), hash=token_hash))
    return None if found is None else SessionGrant.model_validate(found)


def close_session(graph: Graph, *, token_hash: str) -> int:
    """Delete the session with this token hash; how many were deleted (0 or 1)."""
    found = graph.write(lambda tx: single(tx, catalog.query("session/close"), hash=token_hash))
    assert found is not None, "session/close always returns its count"
    closed: int = found["closed"]
    return closed
