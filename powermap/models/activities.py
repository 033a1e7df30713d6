"""The activity workflow: assign, mark done (with the stance change seen), rate."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from powermap.models.types import MAX_IDS, Influence, NodeId, Rating, ShortText, Text, Timestamp
from powermap.vocab import ActivityType, Stance


class Assignment(BaseModel):
    """A project manager asks a team member to do something with the customer's people."""

    model_config = ConfigDict(extra="forbid")

    type: ActivityType
    title: ShortText | None = None
    stakeholderIds: list[NodeId] = Field(min_length=1, max_length=MAX_IDS)
    ownerId: NodeId
    dueAt: Timestamp


class ObservedStance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stakeholderId: NodeId
    stance: Stance | None = None
    influence: Influence | None = None
    note: Text | None = None


class Completion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Text = Field(min_length=1)
    doneAt: Timestamp | None = None
    observed: ObservedStance | None = Field(default=None, description="a stance change seen at the activity")


class RatingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Rating


class ActivityOwner(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str | None = None


class OverdueActivity(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    type: str
    title: str | None = None
    plannedAt: datetime
    daysOverdue: int
    projectId: str | None = None
    owner: ActivityOwner | None = None


# Rows the repositories read (graph/repositories/activities.py), validated from the Cypher map
# projections. They hold stored values as they are: the bounds above judge what a client sends,
# not what the graph already holds.

class ActivityRow(BaseModel):
    """An activity as the workflow and the scorecards read it (`activity/of_scope`, `activity/context`)."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str | None = None
    title: str | None = None
    status: str | None = None
    plannedAt: datetime | None = None
    doneAt: datetime | None = None
    rating: int | None = None
    owner: ActivityOwner | None = None
    projectId: str | None = None


class ActivityContext(BaseModel):
    """An activity with the people the workflow rules look at (`activity/context`)."""

    model_config = ConfigDict(frozen=True)

    activity: ActivityRow
    ownerId: str | None = None
    assignerId: str | None = None
    stakeholderIds: list[str]
