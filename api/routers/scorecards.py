"""Scorecards per team, employee, project or customer, and their trend charts."""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from powermap.api.deps import GraphDep, SettingsDep
from powermap.errors import InvalidValue
from powermap.models.scorecard import ScopeKind, Scorecard
from powermap.models.types import NodeId, Timestamp
from powermap.reports.trend import trend_svg
from powermap.services import scorecards
from powermap.services.power_map import Thresholds

router = APIRouter(prefix="/scorecards", tags=["scorecards"])
Metric = Literal["planned", "done", "doneOnTime", "averageRating", "orderIntake", "winRate", "targetAttainment",
                 "keyMemberCoverage", "averageKeyMemberStance", "stanceChangesUp", "stanceChangesDown"]


def _period(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    end = end or datetime.now(UTC)
    start = start or datetime(end.year, 1, 1, tzinfo=UTC)
    if start >= end:
        raise InvalidValue("from must be before to", field="from")
    return start, end


@router.get("/{scope}/{scope_id}", response_model=Scorecard,
            summary="Process, result and relationship figures for a period, with the period before")
def scorecard(scope: ScopeKind, scope_id: NodeId, graph: GraphDep, settings: SettingsDep,
              start: Annotated[Timestamp | None, Query(alias="from")] = None,
              end: Annotated[Timestamp | None, Query(alias="to")] = None) -> Scorecard:
    start, end = _period(start, end)
    return scorecards.scorecard(graph, scope=scope, scope_id=scope_id, start=start, end=end,
                                thresholds=Thresholds.from_settings(settings))


@router.get("/{scope}/{scope_id}/trend.svg", response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}}},
            summary="One figure over the last periods, as an SVG chart for reports")
def scorecard_trend(scope: ScopeKind, scope_id: NodeId, graph: GraphDep, settings: SettingsDep,
                    metric: Metric = "done", periods: Annotated[int, Query(ge=2, le=12)] = 4,
                    period_days: Annotated[int, Query(alias="periodDays", ge=7, le=366)] = 365,
                    end: Annotated[Timestamp | None, Query(alias="to")] = None) -> Response:
    points = scorecards.trend(graph, scope=scope, scope_id=scope_id, end=end or datetime.now(UTC),
                              length=timedelta(days=period_days), periods=periods, metric=metric,
                              thresholds=Thresholds.from_settings(settings))
    return Response(trend_svg(f"{metric} of {scope} {scope_id}", points), media_type="image/svg+xml")
