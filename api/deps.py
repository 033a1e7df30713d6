"""Dependencies injected into routes: the graph (one driver per process), settings, the actor.

Authenticated principals are cached for `PRINCIPAL_TTL` seconds by the key's hash, so a light
request does not pay a Neo4j read for its key (and still gets its answer from the cache while Neo4j
is briefly away). Any write committed by this process empties the cache: a revoked key, a changed
role and a changed team membership or coverage take effect at once here. A change made by another
process (`powermap keys revoke`, another API replica) takes effect within the TTL.
"""

import threading
import time
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool

from graph.driver import Graph, write_generation
from powermap.models.security import Principal, Role
from powermap.models.types import NodeId
from powermap.services import security
from powermap.settings import Settings


def get_graph(request: Request) -> Graph:
    """The process's graph handle, opened in the app's lifespan."""
    return request.app.state.graph


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ActorDep = Annotated[
    NodeId | None,
    Header(
        alias="X-Powermap-Actor",
        description="id of the Employee making the change; recorded on assessments and stage moves",
    ),
]


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRINCIPAL_TTL = 30.0  # seconds


class PrincipalCache:
    """Principals by key hash, each valid for `ttl` seconds and until this process writes."""

    def __init__(self, ttl: float, max_entries: int = 10_000):
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, int, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, key_hash: str) -> Principal | None:
        with self._lock:
            entry = self._entries.get(key_hash)
            if entry is None:
                return None
            expires, generation, principal = entry
            if time.monotonic() < expires and generation == write_generation():
                return principal
            del self._entries[key_hash]
            return None

    def put(self, key_hash: str, principal: Principal, generation: int) -> None:
        """Keep a principal read when the write generation was `generation` (read before the lookup)."""
        with self._lock:
            if generation != write_generation():
                self._entries.clear()
                return
            if len(self._entries) >= self.max_entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key_hash] = (time.monotonic() + self.ttl, generation, principal)


principals = PrincipalCache(PRINCIPAL_TTL)


async def authenticated(request: Request, graph: GraphDep) -> Principal:
    """The request's principal from its API key; writes need the editor role at least.

    Async so that the principal it sets is seen by the endpoint (which FastAPI runs in a worker
    thread with a copy of the request's context); the key lookup itself, a Neo4j read, runs in the
    thread pool, never on the event loop.
    """
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
    token = token or request.headers.get("X-API-Key")
    key_hash = security.hash_key(token) if token else ""
    principal = principals.get(key_hash) if token else None
    if principal is None:
        generation = write_generation()
        principal = await run_in_threadpool(security.authenticate, graph, token)
        principals.put(key_hash, principal, generation)
    if request.method not in READ_METHODS:
        security.require_role(principal, Role.EDITOR)
    security.current_principal.set(principal)
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticated)]


def acting_employee(principal: Principal, actor: str | None) -> str | None:
    """The employee a write is done as: the key's own, or (for admins and unbound keys) the header's."""
    if principal.employee_id and actor and actor != principal.employee_id and principal.role is not Role.ADMIN:
        raise security.Forbidden(f"this key acts as {principal.employee_id}, not {actor}", field="X-Powermap-Actor")
    return actor or principal.employee_id
