"""Relationship signals over HTTP: the alerts of a project or customer, the watch list of a team,
employee or project (with a weekly digest as Markdown or HTML), and a person's ties."""

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, PlainTextResponse

from powermap.api.deps import GraphDep, SettingsDep
from powermap.models.signals import Alerts, TieSignal, WatchList
from powermap.models.types import Day, NodeId
from powermap.reports.digest import digest_html, digest_markdown
from powermap.services import signals, watch_list
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


TeamFilter = Annotated[NodeId | None, Query(description="a team: the customers it covers")]
EmployeeFilter = Annotated[NodeId | None, Query(description="an employee: the projects they manage, "
                                                            "and the alerts that name them")]
ProjectFilter = Annotated[NodeId | None, Query(description="one project")]
Since = Annotated[Day | None, Query(description="only alerts triggered on or after this day")]


@router.get("/alerts", response_model=WatchList,
            summary="The alert watch list of a team, employee or project (all customers without a filter)")
def alert_watch_list(graph: GraphDep, settings: SettingsDep, team: TeamFilter = None, employee: EmployeeFilter = None,
                     project: ProjectFilter = None, since: Since = None, report_date: ReportDate = None) -> WatchList:
    return watch_list.watch_list(graph, report_date=report_date or _today(), settings=settings, team_id=team,
                                 employee_id=employee, project_id=project, since=since)


@router.get("/alerts/digest", response_class=PlainTextResponse, response_model=None,
            responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
            summary="The weekly alert digest as Markdown or HTML (since defaults to 7 days before the report date)")
def alert_digest(graph: GraphDep, settings: SettingsDep, team: TeamFilter = None, employee: EmployeeFilter = None,
                 project: ProjectFilter = None, since: Since = None, report_date: ReportDate = None,
                 format: Annotated[Literal["markdown", "html"], Query()] = "markdown",
                 ) -> PlainTextResponse | HTMLResponse:
    day = report_date or _today()
    found = watch_list.watch_list(graph, report_date=day, settings=settings, team_id=team, employee_id=employee,
                                  project_id=project, since=since or watch_list.digest_since(day))
    if format == "html":
        return HTMLResponse(digest_html(found))
    return PlainTextResponse(digest_markdown(found), media_type="text/markdown")
