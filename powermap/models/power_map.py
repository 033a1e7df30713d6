"""The power map: people on a decision, where they stand, who of ours reaches them; shaped for
drawing (nodes and typed edges) with a table (one row per stakeholder) beside it."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from powermap.vocab import ChainKind, DecisionRole, Stance

MapScope = Literal["project", "customer"]
StanceDirection = Literal["up", "down", "same", "unknown"]


class OrgUnitRef(BaseModel):
    id: str
    name: str
    kind: str


class KnownByRow(BaseModel):
    """One of ours who knows the person: the strength (then, for a past map) and the plan's target."""

    employeeId: str
    name: str
    role: str
    strength: float
    targetStrength: float | None = None
    lastContact: date | None = None


class Coverer(KnownByRow):
    """One of our people who knows the stakeholder, judged: does the tie cover them."""

    covers: bool


class Alignment(BaseModel):
    competitorId: str
    name: str
    strength: float


class ChainRole(BaseModel):
    chainId: str
    chainKind: ChainKind
    role: DecisionRole
    step: int | None = None
    projectId: str


class MapStakeholder(BaseModel):
    id: str
    name: str
    title: str | None = None
    level: str | None = None
    orgUnit: OrgUnitRef | None = None
    influence: int
    stance: Stance | None
    stanceScore: int | None
    assessedAt: datetime | None = None
    roles: list[ChainRole]
    isKeyMember: bool
    covered: bool
    coveredBy: list[Coverer]
    singleThreaded: bool
    stale: bool
    lastContact: date | None = None
    lastActivityAt: datetime | None = None
    competitorAlignment: list[Alignment]
    competitorAligned: bool


class Chain(BaseModel):
    id: str
    kind: ChainKind
    requiredRoles: list[DecisionRole]
    emptySeats: list[DecisionRole]


class MapNode(BaseModel):
    id: str
    kind: Literal["Stakeholder", "Employee", "Competitor"]
    name: str
    title: str | None = None
    stance: Stance | None = None
    influence: int | None = None
    covered: bool | None = None
    isKeyMember: bool | None = None
    orgUnitId: str | None = None
    role: str | None = None


class MapEdge(BaseModel):
    type: Literal["REPORTS_TO", "INFLUENCES", "CONFLICTS_WITH", "KNOWS", "ALIGNED_WITH"]
    source: str
    target: str
    strength: float | None = None
    kind: str | None = None


class PowerMapSummary(BaseModel):
    stakeholders: int
    keyMembers: int
    covered: int
    singleThreaded: int
    stale: int
    competitorAligned: int
    unknownStance: int
    byStance: dict[str, int]


class Scope(BaseModel):
    kind: MapScope
    id: str
    name: str
    customerId: str | None = None


class PowerMap(BaseModel):
    scope: Scope
    asOf: datetime | None
    reportDate: date
    chains: list[Chain]
    stakeholders: list[MapStakeholder]
    nodes: list[MapNode]
    edges: list[MapEdge]
    summary: PowerMapSummary


class StanceChange(BaseModel):
    """One recorded move: who, when, from what to what, judged by whom."""

    stakeholderId: str
    name: str
    at: datetime
    fromStance: Stance | None
    toStance: Stance | None
    fromInfluence: int | None
    toInfluence: int | None
    direction: StanceDirection
    byId: str | None = None
    byName: str | None = None
    note: str | None = None


# Assessment history as the power map reads it (graph/repositories/power_map.py:
# `power_map/stance_history`), validated from the Cypher projection.

class Assessor(BaseModel):
    id: str
    name: str | None = None
    role: str | None = None


class AssessmentRow(BaseModel):
    """One assessment of a person, with the values it recorded and the ones it replaced."""

    stakeholderId: str
    name: str
    assessmentId: str
    at: datetime
    stance: str | None = None
    influence: int | None = None
    previousStance: str | None = None
    previousInfluence: int | None = None
    note: str | None = None
    by: Assessor | None = None


# The facts a map is judged from (graph/repositories/power_map.py: `power_map/*_members`,
# `power_map/stakeholder_facts`, `power_map/edges`), validated from the Cypher projections.

class MapPerson(BaseModel):
    id: str
    name: str
    title: str | None = None
    level: str | None = None
    influence: int
    stance: str | None = None


class AssessmentThen(BaseModel):
    """The latest judgement at the as-of instant: each value from the latest assessment that gave it."""

    at: datetime
    stance: str | None = None
    influence: int | None = None


class StakeholderFacts(BaseModel):
    stakeholder: MapPerson
    orgUnit: OrgUnitRef | None = None
    assessment: AssessmentThen | None = None
    knownBy: list[KnownByRow]
    lastActivityAt: datetime | None = None
    alignments: list[Alignment]


class MemberRoles(BaseModel):
    id: str
    roles: list[ChainRole]


class ChainSeats(BaseModel):
    id: str
    kind: ChainKind
    requiredRoles: list[DecisionRole] | None = None


class MapScopeRow(BaseModel):
    id: str
    name: str


class MapFacts(BaseModel):
    """Everything a map is judged from, read in one transaction."""

    scope: MapScopeRow
    customerId: str | None = None
    chains: list[ChainSeats]
    members: list[MemberRoles]
    facts: list[StakeholderFacts]
    edges: list[MapEdge]
