"""API keys, the roles they carry, and the principal a request acts as."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: the key, its role, its employee and the customers their teams cover."""

    key_id: str
    name: str
    role: Role
    employee_id: str | None = None
    customers: frozenset[str] = field(default_factory=frozenset)

    def at_least(self, role: Role) -> bool:
        return RANK[self.role] >= RANK[role]

    def covers(self, customer_ids: set[str]) -> bool:
        """Admins cover everything; others the customers their teams cover."""
        return self.role is Role.ADMIN or customer_ids <= self.customers


class ApiKeyRead(BaseModel):
    id: str
    name: str
    role: Role
    employeeId: str | None = None
    createdAt: datetime
    revokedAt: datetime | None = None


class AuditEntry(BaseModel):
    id: str
    at: datetime
    keyId: str | None = None
    employeeId: str | None = None
    action: str
    label: str
    entityId: str
    before: dict | None = None
    after: dict | None = None
