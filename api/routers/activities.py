"""The activity workflow: assign, done, rate, overdue."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from powermap.api.deps import ActingDep, GraphDep
from powermap.models.activities import Assignment, Completion, OverdueActivity, RatingRequest
from powermap.models.nodes import KIND_BY_PATH
from powermap.models.types import NodeId, Timestamp
from powermap.services import activities as workflow

router = APIRouter(tags=["activity workflow"])
ActivityRead = KIND_BY_PATH["activities"].read


@router.post("/projects/{project_id}/activities", response_model=ActivityRead, status_code=201,
             summary="Assign an activity (type, stakeholders, due date) to an owner")
def assign(project_id: NodeId, body: Assignment, graph: GraphDep, principal: ActingDep) -> Any:
    return workflow.assign(graph, principal=principal, project_id=project_id, assignment=body)


@router.post("/activities/{activity_id}/done", response_model=ActivityRead,
             summary="The owner marks it done, with the outcome and any stance change seen")
def done(activity_id: NodeId, body: Completion, graph: GraphDep, principal: ActingDep) -> Any:
    return workflow.complete(graph, principal=principal, activity_id=activity_id, completion=body)


@router.post("/activities/{activity_id}/rating", response_model=ActivityRead,
             summary="The assigner rates a done activity 1 to 5")
def rating(activity_id: NodeId, body: RatingRequest, graph: GraphDep, principal: ActingDep) -> Any:
    return workflow.rate(graph, principal=principal, activity_id=activity_id, rating=body.rating)


@router.get("/{scope}/{scope_id}/overdue-activities", response_model=list[OverdueActivity],
            summary="Planned activities past their date, per project, team or owner")
def overdue(scope: Literal["projects", "teams", "employees"], scope_id: NodeId, graph: GraphDep,
            as_of: Annotated[Timestamp | None, Query(alias="asOf")] = None) -> list[OverdueActivity]:
    kind = {"projects": "project", "teams": "team", "employees": "employee"}[scope]
    return workflow.overdue_activities(graph, scope_kind=kind, scope_id=scope_id, as_of=as_of)
