"""Bulk imports on behalf of a principal: an admin action by the policy, every row signed with who acted.

The rows go through the one bulk-write path (`powermap.graph.transfer`), which audits them,
records the history they imply and refuses stage moves past the bid gate.
"""

from powermap.graph.crm_csv import READERS, ImportFormat
from powermap.graph.driver import Graph
from powermap.graph.transfer import ImportReport, import_rows
from powermap.models.security import Principal, Role
from powermap.services import policy


def import_text(graph: Graph, *, principal: Principal, text: str, format_: ImportFormat) -> ImportReport:
    """Import a body of rows in one of the known formats; bad rows are reported and skipped."""
    policy.require_role(principal, Role.ADMIN)
    return import_rows(graph, READERS[format_](text.splitlines()), who=principal.signature)
