"""A batch of writes (`POST /api/v1/batch`): the operations it may hold and what it answers.

An operation is one of six shapes, told apart by `op` (`put`, `patch`, `delete`) and by what it
names: `kind` and `id` for a node, `relationship` with `from` and `to` for a relationship.

- node put: `{"op": "put", "kind": "stakeholders", "id": "stk-1", "body": {...}}`, the body of
  `PUT /api/v1/{kind}/{id}` (the kind's `XCreate` model): create or replace by id;
- node patch: `{"op": "patch", "kind": ..., "id": ..., "body": {...}}`, the body of `PATCH` (the kind's
  `XUpdate` model): merge-patch, an explicit null clears an optional field, an absent one is kept;
- node delete: `{"op": "delete", "kind": ..., "id": ..., "cascade": false}`;
- relationship put / patch: `{"op": "put", "relationship": "KNOWS", "from": ..., "to": ...,
  "properties": {...}}` (plus `fromLabel`/`toLabel` where several labels fit), the body of
  `PUT` / `PATCH /api/v1/relationships/{TYPE}`;
- relationship delete: the same without `properties`.

`kind` is a node kind's path (`stakeholders`) or its label (`Stakeholder`). The bodies are checked
against the very models the single routes use (`powermap.models.nodes`, `RelationshipWrite`), by
the batch service, so each refusal names its operation.
"""

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Discriminator, Field, Tag, create_model

from powermap.graph.model import RelType
from powermap.models.base import ApiModel
from powermap.models.nodes import NODE_KINDS, NodeKind
from powermap.models.relationships import RelationshipEnds, RelationshipWrite
from powermap.models.types import NodeId

KIND_NAMES: dict[str, NodeKind] = {
    **{kind.path: kind for kind in NODE_KINDS}, **{kind.label.value: kind for kind in NODE_KINDS}
}


def _known_kind(value: str) -> str:
    if value not in KIND_NAMES:
        raise ValueError(f"unknown node kind {value!r}; a path such as stakeholders or a label such as Stakeholder")
    return value


NodeKindName = Annotated[str, AfterValidator(_known_kind),
                         Field(description="a node kind's path or label",
                               json_schema_extra={"enum": sorted(KIND_NAMES)})]


class NodeOperation(ApiModel):
    """An operation on one node, named by its kind and id."""

    model_config = ConfigDict(extra="forbid")

    kind: NodeKindName
    id: NodeId

    @property
    def node_kind(self) -> NodeKind:
        """The kind `kind` names."""
        return KIND_NAMES[self.kind]


class NodePut(NodeOperation):
    op: Literal["put"]
    body: dict[str, Any] = Field(description="the body of PUT /api/v1/{kind}/{id} (the kind's Create model)")


class NodePatch(NodeOperation):
    op: Literal["patch"]
    body: dict[str, Any] = Field(description="the body of PATCH /api/v1/{kind}/{id} (the kind's Update model; "
                                             "null clears an optional field, an absent one is kept)")


class NodeDelete(NodeOperation):
    op: Literal["delete"]
    cascade: bool = Field(default=False, description="also delete what the node owns, as ?cascade=true does")


class RelationshipPut(RelationshipWrite):
    """Create or replace a relationship: `properties` become exactly the given ones."""

    op: Literal["put"]
    relationship: RelType


class RelationshipPatch(RelationshipWrite):
    """Change some properties of an existing relationship (null removes one)."""

    op: Literal["patch"]
    relationship: RelType


class RelationshipDelete(RelationshipEnds):
    op: Literal["delete"]
    relationship: RelType


def _shape(value: Any) -> str | None:
    """The tag of an operation: its `op` and whether it names a relationship or a node."""
    if isinstance(value, dict):
        op, names_relationship = value.get("op"), "relationship" in value
    else:
        op, names_relationship = getattr(value, "op", None), hasattr(value, "relationship")
    if op not in ("put", "patch", "delete"):
        return None
    return f"{'relationship' if names_relationship else 'node'}{str(op).capitalize()}"


Operation = Annotated[
    Annotated[NodePut, Tag("nodePut")] | Annotated[NodePatch, Tag("nodePatch")]
    | Annotated[NodeDelete, Tag("nodeDelete")] | Annotated[RelationshipPut, Tag("relationshipPut")]
    | Annotated[RelationshipPatch, Tag("relationshipPatch")] | Annotated[RelationshipDelete, Tag("relationshipDelete")],
    Discriminator(_shape, custom_error_type="operation",
                  custom_error_message="op must be put, patch or delete, with kind and id for a node or "
                                       "relationship, from and to for a relationship"),
]
NodeOperations = NodePut | NodePatch | NodeDelete
RelationshipOperations = RelationshipPut | RelationshipPatch | RelationshipDelete


class BatchRequest(ApiModel):
    """Operations applied in order in one transaction: all are written, or none."""

    model_config = ConfigDict(extra="forbid")

    operations: list[Operation]


def limited_batch(max_operations: int) -> type[BatchRequest]:
    """The request model with the configured limit on operations (`maxItems` in the OpenAPI document)."""
    limited = Field(max_length=max_operations,
                    description=f"at most {max_operations} operations (POWERMAP_MAX_BATCH_OPERATIONS)")
    model: type[BatchRequest] = create_model("BatchRequest", __base__=BatchRequest,
                                             operations=(list[Operation], limited))
    return model


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


class OperationResult(ApiModel):
    """What one operation did, and the resource as the single route would answer it.

    A node put or patch gives the node's read model, a node delete `{deleted, ownedDeleted}`, a
    relationship put or patch the relationship (`RelationshipRead`), a relationship delete nothing.
    """

    index: int = Field(description="the operation's position in the request, from 0")
    outcome: Outcome
    resource: dict[str, Any] | None


class BatchResult(ApiModel):
    results: list[OperationResult]

