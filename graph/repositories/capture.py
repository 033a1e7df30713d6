"""Captured interactions, e-mail aliases and capture exclusions (graph/model.py, "Captured signals").

Every write builds a `Change` inside its own transaction and hands it to the caller's `authorize`
(the access policy); an interaction is judged by the customers of the stakeholders on it. Each
interaction created or changed gets an audit entry in the same transaction; one a re-capture leaves
as it was gets none, so capturing twice writes and logs nothing the second time.

A thread's messages are stored as one JSON list on the interaction (`messages`: per message its
time, a hash of its Message-ID, the sender's and recipients' ids, people we could not match left
out), so a re-capture that brings more of a thread adds them and direction can be judged "as of".
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.changes import Action, Authorize, Change
from powermap.graph.driver import Graph, rows, single
from powermap.graph.model import Label
from powermap.graph.repositories.security import audit_entry, customers_of, record_audits
from powermap.models.capture import AliasRead, MatchedPerson
from powermap.models.security import Signature

SEARCH_PHRASES = 100  # phrases per full-text query (Lucene refuses a query of over 1,024 clauses)
AUDITED = ("kind", "source", "at", "participantCount", "direction", "privacy", "subject", "messages",
           "employees", "stakeholders")


@dataclass(frozen=True)
class Known:
    """What the graph knows about the addresses of a capture."""

    people: list[MatchedPerson]  # one per (address, person)
    excluded_addresses: frozenset[str]  # captured addresses excluded themselves
    excluded_people: frozenset[str]  # people one of whose addresses is excluded
    customer_domains: dict[str, list[str]]


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def address_hash(address: str) -> str:
    """How an exclusion names an address: its SHA-256, so the exclusion list holds no address."""
    return hashlib.sha256(address.encode()).hexdigest()


def email_searches(texts: Iterable[str]) -> list[str]:
    """Full-text queries on the person_email index whose hits include every person whose address is, or
    whose domain is, one of the texts (lower-cased and trimmed as capture compares them).

    Each text is a quoted phrase (its tokens in order), a quote or a backslash in it escaped, so a
    captured address cannot change the query; `SEARCH_PHRASES` phrases make one query, well inside
    Lucene's limit on clauses. The index lower-cases one character at a time, where Python and Cypher
    lower-case whole words: a capital dotted I becomes "i" there and "i" plus a combining dot here, and
    a final capital sigma the medial small sigma there and the final one here. So a text holding either
    is also sent folded that way."""
    variants = {variant for text in texts for variant in (text, _folded_as_indexed(text))}
    phrases = ['"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' for text in sorted(variants)]
    return [" OR ".join(phrases[start:start + SEARCH_PHRASES]) for start in range(0, len(phrases), SEARCH_PHRASES)]


def _folded_as_indexed(text: str) -> str:
    return text.replace("i\N{COMBINING DOT ABOVE}", "i").replace("\N{GREEK SMALL LETTER FINAL SIGMA}",
                                                                   "\N{GREEK SMALL LETTER SIGMA}")


def person_addresses(graph: Graph, *, person_id: str) -> tuple[Label, list[str]]:
    """A person's label and every address they are known by; NotFound for an unknown id."""
    found = graph.read(lambda tx: single(tx, catalog.query("capture/person"), id=person_id))
    if found is None:
        raise NotFound(f"no Employee or Stakeholder with id {person_id}", field="personId")
    return Label(found["label"]), list(found["addresses"])


def known(graph: Graph, *, addresses: list[str], domains: list[str]) -> Known:
    """The people the addresses belong to, which addresses and people are excluded, and customer domains."""
    def work(tx: ManagedTransaction) -> Known:
        found = rows(tx, catalog.query("capture/people_by_address"), addresses=addresses,
                     searches=email_searches(addresses))
        wanted = set(addresses)
        every = wanted | {address for row in found for address in row["addresses"]}
        hashes = {address: address_hash(address) for address in every}
        excluded_rows = single(tx, catalog.query("capture/excluded"), hashes=sorted(hashes.values()))
        excluded = set(excluded_rows["hashes"]) if excluded_rows else set()
        domain_rows = rows(tx, catalog.query("capture/customer_domains"), domains=domains,
                           searches=email_searches(domains))
        return Known(
            people=[MatchedPerson(address=address, id=row["id"], label=row["label"])
                    for row in found for address in row["addresses"] if address in wanted],
            excluded_addresses=frozenset(a for a in wanted if hashes[a] in excluded),
            excluded_people=frozenset(row["id"] for row in found
                                      if any(hashes[a] in excluded for a in row["addresses"])),
            customer_domains={row["domain"]: sorted(row["customerIds"]) for row in domain_rows})
    return graph.read(work)


