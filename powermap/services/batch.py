"""A batch of writes on behalf of a principal, in one transaction: all of it, or nothing.

The decisions (the README states them under "The API at a glance"):

- Two phases. Every operation is checked first, against the very models its single route uses
  (the kind's `Create` / `Update` model, `RelationshipWrite` and the type's properties), before
  anything is read or written. Then the operations run in order in one transaction, each through
  the same transaction-level repository write as its single route, so the access policy
  (`policy.write_guard`), the write checks (the bid gate), the history (Assessment, StageChange,
  TieChange) and the audit entries are exactly those of single writes. A later operation sees the
  earlier ones: a stakeholder put at index 3 can be known at index 7.
- The first refusal stops the batch and rolls everything back. It answers the status the single
  route would (403, 404, 409, 422) and names the operation: `operation` (its index) in the body, the
  problem prefixed with `operation N:`, and the field inside the operation (`operations.3.body.stance`,
  `operations.3.from`, `operations.3.properties.strength`); a refusal of the operation as a whole (the
  policy's, or one about the caller's headers) names `operations.3`.
- The number of operations is capped by `POWERMAP_MAX_BATCH_OPERATIONS` (default 500, the request
  model's `maxItems`), and the request body size limit applies as to any request.
- Each result is the resource as its single route answers it, personal fields hidden the same way.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError
from pydantic import BaseModel, ValidationError

from powermap.errors import Conflict, PowermapError, invalid_from
from powermap.graph.changes import Authorize
from powermap.graph.driver import Graph
from powermap.graph.repositories import batch as store
from powermap.graph.repositories import nodes as node_store
from powermap.graph.repositories import relationships as relationship_store
from powermap.models.batch import (
    NodeDelete,
    NodeOperation,
    NodePatch,
    NodePut,
    Operation,
    OperationResult,
    Outcome,
    RelationshipDelete,
    RelationshipPatch,
    RelationshipPut,
)
from powermap.models.nodes import NodeKind
from powermap.models.relationships import RelationshipRead, resolve_ends
from powermap.models.security import Principal, Signature
from powermap.services import policy
from powermap.services.nodes import shown_nodes
from powermap.services.relationships import checked

# Fields that name what the caller sent outside the operation: a refusal about them is the operation's.
_HEADERS = frozenset({"Authorization", "X-Powermap-Actor"})
# Fields of a node operation itself; every other field a node write names is one of its body.
_NODE_OPERATION_FIELDS = frozenset({"op", "kind", "id", "cascade"})


@dataclass(frozen=True)
class _Done:
    """What one operation did; `kind` set for a node the principal should see as the single route shows it."""

    outcome: Outcome
    resource: dict[str, Any] | None
    kind: NodeKind | None = None


_Step = Callable[[ManagedTransaction], _Done]


def _located(error: PowermapError, index: int, operation: Operation) -> PowermapError:
    """The same refusal (same status), naming the operation and the field inside it."""
    where = f"operations.{index}"
    field = error.field
    if field is None or field in _HEADERS:
        located = where
    elif isinstance(operation, NodeOperation):
        located = f"{where}.{field}" if field in _NODE_OPERATION_FIELDS else f"{where}.body.{field}"
    else:
        located = f"{where}.{'relationship' if field == 'type' else field}"
    return type(error)(f"operation {index}: {error.problem}", field=located,
                       detail={**error.detail, "operation": index})


def _validated(model: type[BaseModel], body: dict[str, Any]) -> BaseModel:
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise invalid_from(error) from error


def _relationship(operation: RelationshipPut | RelationshipPatch, source: Any, target: Any,
                  properties: dict[str, Any]) -> dict[str, Any]:
    return RelationshipRead.of(operation.relationship, source, target, operation.from_, operation.to,
                               properties).model_dump(mode="json")


def _step(operation: Operation, who: Signature, authorize: Authorize) -> _Step:
    """The operation checked and bound to its transaction-level write (raises on a bad body)."""
    if isinstance(operation, NodePut | NodePatch | NodeDelete):
        return _node_step(operation, who, authorize)
    rel_type = operation.relationship
    if isinstance(operation, RelationshipDelete):
        source, target = resolve_ends(rel_type, operation.from_label, operation.to_label)

        def delete_relationship(tx: ManagedTransaction) -> _Done:
            relationship_store.delete_relationship_in(tx, rel_type=rel_type, source=source, target=target,
                                                      from_id=operation.from_, to_id=operation.to, who=who,
                                                      authorize=authorize)
            return _Done(Outcome.DELETED, None)
        return delete_relationship
    replacing = isinstance(operation, RelationshipPut)
    source, target, props = checked(rel_type, operation, partial=not replacing)
    ends: dict[str, Any] = {"rel_type": rel_type, "source": source, "target": target, "from_id": operation.from_,
                            "to_id": operation.to, "props": props, "who": who, "authorize": authorize}

    def put_relationship(tx: ManagedTransaction) -> _Done:
        stored, created = relationship_store.put_relationship_in(tx, **ends)
        return _Done(Outcome.CREATED if created else Outcome.UPDATED, _relationship(operation, source, target, stored))

    def patch_relationship(tx: ManagedTransaction) -> _Done:
        stored = relationship_store.update_relationship_in(tx, **ends)
        return _Done(Outcome.UPDATED, _relationship(operation, source, target, stored))
    return put_relationship if replacing else patch_relationship


def _node_step(operation: NodePut | NodePatch | NodeDelete, who: Signature, authorize: Authorize) -> _Step:
    kind, node_id = operation.node_kind, operation.id
    if isinstance(operation, NodeDelete):
        cascade = operation.cascade

        def delete_node(tx: ManagedTransaction) -> _Done:
            deleted = node_store.delete_node_in(tx, kind=kind, node_id=node_id, cascade=cascade, who=who,
                                                authorize=authorize)
            return _Done(Outcome.DELETED, deleted)
        return delete_node
    if isinstance(operation, NodePut):
        payload = _validated(kind.create, operation.body).model_dump()

        def put_node(tx: ManagedTransaction) -> _Done:
            node, created = node_store.upsert_node_in(tx, kind=kind, node_id=node_id, payload=payload, who=who,
                                                      authorize=authorize)
            return _Done(Outcome.CREATED if created else Outcome.UPDATED, node, kind)
        return put_node
    changes = _validated(kind.update, operation.body).model_dump(exclude_unset=True)

    def patch_node(tx: ManagedTransaction) -> _Done:
        node = node_store.patch_node_in(tx, kind=kind, node_id=node_id, changes=changes, who=who,
                                        authorize=authorize)
        return _Done(Outcome.UPDATED, node, kind)
    return patch_node


def _prepared(index: int, operation: Operation, who: Signature, authorize: Authorize) -> _Step:
    """The operation's step, every refusal (of its body now, of its write later) naming the operation."""
    try:
        step = _step(operation, who, authorize)
    except PowermapError as error:
        raise _located(error, index, operation) from error

    def run(tx: ManagedTransaction) -> _Done:
        try:
            return step(tx)
        except PowermapError as error:
            raise _located(error, index, operation) from error
        except ConstraintError as error:  # an id taken by a concurrent write
            clash = Conflict(f"already exists ({error.message})", field="id")
            raise _located(clash, index, operation) from error
    return run


def apply_batch(graph: Graph, *, principal: Principal, operations: Sequence[Operation]) -> list[OperationResult]:
    """Check every operation, then apply them in order in one transaction; the first refusal writes nothing."""
    authorize = policy.write_guard(principal)
    steps = [_prepared(index, operation, principal.signature, authorize) for index, operation in enumerate(operations)]
    done = store.write_all(graph, steps)
    resources = [result.resource for result in done]
    by_kind: dict[NodeKind, list[int]] = defaultdict(list)
    for index, result in enumerate(done):
        if result.kind is not None:
            by_kind[result.kind].append(index)
    for kind, indexes in by_kind.items():
        shown = shown_nodes(graph, principal, kind, [done[index].resource or {} for index in indexes])
        for index, node in zip(indexes, shown, strict=True):
            # `shown` holds every optional field but the hidden ones: unset means hidden, as on the single route.
            resources[index] = kind.read.model_validate(node).model_dump(mode="json", exclude_unset=True)
    return [OperationResult(index=index, outcome=result.outcome, resource=resources[index])
            for index, result in enumerate(done)]
