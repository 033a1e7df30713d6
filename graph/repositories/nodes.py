"""Generic create/read/update/delete for every node kind, with its link fields.

A write is one managed transaction: the node, its links and the history it implies (an Assessment
when a stakeholder's stance or influence changes, a StageChange when a project moves) commit or
roll back together.

Each write by id is a transaction-level function (`upsert_node_in`, `patch_node_in`, `delete_node_in`)
that the single routes run in their own transaction and a batch (`powermap.services.batch`) runs with
others in one, so the policy, the write checks, the history and the audit are the same both ways.

Nodes come back as property dicts (`dict[str, Any]`), on purpose: this is one generic CRUD over
fourteen kinds whose read models are made at run time from the kind table (`powermap.models.nodes`),
which a type checker cannot follow; the routers validate each dict into its kind's `read` model
(`response_model`), and the write checks (the bid gate) see the same dicts before and after. The
typed boundary holds for every question-specific read (the other repository modules).
"""

import uuid
from collections.abc import Callable
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from powermap.errors import Conflict, InvalidValue, NotFound
from powermap.graph import catalog
from powermap.graph.changes import Action, Authorize, Change
from powermap.graph.driver import Graph, rows, single
from powermap.graph.model import Label, RelType
from powermap.graph.repositories.network_marks import mark_change
from powermap.graph.repositories.security import customers_of, record_audit
from powermap.models.nodes import Link, NodeKind, as_properties, link_values
from powermap.models.security import Signature
from powermap.models.versions import Precondition, version_of

# Checks a service may hang on a label's writes (the bid gate on projects); they run inside the
# write transaction, see the node before and after and the write's context (actor, note), may
# adjust the context, and raise to refuse the change.
WriteCheck = Callable[[ManagedTransaction, dict[str, Any] | None, dict[str, Any], dict[str, Any]], None]
WRITE_CHECKS: dict[Label, list[WriteCheck]] = {}


def new_id(kind: NodeKind) -> str:
    """A server-chosen id: the kind's prefix and 16 random hex digits."""
    return f"{kind.id_prefix}-{uuid.uuid4().hex[:16]}"


def _links_param(kind: NodeKind) -> list[dict[str, Any]]:
    return [
        {"field": link.field, "type": link.type.value, "other": link.other.value,
         "incoming": link.incoming}
        for link in kind.links
    ]


def _readable(kind: NodeKind, record: dict[str, Any]) -> dict[str, Any]:
    """The node as the API shows it: properties, link fields and the version of both."""
    node = dict(record["node"])
    for entry in record["links"]:
        link = kind.link(entry["field"])
        ids = sorted(entry["ids"])
        node[link.field] = ids if link.many else (ids[0] if ids else None)
    node["version"] = version_of(node)
    return node


def _replace_link(tx: ManagedTransaction, kind: NodeKind, node_id: str, link: Link, value: Any) -> None:
    wanted = sorted(set(value or [])) if link.many else ([value] if value else [])
    if link.incoming:
        statement = catalog.template(
            "link/replace_incoming", source=link.other, target=kind.label, type=link.type
        )
    else:
        statement = catalog.template(
            "link/replace_outgoing", source=kind.label, target=link.other, type=link.type
        )
    found = single(tx, statement, nodeId=node_id, otherIds=wanted)
    missing = sorted(set(wanted) - set(found["linked"] if found else []))
    if missing:
        raise InvalidValue(
            f"no {link.other.value} with id {', '.join(missing)}", field=link.field
        )


