"""Bulk import over HTTP: the same reading and bulk-write path as `powermap import`, for one file.

The body is the file as exported (any of the encodings `powermap.graph.crm.files` reads); `format`
is `auto` (JSON lines or a CRM export, told apart by content), `jsonl` or `crm`. A CRM file's
references must be in the file or already in the graph (load an export's files in dependency
order, or all at once with the CLI). Admin only; every written row is audited under the caller's
key and employee and the run's id, and the import records and refuses what graph/transfer.py says
(stance history, the bid gate on stage moves, the bid team's judged values kept). All or nothing:
200 when every row went in; 422 (a problem body carrying the whole report) with the rows refused
(line, header, problem) and nothing written; with `allowErrors=true` the good rows are written and a
refusal answers 207 with both lists. `dryRun=true` writes nothing and answers with the status the
real run would get. A file no format knows, or one missing headers, is a 422 naming them all.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from powermap.api.deps import ActingDep, GraphDep
from powermap.api.errors import problem
from powermap.graph.crm.files import SourceFile
from powermap.graph.crm.formats import ImportFormat
from powermap.graph.crm.mapping import load_mapping
from powermap.models.transfer import ImportResult, UndoResult
from powermap.services import imports

router = APIRouter(tags=["import"])
RUN_RESPONSES: dict[int | str, dict[str, object]] = {
    207: {"model": ImportResult, "description": "allowErrors: the good rows written, the others refused"},
    422: {"model": ImportResult, "description": "rows refused (`errors`), nothing written "
                                                "(a problem+json body that carries the whole report)"},
}


@router.post("/import", response_model=ImportResult, responses=RUN_RESPONSES,
             summary="Import a file, JSON lines or a CRM export (Salesforce, Dynamics 365): all of it, or none")
async def import_rows(
    request: Request, graph: GraphDep, principal: ActingDep, format: ImportFormat = ImportFormat.AUTO,
    dry_run: Annotated[bool, Query(alias="dryRun", description="report what would change; write nothing")] = False,
    allow_errors: Annotated[bool, Query(alias="allowErrors",
                                        description="write the good rows when some are refused (207)")] = False,
) -> JSONResponse:
    body = SourceFile(name="body", data=await request.body())
    result = await run_in_threadpool(lambda: imports.import_files(
        graph, principal=principal, files=[body], format_=format, mapping=load_mapping(), dry_run=dry_run,
        allow_errors=allow_errors))
    answer = result.model_dump(mode="json")
    if not result.errors:
        return JSONResponse(answer)
    if allow_errors:
        return JSONResponse(answer, status_code=207)
    first = result.errors[0]
    detail = (f"{len(result.errors)} rows refused, nothing written; first: line {first.line}: "
              f"{first.field}: {first.problem}")
    return problem(422, detail, answer.pop("errors"), extra=answer)


@router.post("/import/{run_id}/undo", response_model=UndoResult,
             summary="Undo one import run: delete what it created, restore what it updated (if unchanged since)")
def undo_import(run_id: str, graph: GraphDep, principal: ActingDep) -> UndoResult:
    return imports.undo_import(graph, principal=principal, run_id=run_id)
