"""Create, read, update and delete one relationship between two existing nodes.

Every write hands the access policy (the caller's `authorize`) a `Change` naming the type, the
properties before and after and the customers of both ends, inside its transaction, and is audited
under both ends' ids. A KNOWS tie's creation, strength change and removal is also kept as a
TieChange in the same transaction (graph/model.py), so "as of" answers judge a past tie by its
strength then.

Each write is a transaction-level function (`..._in(tx, ...)`) that the single routes run in their own
transaction and a batch (`powermap.services.batch`) runs with others in one: one implementation.

One edge per type and pair of ends: every type is keyed by (type, start, end). A relationship states
one fact about a pair (a tie, a seat in a chain, a reporting line); how it changed over time is kept
as history nodes (TieChange, Assessment), never as parallel edges, so create refuses a second edge
(409) and PUT replaces the one there is.

What comes back is the relationship's property bag (`dict[str, Any]`), on purpose: the API's
`RelationshipRead.properties` is that bag for every relationship type, and which properties a type
may carry is judged on the way in (`RelationshipWrite`), so there is no per-type row model to
validate into. The lookup of the two ends inside a write is typed (`_Ends`).
"""

import uuid
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import Conflict, NotFound
from powermap.graph import catalog
from powermap.graph.changes import Action, Authorize, Change
from powermap.graph.driver import Graph, single
from powermap.graph.model import Label, RelType
from powermap.graph.repositories.network_marks import mark_change
from powermap.graph.repositories.security import customers_of, record_audit
from powermap.models.relationships import missing_end
from powermap.models.security import Signature
from powermap.models.versions import Precondition, relationship_version


@dataclass(frozen=True)
class _Ends:
    """Both ends exist (`relationship/find`); the relationship's properties, None when there is none."""

    properties: dict[str, Any] | None


def _ends(
    tx: ManagedTransaction, rel_type: RelType, source: Label, target: Label, from_id: str, to_id: str
) -> _Ends:
    found = single(
        tx, catalog.template("relationship/find", source=source, target=target, type=rel_type),
        fromId=from_id, toId=to_id,
    )
    assert found is not None
    if not found["sourceExists"]:
        raise missing_end("from", from_id, [source])
    if not found["targetExists"]:
        raise missing_end("to", to_id, [target])
    return _Ends(properties=found["properties"])


def _check_version(expected: Precondition | None, rel_type: RelType, from_id: str, to_id: str,
                   properties: dict[str, Any] | None) -> None:
    """Refuse (412) a write `If-Match` does not allow; the stored properties are None when there is none."""
    if expected is not None:
        current = None if properties is None else relationship_version(rel_type.value, from_id, to_id, properties)
        expected.check(current, what=f"{rel_type.value} {from_id}->{to_id}")


def create_relationship_in(tx: ManagedTransaction, *, rel_type: RelType, source: Label, target: Label,
                           from_id: str, to_id: str, props: dict[str, Any], who: Signature,
                           authorize: Authorize) -> dict[str, Any]:
    """Create the relationship inside `tx`; 409 when one of this type already joins the two nodes."""
    if _ends(tx, rel_type, source, target, from_id, to_id).properties is not None:
        raise Conflict(f"{from_id} already has {rel_type.value} to {to_id}; update it instead")
    return _created(tx, rel_type, source, target, from_id, to_id, props, who, authorize)


def _created(tx: ManagedTransaction, rel_type: RelType, source: Label, target: Label, from_id: str, to_id: str,
             props: dict[str, Any], who: Signature, authorize: Authorize) -> dict[str, Any]:
    statement = catalog.template("relationship/create", source=source, target=target, type=rel_type)
    written = single(tx, statement, fromId=from_id, toId=to_id, props=props)
    assert written is not None, "the ends were just found"
    created: dict[str, Any] = written["properties"]
    _judge_and_audit(tx, Action.CREATE, rel_type, (source, from_id), (target, to_id), None, created, who, authorize)
    return created


def _judge_and_audit(tx: ManagedTransaction, action: Action, rel_type: RelType, start: tuple[Label, str],
                     end: tuple[Label, str], before: dict[str, Any] | None, after: dict[str, Any] | None,
                     who: Signature,
                     authorize: Authorize) -> None:
    """Let the policy judge the write, keep a tie's history, then audit it under both ends' ids."""
    (_, from_id), (_, to_id) = start, end
    customers = set().union(*customers_of(tx, [start, end]).values())
    change = Change(action=action, label=None, entity_id=f"{from_id}->{to_id}", before=before, after=after,
                    relationship_types=frozenset({rel_type}), customers=frozenset(customers))
    authorize(change)
    mark_change(tx, change)
    _record_tie_change(tx, rel_type, from_id, to_id, before, after)
    for entity_id in (from_id, to_id):
        record_audit(tx, who=who, action=f"{action.value} {rel_type.value} {from_id}->{to_id}",
                     label=rel_type.value, entity_id=entity_id, before=before, after=after)


