"""Reads behind opportunity lineage, forwards from an opportunity or backwards from a project or
a contract; one transaction per lineage."""

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.driver import Graph, rows, single
from powermap.models.lineage import LineageFacts, LineageProject, LineageUpstream


def _lineage(tx: ManagedTransaction, opportunity_id: str | None, project_ids: list[str]) -> LineageFacts:
    upstream = None
    if opportunity_id:
        found = single(tx, catalog.query("lineage/opportunity"), opportunityId=opportunity_id)
        if found is None:
            raise NotFound(f"no Opportunity with id {opportunity_id}", field="id")
        upstream = LineageUpstream.model_validate(found)
        project_ids = upstream.project_ids
    projects = [
        LineageProject.model_validate({**row["project"], "stageHistory": row["stageHistory"],
                                       "activities": row["activities"], "contracts": row["contracts"]})
        for row in rows(tx, catalog.query("lineage/projects"), projectIds=project_ids)
    ]
    return LineageFacts(upstream=upstream, projects=projects)


def _start_of(tx: ManagedTransaction, statement_name: str, **params: str) -> dict[str, str | None] | None:
    return single(tx, catalog.query(statement_name), **params)


def opportunity_lineage(graph: Graph, *, opportunity_id: str) -> LineageFacts:
    """Insights, plan decisions and projects of an opportunity."""
    return graph.read(_lineage, opportunity_id, [])


def project_lineage(graph: Graph, *, project_id: str) -> LineageFacts:
    """The lineage of the opportunity a project pursues (or of the project alone)."""
    start = graph.read(_start_of, "lineage/from_project", projectId=project_id)
    if start is None:
        raise NotFound(f"no Project with id {project_id}", field="id")
    return graph.read(_lineage, start["opportunityId"], [project_id])


def contract_lineage(graph: Graph, *, contract_id: str) -> LineageFacts:
    """The lineage behind a contract: its project and that project's opportunity."""
    start = graph.read(_start_of, "lineage/from_contract", contractId=contract_id)
    if start is None:
        raise NotFound(f"no Contract with id {contract_id}", field="id")
    project_ids = [start["projectId"]] if start["projectId"] else []
    return graph.read(_lineage, start["opportunityId"], project_ids)