def _record_history(
    tx: ManagedTransaction, kind: NodeKind, before: dict[str, Any] | None, after: dict[str, Any], actor: str | None,
    note: str | None,
) -> None:
    if kind.label is Label.STAKEHOLDER:
        old = before or {}
        # A new person's first stance or influence is their first judgement, dated at createdAt.
        first = before is None and (after.get("stance") is not None or after.get("influence") is not None)
        changed = before is not None and (
            old.get("stance") != after.get("stance") or old.get("influence") != after.get("influence")
        )
        if first or changed:
            single(
                tx, catalog.query("assessment/record_change"),
                id=f"asm-{uuid.uuid4().hex[:16]}", stakeholderId=after["id"], first=first,
                previousStance=old.get("stance"), previousInfluence=old.get("influence"),
                byId=actor, note=note,
            )
    if kind.label is Label.PROJECT and (before or {}).get("stage") != after.get("stage"):
        single(
            tx, catalog.query("project/record_stage_change"),
            id=f"stg-{uuid.uuid4().hex[:16]}", projectId=after["id"], stage=after.get("stage"),
            fromStage=(before or {}).get("stage"), by=actor, overrideReason=note,
        )


def _link_targets(kind: NodeKind, node: dict[str, Any] | None) -> set[tuple[Label, str]]:
    """The nodes a readable node's link fields point at."""
    found: set[tuple[Label, str]] = set()
    for link in kind.links:
        value = (node or {}).get(link.field)
        for other in (value if link.many else [value]) if value else []:
            found.add((link.other, other))
    return found


def _changed_types(kind: NodeKind, before: dict[str, Any] | None, after: dict[str, Any]) -> frozenset[RelType]:
    def ids(node: dict[str, Any] | None, link: Link) -> set[str]:
        value = (node or {}).get(link.field)
        return set(value or []) if link.many else ({value} if value else set())
    return frozenset(link.type for link in kind.links if ids(before, link) != ids(after, link))


def _write(
    tx: ManagedTransaction, *, kind: NodeKind, statement_name: str, node_id: str,
    payload: dict[str, Any], replace_all_links: bool, who: Signature, authorize: Authorize,
    note: str | None, expected: Precondition | None = None,
) -> tuple[dict[str, Any], bool]:
    props, links = link_values(kind, payload)
    stored_before = _get(tx, kind, node_id)
    readable_before = _readable(kind, stored_before) if stored_before else None
    if expected is not None and (readable_before is not None or statement_name != "node/patch"):
        # A patch of a missing node is a 404 whatever If-Match says (RFC 9110 13.2.1).
        expected.check(readable_before["version"] if readable_before else None,
                       what=f"{kind.label.value} {node_id}")
    touched = _link_targets(kind, readable_before) | _link_targets(kind, links)
    if stored_before is not None:
        touched.add((kind.label, node_id))
    customers_before = customers_of(tx, touched)
    result = single(
        tx, catalog.template(statement_name, label=kind.label), id=node_id,
        props=as_properties(props),
    )
    if result is None:
        raise NotFound(f"no {kind.label.value} with id {node_id}", field="id")
    before = result.get("before")
    for link in kind.links:
        if link.field in links and (replace_all_links or before is not None or links[link.field]):
            _replace_link(tx, kind, node_id, link, links[link.field])
    current = _get(tx, kind, node_id)
    assert current is not None
    readable = _readable(kind, current)
    customers = set().union(*customers_before.values(), *customers_of(tx, [(kind.label, node_id)]).values())
    change = Change(action=Action.CREATE if before is None else Action.UPDATE, label=kind.label,
                    entity_id=node_id, before=readable_before, after=readable,
                    relationship_types=_changed_types(kind, readable_before, readable),
                    customers=frozenset(customers))
    authorize(change)
    mark_change(tx, change)
    # Judged on what the write stored (a patch merged into the record), after the policy so a
    # refused caller learns nothing about the record; raising rolls the whole write back.
    kind.refuse_contradictions(readable)
    context: dict[str, Any] = {"actor": who.employee_id, "note": note}
    for check in WRITE_CHECKS.get(kind.label, []):
        check(tx, before, result["node"], context)
    _record_history(tx, kind, before, result["node"], context["actor"], context["note"])
    record_audit(tx, who=who, action="create" if before is None else "update",
                 label=kind.label.value, entity_id=node_id, before=before, after=result["node"])
    return readable, before is None


