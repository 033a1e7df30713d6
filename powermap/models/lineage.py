"""Opportunity lineage: where a deal came from and what it became."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from powermap.models.nodes import StageChangeFields
from powermap.vocab import Channel, Horizon, OpportunityStatus, ProjectStage


class PersonRef(BaseModel):
    id: str
    name: str
    title: str | None = None
    role: str | None = None


class LineageActivity(BaseModel):
    id: str
    type: str
    title: str | None = None
    status: str
    plannedAt: datetime
    doneAt: datetime | None = None
    rating: int | None = None
    outcome: str | None = None
    owner: PersonRef | None = None


class LineageInsight(BaseModel):
    id: str
    summary: str
    channel: Channel
    layer: str | None = None
    foundAt: datetime
    raisedBy: list[PersonRef]
    surfacedBy: list[LineageActivity]


class PlanDecision(BaseModel):
    planId: str
    year: int
    decision: Literal["targeted", "declined"]
    reason: str | None = None
    rank: int | None = None
    score: float | None = None


class ContractRef(BaseModel):
    id: str
    name: str | None = None
    value: float
    signedAt: datetime


class LineageProject(BaseModel):
    id: str
    name: str
    stage: ProjectStage
    value: float
    manager: PersonRef | None = None
    stageHistory: list[StageChangeFields]
    activities: list[LineageActivity]
    contracts: list[ContractRef]


class OpportunityRef(BaseModel):
    id: str
    name: str
    horizon: Horizon
    status: OpportunityStatus
    marketSpace: float
    growthRate: float
    profitMargin: float
    competitiveIntensity: int
    resourceCost: float


class Lineage(BaseModel):
    focus: dict[str, str]
    opportunity: OpportunityRef | None
    customer: PersonRef | None
    insights: list[LineageInsight]
    decisions: list[PlanDecision]
    projects: list[LineageProject]


# Rows the lineage reads return (graph/repositories/lineage.py), validated from the Cypher map
# projections into the same models the lineage document is made of.

class LineageUpstream(BaseModel):
    """An opportunity with its customer, insights and plan decisions, and the projects pursuing it."""

    opportunity: OpportunityRef
    customer: PersonRef | None = None
    insights: list[LineageInsight]
    decisions: list[PlanDecision]
    projectIds: list[str]


class LineageFacts(BaseModel):
    """One lineage as read in one transaction: the upstream (none for a project without an
    opportunity) and the projects downstream."""

    upstream: LineageUpstream | None
    projects: list[LineageProject]
