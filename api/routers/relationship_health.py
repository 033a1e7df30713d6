"""Relationship health of a customer: organisational, key-person and broad."""

from typing import Annotated

from fastapi import APIRouter, Query

from powermap.api.deps import GraphDep, SettingsDep
from powermap.models.health import RelationshipHealth
from powermap.models.types import Day, NodeId
from powermap.services.health import relationship_health
from powermap.services.power_map import Thresholds

router = APIRouter(tags=["relationship health"])


@router.get("/customers/{customer_id}/relationship-health", response_model=RelationshipHealth,
            summary="Organisational, key-person and broad relationship health, now and a year ago")
def customer_relationship_health(customer_id: NodeId, graph: GraphDep, settings: SettingsDep,
                                 report_date: Annotated[Day | None, Query(alias="reportDate")] = None
                                 ) -> RelationshipHealth:
    return relationship_health(graph, customer_id=customer_id, report_date=report_date,
                               thresholds=Thresholds.from_settings(settings))
