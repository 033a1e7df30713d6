"""The activity workflow: assign, mark done (with the stance change seen), rate."""

from datetime import datetime

from pydantic import ConfigDict, Field

from powermap.models.base import ApiModel
from powermap.models.types import MAX_IDS, Influence, NodeId, Rating, ShortText, Text, Timestamp
from powermap.vocab import ActivityType, Stance


class Assignment(ApiModel):
    """A project manager asks a team member to do something with the customer's people."""

    model_config = ConfigDict(extra="forbid")

    type: ActivityType
    title: ShortText | None = None
    stakeholder_ids: list[NodeId] = Field(min_length=1, max_length=MAX_IDS)
    owner_id: NodeId
    due_at: Timestamp


class ObservedStance(ApiModel):
    model_config = ConfigDict(extra="forbid")

    stakeholder_id: NodeId
    stance: Stance | None = None
    influence: Influence | None = None
    note: Text | None = None


class Completion(ApiModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Text = Field(min_length=1)
    done_at: Timestamp | None = None
    observed: ObservedStance | None = Field(default=None, description="a stance change seen at the activity")


class RatingRequest(ApiModel):
    model_config = ConfigDict(extra="forbid")

    rating: Rating


class ActivityOwner(ApiModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str | None = None


class OverdueActivity(ApiModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    type: str
    title: str | None = None
    planned_at: datetime
    days_overdue: int
    project_id: str | None = None
    owner: ActivityOwner | None = None


# Rows the repositories read (graph/repositories/activities.py), validated from the Cypher map
# projections. They hold stored values as they are: the bounds above judge what a client sends,
# not what the graph already holds.

class ActivityRow(ApiModel):
    """An activity as the workflow and the scorecards read it (`activity/of_scope`, `activity/context`)."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str | None = None
    title: str | None = None
    status: str | None = None
    planned_at: datetime | None = None
    done_at: datetime | None = None
    rating: int | None = None
    owner: ActivityOwner | None = None
    project_id: str | None = None


class ActivityContext(ApiModel):
    """An activity with the people the workflow rules look at (`activity/context`)."""

    model_config = ConfigDict(frozen=True)

    activity: ActivityRow
    owner_id: str | None = None
    assigner_id: str | None = None
    stakeholder_ids: list[str]
