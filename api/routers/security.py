"""The audit log and a person's data: export everything held about them, or erase it."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from powermap.api.deps import ActingDep, GraphDep, PrincipalDep
from powermap.models.security import AuditEntry
from powermap.models.types import NodeId
from powermap.services import privacy

router = APIRouter(tags=["audit and personal data"])


@router.get("/audit", response_model=list[AuditEntry], summary="Who changed this entity, when, from what to what")
def audit(entity: NodeId, graph: GraphDep, principal: PrincipalDep,
          limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Any:
    return privacy.audit_entries(graph, principal=principal, entity_id=entity, limit=limit)


@router.get("/stakeholders/{stakeholder_id}/export", summary="Everything held about a person")
def export_person(stakeholder_id: NodeId, graph: GraphDep, principal: PrincipalDep) -> dict[str, Any]:
    return privacy.export_person(graph, principal=principal, stakeholder_id=stakeholder_id)


@router.post("/stakeholders/{stakeholder_id}/erase", summary="Remove a person's personal data (admin)")
def erase_person(stakeholder_id: NodeId, graph: GraphDep, principal: ActingDep) -> dict[str, Any]:
    return privacy.erase_person(graph, principal=principal, stakeholder_id=stakeholder_id)
