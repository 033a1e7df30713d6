"""Rules for writing relationships: which labels the ends carry, what properties are allowed."""

from typing import Any

from pydantic import ValidationError

from powermap.errors import InvalidValue
from powermap.graph.driver import Graph
from powermap.graph.model import INTERNAL_TYPES, RELATIONSHIP_ENDS, Label, RelType
from powermap.graph.repositories import relationships
from powermap.models.nodes import as_properties
from powermap.models.relationships import RelationshipWrite, properties_model
from powermap.models.security import Principal
from powermap.services import policy


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


def validated_properties(rel_type: RelType, properties: dict[str, Any], *, partial: bool) -> dict:
    """Properties checked against the type's model; `partial` for updates."""
    model = properties_model(rel_type, partial=partial)
    try:
        checked = model.model_validate(properties)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidValue(first["msg"], field=f"properties.{where}") from error
    if partial:
        return as_properties(checked.model_dump(exclude_unset=True))
    return as_properties(checked.model_dump(exclude_none=True))


def write_relationship(graph: Graph, *, principal: Principal, rel_type: RelType, write: RelationshipWrite,
                       partial: bool) -> tuple[Label, Label, dict]:
    """Create (or, `partial`, update) a relationship; the policy judges it inside the write."""
    source, target = resolve_ends(rel_type, write.fromLabel, write.toLabel)
    props = validated_properties(rel_type, write.properties, partial=partial)
    store = relationships.update_relationship if partial else relationships.create_relationship
    stored = store(graph, rel_type=rel_type, source=source, target=target, from_id=write.from_, to_id=write.to,
                   props=props, who=principal.signature, authorize=policy.write_guard(principal))
    return source, target, stored


def delete_relationship(graph: Graph, *, principal: Principal, rel_type: RelType, source: Label, target: Label,
                        from_id: str, to_id: str) -> None:
    """Delete a relationship; the policy judges it inside the write."""
    relationships.delete_relationship(graph, rel_type=rel_type, source=source, target=target, from_id=from_id,
                                      to_id=to_id, who=principal.signature, authorize=policy.write_guard(principal))
