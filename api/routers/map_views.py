"""The four views of a project's map (customer, decision chains, key members and paths to them,
changes since a review) and the changes since a review as JSON (powermap/services/map_views.py)."""

from typing import Annotated

from fastapi import APIRouter, Query

from powermap.api.deps import GraphDep, SettingsDep
from powermap.models.map_views import MapChanges, MapView, ViewedMap
from powermap.models.types import Day, NodeId
from powermap.services import map_views as view_service
from powermap.services.power_map import Thresholds

router = APIRouter(tags=["questions"])

ViewParam = Annotated[MapView, Query(description="customer, chains (default), key_paths or changes")]
SinceParam = Annotated[Day | None, Query(description="the day of the last review: changes after it count "
                                                     "(required by the changes view)")]
ReportDateParam = Annotated[Day | None, Query(alias="reportDate", description="the day to compare with "
                                                                              "(default: today)")]


@router.get("/projects/{project_id}/map-view", response_model=ViewedMap,
            summary="One view of a project's power map: customer, chains, key_paths or changes")
def map_view(project_id: NodeId, graph: GraphDep, settings: SettingsDep, view: ViewParam = MapView.CHAINS,
             since: SinceParam = None, report_date: ReportDateParam = None) -> ViewedMap:
    return view_service.view_map(graph, project_id=project_id, view=view, since=since, report_date=report_date,
                                 thresholds=Thresholds.from_settings(settings))


@router.get("/projects/{project_id}/changes", response_model=MapChanges,
            summary="What changed on a project's map since a review: new people, stance moves, coverage")
def project_changes(project_id: NodeId, graph: GraphDep, settings: SettingsDep, since: SinceParam = None,
                    report_date: ReportDateParam = None) -> MapChanges:
    return view_service.project_changes(graph, project_id=project_id, since=since, report_date=report_date,
                                        thresholds=Thresholds.from_settings(settings))
