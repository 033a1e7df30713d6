"""What a write is about to do, described by the data layer for the access policy to judge.

A repository builds a `Change` inside the write's own transaction, from what it read and wrote
there, and hands it to the `authorize` callback its caller passed in. The callback raises to refuse,
which rolls the whole transaction back. So the policy always judges the data the write really
touches (a cascade's far ends, a link's old and new targets), with no gap between check and write.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from powermap.graph.model import Label, RelType


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Change:
    """One node or relationship write.

    `before` and `after` are the stored values with link fields (None where the node did not or will
    not exist); `relationship_types` are the types the write creates or removes (changed links,
    the relationship itself, everything a delete detaches); `customers` are the customers of every
    node the write touches (the node before and after, old and new link targets, what a cascade
    removes and the far ends of what it detaches).
    """

    action: Action
    label: Label | None
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    relationship_types: frozenset[RelType] = field(default_factory=frozenset)
    customers: frozenset[str] = field(default_factory=frozenset)

    def changed(self, name: str) -> bool:
        """True when the write gives `name` a value other than the one it had."""
        return (self.before or {}).get(name) != (self.after or {}).get(name)


Authorize = Callable[[Change], None]
