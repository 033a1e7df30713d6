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
