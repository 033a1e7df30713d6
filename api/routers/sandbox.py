"""The strategic sandbox, a plan's selection, and a plan's overview."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import ValidationError

from powermap.api.deps import ActingDep, GraphDep
from powermap.api.preconditions import tag
from powermap.errors import invalid_from
from powermap.models.sandbox import PlanOverview, Sandbox, Selection, SelectionRequest, Weights
from powermap.models.types import NodeId
from powermap.services import sandbox as sandbox_service
from powermap.vocab import Horizon, OpportunityStatus

router = APIRouter(tags=["sandbox and plans"])


@router.get("/customers/{customer_id}/sandbox", response_model=Sandbox,
            summary="The customer's opportunities ranked by attractiveness")
def sandbox(
    customer_id: NodeId, graph: GraphDep,
    horizon: Horizon | None = None, status: OpportunityStatus | None = None,
    w_market_space: Annotated[float, Query(alias="wMarketSpace", ge=0, le=1)] = 0.40,
    w_growth: Annotated[float, Query(alias="wGrowth", ge=0, le=1)] = 0.20,
    w_profit: Annotated[float, Query(alias="wProfit", ge=0, le=1)] = 0.25,
    w_intensity: Annotated[float, Query(alias="wIntensity", ge=0, le=1)] = 0.15,
) -> Sandbox:
    try:
        weights = Weights(market_space=w_market_space, growth=w_growth, profit=w_profit, intensity=w_intensity)
    except ValidationError as error:
        raise invalid_from(error, prefix="weights") from error
    return sandbox_service.customer_sandbox(
        graph, customer_id=customer_id, weights=weights, horizon=horizon.value if horizon else None,
        status=status.value if status else None)


@router.post("/customers/{customer_id}/plans/{year}/selection", response_model=Selection,
             summary="Choose within the resource budget: TARGETS for the chosen, DECLINES with reasons")
def selection(customer_id: NodeId, year: Annotated[int, Path(ge=2000, le=2100)], body: SelectionRequest,
              graph: GraphDep, principal: ActingDep) -> Selection:
    return sandbox_service.select_for_plan(graph, principal=principal, customer_id=customer_id, year=year,
                                           request=body)


@router.get("/plans/{plan_id}", response_model=PlanOverview,
            summary="A plan with its targets, declines and progress against the order target")
def plan(plan_id: NodeId, graph: GraphDep, response: Response) -> PlanOverview:
    overview = sandbox_service.plan_overview(graph, plan_id=plan_id)
    tag(response, overview.version)  # the plan's own version, as PUT/PATCH /plans/{id} check it
    return overview
