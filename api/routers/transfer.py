"""Bulk import over HTTP: the same pipeline as `powermap import`, for a body of rows."""

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from api.deps import GraphDep, PrincipalDep
from graph import crm_csv, transfer
from powermap.errors import InvalidValue
from powermap.models.security import Role
from powermap.models.transfer import ImportResult
from powermap.services import policy

router = APIRouter(tags=["import"])
READERS = {"jsonl": transfer.jsonl_rows, "contacts-csv": crm_csv.contacts_rows,
           "contact-roles-csv": crm_csv.contact_role_rows}


@router.post("/import", response_model=ImportResult,
             summary="Import graph rows (JSON lines, or a CRM CSV export); bad rows are reported and skipped")
async def import_rows(request: Request, graph: GraphDep, principal: PrincipalDep,
                      format: Literal["jsonl", "contacts-csv", "contact-roles-csv"] = "jsonl") -> ImportResult:  # noqa: A002
    policy.require_role(principal, Role.ADMIN)
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidValue("the body is not UTF-8 text", field="body") from error
    report = await run_in_threadpool(transfer.import_rows, graph, READERS[format](text.splitlines()))
    return ImportResult.model_validate(report, from_attributes=True)
