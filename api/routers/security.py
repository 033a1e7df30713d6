"""The audit log and a person's data: export everything held about them, or erase it."""

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import GraphDep, PrincipalDep
from graph import catalog
from graph.driver import single
from graph.model import Label
from graph.records import to_native
from graph.repositories import security as store
from graph.repositories.security import record_audit
from powermap.errors import NotFound
from powermap.models.security import AuditEntry, Role
from powermap.models.types import NodeId
from powermap.services import security

router = APIRouter(tags=["audit and personal data"])


@router.get("/audit", response_model=list[AuditEntry], summary="Who changed this entity, when, from what to what")
def audit(entity: NodeId, graph: GraphDep, principal: PrincipalDep,
          limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Any:
    security.require_role(principal, Role.EDITOR)
    return store.audit_of(graph, entity_id=entity, limit=limit)


@router.get("/stakeholders/{stakeholder_id}/export", summary="Everything held about a person")
def export_person(stakeholder_id: NodeId, graph: GraphDep, principal: PrincipalDep) -> dict[str, Any]:
    found = graph.read(lambda tx: single(tx, catalog.query("security/stakeholder_record"), id=stakeholder_id))
    if found is None:
        raise NotFound(f"no Stakeholder with id {stakeholder_id}", field="id")
    security.hide_notes(graph, principal, [found["person"]])
    return to_native(found)


@router.post("/stakeholders/{stakeholder_id}/erase", summary="Remove a person's personal data (admin)")
def erase_person(stakeholder_id: NodeId, graph: GraphDep, principal: PrincipalDep) -> dict[str, Any]:
    security.require_role(principal, Role.ADMIN)
    pseudonym = "Erased person " + hashlib.sha256(stakeholder_id.encode()).hexdigest()[:8]

    def work(tx):  # type: ignore[no-untyped-def]
        found = single(tx, catalog.query("security/erase_stakeholder"), id=stakeholder_id, pseudonym=pseudonym)
        if found is None:
            raise NotFound(f"no Stakeholder with id {stakeholder_id}", field="id")
        record_audit(tx, who=security.audit_signature(), action="erase", label=Label.STAKEHOLDER.value,
                     entity_id=stakeholder_id, before=None, after={"name": pseudonym})
        return found
    return to_native(graph.write(work))
