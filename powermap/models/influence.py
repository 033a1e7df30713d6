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
