"""Opportunity lineage: where a deal came from and what it became."""

from datetime import datetime
from typing import Literal

from powermap.models.base import ApiModel
from powermap.models.nodes import StageChangeFields
from powermap.vocab import Channel, Horizon, OpportunityStatus, ProjectStage


class PersonRef(ApiModel):
    id: str
    name: str
    title: str | None = None
    role: str | None = None


class LineageActivity(ApiModel):
    id: str
    type: str
    title: str | None = None
    status: str
    planned_at: datetime
    done_at: datetime | None = None
    rating: int | None = None
    outcome: str | None = None
    owner: PersonRef | None = None


class LineageInsight(ApiModel):
    id: str
    summary: str
    channel: Channel
    layer: str | None = None
    found_at: datetime
    raised_by: list[PersonRef]
    surfaced_by: list[LineageActivity]


class PlanDecision(ApiModel):
    plan_id: str
    year: int
    decision: Literal["targeted", "declined"]
    reason: str | None = None
    rank: int | None = None
    score: float | None = None


class ContractRef(ApiModel):
    id: str
    name: str | None = None
    value: float
    signed_at: datetime


class LineageProject(ApiModel):
    id: str
    name: str
    stage: ProjectStage
    value: float
    manager: PersonRef | None = None
    stage_history: list[StageChangeFields]
    activities: list[LineageActivity]
    contracts: list[ContractRef]


class OpportunityRef(ApiModel):
    id: str
    name: str
    horizon: Horizon
    status: OpportunityStatus
    market_space: float
    growth_rate: float
    profit_margin: float
    competitive_intensity: int
    resource_cost: float


class Lineage(ApiModel):
    focus: dict[str, str]
    opportunity: OpportunityRef | None
    customer: PersonRef | None
    insights: list[LineageInsight]
    decisions: list[PlanDecision]
    projects: list[LineageProject]


# Rows the lineage reads return (graph/repositories/lineage.py), validated from the Cypher map
# projections into the same models the lineage document is made of.

class LineageUpstream(ApiModel):
    """An opportunity with its customer, insights and plan decisions, and the projects pursuing it."""

    opportunity: OpportunityRef
    customer: PersonRef | None = None
    insights: list[LineageInsight]
    decisions: list[PlanDecision]
    project_ids: list[str]


class LineageFacts(ApiModel):
    """One lineage as read in one transaction: the upstream (none for a project without an
    opportunity) and the projects downstream."""

    upstream: LineageUpstream | None
    projects: list[LineageProject]
