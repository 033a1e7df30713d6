"""Relationships written and read on behalf of a principal; the policy judges each write inside it."""

from typing import Any

from powermap.graph.driver import Graph
from powermap.graph.model import Label, RelType
from powermap.graph.repositories import relationships
from powermap.models.relationships import RelationshipWrite, resolve_ends, validated_properties
from powermap.models.security import Principal
from powermap.models.versions import Precondition
from powermap.services import policy


def checked(rel_type: RelType, write: RelationshipWrite, *, partial: bool) -> tuple[Label, Label, dict[str, Any]]:
    """The labels of both ends and the properties as they will be stored (`partial` for a patch).

    The one check of a relationship write, shared by the single routes and the batch.
    """
    source, target = resolve_ends(rel_type, write.from_label, write.to_label)
    return source, target, validated_properties(rel_type, write.properties, partial=partial)


def write_relationship(graph: Graph, *, principal: Principal, rel_type: RelType, write: RelationshipWrite,
                       partial: bool, expected: Precondition | None = None) -> tuple[Label, Label, dict[str, Any]]:
    """Create (or, `partial`, update only at the `expected` version) a relationship; the policy judges it
    inside the write."""
    source, target, props = checked(rel_type, write, partial=partial)
    if partial:
        stored = relationships.update_relationship(
            graph, rel_type=rel_type, source=source, target=target, from_id=write.from_, to_id=write.to,
            props=props, who=principal.signature, authorize=policy.write_guard(principal), expected=expected)
    else:
        stored = relationships.create_relationship(
            graph, rel_type=rel_type, source=source, target=target, from_id=write.from_, to_id=write.to,
            props=props, who=principal.signature, authorize=policy.write_guard(principal))
    return source, target, stored


def put_relationship(graph: Graph, *, principal: Principal, rel_type: RelType, write: RelationshipWrite,
                     expected: Precondition | None = None) -> tuple[Label, Label, dict[str, Any], bool]:
    """Create or replace a relationship keyed by type and ends (only at the `expected` version); True
    when it was created."""
    source, target, props = checked(rel_type, write, partial=False)
    stored, created = relationships.put_relationship(
        graph, rel_type=rel_type, source=source, target=target, from_id=write.from_, to_id=write.to, props=props,
        who=principal.signature, authorize=policy.write_guard(principal), expected=expected)
    return source, target, stored, created


def delete_relationship(graph: Graph, *, principal: Principal, rel_type: RelType, source: Label, target: Label,
                        from_id: str, to_id: str, expected: Precondition | None = None) -> None:
    """Delete a relationship (only at the `expected` version); the policy judges it inside the write."""
    relationships.delete_relationship(graph, rel_type=rel_type, source=source, target=target, from_id=from_id,
                                      to_id=to_id, who=principal.signature, authorize=policy.write_guard(principal),
                                      expected=expected)


def read_relationship(graph: Graph, *, rel_type: RelType, source: Label, target: Label, from_id: str,
                      to_id: str) -> dict[str, Any]:
    """The properties of one relationship (relationships hold no personal data)."""
    return relationships.get_relationship(graph, rel_type=rel_type, source=source, target=target,
                                          from_id=from_id, to_id=to_id)
