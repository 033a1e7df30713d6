"""Who may do what.

- Every route under /api/v1 needs an API key (`Authorization: Bearer <key>`); /health, the docs,
  the /ui page and the Neo4j Browser guide are open (they hold no customer data).
- Keys carry a role: viewer (read everything), editor (also write, within the customers their
  employee's teams cover), admin (everything, including keys, bulk import and erasure).
- Customers belong to the company: any key may read the graph. Writing a customer's data (the
  customer, its org units and people, its projects and what hangs off them) needs a team that
  covers it, or admin. Our own people, teams and competitors are not any customer's: any editor
  may write them.
- A stakeholder's `notes` are shown only to admins and to keys whose teams cover that customer.
- Keys are random 32-byte tokens shown once; only their SHA-256 is stored.
"""

import contextvars
import hashlib
import secrets
import uuid

from graph.driver import Graph
from graph.model import Label
from graph.repositories import security as store
from powermap.errors import PowermapError
from powermap.models.security import Principal, Role

# The principal of the request being served, set by the API's auth dependency; repositories read
# it to sign the audit entries they write. Outside a request (CLI, seeds) it is unset.
current_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("principal", default=None)


class Unauthorized(PowermapError):
    status_code = 401


class Forbidden(PowermapError):
    status_code = 403


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


def require_write(graph: Graph, principal: Principal, *, nodes: list[tuple[Label, str]]) -> None:
    """Refuse a write that touches a customer the principal's teams do not cover."""
    if not principal.at_least(Role.EDITOR):
        raise Forbidden(f"the {principal.role.value} role cannot change data", field="Authorization")
    if principal.role is Role.ADMIN:
        return
    customers = set().union(*store.customers_by_node(graph, nodes=nodes).values())
    outside = sorted(customers - principal.customers)
    if outside:
        raise Forbidden(f"writing data of {', '.join(outside)} needs a team that covers it", field="Authorization")


def require_role(principal: Principal, role: Role) -> None:
    if not principal.at_least(role):
        raise Forbidden(f"this needs the {role.value} role", field="Authorization")


def may_see_notes(principal: Principal | None, customers: set[str]) -> bool:
    """Personal notes: admins, and keys whose teams cover the person's customer."""
    return principal is not None and (principal.role is Role.ADMIN or bool(customers & principal.customers))


def hide_notes(graph: Graph, principal: Principal | None, stakeholders: list[dict]) -> list[dict]:
    """Drop `notes` from the stakeholders this principal may not see personal data of."""
    with_notes = [s for s in stakeholders if s.get("notes") is not None]
    if not with_notes:
        return stakeholders
    customers = store.customers_by_node(graph, nodes=[(Label.STAKEHOLDER, s["id"]) for s in with_notes])
    for stakeholder in with_notes:
        if not may_see_notes(principal, customers.get(stakeholder["id"], set())):
            stakeholder.pop("notes")
    return stakeholders


def audit_signature() -> dict[str, str | None]:
    """Who the audit log should name for a write in this context."""
    principal = current_principal.get()
    return {"keyId": principal.key_id if principal else None,
            "employeeId": principal.employee_id if principal else None}
