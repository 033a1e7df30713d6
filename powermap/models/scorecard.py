"""Scorecards: process, result and relationship figures for a period, against the period before."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

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