def thread_direction(messages: list[dict[str, Any]], employees: set[str], stakeholders: set[str]) -> str:
    """`two_way` when one of ours and one of theirs each wrote to the other, else `outbound` (only we
    wrote), `inbound` (only they wrote) or `none` (nobody wrote across)."""
    ours = any(m["sender"] in employees and stakeholders & set(m["recipients"]) for m in messages)
    theirs = any(m["sender"] in stakeholders and employees & set(m["recipients"]) for m in messages)
    return "two_way" if ours and theirs else "outbound" if ours else "inbound" if theirs else "none"


def _merged_messages(stored: str | None, captured: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_key = {message["key"]: message for message in json.loads(stored or "[]")}
    by_key.update({message["key"]: message for message in captured})
    return sorted(by_key.values(), key=lambda m: (m["at"], m["key"]))


def _audit_values(props: dict[str, Any], employees: list[str], stakeholders: list[str]) -> dict[str, Any]:
    values = {**props, "employees": sorted(employees), "stakeholders": sorted(stakeholders)}
    return {name: values.get(name) for name in AUDITED if values.get(name) is not None}


def _save(tx: ManagedTransaction, interactions: list[dict[str, Any]], authorize: Authorize,
          who: Signature) -> WriteCounts:
    existing = {row["interaction"]["id"]: row for row in rows(tx, catalog.query("capture/existing"),
                                                                ids=[i["id"] for i in interactions])}
    owners = customers_of(tx, {(Label.STAKEHOLDER, s) for i in interactions for s in i["stakeholders"]})
    counts, written, audit = WriteCounts(), [], []
    for interaction in interactions:
        stored = existing.get(interaction["id"])
        props = dict(interaction["props"])
        employees, stakeholders = set(interaction["employees"]), set(interaction["stakeholders"])
        before = None
        if stored is not None:
            old = {k: v for k, v in stored["interaction"].items() if k not in ("createdAt", "updatedAt", "capturedAt")}
            before = _audit_values(old, stored["employees"], stored["stakeholders"])
            if props["kind"] == "thread":
                messages = _merged_messages(old.get("messages"), interaction["messages"])
                props["messages"] = json.dumps(messages, sort_keys=True)
                props["at"] = datetime.fromisoformat(max(m["at"] for m in messages))
                props["startedAt"] = datetime.fromisoformat(min(m["at"] for m in messages))
                employees |= set(stored["employees"])
                stakeholders |= set(stored["stakeholders"])
                props["direction"] = thread_direction(messages, employees, stakeholders)
        elif props["kind"] == "thread":
            props["messages"] = json.dumps(sorted(interaction["messages"], key=lambda m: (m["at"], m["key"])),
                                           sort_keys=True)
        after = _audit_values(props, list(employees), list(stakeholders))
        if before is not None and _comparable(before) == _comparable(after):
            counts.unchanged += 1
            continue
        customers = frozenset(c for s in stakeholders for c in owners.get(s, set()))
        authorize(Change(action=Action.CREATE if before is None else Action.UPDATE, label=Label.INTERACTION,
                         entity_id=interaction["id"], before=before, after=after, customers=customers))
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
        written.append({"id": interaction["id"], "props": props, "employees": sorted(employees),
                        "stakeholders": sorted(stakeholders)})
        audit.append(audit_entry("capture " + ("create" if before is None else "update"), Label.INTERACTION.value,
                                 interaction["id"], before, after))
    if written:
        single(tx, catalog.query("capture/merge_interactions"), rows=written)
        record_audits(tx, who=who, entries=audit)
    return counts


def _comparable(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, default=str)


def save_interactions(graph: Graph, *, interactions: list[dict[str, Any]], authorize: Authorize,
                      who: Signature) -> WriteCounts:
    """Create or update captured interactions in one transaction (all judged, all audited, or none)."""
    return graph.write(_save, interactions, authorize, who)


def save_alias(graph: Graph, *, address: str, person_id: str, authorize: Authorize, who: Signature) -> AliasRead:
    """Record that `address` is also `person_id`'s (an employee's alias is judged as a change of the
    Employee record: it decides whose meetings are theirs; a stakeholder's by their customers)."""
    def work(tx: ManagedTransaction) -> AliasRead:
        person = single(tx, catalog.query("capture/person"), id=person_id)
        if person is None:
            raise NotFound(f"no Employee or Stakeholder with id {person_id}", field="personId")
        previous = single(tx, catalog.query("capture/alias_owner"), address=address) or {}
        ends = [(Label(person["label"]), person_id)]
        if previous.get("personId"):
            ends.append((Label(previous["label"]), previous["personId"]))
        owners = customers_of(tx, ends)
        employee = next((node_id for label, node_id in ends if label is Label.EMPLOYEE), None)
        before = {"personId": previous["personId"]} if previous.get("personId") else None
        authorize(Change(action=Action.CREATE if before is None else Action.UPDATE,
                         label=Label.EMPLOYEE if employee else Label.EMAIL_ALIAS,
                         entity_id=employee or address, before=before, after={"personId": person_id},
                         customers=frozenset(c for found in owners.values() for c in found)))
        saved = single(tx, catalog.query("capture/save_alias"), address=address, personId=person_id)
        assert saved is not None, "capture/save_alias returns the alias of a person that exists"
        record_audits(tx, who=who, entries=[
            audit_entry("alias", Label.EMAIL_ALIAS.value, person_id, before, {"personId": person_id})])
        return AliasRead.model_validate(saved)
    return graph.write(work)


def _forget(tx: ManagedTransaction, person_id: str) -> tuple[int, int]:
    found = rows(tx, catalog.query("capture/interactions_of_person"), id=person_id)
    updated = []
    for row in found:
        messages = [{**m, "sender": None if m.get("sender") == person_id else m.get("sender"),
                     "recipients": [r for r in m.get("recipients", []) if r != person_id]}
                    for m in json.loads(row["messages"] or "[]")]
        updated.append({"id": row["id"], "messages": json.dumps(messages, sort_keys=True) if row["messages"] else None})
    if not updated:
        return 0, 0
    result = single(tx, catalog.query("capture/forget_person"), rows=updated, id=person_id) or {}
    deleted = int(result.get("deleted") or 0)
    return int(result.get("left") or 0) - deleted, deleted


def exclude(graph: Graph, *, hashes: list[str], person: tuple[Label, str] | None, authorize: Authorize,
            who: Signature, drop_aliases: bool = False) -> tuple[int, int]:
    """Exclude address hashes from capture and remove the person (when known) from their interactions
    (and, for erasure, delete their aliases).

    Returns (interactions the person was removed from, interactions deleted with nobody left)."""
    def work(tx: ManagedTransaction) -> tuple[int, int]:
        owners = customers_of(tx, [person]) if person else {}
        authorize(Change(action=Action.CREATE, label=Label.CAPTURE_EXCLUSION, entity_id=person[1] if person else "",
                         before=None, after={"addresses": len(hashes)},
                         customers=frozenset(c for found in owners.values() for c in found)))
        single(tx, catalog.query("capture/exclude"), hashes=hashes)
        counts = _forget(tx, person[1]) if person else (0, 0)
        if person and drop_aliases:
            single(tx, catalog.query("capture/drop_aliases"), id=person[1])
        record_audits(tx, who=who, entries=[audit_entry(
            "exclude from capture", Label.CAPTURE_EXCLUSION.value, person[1] if person else "address", None,
            {"addresses": len(hashes), "interactionsLeft": counts[0], "interactionsDeleted": counts[1]})])
        return counts
    return graph.write(work)
