"""The bid review report (JSON, Markdown, HTML or PDF) and the stage move that the gate guards."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import ConfigDict, Field

from powermap.api.deps import ActingDep, GraphDep, SettingsDep
from powermap.api.routers.map_views import SinceParam, ViewParam
from powermap.models.base import ApiModel
from powermap.models.bid_review import BidReview
from powermap.models.map_views import MapView
from powermap.models.nodes import KIND_BY_PATH
from powermap.models.types import Day, NodeId
from powermap.reports import bid_review_html, bid_review_markdown
from powermap.reports.pdf import html_to_pdf
from powermap.services import bid_review as review_service
from powermap.services import map_views as view_service
from powermap.services import nodes
from powermap.services.power_map import Thresholds
from powermap.vocab import ProjectStage

router = APIRouter(tags=["bid review"])
PROJECTS = KIND_BY_PATH["projects"]


class StageMove(ApiModel):
    model_config = ConfigDict(extra="forbid")

    stage: ProjectStage
    override_reason: str | None = Field(
        default=None, min_length=10, max_length=2000,
        description="Why the project moves to bid although the gate fails (needs X-Powermap-Actor)")


@router.get("/projects/{project_id}/bid-review", response_model=BidReview,
            responses={200: {"content": {"text/markdown": {}, "text/html": {}, "application/pdf": {}}}},
            summary="The influence report a bid review reads before it approves a project")
def bid_review(project_id: NodeId, graph: GraphDep, settings: SettingsDep,
               format: Literal["json", "md", "html", "pdf"] = "json",
               report_date: Annotated[Day | None, Query(alias="reportDate")] = None,
               view: ViewParam = MapView.CHAINS, since: SinceParam = None) -> BidReview | Response:
    review = review_service.bid_review(graph, project_id=project_id, report_date=report_date,
                                       settings=settings)
    viewed = None if view is MapView.CHAINS else view_service.view_map(
        graph, project_id=project_id, view=view, since=since, report_date=report_date,
        thresholds=Thresholds.from_settings(settings))  # the view shapes the HTML and PDF drawing
    if format == "md":
        return PlainTextResponse(bid_review_markdown(review), media_type="text/markdown")
    if format == "html":
        return HTMLResponse(bid_review_html(review, viewed))
    if format == "pdf":
        return Response(html_to_pdf(bid_review_html(review, viewed)), media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="bid-review-{project_id}.pdf"'})
    return review


@router.post("/projects/{project_id}/stage", response_model=PROJECTS.read,
             summary="Move a project to another stage (moving to bid must pass the gate or be overridden)")
def move_stage(project_id: NodeId, body: StageMove, graph: GraphDep, principal: ActingDep) -> dict[str, Any]:
    return nodes.patch_node(graph, principal=principal, kind=PROJECTS, node_id=project_id,
                            changes={"stage": body.stage}, note=body.override_reason)

