"""API keys and sessions: who a request is.

- Every route under /api/v1 needs an API key (`Authorization: Bearer <key>`); /health, the docs,
  the /ui page and the Neo4j Browser guide are open (they hold no customer data).
- Keys carry a role (viewer, editor, admin) and may be bound to an employee; what each may do is
  `powermap.services.policy`'s to decide.
- Keys are random 32-byte tokens shown once; only their SHA-256 is stored. The command line refuses
  a key bound to an employee that does not exist.
- Authenticated principals are cached for `PRINCIPAL_TTL` seconds by the key's hash, so a light
  request does not pay a Neo4j read for its key (and still gets its answer while Neo4j is briefly
  away). Any write committed by this process empties the cache: a revoked key, a changed role and a
  changed team membership or coverage take effect at once here; a change made by another process
  (`powermap keys revoke`, another API replica) within the TTL.
- Browser sessions (opened with a key, or with a person's account: `powermap.services.accounts`)
  are not cached: every request reads its session, so a revoked key or a disabled account ends
  its sessions at once, from any process.
"""

import hashlib
import secrets
import threading
import time
import uuid
from datetime import datetime

from powermap.graph.driver import Graph, write_generation
from powermap.graph.repositories import security as store
from powermap.graph.repositories import sessions
from powermap.models.security import AccountRead, ApiKeyRead, KeyGrant, KeyIdentity, Principal, Role
from powermap.services.policy import Unauthorized


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(graph: Graph, *, name: str, role: Role, employee_id: str | None = None,
               key: str | None = None) -> tuple[str, ApiKeyRead]:
    """Store a new key (or the given one, for the development key); returns the key and its record."""
    key = key or f"pm_{secrets.token_urlsafe(32)}"
    key_id = f"key-{uuid.uuid5(uuid.NAMESPACE_URL, hash_key(key)).hex[:16]}"
    record = store.save_key(graph, key_id=key_id, name=name, role=role.value, key_hash=hash_key(key),
                            employee_id=employee_id)
    return key, record


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


def cached_principal(token: str) -> Principal | None:
    """The principal of a key authenticated within the TTL, without reading Neo4j; None when the key
    is not cached (a first sight, expired, or this process wrote since)."""
    return principals.get(hash_key(token))


def authenticate(graph: Graph, token: str | None) -> Principal:
    """The principal behind a key; 401 when it is missing, unknown or revoked."""
    if not token:
        raise Unauthorized("an API key is required: send Authorization: Bearer <key>", field="Authorization")
    key_hash = hash_key(token)
    cached = principals.get(key_hash)
    if cached is not None:
        return cached
    generation = write_generation()
    found = store.key_by_hash(graph, key_hash=key_hash)
    if found is None:
        raise Unauthorized("unknown or revoked API key", field="Authorization")
    principal = _principal(found)
    principals.put(key_hash, principal, generation)
    return principal


def _principal(found: KeyGrant) -> Principal:
    return _key_principal(found.key, found.customers)


def _key_principal(key: KeyIdentity, customers: list[str]) -> Principal:
    return Principal(key_id=key.id, name=key.name, role=key.role, employee_id=key.employee_id,
                     customers=frozenset(customers))


def _account_principal(account: AccountRead, customers: list[str]) -> Principal:
    return Principal(key_id=None, account_id=account.id, name=account.name, role=account.role,
                     employee_id=account.employee_id, customers=frozenset(customers))


def session_principal(graph: Graph, *, token: str, cookie: str) -> Principal:
    """The principal behind a live session token (a key's or an account's); 401 naming the cookie when
    it is dead."""
    found = sessions.grant_by_session_hash(graph, token_hash=hash_key(token))
    if found is not None and found.key is not None:
        return _key_principal(found.key, found.customers)
    if found is not None and found.account is not None:
        return _account_principal(found.account, found.customers)
    raise Unauthorized("the session has expired, was signed out, or its key was revoked or its account "
                       "disabled: sign in again", field=cookie)


def open_session(graph: Graph, *, principal: Principal, seconds: int) -> tuple[str, datetime]:
    """A new session for the principal's key: the token (shown once, stored hashed) and its expiry."""
    if principal.key_id is None:
        raise Unauthorized("sign in with an API key", field="Authorization")
    token = secrets.token_urlsafe(32)
    opened = sessions.open_session(graph, session_id=f"ses-{uuid.uuid4().hex}", token_hash=hash_key(token),
                                   key_id=principal.key_id, seconds=seconds)
    if opened is None:
        raise Unauthorized("unknown or revoked API key", field="Authorization")
    return token, opened.expires_at


def open_account_session(graph: Graph, *, account: AccountRead, seconds: int) -> tuple[str, datetime]:
    """A new session for an enabled account: the token (shown once, stored hashed) and its expiry."""
    token = secrets.token_urlsafe(32)
    opened = sessions.open_session_for_account(graph, session_id=f"ses-{uuid.uuid4().hex}",
                                               token_hash=hash_key(token), account_id=account.id, seconds=seconds)
    if opened is None:
        raise Unauthorized("the account is disabled", field="email")
    return token, opened.expires_at


def close_session(graph: Graph, *, token: str) -> None:
    """End the session the token names (nothing happens when it is already gone)."""
    sessions.close_session(graph, token_hash=hash_key(token))
