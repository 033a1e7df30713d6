"""People's accounts, stored in Neo4j beside the API keys (`Account` nodes; password hashes only).

Creating and disabling one is a write like any other: the access policy judges it inside the
transaction (`Account` is an admin label) and the audit entry commits with it. The entry holds the
e-mail, role and employee, never the password hash.
"""

import uuid

from neo4j import ManagedTransaction

from powermap.errors import Conflict, InvalidValue, NotFound
from powermap.graph import catalog
from powermap.graph.changes import Action, Authorize, Change
from powermap.graph.driver import Graph, rows, single
from powermap.graph.model import Label
from powermap.graph.repositories.security import record_audit
from powermap.models.security import AccountRead, Signature


def _audited(account: AccountRead) -> dict[str, str | None]:
    return {"email": account.email, "role": account.role.value, "employeeId": account.employee_id,
            "disabledAt": account.disabled_at.isoformat() if account.disabled_at else None}


def create_account(graph: Graph, *, email: str, password_hash: str, role: str, employee_id: str,
                   who: Signature, authorize: Authorize) -> AccountRead:
    """Store a new account for an existing employee; 409 when the e-mail has one, 422 for no such employee."""
    account_id = f"acc-{uuid.uuid4().hex[:16]}"

    def work(tx: ManagedTransaction) -> AccountRead:
        authorize(Change(action=Action.CREATE, label=Label.ACCOUNT, entity_id=account_id, before=None,
                         after={"email": email, "role": role, "employeeId": employee_id}))
        if single(tx, catalog.query("account/by_email"), email=email) is not None:
            raise Conflict(f"an account with e-mail {email} exists", field="email")
        found = single(tx, catalog.query("account/create"), id=account_id, email=email, passwordHash=password_hash,
                       role=role, employeeId=employee_id)
        if found is None:
            raise InvalidValue(f"no Employee with id {employee_id}", field="employeeId")
        account = AccountRead.model_validate(found["account"])
        record_audit(tx, who=who, action="create", label=Label.ACCOUNT.value, entity_id=account.id, before=None,
                     after=_audited(account))
        return account
    return graph.write(work)


def disable_account(graph: Graph, *, account_id: str, who: Signature, authorize: Authorize) -> AccountRead:
    """Disable an account and delete its sessions in one transaction; 404 when there is none."""
    def work(tx: ManagedTransaction) -> AccountRead:
        before = single(tx, catalog.query("account/by_id"), id=account_id)
        if before is None:
            raise NotFound(f"no account with id {account_id}", field="id")
        previous = AccountRead.model_validate(before["account"])
        authorize(Change(action=Action.UPDATE, label=Label.ACCOUNT, entity_id=account_id,
                         before=_audited(previous), after={**_audited(previous), "disabledAt": "now"}))
        found = single(tx, catalog.query("account/disable"), id=account_id)
        assert found is not None, "account/disable returns the account it just matched"
        account = AccountRead.model_validate(found["account"])
        if previous.disabled_at is None:
            record_audit(tx, who=who, action="disable", label=Label.ACCOUNT.value, entity_id=account_id,
                         before=_audited(previous), after=_audited(account))
        return account
    return graph.write(work)


def list_accounts(graph: Graph) -> list[AccountRead]:
    return [AccountRead.model_validate(row["account"])
            for row in graph.read(lambda tx: rows(tx, catalog.query("account/list")))]


def account_for_sign_in(graph: Graph, *, email: str) -> tuple[AccountRead, str] | None:
    """The account with this e-mail and its password hash (disabled ones too); None when there is none."""
    found = graph.read(lambda tx: single(tx, catalog.query("account/by_email"), email=email))
    return None if found is None else (AccountRead.model_validate(found["account"]), found["passwordHash"])
