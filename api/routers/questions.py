"""The bid team's three questions: power maps (and stance changes), influence paths, lineage."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from powermap.api.deps import GraphDep, PrincipalDep, SettingsDep
from powermap.graph.driver import Graph
from powermap.models.influence import InfluencePaths
from powermap.models.lineage import Lineage
from powermap.models.power_map import PowerMap, StanceChange
from powermap.models.security import Principal
from powermap.models.types import Day, NodeId, Timestamp
from powermap.services import influence_paths as paths_service
from powermap.services import lineage as lineage_service
from powermap.services import power_map as map_service
from powermap.services import privacy

router = APIRouter(tags=["questions"])

AsOf = Annotated[
    Timestamp | None, Query(alias="asOf", description="the map as it stood then (latest assessment at or before it)")
]
ReportDate = Annotated[
    Day | None,
    Query(alias="reportDate", description="judge staleness against this day (default: asOf or today)"),
]
Since = Annotated[Timestamp | None, Query(alias="from", description="start (default: 90 days before `to`)")]
Until = Annotated[Timestamp | None, Query(alias="to", description="end (default: now)")]


def _stance_changes(graph: Graph, principal: Principal, power_map: PowerMap, start: datetime | None,
                    end: datetime | None) -> list[StanceChange]:
    """The map's moves in the window (default: the 90 days before `end`, now), notes only where seen."""
    end = end or datetime.now(UTC)
    changes = map_service.stance_changes_of(graph, power_map=power_map, start=start or end - timedelta(days=90),
                                            end=end)
    return privacy.stance_changes_shown(graph, principal=principal, changes=changes)


@router.get("/projects/{project_id}/power-map", response_model=PowerMap,
            summary="Who decides on this project, where they stand, who of ours reaches them")
def project_power_map(project_id: NodeId, graph: GraphDep, settings: SettingsDep,
                      as_of: AsOf = None, report_date: ReportDate = None) -> PowerMap:
    return map_service.project_power_map(
        graph, project_id=project_id, as_of=as_of, report_date=report_date,
        thresholds=map_service.Thresholds.from_settings(settings))


@router.get("/customers/{customer_id}/power-map", response_model=PowerMap,
            summary="Everyone at a customer, with their roles in its open projects")
def customer_power_map(customer_id: NodeId, graph: GraphDep, settings: SettingsDep,
                       as_of: AsOf = None, report_date: ReportDate = None) -> PowerMap:
    return map_service.customer_power_map(
        graph, customer_id=customer_id, as_of=as_of, report_date=report_date,
        thresholds=map_service.Thresholds.from_settings(settings))


@router.get("/projects/{project_id}/stance-changes", response_model=list[StanceChange],
            summary="Who on the project's map moved, from what to what, judged by whom")
def project_stance_changes(project_id: NodeId, graph: GraphDep, settings: SettingsDep, principal: PrincipalDep,
                           start: Since = None, end: Until = None) -> list[StanceChange]:
    power_map = map_service.project_power_map(
        graph, project_id=project_id, thresholds=map_service.Thresholds.from_settings(settings))
    return _stance_changes(graph, principal, power_map, start, end)


@router.get("/customers/{customer_id}/stance-changes", response_model=list[StanceChange],
            summary="Who at the customer moved, from what to what, judged by whom")
def customer_stance_changes(customer_id: NodeId, graph: GraphDep, settings: SettingsDep, principal: PrincipalDep,
                            start: Since = None, end: Until = None) -> list[StanceChange]:
    power_map = map_service.customer_power_map(
        graph, customer_id=customer_id, thresholds=map_service.Thresholds.from_settings(settings))
    return _stance_changes(graph, principal, power_map, start, end)


@router.get("/influence-paths", response_model=InfluencePaths,
            summary="The best paths from our people to a stakeholder")
def influence_paths(
    graph: GraphDep,
    target: NodeId,
    from_: Annotated[str | None, Query(alias="from", description="employee ids, comma-separated")] = None,
    project: NodeId | None = None,
    k: Annotated[int, Query(ge=1, le=paths_service.MAX_K)] = 3,
    max_hops: Annotated[int, Query(alias="maxHops", ge=1, le=paths_service.MAX_HOPS)] = 4,
    avoid_opponents: Annotated[bool, Query(alias="avoidOpponents")] = True,
) -> InfluencePaths:
    employee_ids = [part.strip() for part in from_.split(",") if part.strip()] if from_ else None
    return paths_service.influence_paths(
        graph, target_id=target, employee_ids=employee_ids, project_id=project, k=k,
        max_hops=max_hops, avoid_opponents=avoid_opponents)


@router.get("/opportunities/{opportunity_id}/lineage", response_model=Lineage,
            summary="Where an opportunity came from and what it became")
def opportunity_lineage(opportunity_id: NodeId, graph: GraphDep) -> Lineage:
    return lineage_service.lineage_of_opportunity(graph, opportunity_id=opportunity_id)


@router.get("/projects/{project_id}/lineage", response_model=Lineage,
            summary="The lineage read backwards from a project")
def project_lineage(project_id: NodeId, graph: GraphDep) -> Lineage:
    return lineage_service.lineage_of_project(graph, project_id=project_id)


@router.get("/contracts/{contract_id}/lineage", response_model=Lineage,
            summary="The lineage read backwards from a contract")
def contract_lineage(contract_id: NodeId, graph: GraphDep) -> Lineage:
    return lineage_service.lineage_of_contract(graph, contract_id=contract_id)
