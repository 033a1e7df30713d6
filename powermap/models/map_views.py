"""The four views of a project's power map (powermap/services/map_views.py) and the changes since a
past review, as the API, the page and the printed report read them."""

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from powermap.models.base import ApiModel
from powermap.models.influence import InfluencePath
from powermap.models.power_map import PowerMap
from powermap.vocab import Stance


class MapView(StrEnum):
    """What part of the graph a map shows."""

    CUSTOMER = "customer"  # everyone at the project's customer, their reporting tree and lines
    CHAINS = "chains"  # the project's decision chains (the default)
    KEY_PATHS = "key_paths"  # only the key members and the best influence paths to them
    CHANGES = "changes"  # the decision chains, marked with what changed since a date


ChangeKind = Literal["new", "stance_up", "stance_down", "coverage_gained", "coverage_lost"]


class MapChange(ApiModel):
    """One change to one person between `since` and `until`."""

    kind: ChangeKind
    stakeholder_id: str
    name: str
    title: str | None = None
    from_stance: Stance | None = None
    to_stance: Stance | None = None
    covered_by_then: list[str] = Field(default_factory=list)  # the names of ours who covered them then, strongest first
    covered_by_now: list[str] = Field(default_factory=list)
    at: datetime | None = None  # when: first recorded (new), the latest assessment (stance moves)


class MapChanges(ApiModel):
    """What changed on a project's map: each day after `since` up to and including `until`."""

    project_id: str
    since: date
    until: date
    changes: list[MapChange]
    counts: dict[str, int]


class ViewedMap(ApiModel):
    """One view of a project's map: what to draw, and what the view adds (paths or changes)."""

    view: MapView
    project_id: str
    power_map: PowerMap
    paths: list[InfluencePath] = Field(default_factory=list)  # key_paths: the best path to each key member within reach
    changes: MapChanges | None = None  # changes: what the marks on the drawing mean


class FirstRecorded(ApiModel):
    """When a person was first recorded (`map_views/first_recorded`)."""

    id: str
    first_recorded: datetime | None = None
