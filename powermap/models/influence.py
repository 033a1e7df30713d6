"""Influence paths: who of ours can reach a stakeholder, and through whom."""

from typing import Literal

from powermap.models.base import ApiModel
from powermap.vocab import Stance


class PathPerson(ApiModel):
    id: str
    kind: Literal["Employee", "Stakeholder"]
    name: str
    title: str | None = None
    role: str | None = None
    stance: Stance | None = None


class PathEdge(ApiModel):
    type: Literal["KNOWS", "INFLUENCES"]
    source: str
    target: str
    strength: float


class InfluencePath(ApiModel):
    score: float
    hops: int
    people: list[PathPerson]
    edges: list[PathEdge]
    sentence: str


class InfluencePaths(ApiModel):
    target: PathPerson
    sources: list[str]
    k: int
    max_hops: int
    avoid_opponents: bool
    paths: list[InfluencePath]
    truncated: bool


# Rows the influence reads return (graph/repositories/influence.py), validated from the Cypher
# projections: the neighbourhood the path search walks.

class InfluencedPerson(ApiModel):
    """The target of a search (`influence_paths/target`)."""

    id: str
    name: str
    title: str | None = None
    stance: str | None = None


class InfluenceEdge(ApiModel):
    """`source` INFLUENCES `target`, with the influencer's name, title and stance."""

    source: str
    target: str
    strength: float
    name: str
    title: str | None = None
    stance: str | None = None


class KnownBy(ApiModel):
    """A source employee KNOWS a stakeholder found (the first edge of a path)."""

    employee: str
    name: str
    role: str | None = None
    stakeholder: str
    strength: float


class Neighbourhood(ApiModel):
    """The target, the source employees, the INFLUENCES edges within reach and who knows whom."""

    target: InfluencedPerson
    sources: list[str]
    edges: list[InfluenceEdge]
    known: list[KnownBy]
