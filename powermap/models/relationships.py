"""Properties each relationship type carries, and the API models for writing relationships.

A relationship's `PATCH` is a JSON merge patch of its properties (RFC 7396, as for nodes): a property
left out keeps its value, `null` removes an optional one, a required one (`strength`, `role`,
`share`, `reason`) refuses `null` with a 422 naming it.
"""

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from powermap.errors import InvalidValue, NotFound, invalid_from
from powermap.graph.model import INTERNAL_TYPES, RELATIONSHIP_ENDS, Label, RelType
from powermap.models.base import ApiModel
from powermap.models.nodes import Fields, as_properties, partial_model
from powermap.models.types import Day, Finite, NodeId, Share, ShortText, Strength
from powermap.models.versions import relationship_version
from powermap.vocab import DecisionRole, InfluenceKind


class NoProperties(Fields):
    """Relationship types that carry no properties."""


class KnowsProperties(Fields):
    strength: Strength
    target_strength: Strength | None = Field(default=None, description="Where the plan wants it")
    since: Day | None = None
    last_contact: Day | None = None


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
    crm_id: ShortText | None = Field(default=None, description="The CRM's id of the contact role, when imported")


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


_MODELS: set[type[Fields]] = {*RELATIONSHIP_PROPERTIES.values(), NoProperties}
_PARTIAL = {model: partial_model(model.__name__ + "Update", model) for model in _MODELS}


class RelationshipEnds(ApiModel):
    """The two ends that, with the type, name one relationship (one edge per type and pair of ends)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: NodeId = Field(alias="from", description="id of the start node")
    to: NodeId = Field(description="id of the end node")
    from_label: Label | None = Field(default=None, description="needed only where several labels fit")
    to_label: Label | None = Field(default=None, description="needed only where several labels fit")


class RelationshipWrite(RelationshipEnds):
    """One relationship to create or update: its ends and properties."""

    properties: dict[str, Any] = Field(default_factory=dict)


class RelationshipRead(ApiModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    type: RelType
    from_: str = Field(alias="from")
    to: str
    from_label: Label
    to_label: Label
    properties: dict[str, Any]
    version: str = Field(description="The version read (also the ETag header); send it back as If-Match "
                                     "to change or delete only this version")

    @classmethod
    def of(cls, rel_type: RelType, source: Label, target: Label, from_id: str, to_id: str,
           properties: dict[str, Any]) -> "RelationshipRead":
        """The relationship as answered, with the version of what is stored."""
        return cls(type=rel_type, from_=from_id, to=to_id, from_label=source, to_label=target, properties=properties,
                   version=relationship_version(rel_type.value, from_id, to_id, properties))


def missing_end(end: str, node_id: str, labels: Sequence[Label]) -> NotFound:
    """The 404 for a relationship end that does not exist: which end, the id and the labels looked for."""
    looked_for = " or ".join(label.value for label in labels)
    return NotFound(f"no {looked_for} with id '{node_id}' at `{end}`", field=end,
                    detail={"end": end, "id": node_id, "labels": [label.value for label in labels]})


def _pick(rel_type: RelType, given: Label | None, allowed: tuple[Label, ...], field: str) -> Label:
    if given is None:
        if len(allowed) == 1:
            return allowed[0]
        names = ", ".join(label.value for label in allowed)
        raise InvalidValue(f"{rel_type.value} joins several labels here ({names}); name one", field=field)
    if given not in allowed:
        names = ", ".join(label.value for label in allowed)
        raise InvalidValue(
            f"{rel_type.value} cannot join a {given.value} at this end; allowed: {names}", field=field
        )
    return given


def resolve_ends(
    rel_type: RelType, from_label: Label | None, to_label: Label | None, *, allow_internal: bool = False
) -> tuple[Label, Label]:
    """The labels of both ends, checked against the model (and chosen when only one fits)."""
    if rel_type in INTERNAL_TYPES and not allow_internal:
        raise InvalidValue(f"{rel_type.value} is written by Powermap itself", field="type")
    ends = RELATIONSHIP_ENDS[rel_type]
    return (
        _pick(rel_type, from_label, ends.sources, "fromLabel"),
        _pick(rel_type, to_label, ends.targets, "toLabel"),
    )


def validated_properties(rel_type: RelType, properties: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Properties checked against the type's model; `partial` for updates."""
    model = properties_model(rel_type, partial=partial)
    try:
        checked = model.model_validate(properties)
    except ValidationError as error:
        raise invalid_from(error, prefix="properties") from error
    if partial:
        return as_properties(checked.model_dump(exclude_unset=True))
    return as_properties(checked.model_dump(exclude_none=True))
