"""Network power next to formal power: who really decides, the camps, and who bridges them.

The rows read from the graph (`CustomerNetwork` and its parts, from `cypher/network_power/*`), the
analysis computed from them (`NetworkAnalysis`, cached per customer) and the answer judged for a
customer or a project (`NetworkPower`). Definitions: powermap/services/network_power.py.
"""

from datetime import datetime
from typing import Literal

from powermap.models.base import ApiModel
from powermap.models.power_map import MapScopeRow, MemberRoles
from powermap.vocab import DecisionRole, Stance

NetworkScope = Literal["customer", "project"]

# What the graph holds (graph/repositories/network_power.py).


class NetworkCustomer(ApiModel):
    id: str
    name: str


class NetworkPerson(ApiModel):
    id: str
    name: str
    title: str | None = None
    level: str | None = None
    influence: int | None = None
    stance: Stance | None = None


class NetworkTie(ApiModel):
    """One INFLUENCES (with its strength), REPORTS_TO (in force) or CONFLICTS_WITH tie."""

    type: Literal["INFLUENCES", "REPORTS_TO", "CONFLICTS_WITH"]
    source: str
    target: str
    strength: float | None = None


class PersonAlignment(ApiModel):
    stakeholder_id: str
    competitor_id: str
    name: str
    strength: float


class CustomerNetwork(ApiModel):
    """Everything the analysis depends on, read in one transaction with the change markers its cache
    is keyed by (graph/repositories/network_marks.py)."""

    customer: NetworkCustomer
    people: list[NetworkPerson]
    ties: list[NetworkTie]
    alignments: list[PersonAlignment]


class ChainMembers(ApiModel):
    """A scope's chain members with their roles (the power map's member reads), and its customer."""

    scope: MapScopeRow
    customer_id: str | None = None
    members: list[MemberRoles]


# What the analysis computes (powermap/services/network_power.py).


class PersonScores(ApiModel):
    stakeholder_id: str
    page_rank: float
    network_power: float
    broker_score: float
    in_reach: int
    out_reach: int
    consulted: bool  # someone is swayed by them or reports to them: evidence of power, not a default
    camp: int | None


class CompetitorLean(ApiModel):
    competitor_id: str
    name: str
    aligned_members: int
    share: float
    strength: float


class Bridge(ApiModel):
    """A member with a tie to people of other camps: the way across."""

    stakeholder_id: str
    name: str
    broker_score: float
    to_camps: list[int]
    tied_to: list[str]


class Camp(ApiModel):
    id: int
    leader_id: str
    leader_name: str
    members: list[str]
    size: int
    network_power: float
    average_stance: float | None
    known_stances: int
    leanings: list[CompetitorLean]
    leans_to: CompetitorLean | None
    bridges: list[Bridge]


class NetworkAnalysis(ApiModel):
    """One customer's network, analysed: the part that is cached until its graph changes."""

    customer: NetworkCustomer
    computed_at: datetime
    people: list[NetworkPerson]
    scores: list[PersonScores]
    camps: list[Camp]


# The answer (GET /customers/{id}/network-power, GET /projects/{id}/network-power).


class NetworkRulesRead(ApiModel):
    """The settings the answer was judged with, so a reader can check the numbers."""

    damping: float
    tolerance: float
    reports_to_weight: float
    hidden_power: float
    hidden_max_influence: int
    paper_tiger_influence: int
    paper_tiger_power: float
    reach_steps: int
    camp_seed: int
    camp_lean_share: float
    broker_samples: int
    aligned_strength: float


class PersonPower(ApiModel):
    """One person: network power beside formal power (stated influence, level, chain roles)."""

    stakeholder_id: str
    name: str
    title: str | None = None
    level: str | None = None
    influence: int | None
    stance: Stance | None
    roles: list[DecisionRole]
    formal_power: float | None
    network_power: float
    power_gap: float | None
    page_rank: float
    broker_score: float
    in_reach: int
    out_reach: int
    camp: int | None
    hidden_influencer: bool
    paper_tiger: bool


class PowerRef(ApiModel):
    stakeholder_id: str
    name: str
    influence: int | None
    network_power: float
    in_chain: bool
    camp: int | None


class DecisionMakerCamp(ApiModel):
    """Which camp a decision maker sits in, what it leans to, and who bridges to the other camps."""

    stakeholder_id: str
    name: str
    camp: int | None
    camp_leans_to: CompetitorLean | None
    bridges: list[Bridge]


class NetworkScopeRead(ApiModel):
    kind: NetworkScope
    id: str
    name: str
    customer_id: str | None


class NetworkPower(ApiModel):
    scope: NetworkScopeRead
    computed_at: datetime | None
    rules: NetworkRulesRead
    people: list[PersonPower]
    hidden_influencers: list[PowerRef]
    paper_tigers: list[PowerRef]
    top_broker: PowerRef | None
    camps: list[Camp]
    decision_makers: list[DecisionMakerCamp]


class NetworkPowerWritten(ApiModel):
    """What `powermap network-power --write` stored."""

    customer_id: str
    written: int
