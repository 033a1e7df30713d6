"""Bulk imports on behalf of a principal: an admin action by the policy, every row signed with who acted.

The files are read by the format table (`powermap.graph.crm.formats`: JSON lines or a CRM export
told apart by content) and the rows go through the one bulk-write path (`powermap.graph.transfer`),
which audits them, records the history they imply and refuses stage moves past the bid gate.
"""

from powermap.graph.crm.files import SourceFile
from powermap.graph.crm.formats import ImportFormat, read_sources
from powermap.graph.crm.mapping import Mapping
from powermap.graph.crm.read import ExportRead
from powermap.graph.driver import Graph
from powermap.graph.transfer import ImportReport, import_rows
from powermap.models.security import Principal, Role
from powermap.services import policy


def import_files(graph: Graph, *, principal: Principal, files: list[SourceFile], format_: ImportFormat,
                 mapping: Mapping) -> tuple[ExportRead, ImportReport]:
    """Read and import files of one export; rows refused while reading are in the read, the rest in the report."""
    policy.require_role(principal, Role.ADMIN)
    read = read_sources(graph, files, mapping=mapping, format_=format_)
    return read, import_rows(graph, read.rows, who=principal.signature)
