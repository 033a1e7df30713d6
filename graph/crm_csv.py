"""CRM exports mapped onto import rows (see graph/transfer.py), so they share its validation,
batching, idempotence and per-row error report.

Contacts export (one row a person), columns:
    Contact ID, Full Name, Title, Account ID, Account Name, Reports To ID, Email
  -> Stakeholder `crm-<Contact ID>` (name, title, email, level from the title), WORKS_IN Customer
     `crm-<Account ID>` (created with the account name), REPORTS_TO `crm-<Reports To ID>`.
     Level from title: chief/CEO/CFO/CTO/CIO/COO/president -> c_level; VP/vice president -> vp;
     director/head -> director; manager/lead -> manager; anything else -> staff.

Opportunity contact-role export (one row a person on a deal), columns:
    Opportunity ID, Opportunity Name, Account ID, Contact ID, Role, Is Primary
  -> Project `crm-<Opportunity ID>` AT Customer `crm-<Account ID>`, with one DecisionChain
     `crm-<Opportunity ID>-chain` (kind commercial_approval); the contact sits IN_CHAIN with
     the role mapped below and step 1 when primary.
     Role vocabulary: Decision Maker -> decision_maker; Economic Buyer, Executive Sponsor,
     Approver -> approver; Evaluator, Technical Buyer -> evaluator; Influencer, Other ->
     influencer; Business User, User -> user; Gatekeeper, Procurement -> gatekeeper;
     Champion, Coach -> coach. Any other role is a row error.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import Any

from powermap.graph.transfer import RowError, jsonl_rows

ROLE_MAP = {
    "decision maker": "decision_maker", "economic buyer": "approver", "executive sponsor": "approver",
    "approver": "approver", "evaluator": "evaluator", "technical buyer": "evaluator", "influencer": "influencer",
    "other": "influencer", "business user": "user", "user": "user", "gatekeeper": "gatekeeper",
    "procurement": "gatekeeper", "champion": "coach", "coach": "coach",
}
CONTACT_COLUMNS = ("Contact ID", "Full Name", "Title", "Account ID", "Account Name", "Reports To ID", "Email")
ROLE_COLUMNS = ("Opportunity ID", "Opportunity Name", "Account ID", "Contact ID", "Role", "Is Primary")


def level_of(title: str) -> str:
    """The level a job title suggests."""
    words = title.lower().replace("-", " ").split()
    text = " ".join(words)
    if any(w in ("ceo", "cfo", "cto", "cio", "coo", "chief", "president") for w in words) and "vice" not in words:
        return "c_level"
    if "vp" in words or "vice president" in text:
        return "vp"
    if "director" in words or "head" in words:
        return "director"
    if "manager" in words or "lead" in words:
        return "manager"
    return "staff"


def _records(lines: Iterable[str], columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    reader = csv.DictReader(lines)
    missing = [name for name in columns if name not in (reader.fieldnames or [])]
    if missing:
        yield 1, RowError(line=1, field=missing[0], problem=f"missing column {missing[0]!r}")
        return
    for record in reader:
        yield reader.line_num, {key: (value or "").strip() for key, value in record.items()}


def contacts_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Import rows for a contacts export."""
    accounts: set[str] = set()
    for line, record in _records(lines, CONTACT_COLUMNS):
        if isinstance(record, RowError):
            yield line, record
            continue
        if not record["Contact ID"] or not record["Account ID"]:
            yield line, RowError(line=line, field="Contact ID" if not record["Contact ID"] else "Account ID",
                                 problem="is empty")
            continue
        account = f"crm-{record['Account ID']}"
        if account not in accounts:
            accounts.add(account)
            yield line, {"label": "Customer", "id": account, "properties": {"name": record["Account Name"] or account}}
        person = f"crm-{record['Contact ID']}"
        properties = {"name": record["Full Name"], "title": record["Title"] or None, "email": record["Email"] or None,
                      "level": level_of(record["Title"])}
        yield line, {"label": "Stakeholder", "id": person, "properties": properties}
        yield line, {"type": "WORKS_IN", "from": person, "to": account, "toLabel": "Customer"}
        if record["Reports To ID"]:
            yield line, {"type": "REPORTS_TO", "from": person, "to": f"crm-{record['Reports To ID']}"}


def contact_role_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Import rows for an opportunity contact-role export."""
    deals: set[str] = set()
    for line, record in _records(lines, ROLE_COLUMNS):
        if isinstance(record, RowError):
            yield line, record
            continue
        role = ROLE_MAP.get(record["Role"].lower())
        if role is None:
            yield line, RowError(line=line, field="Role", problem=f"unknown role {record['Role']!r}")
            continue
        project, chain = f"crm-{record['Opportunity ID']}", f"crm-{record['Opportunity ID']}-chain"
        if project not in deals:
            deals.add(project)
            yield line, {"label": "Project", "id": project,
                         "properties": {"name": record["Opportunity Name"] or project, "stage": "opportunity"}}
            yield line, {"label": "DecisionChain", "id": chain, "properties": {"kind": "commercial_approval"}}
            yield line, {"type": "HAS_CHAIN", "from": project, "to": chain}
            yield line, {"type": "AT", "from": project, "fromLabel": "Project", "to": f"crm-{record['Account ID']}"}
        primary = record["Is Primary"].lower() in ("true", "1", "yes")
        yield line, {"type": "IN_CHAIN", "from": f"crm-{record['Contact ID']}", "to": chain,
                     "properties": {"role": role, **({"step": 1} if primary else {})}}


class ImportFormat(StrEnum):
    """What `powermap import --format` and `POST /api/v1/import?format=` read."""

    JSONL = "jsonl"
    CONTACTS_CSV = "contacts-csv"
    CONTACT_ROLES_CSV = "contact-roles-csv"


# The one table of import formats: the reader that turns each into numbered import rows.
READERS: dict[ImportFormat, Callable[[Iterable[str]], Iterator[tuple[int, dict[str, Any] | RowError]]]] = {
    ImportFormat.JSONL: jsonl_rows,
    ImportFormat.CONTACTS_CSV: contacts_rows,
    ImportFormat.CONTACT_ROLES_CSV: contact_role_rows,
}
