"""The activity workflow's rules.

A project manager (or any team member) assigns an activity to an owner; only the owner marks it
done, optionally with the stance change they observed (recorded as an assessment by them, in the
same transaction); only the assigner or an admin rates it, once it is done. Who may do each is the
access policy's rule (`powermap.services.policy`), applied to these writes exactly as to a generic
`PATCH /activities/{id}`, so neither route can do what the other refuses. The acting employee is
the API key's own (admins may act as another through `X-Powermap-Actor`).
"""

from datetime import UTC, datetime
from typing import Any

from powermap.errors import Conflict, InvalidValue
from powermap.graph.driver import Graph
from powermap.graph.repositories import activities as activity_reads
from powermap.models.activities import Assignment, Completion, OverdueActivity
from powermap.models.nodes import KIND_BY_PATH
from powermap.models.security import Principal
from powermap.services import nodes
from powermap.vocab import ActivityStatus

ACTIVITIES = KIND_BY_PATH["activities"]
STAKEHOLDERS = KIND_BY_PATH["stakeholders"]


def assign(graph: Graph, *, principal: Principal, project_id: str, assignment: Assignment) -> dict[str, Any]:
    """Create a planned activity for a project, assigned by the acting employee to its owner."""
    payload = ACTIVITIES.create.model_validate({
        "type": assignment.type, "title": assignment.title, "plannedAt": assignment.due_at,
        "status": ActivityStatus.PLANNED,
        "projectId": project_id, "stakeholderIds": assignment.stakeholder_ids, "ownerId": assignment.owner_id,
        "assignedById": principal.acting_employee_id,
    }).model_dump()
    return nodes.create_node(graph, principal=principal, kind=ACTIVITIES, payload=payload)


def complete(graph: Graph, *, principal: Principal, activity_id: str, completion: Completion) -> dict[str, Any]:
    """The owner marks the activity done; a stance change they saw becomes an assessment by them."""
    context = activity_reads.activity_context(graph, activity_id=activity_id)
    if context.activity.status != ActivityStatus.PLANNED:
        raise Conflict(f"activity {activity_id} is {context.activity.status}, not planned", field="status")
    changes = [(ACTIVITIES, activity_id, {"status": ActivityStatus.DONE, "outcome": completion.outcome,
                                          "doneAt": completion.done_at or datetime.now(UTC)})]
    note = None
    if completion.observed:
        observed = completion.observed
        if observed.stakeholder_id not in context.stakeholder_ids:
            raise InvalidValue(f"{observed.stakeholder_id} was not at this activity", field="observed.stakeholderId")
        stance_change = observed.model_dump(include={"stance", "influence"}, exclude_none=True)
        if not stance_change:
            raise InvalidValue("an observed change needs a stance or an influence", field="observed")
        changes.append((STAKEHOLDERS, observed.stakeholder_id, stance_change))
        note = observed.note or f"seen at activity {activity_id}"
    return nodes.patch_nodes_together(graph, principal=principal, changes=changes, note=note)[0]


def rate(graph: Graph, *, principal: Principal, activity_id: str, rating: int) -> dict[str, Any]:
    """The assigner (or an admin) rates a done activity, 1 to 5; the policy refuses anyone else."""
    context = activity_reads.activity_context(graph, activity_id=activity_id)
    if context.activity.status != ActivityStatus.DONE:
        raise Conflict(f"activity {activity_id} is not done yet", field="status")
    return nodes.patch_node(graph, principal=principal, kind=ACTIVITIES, node_id=activity_id,
                            changes={"rating": rating})


def overdue_activities(graph: Graph, *, scope_kind: str, scope_id: str,
                       as_of: datetime | None = None) -> list[OverdueActivity]:
    """Planned activities past their date."""
    as_of = as_of or datetime.now(UTC)
    return [
        OverdueActivity.model_validate({**row.model_dump(), "daysOverdue": (as_of - row.planned_at).days})
        for row in activity_reads.scope_activities(graph, scope_kind=scope_kind, scope_id=scope_id)
        if row.status == ActivityStatus.PLANNED and row.planned_at is not None and row.planned_at < as_of
    ]
