"""Bulk import over HTTP: the same reading and bulk-write path as `powermap import`, for one file.

The body is the file as exported (any of the encodings `powermap.graph.crm.files` reads); `format`
is `auto` (JSON lines or a CRM export, told apart by content), `jsonl` or `crm`. A CRM file's
references must be in the file or already in the graph (load an export's files in dependency
order, or all at once with the CLI). Admin only; every written row is audited under the caller's
key and employee. Refused rows come back with their line, the header and the problem; a file no
format knows, or one missing headers, is a 422 naming them all.
"""

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from powermap.api.deps import ActingDep, GraphDep
from powermap.graph.crm.files import SourceFile
from powermap.graph.crm.formats import ImportFormat
from powermap.graph.crm.mapping import load_mapping
from powermap.models.transfer import ImportResult, RowProblem
from powermap.services import imports

router = APIRouter(tags=["import"])


@router.post("/import", response_model=ImportResult,
             summary="Import a file: JSON lines or a CRM export (Salesforce, Dynamics 365); bad rows are reported")
async def import_rows(request: Request, graph: GraphDep, principal: ActingDep,
                      format: ImportFormat = ImportFormat.AUTO) -> ImportResult:
    body = SourceFile(name="body", data=await request.body())
    read, report = await run_in_threadpool(lambda: imports.import_files(
        graph, principal=principal, files=[body], format_=format, mapping=load_mapping()))
    problems = [*read.problems, *read.locate(report.errors)]
    return ImportResult(rows=report.rows, nodes=report.nodes, relationships=report.relationships,
                        batches=report.batches,
                        errors=[RowProblem(line=p.line, field=p.field, problem=p.problem) for p in problems])
