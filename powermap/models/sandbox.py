"""The strategic sandbox: ranked opportunities, a plan's selection, and a plan's overview."""

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from powermap.models.base import ApiModel
from powermap.models.nodes import KIND_BY_PATH
from powermap.models.types import Finite, Money, ShortText


class Weights(ApiModel):
    """Ranking weights; DOMAIN.md's defaults. They must sum to 1."""

    model_config = ConfigDict(extra="forbid")

    market_space: Finite = Field(default=0.40, ge=0, le=1)
    growth: Finite = Field(default=0.20, ge=0, le=1)
    profit: Finite = Field(default=0.25, ge=0, le=1)
    intensity: Finite = Field(default=0.15, ge=0, le=1, description="applied to inverted intensity")

    @model_validator(mode="after")
    def _sum_to_one(self) -> "Weights":
        total = self.market_space + self.growth + self.profit + self.intensity
        if abs(total - 1) > 1e-9:
            raise ValueError(f"weights must sum to 1 (they sum to {total:g})")
        return self


# Rows the sandbox reads return (graph/repositories/sandbox.py), validated from the Cypher map
# projections. They hold stored values as they are: the bounds of the write models judge what a
# client sends, not what the graph already holds.

class SandboxCustomer(ApiModel):
    id: str
    name: str


class OpportunityFactors(ApiModel):
    """An opportunity with the four ranking factors and its resource cost (`sandbox/opportunities`)."""

    id: str
    name: str
    horizon: str
    status: str
    market_space: float
    growth_rate: float
    profit_margin: float
    competitive_intensity: int
    resource_cost: float


class CustomerOpportunities(ApiModel):
    customer: SandboxCustomer
    opportunities: list[OpportunityFactors]


class PlanBudget(ApiModel):
    """The plan a selection is recorded on (`sandbox/plan_of_year`)."""

    id: str
    year: int
    budget: float
    order_target: float


class RankedOpportunity(ApiModel):
    rank: int
    id: str
    name: str
    horizon: str
    status: str
    resource_cost: float
    factors: dict[str, float]
    normalised: dict[str, float]
    score: float


class Sandbox(ApiModel):
    customer_id: str
    customer_name: str
    weights: Weights
    opportunities: list[RankedOpportunity]


class SelectionRequest(ApiModel):
    model_config = ConfigDict(extra="forbid")

    budget: Money | None = Field(default=None, description="resource budget (default: the plan's)")
    min_score: Finite = Field(default=0.0, ge=0, le=1, description="below this score an opportunity is "
                                                                 "declined as below the cut")
    weights: Weights = Field(default_factory=Weights)
    horizon: ShortText | None = None


class Decision(ApiModel):
    opportunity_id: str
    name: str | None = None
    decision: str
    rank: int | None = None
    score: float | None = None
    reason: str | None = None
    resource_cost: float | None = None


class PlanStanding(ApiModel):
    """A plan's stored properties (passed on whole to its read model), its decisions and its order
    intake (`sandbox/plan_overview`)."""

    plan: dict[str, Any]
    customer_id: str | None = None
    decisions: list[Decision]
    order_intake: float
    contracts: int


class Selection(ApiModel):
    plan_id: str
    budget: float
    used: float
    targets: list[Decision]
    declines: list[Decision]


if TYPE_CHECKING:  # the plan's read model is made at run time, which a type checker cannot follow
    PlanRead = BaseModel
else:
    PlanRead = KIND_BY_PATH["plans"].read


class PlanOverview(PlanRead):
    """The plan as stored, plus its decisions and its progress."""

    version: str  # the plan's read model has it; named here for the type checker, which cannot see that model
    targets: list[Decision]
    declines: list[Decision]
    order_intake: float
    contracts: int
    progress: float = Field(description="order intake / order target")
