"""Who really decides: network power next to formal power, for a customer or a project."""

from fastapi import APIRouter

from powermap.api.deps import GraphDep, SettingsDep
from powermap.models.network_power import NetworkPower
from powermap.models.types import NodeId
from powermap.services import network_power as network_service

router = APIRouter(tags=["questions"])


@router.get("/customers/{customer_id}/network-power", response_model=NetworkPower,
            summary="Who really decides at a customer: network power, hidden influencers, paper tigers, camps")
def customer_network_power(customer_id: NodeId, graph: GraphDep, settings: SettingsDep) -> NetworkPower:
    return network_service.customer_network_power(
        graph, customer_id=customer_id, rules=network_service.NetworkRules.from_settings(settings))


@router.get("/projects/{project_id}/network-power", response_model=NetworkPower,
            summary="Who really decides on a project: its chain members and everyone who sways them")
def project_network_power(project_id: NodeId, graph: GraphDep, settings: SettingsDep) -> NetworkPower:
    return network_service.project_network_power(
        graph, project_id=project_id, rules=network_service.NetworkRules.from_settings(settings))
