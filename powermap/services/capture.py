"""Capture: calendars and mail become `Interaction`s between our employees and the customer's people.

Rules (the README's "Relationship signals" section states them for users):
- Only metadata is read (powermap/services/capture_sources.py): who, when, which meeting or thread.
  Bodies are never read; subjects are stored only when the capture asks for them (`keep_subjects`),
  and each interaction records its privacy level (`metadata` or `metadata_and_subjects`). A
  re-capture without subjects removes the ones stored before: the latest capture's choice holds.
- Matching: an address belongs to the employee or stakeholder whose `email` it is (case-insensitive)
  or who has it as an alias (`EmailAlias`, added by a user). An address two people claim goes to the
  one with the smaller id (deterministic; fix the data with an alias).
- What becomes an interaction: a meeting or thread with at least one of our employees and at least
  one stakeholder on it (internal meetings and mail are nobody's business here). Its people are the
  matched ones; a meeting's `participantCount` counts every distinct address, matched or not (the
  `4 / n` of the strength formula). A thread keeps, per message, the sender's and recipients' ids.
- Idempotent: an interaction's id is a hash of its source id (a meeting occurrence's UID and start,
  a thread's root Message-ID); re-capturing the same files writes nothing. A thread captured again
  with more messages gains them.
- Not on the map: an unmatched address at a customer's domain (a domain the customer's known people
  use) is listed in the capture's answer as someone we meet who is not on the map. Nobody is ever
  created from a capture.
- Exclusion: an address, or a person (all their addresses), can be excluded; they are never
  captured again (not matched, not suggested) and are removed from the interactions they were on
  (an interaction left without one of ours and one of theirs is deleted). Exclusions keep only the
  address's SHA-256. Erasure (powermap/services/privacy.py) excludes the person the same way and
  drops their aliases.
- Access: capture is an editor action judged like every write: each interaction by the customers of
  its stakeholders, all or nothing (a capture that touches a customer the key's teams do not cover
  is refused whole, with a 403 naming it). Every interaction written is audited.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from powermap.errors import InvalidValue, NotFound
from powermap.graph.driver import Graph
from powermap.graph.model import Label
from powermap.graph.repositories import capture as store
from powermap.models.capture import (
    AliasCreate,
    AliasRead,
    CaptureReport,
    ExclusionCreate,
    ExclusionReport,
    PrivacyLevel,
    Suggestion,
)
from powermap.models.security import Principal, Role
from powermap.services import policy
from powermap.services.capture_sources import (
    CapturedMeeting,
    CapturedThread,
    domain_of,
    normalise,
    read_calendar,
    read_mail,
    threads,
)

Source = tuple[str, bytes]  # a file's name (for messages) and its bytes


@dataclass(frozen=True)
class _People:
    """Who each address is, once exclusions are applied."""

    by_address: dict[str, tuple[str, str]]  # address -> (id, label)
    excluded: frozenset[str]  # addresses never captured (excluded, or of an excluded person)
    customer_domains: dict[str, list[str]]

    def ids(self, addresses: Iterable[str], label: str) -> list[str]:
        return sorted({self.by_address[a][0] for a in addresses if a in self.by_address
                       and self.by_address[a][1] == label})


def _people(graph: Graph, addresses: set[str]) -> _People:
    found = store.known(graph, addresses=sorted(addresses), domains=sorted({domain_of(a) for a in addresses}))
    by_address: dict[str, tuple[str, str]] = {}
    for person in sorted(found.people, key=lambda p: p.id):
        if person.id not in found.excluded_people:
            by_address.setdefault(person.address, (person.id, person.label))
    excluded = found.excluded_addresses | {p.address for p in found.people if p.id in found.excluded_people}
    return _People(by_address={a: p for a, p in by_address.items() if a not in excluded}, excluded=excluded,
                   customer_domains=found.customer_domains)


def _interaction_id(source: str, source_id: str) -> str:
    return "int-" + hashlib.sha256(f"{source}:{source_id}".encode()).hexdigest()[:32]


def _meeting_row(meeting: CapturedMeeting, people: _People, privacy: PrivacyLevel) -> dict[str, Any] | None:
    employees, stakeholders = people.ids(meeting.addresses, "Employee"), people.ids(meeting.addresses, "Stakeholder")
    if not employees or not stakeholders:
        return None
    return {"id": _interaction_id("calendar", meeting.source_id), "employees": employees,
            "stakeholders": stakeholders, "messages": [],
            "props": {"kind": "meeting", "source": "calendar", "at": meeting.at, "startedAt": meeting.at,
                      "participantCount": len(meeting.addresses), "direction": "meeting", "privacy": privacy,
                      "subject": meeting.subject if privacy == "metadata_and_subjects" else None}}


def _thread_row(thread: CapturedThread, people: _People, privacy: PrivacyLevel) -> dict[str, Any] | None:
    addresses = thread.addresses
    employees, stakeholders = people.ids(addresses, "Employee"), people.ids(addresses, "Stakeholder")
    if not employees or not stakeholders:
        return None

    def who(address: str | None) -> str | None:
        return people.by_address[address][0] if address in people.by_address else None

    messages = [{"key": hashlib.sha256(m.message_id.encode()).hexdigest()[:16], "at": m.at.isoformat(),
                 "sender": who(m.sender), "recipients": sorted({i for r in m.recipients if (i := who(r))})}
                for m in thread.messages]
    return {"id": _interaction_id("mail", thread.source_id), "employees": employees, "stakeholders": stakeholders,
            "messages": messages,
            "props": {"kind": "thread", "source": "mail", "at": thread.at,
                      "startedAt": min(m.at for m in thread.messages), "participantCount": len(addresses),
                      "direction": store.thread_direction(messages, set(employees), set(stakeholders)),
                      "privacy": privacy,
                      "subject": thread.subject if privacy == "metadata_and_subjects" else None}}


def _suggestions(items: list[tuple[frozenset[str], datetime, dict[str, str]]], people: _People) -> list[Suggestion]:
    seen: dict[str, dict[str, Any]] = {}
    for addresses, at, names in items:
        for address in addresses:
            customers = people.customer_domains.get(domain_of(address))
            if address in people.by_address or address in people.excluded or not customers:
                continue
            entry = seen.setdefault(address, {"address": address, "name": None, "customerIds": customers,
                                              "interactions": 0, "lastSeen": at})
            entry["interactions"] += 1
            entry["lastSeen"] = max(entry["lastSeen"], at)
            entry["name"] = entry["name"] or names.get(address)
    return [Suggestion.model_validate(entry) for entry in sorted(
        seen.values(), key=lambda e: (-e["interactions"], e["address"]))]


def _write(graph: Graph, principal: Principal, source: str, rows: list[dict[str, Any] | None], read: int,
           people: _People, privacy: PrivacyLevel, suggestions: list[Suggestion]) -> CaptureReport:
    captured = [row for row in rows if row is not None]
    counts = store.save_interactions(graph, interactions=captured, authorize=policy.write_guard(principal),
                                     who=principal.signature)
    return CaptureReport.model_validate({
        "source": source, "read": read, "captured": len(captured), "created": counts.created,
        "updated": counts.updated, "unchanged": counts.unchanged, "excludedAddresses": len(people.excluded),
        "privacy": privacy, "notOnTheMap": suggestions})


def _privacy(keep_subjects: bool) -> PrivacyLevel:
    return "metadata_and_subjects" if keep_subjects else "metadata"


def capture_calendar(graph: Graph, *, principal: Principal, sources: list[Source], keep_subjects: bool = False,
                     start: datetime | None = None, end: datetime | None = None,
                     window_days: int = 730) -> CaptureReport:
    """Capture the meetings of iCalendar files; recurring ones expanded within [start, end]
    (default: the `window_days` before now, up to now: a meeting that has not happened is no signal)."""
    policy.require_role(principal, Role.EDITOR)
    end = end or datetime.now(UTC)
    start = start or end - timedelta(days=window_days)
    if start >= end:
        raise InvalidValue("the capture window must start before it ends", field="start")
    meetings = {m.source_id: m for name, data in sources for m in read_calendar(data, start=start, end=end,
                                                                                 source=name)}
    people = _people(graph, {a for m in meetings.values() for a in m.addresses})
    privacy = _privacy(keep_subjects)
    rows = [_meeting_row(m, people, privacy) for m in meetings.values()]
    suggestions = _suggestions([(m.addresses, m.at, m.names) for m in meetings.values()], people)
    return _write(graph, principal, "calendar", rows, len(meetings), people, privacy, suggestions)


def capture_mail(graph: Graph, *, principal: Principal, sources: list[Source],
                 keep_subjects: bool = False) -> CaptureReport:
    """Capture the threads of mbox or .eml files (headers only)."""
    policy.require_role(principal, Role.EDITOR)
    found = threads(m for name, data in sources for m in read_mail(data, source=name))
    people = _people(graph, {a for t in found for a in t.addresses})
    privacy = _privacy(keep_subjects)
    rows = [_thread_row(t, people, privacy) for t in found]
    names = [{a: n for m in t.messages for a, n in m.names.items()} for t in found]
    suggestions = _suggestions([(t.addresses, t.at, n) for t, n in zip(found, names, strict=True)], people)
    return _write(graph, principal, "mail", rows, len(found), people, privacy, suggestions)


def add_alias(graph: Graph, *, principal: Principal, alias: AliasCreate) -> AliasRead:
    """Record another address of an employee or stakeholder, so capture matches it."""
    address = normalise(alias.address)
    if "@" not in address:
        raise InvalidValue("an alias is an e-mail address", field="address")
    return store.save_alias(graph, address=address, person_id=alias.person_id,
                            authorize=policy.write_guard(principal), who=principal.signature)


def exclude(graph: Graph, *, principal: Principal, exclusion: ExclusionCreate) -> ExclusionReport:
    """Never capture an address, or any address of a person; remove the person from past interactions."""
    if (exclusion.address is None) == (exclusion.person_id is None):
        raise InvalidValue("give either an address or a personId", field="address")
    person: tuple[Label, str] | None = None
    if exclusion.person_id is not None:
        label, addresses = store.person_addresses(graph, person_id=exclusion.person_id)
        person = (label, exclusion.person_id)
    else:
        addresses = [normalise(exclusion.address or "")]
    left, deleted = store.exclude(graph, hashes=sorted({store.address_hash(a) for a in addresses}), person=person,
                                  authorize=policy.write_guard(principal), who=principal.signature)
    return ExclusionReport(excluded_addresses=len(set(addresses)), interactions_left=left,
                           interactions_deleted=deleted)


def person_addresses(graph: Graph, *, stakeholder_id: str) -> list[str]:
    """Every address a stakeholder is known by (none for an unknown id: the caller reports that)."""
    try:
        return store.person_addresses(graph, person_id=stakeholder_id)[1]
    except NotFound:
        return []


def forget_stakeholder(graph: Graph, *, principal: Principal, stakeholder_id: str,
                       addresses: list[str]) -> ExclusionReport:
    """Erasure's part in capture: exclude the person's addresses, take them off every interaction and
    drop their aliases (called by powermap/services/privacy.py after the person is erased)."""
    left, deleted = store.exclude(graph, hashes=sorted({store.address_hash(a) for a in addresses}),
                                  person=(Label.STAKEHOLDER, stakeholder_id), drop_aliases=True,
                                  authorize=policy.write_guard(principal), who=principal.signature)
    return ExclusionReport(excluded_addresses=len(set(addresses)), interactions_left=left,
                           interactions_deleted=deleted)

