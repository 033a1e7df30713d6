"""Influence paths: who of ours can reach a stakeholder, and through whom."""

from typing import Literal

from pydantic import BaseModel

from powermap.vocab import Stance


class PathPerson(BaseModel):
    id: str
    kind: Literal["Employee", "Stakeholder"]
    name: str
    title: str | None = None
    role: str | None = None
    stance: Stance | None = None


class PathEdge(BaseModel):
    type: Literal["KNOWS", "INFLUENCES"]
    source: str
    target: str
    strength: float


class InfluencePath(BaseModel):
    score: float
    hops: int
    people: list[PathPerson]
    edges: list[PathEdge]
    sentence: str


class InfluencePaths(BaseModel):
    target: PathPerson
    sources: list[str]
    k: int
    maxHops: int
    avoidOpponents: bool
    paths: list[InfluencePath]
    truncated: bool


# Rows the influence reads return (graph/repositories/influence.py), validated from the Cypher
# projections: the neighbourhood the path search walks.

class InfluencedPerson(BaseModel):
    """The target of a search (`influence_paths/target`)."""

    id: str
    name: str
    title: str | None = None
    stance: str | None = None


class InfluenceEdge(BaseModel):
    """`source` INFLUENCES `target`, with the influencer's name, title and stance."""

    source: str
    target: str
    strength: float
    name: str
    title: str | None = None
    stance: str | None = None


class KnownBy(BaseModel):
    """A source employee KNOWS a stakeholder found (the first edge of a path)."""

    employee: str
    name: str
    role: str | None = None
    stakeholder: str
    strength: float


class Neighbourhood(BaseModel):
    """The target, the source employees, the INFLUENCES edges within reach and who knows whom."""

    target: InfluencedPerson
    sources: list[str]
    edges: list[InfluenceEdge]
    known: list[KnownBy]
