"""API keys, the roles they carry, and the principal a request acts as."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from powermap.models.base import ApiModel


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: the key or the person's account, its role, its employee and the
    customers their teams cover.

    `acting_employee_id` is the employee a write is done as: the key's own, or (admins only) the
    one named in `X-Powermap-Actor`. It signs audit entries, assessments and stage moves.
    """

    key_id: str | None
    name: str
    role: Role
    employee_id: str | None = None
    customers: frozenset[str] = field(default_factory=frozenset)
    acting_employee_id: str | None = None
    account_id: str | None = None

    def __post_init__(self) -> None:
        if self.acting_employee_id is None and self.employee_id is not None:
            object.__setattr__(self, "acting_employee_id", self.employee_id)

    def at_least(self, role: Role) -> bool:
        return RANK[self.role] >= RANK[role]

    @property
    def signature(self) -> "Signature":
        """What an audit entry records of this principal."""
        return Signature(key_id=self.key_id, employee_id=self.acting_employee_id, account_id=self.account_id)


@dataclass(frozen=True)
class Signature:
    """Who made a change, as the audit log names it: the key or the account, and the employee acted as."""

    key_id: str | None
    employee_id: str | None
    account_id: str | None = None


# The principal of work Powermap does on its own behalf from the command line (demo seeds, the
# bootstrap key, a migration): an admin with no key, named in the audit log by its absence.
SYSTEM = Principal(key_id=None, name="powermap (command line)", role=Role.ADMIN)


class ApiKeyRead(ApiModel):
    id: str
    name: str
    role: Role
    employee_id: str | None = None
    created_at: datetime
    revoked_at: datetime | None = None


class AuditEntry(ApiModel):
    id: str
    at: datetime
    key_id: str | None = None
    account_id: str | None = None
    employee_id: str | None = None
    action: str
    label: str
    entity_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    fields: list[str] | None = None
    erased_at: datetime | None = None


# Rows the key and session reads return (graph/repositories/security.py and sessions.py),
# validated from the Cypher map projections.

class KeyIdentity(ApiModel):
    id: str
    name: str
    role: Role
    employee_id: str | None = None


class KeyGrant(ApiModel):
    """A live key and the customers its employee's teams cover (`security/key_by_hash`)."""

    key: KeyIdentity
    customers: list[str]


class AccountRead(ApiModel):
    """A person's account as admins see it: never its password or the password's hash."""

    id: str
    email: str
    name: str = Field(description="The employee's name")
    role: Role
    employee_id: str
    created_at: datetime
    disabled_at: datetime | None = None


class SessionGrant(ApiModel):
    """Who a live session belongs to: a key or an account (one of them), and the customers its
    employee's teams cover (`session/grant_by_hash`)."""

    key: KeyIdentity | None = None
    account: AccountRead | None = None
    customers: list[str]


class OpenedSession(ApiModel):
    id: str
    key_id: str | None = None
    account_id: str | None = None
    expires_at: datetime
