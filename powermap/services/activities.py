"""The activity workflow's rules.

A project manager (or any team member) assigns an activity to an owner; only the owner marks it
done, optionally with the stance change they observed (recorded as an assessment by them, in the
same transaction); only the assigner or an admin rates it, once it is done. The acting employee is
the API key's own (or, for keys bound to no employee, `X-Powermap-Actor`); a breach is a 403.
"""

from datetime import UTC, datetime

from graph.driver import Graph
from graph.repositories import activities as activity_reads
from graph.repositories import nodes as node_writes
from powermap.errors import Conflict, InvalidValue
from powermap.models.activities import Assignment, Completion, OverdueActivity
from powermap.models.nodes import KIND_BY_PATH
from powermap.services.security import Forbidden

ACTIVITIES = KIND_BY_PATH["activities"]
STAKEHOLDERS = KIND_BY_PATH["stakeholders"]


def _require_actor(actor: str | None, what: str) -> str:
    if not actor:
        raise InvalidValue(f"{what} needs the acting employee in X-Powermap-Actor", field="X-Powermap-Actor")
    return actor


def assign(graph: Graph, *, project_id: str, assignment: Assignment, actor: str | None) -> dict:
    """Create a planned activity for a project, assigned by the actor to its owner."""
    assigner = _require_actor(actor, "assigning an activity")
    payload = ACTIVITIES.create.model_validate({
        "type": assignment.type, "title": assignment.title, "plannedAt": assignment.dueAt, "status": "planned",
        "projectId": project_id, "stakeholderIds": assignment.stakeholderIds, "ownerId": assignment.ownerId,
        "assignedById": assigner,
    }).model_dump()
    return node_writes.create_node(graph, kind=ACTIVITIES, payload=payload, actor=assigner)


def complete(graph: Graph, *, activity_id: str, completion: Completion, actor: str | None) -> dict:
    """The owner marks the activity done; a stance change they saw becomes an assessment by them."""
    owner = _require_actor(actor, "marking an activity done")
    context = activity_reads.activity_context(graph, activity_id=activity_id)
    if context["ownerId"] != owner:
        raise Forbidden(f"only the owner ({context['ownerId']}) may mark activity {activity_id} done", field="actor")
    if context["activity"]["status"] != "planned":
        raise Conflict(f"activity {activity_id} is {context['activity']['status']}, not planned", field="status")
    changes = [(ACTIVITIES, activity_id, {"status": "done", "outcome": completion.outcome,
                                          "doneAt": completion.doneAt or datetime.now(UTC)})]
    note = None
    if completion.observed:
        observed = completion.observed
        if observed.stakeholderId not in context["stakeholderIds"]:
            raise InvalidValue(f"{observed.stakeholderId} was not at this activity", field="observed.stakeholderId")
        stance_change = observed.model_dump(include={"stance", "influence"}, exclude_none=True)
        if not stance_change:
            raise InvalidValue("an observed change needs a stance or an influence", field="observed")
        changes.append((STAKEHOLDERS, observed.stakeholderId, stance_change))
        note = observed.note or f"seen at activity {activity_id}"
    return node_writes.patch_nodes_together(graph, changes=changes, actor=owner, note=note)[0]


def rate(graph: Graph, *, activity_id: str, rating: int, actor: str | None, admin: bool = False) -> dict:
    """Only the assigner (or an admin) rates a done activity, 1 to 5; anyone else gets a 403."""
    rater = _require_actor(actor, "rating an activity") if not admin else actor
    context = activity_reads.activity_context(graph, activity_id=activity_id)
    if context["assignerId"] != rater and not admin:
        raise Forbidden(f"only the assigner ({context['assignerId']}) or an admin may rate activity {activity_id}",
                        field="actor")
    if context["activity"]["status"] != "done":
        raise Conflict(f"activity {activity_id} is not done yet", field="status")
    return node_writes.patch_node(graph, kind=ACTIVITIES, node_id=activity_id, changes={"rating": rating},
                                  actor=rater)


def overdue_activities(graph: Graph, *, scope_kind: str, scope_id: str,
                       as_of: datetime | None = None) -> list[OverdueActivity]:
    """Planned activities past their date."""
    as_of = as_of or datetime.now(UTC)
    return [
        OverdueActivity(**row, daysOverdue=(as_of - row["plannedAt"]).days)
        for row in activity_reads.scope_activities(graph, scope_kind=scope_kind, scope_id=scope_id)
        if row["status"] == "planned" and row["plannedAt"] < as_of
    ]
