"""API keys: who a request is.

- Every route under /api/v1 needs an API key (`Authorization: Bearer <key>`); /health, the docs,
  the /ui page and the Neo4j Browser guide are open (they hold no customer data).
- Keys carry a role (viewer, editor, admin) and may be bound to an employee; what each may do is
  `powermap.services.policy`'s to decide.
- Keys are random 32-byte tokens shown once; only their SHA-256 is stored. A key bound to an
  employee that does not exist is refused.
"""

import hashlib
import secrets
import uuid

from graph.driver import Graph
from graph.repositories import security as store
from powermap.models.security import Principal, Role
from powermap.services.policy import Unauthorized


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(graph: Graph, *, name: str, role: Role, employee_id: str | None = None,
               key: str | None = None) -> tuple[str, dict]:
    """Store a new key (or the given one, for the development key); returns the key and its record."""
    key = key or f"pm_{secrets.token_urlsafe(32)}"
    key_id = f"key-{uuid.uuid5(uuid.NAMESPACE_URL, hash_key(key)).hex[:16]}"
    record = store.save_key(graph, key_id=key_id, name=name, role=role.value, key_hash=hash_key(key),
                            employee_id=employee_id)
    return key, record


def authenticate(graph: Graph, token: str | None) -> Principal:
    """The principal behind a key; 401 when it is missing, unknown or revoked."""
    if not token:
        raise Unauthorized("an API key is required: send Authorization: Bearer <key>", field="Authorization")
    found = store.key_by_hash(graph, key_hash=hash_key(token))
    if found is None:
        raise Unauthorized("unknown or revoked API key", field="Authorization")
    key = found["key"]
    return Principal(key_id=key["id"], name=key["name"], role=Role(key["role"]), employee_id=key["employeeId"],
                     customers=frozenset(found["customers"]))
