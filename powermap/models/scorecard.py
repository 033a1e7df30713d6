"""Scorecards: process, result and relationship figures for a period, against the period before."""

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from powermap.models.base import ApiModel

ScopeKind = Literal["team", "employee", "project", "customer"]
FigureGroup = Literal["process", "result", "relationship", "competitor"]


class Figure(ApiModel):
    group: FigureGroup
    name: str
    value: float | None
    previous: float | None
    change: float | None


class CompetitorComparison(ApiModel):
    strongest_competitor: str | None
    aligned_share: float
    supporting_share: float
    previous_strongest_competitor: str | None
    previous_aligned_share: float
    previous_supporting_share: float


class Scorecard(ApiModel):
    scope: ScopeKind
    id: str
    start: datetime
    end: datetime
    previous_start: datetime
    previous_end: datetime
    figures: list[Figure]
    competitor: CompetitorComparison


# Rows the scope reads return (graph/repositories/activities.py: `scorecard/scope` and
# `scorecard/results`), validated from the Cypher map projections.

class StageMove(ApiModel):
    model_config = ConfigDict(frozen=True)

    stage: str
    at: datetime


class SignedContract(ApiModel):
    model_config = ConfigDict(frozen=True)

    value: float
    signed_at: datetime | None = None


class ProjectResults(ApiModel):
    """A project's stage moves and contracts; its creation dates a project without stage history."""

    model_config = ConfigDict(frozen=True)

    id: str
    stage: str
    created_at: datetime | None = None
    moves: list[StageMove] = Field(default_factory=list)
    contracts: list[SignedContract] = Field(default_factory=list)


class PlanTarget(ApiModel):
    model_config = ConfigDict(frozen=True)

    year: int
    order_target: float
    customer_id: str


class ScopeResults(ApiModel):
    """What a scope reaches (its projects and customers) and the results recorded there."""

    model_config = ConfigDict(frozen=True)

    project_ids: list[str] = Field(default_factory=list)
    customer_ids: list[str] = Field(default_factory=list)
    projects: list[ProjectResults] = Field(default_factory=list)
    plans: list[PlanTarget] = Field(default_factory=list)