def _record_tie_change(tx: ManagedTransaction, rel_type: RelType, from_id: str, to_id: str,
                       before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    """Keep a KNOWS tie's new strength (None once removed) beside the one it replaced."""
    if rel_type is not RelType.KNOWS:
        return
    strength, previous = (after or {}).get("strength"), (before or {}).get("strength")
    if before is not None and after is not None and strength == previous:
        return
    single(tx, catalog.query("tie/record_change"), id=f"tie-{uuid.uuid4().hex[:16]}", employeeId=from_id,
           stakeholderId=to_id, strength=strength, previousStrength=previous,
           since=(after or {}).get("since") if before is None else None,
           lastContact=(after or before or {}).get("lastContact"))


def update_relationship_in(tx: ManagedTransaction, *, rel_type: RelType, source: Label, target: Label,
                           from_id: str, to_id: str, props: dict[str, Any], who: Signature,
                           authorize: Authorize, expected: Precondition | None = None) -> dict[str, Any]:
    """Change some properties of an existing relationship inside `tx` (a null removes one), only at the
    `expected` version."""
    before = _ends(tx, rel_type, source, target, from_id, to_id).properties
    if before is None:
        raise NotFound(f"{from_id} has no {rel_type.value} to {to_id}")
    _check_version(expected, rel_type, from_id, to_id, before)
    return _rewritten(tx, "relationship/update", rel_type, source, target, from_id, to_id, before, props, who,
                      authorize)


def put_relationship_in(tx: ManagedTransaction, *, rel_type: RelType, source: Label, target: Label,
                        from_id: str, to_id: str, props: dict[str, Any], who: Signature,
                        authorize: Authorize, expected: Precondition | None = None) -> tuple[dict[str, Any], bool]:
    """Create the relationship, or replace its properties with exactly `props` (only at the `expected`
    version); True when created."""
    before = _ends(tx, rel_type, source, target, from_id, to_id).properties
    _check_version(expected, rel_type, from_id, to_id, before)
    if before is None:
        return _created(tx, rel_type, source, target, from_id, to_id, props, who, authorize), True
    return _rewritten(tx, "relationship/replace", rel_type, source, target, from_id, to_id, before, props, who,
                      authorize), False


def _rewritten(tx: ManagedTransaction, statement_name: str, rel_type: RelType, source: Label, target: Label,
               from_id: str, to_id: str, before: dict[str, Any], props: dict[str, Any], who: Signature,
               authorize: Authorize) -> dict[str, Any]:
    statement = catalog.template(statement_name, source=source, target=target, type=rel_type)
    written = single(tx, statement, fromId=from_id, toId=to_id, props=props)
    assert written is not None, "the relationship was just found"
    after: dict[str, Any] = written["properties"]
    _judge_and_audit(tx, Action.UPDATE, rel_type, (source, from_id), (target, to_id), before, after, who, authorize)
    return after


def _get(tx: ManagedTransaction, rel_type: RelType, source: Label, target: Label,
         from_id: str, to_id: str) -> dict[str, Any]:
    properties = _ends(tx, rel_type, source, target, from_id, to_id).properties
    if properties is None:
        raise NotFound(f"{from_id} has no {rel_type.value} to {to_id}")
    return properties


def delete_relationship_in(tx: ManagedTransaction, *, rel_type: RelType, source: Label, target: Label,
                           from_id: str, to_id: str, who: Signature, authorize: Authorize,
                           expected: Precondition | None = None) -> None:
    """Delete an existing relationship inside `tx`, only at the `expected` version."""
    before = _get(tx, rel_type, source, target, from_id, to_id)
    _check_version(expected, rel_type, from_id, to_id, before)
    statement = catalog.template("relationship/delete", source=source, target=target, type=rel_type)
    single(tx, statement, fromId=from_id, toId=to_id)
    _judge_and_audit(tx, Action.DELETE, rel_type, (source, from_id), (target, to_id), before, None, who, authorize)


def create_relationship(graph: Graph, *, rel_type: RelType, source: Label, target: Label,
                        from_id: str, to_id: str, props: dict[str, Any], who: Signature,
                        authorize: Authorize) -> dict[str, Any]:
    """Create the relationship; 409 when one of this type already joins the two nodes."""
    return graph.write(create_relationship_in, rel_type=rel_type, source=source, target=target, from_id=from_id,
                       to_id=to_id, props=props, who=who, authorize=authorize)


def update_relationship(graph: Graph, *, rel_type: RelType, source: Label, target: Label,
                        from_id: str, to_id: str, props: dict[str, Any], who: Signature,
                        authorize: Authorize, expected: Precondition | None = None) -> dict[str, Any]:
    """Change some properties of an existing relationship (a null removes one), only at the `expected` version."""
    return graph.write(update_relationship_in, rel_type=rel_type, source=source, target=target, from_id=from_id,
                       to_id=to_id, props=props, who=who, authorize=authorize, expected=expected)


def put_relationship(graph: Graph, *, rel_type: RelType, source: Label, target: Label,
                     from_id: str, to_id: str, props: dict[str, Any], who: Signature,
                     authorize: Authorize, expected: Precondition | None = None) -> tuple[dict[str, Any], bool]:
    """Create or replace the relationship keyed by type and ends (only at the `expected` version); True
    when it was created."""
    return graph.write(put_relationship_in, rel_type=rel_type, source=source, target=target, from_id=from_id,
                       to_id=to_id, props=props, who=who, authorize=authorize, expected=expected)


def get_relationship(graph: Graph, *, rel_type: RelType, source: Label, target: Label,
                     from_id: str, to_id: str) -> dict[str, Any]:
    """The properties of an existing relationship."""
    return graph.read(_get, rel_type, source, target, from_id, to_id)


def delete_relationship(graph: Graph, *, rel_type: RelType, source: Label, target: Label,
                        from_id: str, to_id: str, who: Signature, authorize: Authorize,
                        expected: Precondition | None = None) -> None:
    """Delete an existing relationship, only at the `expected` version."""
    graph.write(delete_relationship_in, rel_type=rel_type, source=source, target=target, from_id=from_id,
                to_id=to_id, who=who, authorize=authorize, expected=expected)