def _constraint_conflict(kind: NodeKind, node_id: str, error: ConstraintError) -> Conflict:
    return Conflict(f"{kind.label.value} {node_id} already exists ({error.message})", field="id")


def create_node(
    graph: Graph, *, kind: NodeKind, payload: dict[str, Any], who: Signature, authorize: Authorize,
    note: str | None = None,
) -> dict[str, Any]:
    """Create a node with a server-chosen id."""
    node_id = new_id(kind)
    try:
        node, _ = graph.write(
            _write, kind=kind, statement_name="node/create", node_id=node_id, payload=payload,
            replace_all_links=False, who=who, authorize=authorize, note=note,
        )
    except ConstraintError as error:
        raise _constraint_conflict(kind, node_id, error) from error
    return node


def upsert_node_in(
    tx: ManagedTransaction, *, kind: NodeKind, node_id: str, payload: dict[str, Any], who: Signature,
    authorize: Authorize, note: str | None = None, expected: Precondition | None = None,
) -> tuple[dict[str, Any], bool]:
    """Create or replace the node with a client-chosen id inside `tx` (only at the `expected` version);
    True when it was created."""
    return _write(tx, kind=kind, statement_name="node/upsert", node_id=node_id, payload=payload,
                  replace_all_links=True, who=who, authorize=authorize, note=note, expected=expected)


def upsert_node(
    graph: Graph, *, kind: NodeKind, node_id: str, payload: dict[str, Any], who: Signature,
    authorize: Authorize, note: str | None = None, expected: Precondition | None = None,
) -> tuple[dict[str, Any], bool]:
    """Create or replace the node with a client-chosen id (only at the `expected` version); True when created."""
    try:
        return graph.write(upsert_node_in, kind=kind, node_id=node_id, payload=payload, who=who,
                           authorize=authorize, note=note, expected=expected)
    except ConstraintError as error:
        raise _constraint_conflict(kind, node_id, error) from error


def patch_node_in(
    tx: ManagedTransaction, *, kind: NodeKind, node_id: str, changes: dict[str, Any], who: Signature,
    authorize: Authorize, note: str | None = None, expected: Precondition | None = None,
) -> dict[str, Any]:
    """Change only the given properties and links inside `tx` (only at the `expected` version)."""
    node, _ = _write(tx, kind=kind, statement_name="node/patch", node_id=node_id, payload=changes,
                     replace_all_links=False, who=who, authorize=authorize, note=note, expected=expected)
    return node


def patch_node(
    graph: Graph, *, kind: NodeKind, node_id: str, changes: dict[str, Any], who: Signature,
    authorize: Authorize, note: str | None = None, expected: Precondition | None = None,
) -> dict[str, Any]:
    """Change only the given properties and links (only at the `expected` version)."""
    return graph.write(patch_node_in, kind=kind, node_id=node_id, changes=changes, who=who, authorize=authorize,
                       note=note, expected=expected)


def _get(tx: ManagedTransaction, kind: NodeKind, node_id: str) -> dict[str, Any] | None:
    return single(
        tx, catalog.template("node/get", label=kind.label), id=node_id, links=_links_param(kind)
    )


def get_node(graph: Graph, *, kind: NodeKind, node_id: str) -> dict[str, Any]:
    """One node by id, or NotFound."""
    record = graph.read(_get, kind=kind, node_id=node_id)
    if record is None:
        raise NotFound(f"no {kind.label.value} with id {node_id}", field="id")
    return _readable(kind, record)


