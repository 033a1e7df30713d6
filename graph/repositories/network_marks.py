"""Change markers for the network power cache: how a cached analysis knows it is still current.

Every write transaction that changes what a customer's network power is computed from gives that
customer's marker (a `(:NetworkMark {key: customerId})` node) a new random token, inside the same
transaction, so the marker and the data commit together. The cache keeps an analysis with the tokens
it was read under (in the same read transaction as its input) and serves it only while they are
unchanged: a cache hit reads two small nodes instead of the customer's whole graph.

What counts as input (graph/repositories/network_power.py reads it): a customer's name, its org
units and their `PART_OF` ties, its people and their `WORKS_IN`, `REPORTS_TO`, `INFLUENCES`,
`CONFLICTS_WITH` and `ALIGNED_WITH` ties, and competitors' names. The single writes mark from the
`Change` the access policy judges (its `customers` hold the customers before and after the write,
so a person moving from one customer to another marks both); a change that belongs to no customer
(a competitor's name) and every bulk write (import, undo of an import, seed loading) mark the
shared key `*` that every customer's analysis depends on: imports are rare and large, so their
writes invalidate every cached analysis rather than being traced customer by customer.

A token is random rather than a counter: a database emptied and loaded again (tests, a restore)
never repeats a token a process still holds. A customer whose markers were never set (data written
by Cypher outside Powermap and no Powermap write since) is computed on every request, never cached.
Writes made outside Powermap (Cypher in Neo4j Browser) are seen at the next Powermap write to the
customer, or at once when no marker exists.
"""

from neo4j import ManagedTransaction

from powermap.graph import catalog
from powermap.graph.changes import Change
from powermap.graph.driver import single
from powermap.graph.model import Label, RelType

EVERY_CUSTOMER = "*"
NETWORK_LABELS = frozenset({Label.CUSTOMER, Label.ORG_UNIT, Label.STAKEHOLDER, Label.COMPETITOR})
NETWORK_TYPES = frozenset({RelType.PART_OF, RelType.WORKS_IN, RelType.REPORTS_TO, RelType.INFLUENCES,
                           RelType.CONFLICTS_WITH, RelType.ALIGNED_WITH})

# (the customer's own token, the token of every customer); None where no write has set it.
Marks = tuple[str | None, str | None]


def touches_network(change: Change) -> bool:
    """True when the write may change some customer's network power input."""
    return change.label in NETWORK_LABELS or bool(change.relationship_types & NETWORK_TYPES)


def mark_change(tx: ManagedTransaction, change: Change) -> None:
    """Mark the customers a judged single write touches, when it touches network power input."""
    if touches_network(change):
        mark(tx, sorted(change.customers) or [EVERY_CUSTOMER])


def mark_every_customer(tx: ManagedTransaction) -> None:
    """Mark every customer: a bulk write (import, undo, seeds)."""
    mark(tx, [EVERY_CUSTOMER])


def mark(tx: ManagedTransaction, keys: list[str]) -> None:
    single(tx, catalog.query("network_power/mark_changed"), keys=keys)


def marks_in(tx: ManagedTransaction, customer_id: str) -> Marks:
    """The markers a customer's analysis depends on, read inside `tx`."""
    found = single(tx, catalog.query("network_power/marks"), customerId=customer_id)
    return (found["own"], found["every"]) if found else (None, None)
