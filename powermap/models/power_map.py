"""The power map: people on a decision, where they stand, who of ours reaches them; shaped for
drawing (nodes and typed edges) with a table (one row per stakeholder) beside it."""

from datetime import date, datetime
from typing import Literal

from powermap.models.base import ApiModel
from powermap.vocab import ChainKind, DecisionRole, Stance

MapScope = Literal["project", "customer"]
StanceDirection = Literal["up", "down", "same", "unknown"]


class OrgUnitRef(ApiModel):
    id: str
    name: str
    kind: str


class KnownByRow(ApiModel):
    """One of ours who knows the person: the strength (then, for a past map) and the plan's target."""

    employee_id: str
    name: str
    role: str
    strength: float
    target_strength: float | None = None
    last_contact: date | None = None
    # Relationship signals (powermap/services/signals.py): `strength` is the effective one; the
    # stated and computed strengths beside it, which one was used, and why.
    stated_strength: float | None = None
    computed_strength: float | None = None
    basis: Literal["stated", "computed"] | None = None
    why: str | None = None


class Coverer(KnownByRow):
    """One of our people who knows the stakeholder, judged: does the tie cover them."""

    covers: bool


class Alignment(ApiModel):
    competitor_id: str
    name: str
    strength: float


class ChainRole(ApiModel):
    chain_id: str
    chain_kind: ChainKind
    role: DecisionRole
    step: int | None = None
    project_id: str


class MapStakeholder(ApiModel):
    id: str
    name: str
    title: str | None = None
    level: str | None = None
    org_unit: OrgUnitRef | None = None
    influence: int
    stance: Stance | None
    stance_score: int | None
    assessed_at: datetime | None = None
    roles: list[ChainRole]
    is_key_member: bool
    covered: bool
    covered_by: list[Coverer]
    single_threaded: bool
    stale: bool
    last_contact: date | None = None
    last_activity_at: datetime | None = None
    competitor_alignment: list[Alignment]
    competitor_aligned: bool
    # Beside the formal role, who really decides (powermap/services/network_power.py): the customer's
    # network power (0-1) and camp today; null on a past map (asOf) and for people no longer there.
    network_power: float | None = None
    camp: int | None = None


class Chain(ApiModel):
    id: str
    kind: ChainKind
    required_roles: list[DecisionRole]
    empty_seats: list[DecisionRole]


class MapNode(ApiModel):
    id: str
    kind: Literal["Stakeholder", "Employee", "Competitor"]
    name: str
    title: str | None = None
    stance: Stance | None = None
    influence: int | None = None
    covered: bool | None = None
    is_key_member: bool | None = None
    org_unit_id: str | None = None
    role: str | None = None
    network_power: float | None = None
    camp: int | None = None


class MapEdge(ApiModel):
    type: Literal["REPORTS_TO", "INFLUENCES", "CONFLICTS_WITH", "KNOWS", "ALIGNED_WITH"]
    source: str
    target: str
    strength: float | None = None
    kind: str | None = None


class PowerMapSummary(ApiModel):
    stakeholders: int
    key_members: int
    covered: int
    single_threaded: int
    stale: int
    competitor_aligned: int
    unknown_stance: int
    by_stance: dict[str, int]


class Scope(ApiModel):
    kind: MapScope
    id: str
    name: str
    customer_id: str | None = None


class PowerMap(ApiModel):
    scope: Scope
    as_of: datetime | None
    report_date: date
    chains: list[Chain]
    stakeholders: list[MapStakeholder]
    nodes: list[MapNode]
    edges: list[MapEdge]
    summary: PowerMapSummary
    # Whether the people carry network power (powermap/services/power_map.py): `shown`; `computing` while
    # the customer's analysis is computed in the background (reload to see it); `past` on a past map.
    network_power_status: Literal["shown", "computing", "past"] = "past"


class StanceChange(ApiModel):
    """One recorded move: who, when, from what to what, judged by whom."""

    stakeholder_id: str
    name: str
    at: datetime
    from_stance: Stance | None
    to_stance: Stance | None
    from_influence: int | None
    to_influence: int | None
    direction: StanceDirection
    by_id: str | None = None
    by_name: str | None = None
    note: str | None = None


# Assessment history as the power map reads it (graph/repositories/power_map.py:
# `power_map/stance_history`), validated from the Cypher projection.

class Assessor(ApiModel):
    id: str
    name: str | None = None
    role: str | None = None


class AssessmentRow(ApiModel):
    """One assessment of a person, with the values it recorded and the ones it replaced."""

    stakeholder_id: str
    name: str
    assessment_id: str
    at: datetime
    stance: str | None = None
    influence: int | None = None
    previous_stance: str | None = None
    previous_influence: int | None = None
    note: str | None = None
    by: Assessor | None = None


# The facts a map is judged from (graph/repositories/power_map.py: `power_map/*_members`,
# `power_map/stakeholder_facts`, `power_map/edges`), validated from the Cypher projections.

class MapPerson(ApiModel):
    id: str
    name: str
    title: str | None = None
    level: str | None = None
    influence: int
    stance: str | None = None


class AssessmentThen(ApiModel):
    """The latest judgement at the as-of instant: each value from the latest assessment that gave it."""

    at: datetime
    stance: str | None = None
    influence: int | None = None


class StakeholderFacts(ApiModel):
    stakeholder: MapPerson
    org_unit: OrgUnitRef | None = None
    assessment: AssessmentThen | None = None
    known_by: list[KnownByRow]
    last_activity_at: datetime | None = None
    alignments: list[Alignment]


class MemberRoles(ApiModel):
    id: str
    roles: list[ChainRole]


class ChainSeats(ApiModel):
    id: str
    kind: ChainKind
    required_roles: list[DecisionRole] | None = None


class MapScopeRow(ApiModel):
    id: str
    name: str


class MapFacts(ApiModel):
    """Everything a map is judged from, read in one transaction."""

    scope: MapScopeRow
    customer_id: str | None = None
    chains: list[ChainSeats]
    members: list[MemberRoles]
    facts: list[StakeholderFacts]
    edges: list[MapEdge]