def _page(
    tx: ManagedTransaction, kind: NodeKind, filters: dict[str, Any], limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    found = rows(
        tx, catalog.template("node/list", label=kind.label), filters=filters, limit=limit,
        offset=offset, links=_links_param(kind),
    )
    total = single(tx, catalog.template("node/count", label=kind.label), filters=filters)
    return [_readable(kind, record) for record in found], int(total["total"]) if total else 0


def list_nodes(
    graph: Graph, *, kind: NodeKind, filters: dict[str, Any], limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of nodes in id order and the total that match the filters."""
    return graph.read(_page, kind=kind, filters=as_properties(filters), limit=limit, offset=offset)


def _delete_impact(
    tx: ManagedTransaction, kind: NodeKind, node_id: str, cascade: bool
) -> tuple[set[tuple[Label, str]], set[RelType]]:
    found = single(tx, catalog.template("node/delete_impact", label=kind.label), id=node_id, cascade=cascade)
    assert found is not None
    touched = {(Label(entry["label"]), entry["id"]) for entry in [*found["removed"], *found["ends"]]}
    return touched, {RelType(name) for name in found["types"]}


def delete_node_in(tx: ManagedTransaction, *, kind: NodeKind, node_id: str, cascade: bool, who: Signature,
                   authorize: Authorize, expected: Precondition | None = None) -> dict[str, Any]:
    """Delete a node inside `tx` (only at the `expected` version); with dependents only when `cascade`
    (which also removes what it owns)."""
    found = single(tx, catalog.template("node/dependents", label=kind.label), id=node_id)
    if found is None:
        raise NotFound(f"no {kind.label.value} with id {node_id}", field="id")
    if expected is not None:
        stored = _get(tx, kind, node_id)
        expected.check(_readable(kind, stored)["version"] if stored else None, what=f"{kind.label.value} {node_id}")
    dependents = found["dependents"]
    if dependents and not cascade:
        listed = ", ".join(f"{entry['count']} {entry['type']}" for entry in dependents)
        raise Conflict(
            f"{kind.label.value} {node_id} has dependents ({listed}); "
            "delete them first or pass cascade=true",
            field="cascade",
            detail={"dependents": dependents},
        )
    before = _get(tx, kind, node_id)
    assert before is not None
    touched, types = _delete_impact(tx, kind, node_id, cascade)
    change = Change(action=Action.DELETE, label=kind.label, entity_id=node_id, before=_readable(kind, before),
                    after=None, relationship_types=frozenset(types),
                    customers=frozenset(set().union(*customers_of(tx, touched).values())))
    authorize(change)
    mark_change(tx, change)
    record_audit(tx, who=who, action="delete" + (" cascade" if cascade else ""),
                 label=kind.label.value, entity_id=node_id, before=before["node"], after=None)
    if cascade:
        result = single(tx, catalog.template("node/delete_cascade", label=kind.label), id=node_id)
        return {"deleted": node_id, "ownedDeleted": result["ownedDeleted"] if result else 0}
    single(tx, catalog.template("node/delete", label=kind.label), id=node_id)
    return {"deleted": node_id, "ownedDeleted": 0}


def delete_node(graph: Graph, *, kind: NodeKind, node_id: str, cascade: bool, who: Signature,
                authorize: Authorize, expected: Precondition | None = None) -> dict[str, Any]:
    """Delete a node (only at the `expected` version); with dependents only when `cascade` (which also
    removes what it owns)."""
    return graph.write(delete_node_in, kind=kind, node_id=node_id, cascade=cascade, who=who, authorize=authorize,
                       expected=expected)


def _write_together(tx: ManagedTransaction, changes: list[tuple[NodeKind, str, dict[str, Any]]],
                    who: Signature, authorize: Authorize, note: str | None) -> list[dict[str, Any]]:
    return [patch_node_in(tx, kind=kind, node_id=node_id, changes=payload, who=who, authorize=authorize, note=note)
            for kind, node_id, payload in changes]


def patch_nodes_together(graph: Graph, *, changes: list[tuple[NodeKind, str, dict[str, Any]]], who: Signature,
                         authorize: Authorize, note: str | None = None) -> list[dict[str, Any]]:
    """Patch several nodes in one transaction (an activity done with the stance change it observed)."""
    return graph.write(_write_together, changes, who, authorize, note)
