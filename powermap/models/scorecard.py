"""Scorecards: process, result and relationship figures for a period, against the period before."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

ScopeKind = Literal["team", "employee", "project", "customer"]
FigureGroup = Literal["process", "result", "relationship", "competitor"]


class Figure(BaseModel):
    group: FigureGroup
    name: str
    value: float | None
    previous: float | None
    change: float | None


class CompetitorComparison(BaseModel):
    strongestCompetitor: str | None
    alignedShare: float
    supportingShare: float
    previousStrongestCompetitor: str | None
    previousAlignedShare: float
    previousSupportingShare: float


class Scorecard(BaseModel):
    scope: ScopeKind
    id: str
    start: datetime
    end: datetime
    previousStart: datetime
    previousEnd: datetime
    figures: list[Figure]
    competitor: CompetitorComparison


# Rows the scope reads return (graph/repositories/activities.py: `scorecard/scope` and
# `scorecard/results`), validated from the Cypher map projections.

class StageMove(BaseModel):
    model_config = ConfigDict(frozen=True)

    stage: str
    at: datetime


class SignedContract(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: float
    signedAt: datetime | None = None


class ProjectResults(BaseModel):
    """A project's stage moves and contracts; its creation dates a project without stage history."""

    model_config = ConfigDict(frozen=True)

    id: str
    stage: str
    createdAt: datetime | None = None
    moves: list[StageMove] = []
    contracts: list[SignedContract] = []


class PlanTarget(BaseModel):
    model_config = ConfigDict(frozen=True)

    year: int
    orderTarget: float
    customerId: str


class ScopeResults(BaseModel):
    """What a scope reaches (its projects and customers) and the results recorded there."""

    model_config = ConfigDict(frozen=True)

    projectIds: list[str] = []
    customerIds: list[str] = []
    projects: list[ProjectResults] = []
    plans: list[PlanTarget] = []
