"""People's accounts (admins only): create one for an employee, list them, disable one.

Rules in `powermap.services.accounts`. A password goes in once, in the create body, and never comes
back: answers carry the e-mail, role, employee and dates only.
"""

from typing import Any

from fastapi import APIRouter, status

from powermap.api.deps import ActingDep, GraphDep, PrincipalDep
from powermap.api.errors import problem_responses
from powermap.models.accounts import AccountCreate
from powermap.models.security import AccountRead
from powermap.models.types import NodeId
from powermap.services import accounts

router = APIRouter(prefix="/accounts", tags=["accounts"])


@router.post("", response_model=AccountRead, status_code=status.HTTP_201_CREATED,
             summary="Create a person's account for the web page (admin)",
             responses=problem_responses(403, 409, 422))
def create(body: AccountCreate, graph: GraphDep, principal: ActingDep) -> Any:
    return accounts.create_account(graph, principal=principal, account=body)


@router.get("", response_model=list[AccountRead], summary="Every account, never a password (admin)",
            responses=problem_responses(403))
def list_(graph: GraphDep, principal: PrincipalDep) -> Any:
    return accounts.list_accounts(graph, principal=principal)


@router.post("/{account_id}/disable", response_model=AccountRead,
             summary="Disable an account and end its sessions at once (admin)",
             responses=problem_responses(403, 404))
def disable(account_id: NodeId, graph: GraphDep, principal: ActingDep) -> Any:
    return accounts.disable_account(graph, principal=principal, account_id=account_id)
