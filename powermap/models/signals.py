"""Relationship signals: ties with both strengths, and the alerts (powermap/services/signals.py)."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from powermap.models.base import ApiModel
from powermap.models.influence import InfluencePath
from powermap.vocab import DecisionRole, Stance

AlertKind = Literal["silent", "stance_down", "new_boss", "champion_left", "tie_weakening", "bid_gap_near_close"]
AlertScope = Literal["project", "customer"]

# What the graph holds (graph/repositories/signals.py).


class StoredInteraction(ApiModel):
    id: str
    kind: Literal["meeting", "thread"]
    at: datetime
    participant_count: int | None = None
    messages: str | None = None  # a thread's messages, JSON (graph/repositories/capture.py)
    employees: list[str]
    stakeholders: list[str]


class StatedTie(ApiModel):
    stakeholder_id: str
    employee_id: str
    employee_name: str
    strength: float
    stated_at: datetime | None = None
    last_contact: date | datetime | None = None


class ChainMember(ApiModel):
    id: str
    role: DecisionRole | None = None


class ChainSeats(ApiModel):
    id: str
    required_roles: list[DecisionRole] = Field(default_factory=list)
    members: list[ChainMember] = Field(default_factory=list)


class ScopeProject(ApiModel):
    id: str
    name: str
    stage: str
    close_date: date | datetime | None = None
    chains: list[ChainSeats] = Field(default_factory=list)


class DatedStance(ApiModel):
    at: datetime
    stance: Stance | None = None


class ReportingLine(ApiModel):
    id: str
    name: str | None = None
    since: date | datetime | None = None
    until: date | datetime | None = None


class PersonFacts(ApiModel):
    id: str
    name: str
    stance: Stance | None = None
    left_at: date | datetime | None = None
    assessments: list[DatedStance] = Field(default_factory=list)
    bosses: list[ReportingLine] = Field(default_factory=list)
    activities_done: list[datetime] = Field(default_factory=list)


# What the service answers.


class TieSignal(ApiModel):
    """One employee-stakeholder tie: the stated strength, the computed one, and the one the questions use."""

    employee_id: str
    stakeholder_id: str
    stated_strength: float | None
    stated_at: datetime | None
    computed_strength: float | None
    raw: float
    effective_strength: float | None
    basis: Literal["stated", "computed", "none"]
    last_interaction: datetime | None
    last_contact: datetime | None
    meetings: int
    two_way_threads: int
    one_way_threads: int
    why: str


class Alert(ApiModel):
    kind: AlertKind
    project_id: str | None = None
    stakeholder_id: str | None = None
    stakeholder_name: str | None = None
    at: date | None = Field(default=None, description="the day the alert is about (when it happened)")
    reason: str
    people: list[str] = Field(default_factory=list, description="the ids of everyone involved")
    action: str
    details: dict[str, Any] = Field(default_factory=dict)


class Alerts(ApiModel):
    scope: AlertScope
    scope_id: str
    report_date: date
    window_start: date
    alerts: list[Alert]


# The watch list (powermap/services/watch_list.py).


class Involved(ApiModel):
    id: str
    name: str


class WatchAlert(Alert):
    """An alert on a watch list: the day it was triggered, the person it asks us to reach, and the
    best influence path to them (none when nobody of ours reaches them within the path limits)."""

    customer_id: str
    involved: list[Involved] = Field(default_factory=list, description="`people` with their names")
    triggered_on: date = Field(description="the day the triggering event happened (what `since` filters on)")
    concerned_id: str | None = Field(default=None, description="the person the suggested action is about")
    concerned_name: str | None = None
    path: InfluencePath | None = None


class WatchList(ApiModel):
    team_id: str | None = None
    employee_id: str | None = None
    project_id: str | None = None
    since: date | None = None
    report_date: date
    window_start: date
    customer_ids: list[str]
    alerts: list[WatchAlert]
