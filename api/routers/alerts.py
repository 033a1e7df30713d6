"""Relationship signals over HTTP: the alerts of a project or customer, and a person's ties."""

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from powermap.api.deps import GraphDep, SettingsDep
from powermap.models.signals import Alerts, TieSignal
from powermap.models.types import Day, NodeId
from powermap.services import signals
from powermap.services.tie_strength import StrengthParameters

router = APIRouter(tags=["relationship signals"])
ReportDate = Annotated[Day | None, Query(alias="reportDate", description="judge at this day (default: today)")]


def _today() -> date:
    return datetime.now(UTC).date()


@router.get("/projects/{project_id}/alerts", response_model=Alerts,
            summary="Alerts of a project: silent, stance down, new boss, champion left, tie weakening, bid gap")
def project_alerts(project_id: NodeId, graph: GraphDep, settings: SettingsDep,
                   report_date: ReportDate = None) -> Alerts:
    return signals.alerts(graph, scope="project", scope_id=project_id, report_date=report_date or _today(),
                          settings=settings)


@router.get("/customers/{customer_id}/alerts", response_model=Alerts,
            summary="Alerts of every project and person of a customer")
def customer_alerts(customer_id: NodeId, graph: GraphDep, settings: SettingsDep,
                    report_date: ReportDate = None) -> Alerts:
    return signals.alerts(graph, scope="customer", scope_id=customer_id, report_date=report_date or _today(),
                          settings=settings)


@router.get("/stakeholders/{stakeholder_id}/ties", response_model=list[TieSignal],
            summary="A person's ties: stated, computed from interactions, and the one the questions use")
def stakeholder_ties(stakeholder_id: NodeId, graph: GraphDep, settings: SettingsDep,
                     at: Annotated[Day | None, Query(description="as of this day (default: today)")] = None,
                     ) -> list[TieSignal]:
    return signals.tie_signals(graph, stakeholder_ids=[stakeholder_id], at=at or _today(),
                               parameters=StrengthParameters.from_settings(settings))
