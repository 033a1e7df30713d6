"""Nodes of every kind, written and read on behalf of a principal.

Writes hand the access policy's guard to the repository, which judges the change inside the write's
own transaction; reads drop the personal fields the principal may not see. Routes, the activity
workflow and the bid gate's stage moves all come through here, so none of them can skip the policy.
"""

from typing import Any

from powermap.graph.driver import Graph
from powermap.graph.model import Label
from powermap.graph.repositories import nodes as store
from powermap.graph.repositories.security import customers_by_node
from powermap.models.nodes import NodeKind
from powermap.models.security import Principal
from powermap.models.versions import Precondition
from powermap.services import policy


def shown(graph: Graph, principal: Principal, label: Label, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records as this principal may see them (personal fields dropped where not covered)."""
    return policy.redact(principal, label, records, lambda nodes: customers_by_node(graph, nodes=nodes))


def shown_nodes(graph: Graph, principal: Principal, kind: NodeKind,
                 nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nodes with every optional field of the read model present (null where unset) except the hidden
    personal ones, so a route that leaves out unset fields leaves out exactly what is hidden."""
    unset = {info.alias or name: None for name, info in kind.read.model_fields.items()
             if not info.is_required() and info.default is None}
    complete = [unset | node for node in nodes]
    return shown(graph, principal, kind.label, complete)


def create_node(graph: Graph, *, principal: Principal, kind: NodeKind, payload: dict[str, Any],
                note: str | None = None) -> dict[str, Any]:
    """Create a node with a server-chosen id."""
    node = store.create_node(graph, kind=kind, payload=payload, who=principal.signature,
                             authorize=policy.write_guard(principal), note=note)
    return shown_nodes(graph, principal, kind, [node])[0]


def upsert_node(graph: Graph, *, principal: Principal, kind: NodeKind, node_id: str,
                payload: dict[str, Any], expected: Precondition | None = None) -> tuple[dict[str, Any], bool]:
    """Create or replace a node by id (only at the `expected` version); True when it was created."""
    node, created = store.upsert_node(graph, kind=kind, node_id=node_id, payload=payload, who=principal.signature,
                                      authorize=policy.write_guard(principal), expected=expected)
    return shown_nodes(graph, principal, kind, [node])[0], created


def patch_node(graph: Graph, *, principal: Principal, kind: NodeKind, node_id: str, changes: dict[str, Any],
               note: str | None = None, expected: Precondition | None = None) -> dict[str, Any]:
    """Change the given fields of a node (a null clears an optional one), only at the `expected` version."""
    node = store.patch_node(graph, kind=kind, node_id=node_id, changes=changes, who=principal.signature,
                            authorize=policy.write_guard(principal), note=note, expected=expected)
    return shown_nodes(graph, principal, kind, [node])[0]


def patch_nodes_together(graph: Graph, *, principal: Principal, changes: list[tuple[NodeKind, str, dict[str, Any]]],
                         note: str | None = None) -> list[dict[str, Any]]:
    """Patch several nodes in one transaction, each change judged by the policy."""
    return store.patch_nodes_together(graph, changes=changes, who=principal.signature,
                                      authorize=policy.write_guard(principal), note=note)


def delete_node(graph: Graph, *, principal: Principal, kind: NodeKind, node_id: str, cascade: bool,
                expected: Precondition | None = None) -> dict[str, Any]:
    """Delete a node (and, with `cascade`, what it owns), judged on everything the delete touches."""
    return store.delete_node(graph, kind=kind, node_id=node_id, cascade=cascade, who=principal.signature,
                             authorize=policy.write_guard(principal), expected=expected)


def get_node(graph: Graph, *, principal: Principal, kind: NodeKind, node_id: str) -> dict[str, Any]:
    """One node as this principal may see it."""
    return shown_nodes(graph, principal, kind, [store.get_node(graph, kind=kind, node_id=node_id)])[0]


def list_nodes(graph: Graph, *, principal: Principal, kind: NodeKind, filters: dict[str, Any], limit: int,
               offset: int) -> tuple[list[dict[str, Any]], int]:
    """A page of nodes as this principal may see them, and the total matching the filters."""
    items, total = store.list_nodes(graph, kind=kind, filters=filters, limit=limit, offset=offset)
    return shown_nodes(graph, principal, kind, items), total
