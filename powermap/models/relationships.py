"""Properties each relationship type carries, and the API models for writing relationships."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from powermap.graph.model import Label, RelType
from powermap.models.nodes import Fields, partial_model
from powermap.models.types import Day, Finite, NodeId, Share, ShortText, Strength
from powermap.vocab import DecisionRole, InfluenceKind


class NoProperties(Fields):
    """Relationship types that carry no properties."""


class KnowsProperties(Fields):
    strength: Strength
    targetStrength: Strength | None = Field(default=None, description="Where the plan wants it")
    since: Day | None = None
    lastContact: Day | None = None


class InfluencesProperties(Fields):
    strength: Strength
    kind: InfluenceKind | None = None


class StrengthProperties(Fields):
    strength: Strength


class BuysFromProperties(Fields):
    share: Share = Field(description="Share of the customer's wallet, 0..1")
    satisfaction: int | None = Field(default=None, ge=1, le=5)


class InChainProperties(Fields):
    role: DecisionRole
    step: int | None = Field(default=None, ge=1, le=20)


class TargetsProperties(Fields):
    rank: int | None = Field(default=None, ge=1, le=1_000_000)
    score: Finite | None = None


class DeclinesProperties(Fields):
    reason: ShortText = Field(min_length=1)
    rank: int | None = Field(default=None, ge=1, le=1_000_000)
    score: Finite | None = None


RELATIONSHIP_PROPERTIES: dict[RelType, type[Fields]] = {
    RelType.KNOWS: KnowsProperties,
    RelType.INFLUENCES: InfluencesProperties,
    RelType.ALIGNED_WITH: StrengthProperties,
    RelType.BUYS_FROM: BuysFromProperties,
    RelType.IN_CHAIN: InChainProperties,
    RelType.TARGETS: TargetsProperties,
    RelType.DECLINES: DeclinesProperties,
}


def properties_model(rel_type: RelType, *, partial: bool = False) -> type[BaseModel]:
    """The model a relationship type's properties must satisfy (all optional when `partial`)."""
    model = RELATIONSHIP_PROPERTIES.get(rel_type, NoProperties)
    return _PARTIAL[model] if partial else model


_PARTIAL = {
    model: partial_model(model.__name__ + "Update", model)
    for model in {*RELATIONSHIP_PROPERTIES.values(), NoProperties}
}


class RelationshipWrite(BaseModel):
    """One relationship to create or update: its ends and properties."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: NodeId = Field(alias="from", description="id of the start node")
    to: NodeId = Field(description="id of the end node")
    fromLabel: Label | None = Field(default=None, description="needed only where several labels fit")
    toLabel: Label | None = Field(default=None, description="needed only where several labels fit")
    properties: dict[str, Any] = Field(default_factory=dict)


class RelationshipRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    type: RelType
    from_: str = Field(alias="from")
    to: str
    fromLabel: Label
    toLabel: Label
    properties: dict[str, Any]
