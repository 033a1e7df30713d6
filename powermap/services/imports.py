"""Bulk imports on behalf of a principal: an admin action by the policy, every row signed with who acted.

The rows go through the one bulk-write path (`powermap.graph.transfer`), which validates every row
before the first is written (all or nothing unless partial loads are asked for), keeps what the bid
team judged (`powermap.graph.ownership`), audits every change under the run's id, records the
history it implies and refuses stage moves past the bid gate. A run is undone by its id
(`powermap.graph.import_undo`).
"""

from powermap.graph.crm_csv import READERS, ImportFormat
from powermap.graph.driver import Graph
from powermap.graph.import_undo import undo_run
from powermap.graph.transfer import ImportReport, import_rows
from powermap.models.security import Principal, Role
from powermap.models.transfer import FieldConflict, ImportResult, KindSummary, RowProblem, UndoResult, WrittenEntity
from powermap.services import policy


def result_of(report: ImportReport) -> ImportResult:
    """The answer for one import report (the same for the API and the command line's summary)."""
    return ImportResult(
        run_id=report.run_id, dry_run=report.dry_run, committed=report.committed, rows=report.rows,
        nodes=report.nodes, relationships=report.relationships, batches=report.batches,
        summary=[KindSummary(kind=kind, **counts) for kind, counts in report.summary().items()],
        written=[WrittenEntity.model_validate(change, from_attributes=True) for change in report.changes],
        errors=[RowProblem.model_validate(error, from_attributes=True) for error in report.errors],
        conflicts=[FieldConflict.model_validate(conflict, from_attributes=True) for conflict in report.conflicts])


def import_text(graph: Graph, *, principal: Principal, text: str, format_: ImportFormat, dry_run: bool = False,
                allow_errors: bool = False) -> ImportResult:
    """Import a body of rows in one of the known formats: all of them, or (allow_errors) the good ones."""
    policy.require_role(principal, Role.ADMIN)
    return result_of(import_rows(graph, READERS[format_](text.splitlines()), who=principal.signature,
                                 dry_run=dry_run, allow_errors=allow_errors))


def undo_import(graph: Graph, *, principal: Principal, run_id: str) -> UndoResult:
    """Revert one import run if nothing changed what it wrote since."""
    policy.require_role(principal, Role.ADMIN)
    undone = graph.write(undo_run, run_id=run_id, who=principal.signature)
    return UndoResult(run_id=undone.run_id, deleted=undone.deleted, restored=undone.restored)
