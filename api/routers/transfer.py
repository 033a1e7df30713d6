"""Bulk import over HTTP: the same bulk-write path as `powermap import`, for a body of rows.

Admin only; every written row is audited under the caller's key and employee, and the import
records and refuses what graph/transfer.py says (stance history, the bid gate on stage moves).
"""

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from powermap.api.deps import ActingDep, GraphDep
from powermap.errors import InvalidValue
from powermap.graph.crm_csv import ImportFormat
from powermap.models.transfer import ImportResult
from powermap.services import imports

router = APIRouter(tags=["import"])


@router.post("/import", response_model=ImportResult,
             summary="Import graph rows (JSON lines, or a CRM CSV export); bad rows are reported and skipped")
async def import_rows(request: Request, graph: GraphDep, principal: ActingDep,
                      format: ImportFormat = ImportFormat.JSONL) -> ImportResult:
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidValue("the body is not UTF-8 text", field="body") from error
    report = await run_in_threadpool(lambda: imports.import_text(graph, principal=principal, text=text,
                                                                 format_=format))
    return ImportResult.model_validate(report, from_attributes=True)
