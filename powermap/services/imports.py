"""Bulk imports on behalf of a principal: an admin action by the policy, every row signed with who acted.

The files are read by the format table (`powermap.graph.crm.formats`: JSON lines or a CRM export
told apart by content) and the rows go through the one bulk-write path (`powermap.graph.transfer`),
which validates every row before the first is written (all or nothing unless partial loads are asked
for), keeps what the bid team judged (`powermap.graph.ownership`), audits every change under the
run's id, records the history it implies and refuses stage moves past the bid gate. A row refused
while reading an export refuses the load like a row the writer refuses: nothing is written unless
partial loads are asked for. A run is undone by its id (`powermap.graph.import_undo`).
"""

from powermap.graph.crm.files import SourceFile
from powermap.graph.crm.formats import ImportFormat, read_sources
from powermap.graph.crm.mapping import Mapping
from powermap.graph.crm.read import ExportRead
from powermap.graph.driver import Graph
from powermap.graph.import_undo import undo_run
from powermap.graph.transfer import BATCH_SIZE, ImportReport, import_rows
from powermap.models.security import Principal, Role, Signature
from powermap.models.transfer import ImportResult, KindSummary, RowProblem, UndoResult, WrittenEntity
from powermap.services import policy


def result_of(report: ImportReport, read: ExportRead | None = None, *, dry_run: bool | None = None) -> ImportResult:
    """The answer for one import (the same for the API and the command line's summary).

    With the `read` of an export, refusals name the file and line each row came from, and include
    the rows refused while reading. `dry_run` is what the caller asked for, where the run was only
    validated because reading had refused rows already."""
    if read is None:
        errors = [RowProblem.model_validate(error, from_attributes=True) for error in report.errors]
    else:
        errors = [RowProblem(file=problem.file, line=problem.line, field=problem.field, problem=problem.problem)
                  for problem in [*read.problems, *read.locate(report.errors)]]
    return ImportResult(
        run_id=report.run_id, dry_run=report.dry_run if dry_run is None else dry_run, committed=report.committed,
        rows=report.rows, nodes=report.nodes, relationships=report.relationships, batches=report.batches,
        summary=[KindSummary(kind=kind, **counts) for kind, counts in report.summary().items()],
        written=[WrittenEntity.model_validate(change, from_attributes=True) for change in report.changes],
        errors=errors,
        conflicts=report.conflicts)


def import_read(graph: Graph, read: ExportRead, *, who: Signature, dry_run: bool = False,
                allow_errors: bool = False, batch_size: int = BATCH_SIZE) -> ImportResult:
    """Write an export's rows signed by `who`; rows refused while reading refuse the whole load
    (only validated, nothing written) unless partial loads are asked for."""
    validate_only = dry_run or (bool(read.problems) and not allow_errors)
    report = import_rows(graph, read.rows, who=who, batch_size=batch_size, dry_run=validate_only,
                         allow_errors=allow_errors)
    return result_of(report, read, dry_run=dry_run)


def import_files(graph: Graph, *, principal: Principal, files: list[SourceFile], format_: ImportFormat,
                 mapping: Mapping, dry_run: bool = False, allow_errors: bool = False) -> ImportResult:
    """Read the files of one export and import them: all of the rows, or (allow_errors) the good ones."""
    policy.require_role(principal, Role.ADMIN)
    read = read_sources(graph, files, mapping=mapping, format_=format_)
    return import_read(graph, read, who=principal.signature, dry_run=dry_run, allow_errors=allow_errors)


def undo_import(graph: Graph, *, principal: Principal, run_id: str) -> UndoResult:
    """Revert one import run if nothing changed what it wrote since."""
    policy.require_role(principal, Role.ADMIN)
    undone = graph.write(undo_run, run_id=run_id, who=principal.signature)
    return UndoResult(run_id=undone.run_id, deleted=undone.deleted, restored=undone.restored)
