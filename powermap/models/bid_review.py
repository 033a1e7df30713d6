"""The bid review: the influence report a bid review reads before it approves a project."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from powermap.models.influence import InfluencePath
from powermap.models.power_map import PowerMap
from powermap.vocab import ActivityType

RiskKind = Literal[
    "uncovered_key_member",
    "empty_required_seat",
    "unknown_stance_key_member",
    "influential_hostile_member",
    "competitor_aligned_key_member",
    "single_threaded_key_member",
    "stale_key_member",
]
MapStatus = Literal["red", "amber", "green"]


class Risk(BaseModel):
    kind: RiskKind
    stakeholderId: str | None = None
    stakeholderName: str | None = None
    chainId: str | None = None
    role: str | None = None
    reason: str


class Action(BaseModel):
    """What to do about one key member: the best way in, the activity to plan, who should own it."""

    stakeholderId: str
    stakeholderName: str
    why: str
    path: InfluencePath | None
    activityType: ActivityType
    suggestedOwnerId: str | None
    suggestedOwnerName: str | None
    description: str


class Gate(BaseModel):
    passes: bool
    failing: list[str]


class Override(BaseModel):
    at: datetime
    by: str | None
    reason: str
    stage: str


class BidReview(BaseModel):
    projectId: str
    projectName: str
    stage: str
    reportDate: date
    keyMembers: int
    coveredKeyMembers: int
    coverage: float
    supportIndex: float
    mapStatus: MapStatus
    gate: Gate
    risks: list[Risk]
    actions: list[Action]
    overrides: list[Override]
    powerMap: PowerMap


# What the bid review reads besides the map (graph/repositories/power_map.py: `project/review_context`).

class ProjectManager(BaseModel):
    id: str
    name: str
    role: str | None = None


class ReviewedProject(BaseModel):
    id: str
    name: str
    stage: str


class ReviewContext(BaseModel):
    """The project, its manager and its recorded gate overrides."""

    project: ReviewedProject
    manager: ProjectManager | None = None
    overrides: list[Override]
