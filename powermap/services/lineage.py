"""Assembles an opportunity's lineage from its upstream and downstream reads."""

from powermap.graph.driver import Graph
from powermap.graph.repositories import lineage as lineage_reads
from powermap.models.lineage import Lineage, LineageFacts


def assemble_lineage(found: LineageFacts, *, focus: dict[str, str]) -> Lineage:
    """One lineage document; a project without an opportunity has an empty upstream."""
    upstream = found.upstream
    return Lineage(
        focus=focus,
        opportunity=upstream.opportunity if upstream else None,
        customer=upstream.customer if upstream else None,
        insights=upstream.insights if upstream else [],
        decisions=upstream.decisions if upstream else [],
        projects=found.projects,
    )


def lineage_of_opportunity(graph: Graph, *, opportunity_id: str) -> Lineage:
    """Forwards from a sandbox entry."""
    found = lineage_reads.opportunity_lineage(graph, opportunity_id=opportunity_id)
    return assemble_lineage(found, focus={"kind": "opportunity", "id": opportunity_id})


def lineage_of_project(graph: Graph, *, project_id: str) -> Lineage:
    """Backwards from a project to its opportunity, then forwards again."""
    found = lineage_reads.project_lineage(graph, project_id=project_id)
    return assemble_lineage(found, focus={"kind": "project", "id": project_id})


def lineage_of_contract(graph: Graph, *, contract_id: str) -> Lineage:
    """Backwards from a signed contract."""
    found = lineage_reads.contract_lineage(graph, contract_id=contract_id)
    return assemble_lineage(found, focus={"kind": "contract", "id": contract_id})
