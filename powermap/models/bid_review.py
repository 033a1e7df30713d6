"""The bid review: the influence report a bid review reads before it approves a project."""

from datetime import date, datetime
from typing import Literal

from powermap.models.base import ApiModel
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
    # From network power (powermap/services/network_power.py): who really decides.
    "uncovered_hidden_influencer",
    "decision_maker_camp_leans_to_competitor",
]
MapStatus = Literal["red", "amber", "green"]


class Risk(ApiModel):
    kind: RiskKind
    stakeholder_id: str | None = None
    stakeholder_name: str | None = None
    chain_id: str | None = None
    role: str | None = None
    reason: str


class Action(ApiModel):
    """What to do about one key member: the best way in, the activity to plan, who should own it."""

    stakeholder_id: str
    stakeholder_name: str
    why: str
    path: InfluencePath | None
    activity_type: ActivityType
    suggested_owner_id: str | None
    suggested_owner_name: str | None
    description: str


class Gate(ApiModel):
    passes: bool
    failing: list[str]


class Override(ApiModel):
    at: datetime
    by: str | None
    reason: str
    stage: str


class BidReview(ApiModel):
    project_id: str
    project_name: str
    stage: str
    report_date: date
    key_members: int
    covered_key_members: int
    coverage: float
    support_index: float
    map_status: MapStatus
    gate: Gate
    risks: list[Risk]
    actions: list[Action]
    overrides: list[Override]
    power_map: PowerMap


# What the bid review reads besides the map (graph/repositories/power_map.py: `project/review_context`).

class ProjectManager(ApiModel):
    id: str
    name: str
    role: str | None = None


class ReviewedProject(ApiModel):
    id: str
    name: str
    stage: str


class ReviewContext(ApiModel):
    """The project, its manager and its recorded gate overrides."""

    project: ReviewedProject
    manager: ProjectManager | None = None
    overrides: list[Override]
