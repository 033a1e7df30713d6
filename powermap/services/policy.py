"""The access policy: the one place that says who may change what, and who may see which personal field.

Every write (CRUD, relationships, link fields, cascades, the activity workflow, selection, stage
moves, imports) reaches the database through a repository that hands this module a `Change`
inside its own transaction; `authorize_write` raises to refuse it, which rolls the write back.
Every read that returns personal data passes its records through `redact`.

The rules (the README's "Security" section states them for users):

- Roles. A viewer reads; an editor also writes; an admin does everything, including keys, people's
  accounts, imports and erasure.
- Customers. Everything that hangs off a customer (its org units and people at any depth, its
  opportunities, plans, projects, chains, activities, assessments, contracts) belongs to it. An
  editor writes only what belongs to customers their teams cover, and a write is judged by every
  customer it touches: the node before and after, old and new link targets, what a cascade
  removes and the far ends of every relationship it removes.
- Access grants. Team membership (`MEMBER_OF`), coverage (`COVERS`), and the `Team` and
  `Employee` records that carry them decide who may do what, so writing them is an admin action:
  otherwise an editor could grant themselves another team's customers or strip another team's.
- Workflow. An activity becomes done only by its owner, and is rated only by its assigner; an
  assessment (and the stance change it records) is signed by the employee acting, never by a name
  the client typed. Admins may do all three for anyone (corrections), and the audit log names them.
- Acting as someone. A key bound to an employee acts as that employee; only an admin key may act as
  another employee (`X-Powermap-Actor`), as a service account recording for a person would.
- Personal data. `PERSONAL_FIELDS` (a person's notes and e-mail, an assessment's note) are shown
  only to admins and to keys whose teams cover the person's customer, wherever they appear:
  node reads, exports, stance changes and audit entries.
"""

from collections.abc import Callable, Iterable
from typing import Any

from powermap.errors import PowermapError
from powermap.graph.changes import Action, Authorize, Change
from powermap.graph.model import Label, RelType
from powermap.models.security import Principal, Role
from powermap.vocab import ActivityStatus


class Unauthorized(PowermapError):
    status_code = 401


class Forbidden(PowermapError):
    status_code = 403


ADMIN_LABELS = frozenset({Label.TEAM, Label.EMPLOYEE, Label.ACCOUNT})
ADMIN_RELATIONSHIPS = frozenset({RelType.MEMBER_OF, RelType.COVERS})
PERSONAL_FIELDS: dict[Label, frozenset[str]] = {
    Label.STAKEHOLDER: frozenset({"notes", "email"}),
    Label.ASSESSMENT: frozenset({"note"}),
}


def require_role(principal: Principal, role: Role) -> None:
    """Refuse a principal below `role`."""
    if not principal.at_least(role):
        raise Forbidden(f"this needs the {role.value} role", field="Authorization")


def acting_as(principal: Principal, employee_id: str | None) -> Principal:
    """The principal acting as `employee_id` (X-Powermap-Actor): only admins may act as someone else."""
    if employee_id is None or employee_id == principal.acting_employee_id:
        return principal
    if principal.role is not Role.ADMIN:
        own = principal.employee_id or "no employee"
        raise Forbidden(f"this key acts as {own}; only an admin key may act as {employee_id}",
                        field="X-Powermap-Actor")
    return Principal(key_id=principal.key_id, name=principal.name, role=principal.role,
                     employee_id=principal.employee_id, customers=principal.customers,
                     acting_employee_id=employee_id, account_id=principal.account_id)


def authorize_write(principal: Principal, change: Change) -> None:
    """Raise Forbidden unless `principal` may make `change`; the one rule book for every write."""
    require_role(principal, Role.EDITOR)
    if principal.role is Role.ADMIN:
        return
    if change.label in ADMIN_LABELS:
        raise Forbidden(f"writing a {change.label.value} changes who may do what: an admin action",
                        field="Authorization")
    granted = sorted(change.relationship_types & ADMIN_RELATIONSHIPS)
    if granted:
        raise Forbidden(f"writing {', '.join(granted)} changes who may do what: an admin action",
                        field="Authorization")
    outside = sorted(change.customers - principal.customers)
    if outside:
        raise Forbidden(f"writing data of {', '.join(outside)} needs a team that covers it", field="Authorization")
    _workflow_rules(principal, change)


def _workflow_rules(principal: Principal, change: Change) -> None:
    """Who may mark an activity done, rate it, and sign an assessment (admins were let through above)."""
    acting = principal.acting_employee_id
    after = change.after or {}
    if change.label is Label.ACTIVITY and change.action is not Action.DELETE:
        if change.changed("status") and after.get("status") == ActivityStatus.DONE and after.get("ownerId") != acting:
            raise Forbidden(f"only the owner ({after.get('ownerId')}) may mark this activity done", field="status")
        if change.changed("rating") and after.get("assignedById") != acting:
            raise Forbidden(f"only the assigner ({after.get('assignedById')}) may rate this activity",
                            field="rating")
    if (change.label is Label.ASSESSMENT and change.action is not Action.DELETE and change.changed("byId")
            and after.get("byId") not in (None, acting)):
        raise Forbidden(f"an assessment is signed by the employee acting ({acting or 'none'}), "
                        f"not {after.get('byId')}", field="byId")


def write_guard(principal: Principal) -> Authorize:
    """The callback a repository calls inside its transaction to have a write judged."""
    return lambda change: authorize_write(principal, change)


def may_see_personal(principal: Principal, customers: Iterable[str]) -> bool:
    """Personal data: admins, and keys whose teams cover (one of) the person's customers."""
    return principal.role is Role.ADMIN or bool(set(customers) & principal.customers)


def redact(principal: Principal, label: Label, records: list[dict[str, Any]],
           customers_of: Callable[[list[tuple[Label, str]]], dict[str, set[str]]]) -> list[dict[str, Any]]:
    """Drop the personal fields of `label` from the records this principal may not see them in.

    `customers_of` resolves ownership only for records that hold a personal value, so a read with
    none pays nothing. A record whose customer cannot be resolved (deleted since) is redacted.
    """
    fields = PERSONAL_FIELDS.get(label, frozenset())
    holding = [record for record in records if any(record.get(name) is not None for name in fields)]
    if not holding or principal.role is Role.ADMIN:
        return records
    owners = customers_of([(label, record["id"]) for record in holding])
    for record in holding:
        if not may_see_personal(principal, owners.get(record["id"], set())):
            for name in fields:
                record.pop(name, None)
    return records


def without_personal(label: Label, values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of stored values without `label`'s personal fields."""
    if values is None:
        return None
    return {key: value for key, value in values.items() if key not in PERSONAL_FIELDS.get(label, frozenset())}
