"""A CRM export read into import rows (graph/transfer.py's JSON-lines shape), checked as a whole.

What it decides, and why:
- Files are recognised by their headers (`mapping.toml`, `[formats]`), never by name or order. The
  files of one export are read together and loaded in dependency order: accounts (parents before
  subsidiaries), contacts, reports-to lines, then each deal. A file no format knows, or a known
  format missing headers, stops the whole import before anything is written, naming every missing
  header with the format's expected ones (or, for an unknown file, every format and its headers).
- Ids. A node's id is derived from its CRM id: `sf-<Id>` (Salesforce; a report's 15-character id
  is widened to the 18-character one Data Loader writes, so both exports name the same record) and
  `d365-<guid>` (Dynamics). Every node carries `crmSource` and `crmId`; a node already in the graph
  with the same pair keeps its id, whatever it is, so a re-import updates rather than duplicates.
- Accounts become customers (`industry`, `parentId`, so `SUBSIDIARY_OF` rolls subsidiaries up).
  An account is matched to an existing customer, instead of a new one, by an entry of
  `[customers]` (CRM id or name -> customer id), else by its CRM id, else by an existing
  customer's exact name (case-insensitive); a matched customer keeps its Powermap name.
- Contacts become stakeholders: name ("First Last"; surname first with no space when the name is
  Chinese or Japanese), title, level (titles.py), email, their account's customer, and REPORTS_TO
  their manager, whichever account the manager is at. Department is not read: org units are the
  team's own structure. Influence and stance are never sent: the team judges them.
- Opportunities become projects: `stage` (mapped through `[stages]`), `crmStage` (the CRM's own
  word), `value` (the amount), `closeDate`, `ownerName` (the owner as the export shows it: a name in
  reports and Dynamics, the user id in a Data Loader export), at the account's customer, with one
  decision chain (`<project id>-chain`, commercial approval) where each contact role takes a seat
  (IN_CHAIN with the mapped role; step 1 for the primary contact). A contact holding several roles
  on one deal sits once, in the weightiest role. A blank role reads as "Other". A project the
  import creates at bid or later carries a one-step stage history (the CRM says where the deal
  already is); an existing project's stage moves go through the bid gate (graph/transfer.py).
- Nothing half-written. A row whose reference still points nowhere, after the whole export and the
  graph, is refused with its file, line, header and problem, and so is everything that leans on it
  (a contact whose manager was refused, a deal one of whose roles was refused): a deal (project,
  chain and seats) goes in whole or not at all. A deal's rows share one row number, so the writer
  keeps them in one batch and refuses them together. Rows are validated with the API's models
  here, so a bad value is reported with its file and line too.
- Unknown vocabulary (roles, stages, titles with no level keyword) is counted and listed, naming the
  mapping file to extend. An unknown role or stage refuses its deal; an unknown title only leaves
  the level empty.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from powermap.errors import InvalidValue, invalid_from
from powermap.graph import catalog
from powermap.graph.crm.files import SourceFile, Table, decode, read_table
from powermap.graph.crm.mapping import Format, Mapping, vocabulary_key
from powermap.graph.crm.titles import CJK, level_of
from powermap.graph.driver import Graph, rows
from powermap.graph.model import Label
from powermap.graph.transfer import RowError
from powermap.models.nodes import KIND_BY_LABEL
from powermap.vocab import ROLE_WEIGHTS, ChainKind, DecisionRole, ProjectStage

PREFIX = {"salesforce": "sf", "dynamics": "d365"}
GATED = frozenset({ProjectStage.BID, ProjectStage.CONTRACT, ProjectStage.DELIVERY})
TRUE = frozenset({"true", "1", "yes", "y", "x"})
_SF_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def salesforce_id(value: str) -> str:
    """The 18-character form of a Salesforce id (a 15-character one gets its case-checksum suffix)."""
    if len(value) != 15 or not value.isalnum():
        return value
    suffix = ""
    for chunk in range(3):
        bits = sum(1 << i for i, char in enumerate(value[chunk * 5:chunk * 5 + 5]) if "A" <= char <= "Z")
        suffix += _SF_SUFFIX[bits]
    return value + suffix


def crm_id(source: str, value: str) -> str:
    """A record's id as Powermap keeps it in `crmId`."""
    return salesforce_id(value) if source == "salesforce" else value.strip("{}").lower()


@dataclass(frozen=True)
class Problem:
    """A refused row (or file) and why: the file, the line the record starts on, the header."""

    file: str
    line: int
    field: str
    problem: str


@dataclass
class Record:
    """One object of one export row, its fields named as in the mapping (`account_id`, ...)."""

    kind: str
    source: str
    file: str
    line: int
    values: dict[str, str]
    headers: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def header(self, name: str) -> str:
        return self.headers.get(name, name)

    def problem(self, name: str, text: str) -> Problem:
        return Problem(self.file, self.line, self.header(name), text)


@dataclass
class ExportRead:
    """An export ready to write: numbered rows for `import_rows`, what was refused, unknown words."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    formats: dict[str, str] = field(default_factory=dict)
    origins: dict[int, tuple[str, int]] = field(default_factory=dict)
    mapping_file: str = ""
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, origin: tuple[str, int], *unit: dict[str, Any]) -> None:
        """Rows that go in together under one number (one record, or one deal)."""
        number = len(self.origins) + 1
        self.origins[number] = origin
        self.rows += [(number, row) for row in unit]

    def locate(self, errors: list[RowError]) -> list[Problem]:
        """The writer's row errors, named by the file and line the row came from."""
        return [Problem(*self.origins.get(error.line, ("?", error.line)), error.field, error.problem)
                for error in errors]

    def unknown_vocabulary(self) -> list[str]:
        """One line per kind of unknown value, all of them with counts, naming the file to extend."""
        tables = {"role": "[roles]", "stage": "[stages]", "title": "[levels]"}
        return [f"unknown {kind}s: " + ", ".join(f"{value!r} ({count})" for value, count in sorted(values.items()))
                + f"; add them to {tables[kind]} in a copy of {self.mapping_file} and pass it with --mapping"
                for kind, values in self.unknown.items() if values]


def detect(headers: list[str], mapping: Mapping) -> Format | None:
    """The format of a header row: the most specific one whose detect headers are all there, else
    the closest one holding at least two of its detect headers (so a file missing one of them is
    still named, with what it lacks), else None."""
    present = set(headers)

    def closeness(f: Format) -> tuple[int, int]:
        return sum(1 for h in f.detect if h in present), sum(1 for h in f.headers if h in present)

    complete = [f for f in mapping.formats if set(f.detect) <= present]
    if complete:
        return max(complete, key=lambda f: (len(f.detect), closeness(f)[1]))
    near = [f for f in mapping.formats if closeness(f)[0] >= 2]
    return max(near, key=lambda f: (closeness(f)[0] / len(f.detect), closeness(f)[1])) if near else None


def _records(source: SourceFile, mapping: Mapping, read: ExportRead) -> list[Record] | str:
    table: Table = read_table(decode(source))
    found = detect(table.headers, mapping)
    if found is None:
        known = "\n  ".join(f.describe() for f in mapping.formats)
        return (f"{source.name}: no known export format has these headers ({', '.join(table.headers) or 'none'}); "
                f"known formats (in {mapping.path}):\n  {known}")
    missing = [header for header in dict.fromkeys([*found.detect, *found.required]) if header not in table.headers]
    if missing:
        return (f"{source.name}: looks like {found.title} but lacks {', '.join(repr(h) for h in missing)}; "
                f"expected headers: {', '.join(found.headers)}")
    read.formats[source.name] = found.name
    records = []
    for line, cells in table.records:
        for kind, columns in found.columns.items():
            values = {name: cells.get(header, "") for name, header in columns.items()}
            records.append(Record(kind, found.source, source.name, line, values, dict(columns)))
    return records


def _number(text: str) -> float:
    cleaned = re.sub(r"[^\d.\-]", "", text)
    return float(cleaned)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return datetime.strptime(text.split()[0], "%m/%d/%Y").date()


class _Reader:
    """One export's records, resolved against each other and the graph."""

    def __init__(self, graph: Graph, mapping: Mapping, records: list[Record], read: ExportRead) -> None:
        self.graph, self.mapping, self.read = graph, mapping, read
        self.by_kind: dict[str, dict[tuple[str, str], Record]] = {kind: {} for kind in ("account", "contact",
                                                                                         "opportunity")}
        self.roles: list[Record] = []
        self.names: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for record in records:
            self._collect(record)
        self.ids: dict[tuple[str, str, str], str] = {}
        self.stored: dict[str, dict[str, Any]] = {}
        self.same_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.mapped: dict[str, dict[str, Any]] = {}

    def _collect(self, record: Record) -> None:
        if record.kind == "role":
            self.roles.append(record)
            return
        if not record.get("id"):
            self.read.problems.append(record.problem("id", "is empty"))
            return
        key = (record.source, crm_id(record.source, record.get("id")))
        kept = self.by_kind[record.kind].setdefault(key, record)
        if kept is not record:  # a report repeats an account or deal on every row: fill what is blank
            kept.values.update({k: v for k, v in record.values.items() if v and not kept.values.get(k)})
        name = self._name(record)
        if name:
            self.names[(record.kind, record.source, vocabulary_key(name))].add(key[1])

    @staticmethod
    def _name(record: Record) -> str:
        if record.kind != "contact":
            return record.get("name")
        if record.get("full_name"):
            return record.get("full_name")
        first, last = record.get("first_name"), record.get("last_name")
        if CJK.search(first + last):
            return last + first
        return " ".join(part for part in (first, last) if part)

    def reference(self, record: Record, kind: str, name: str) -> tuple[str, str, str] | Problem | None:
        """The (kind, source, crmId) a record's `<name>_id` or `<name>_name` field points at."""
        if record.get(f"{name}_id"):
            return kind, record.source, crm_id(record.source, record.get(f"{name}_id"))
        label = record.get(f"{name}_name")
        if not label:
            return None
        matches = self.names.get((kind, record.source, vocabulary_key(label)), set())
        if len(matches) > 1:
            return record.problem(f"{name}_name", f"{label!r} names {len(matches)} {kind}s in the export")
        if matches:
            return kind, record.source, next(iter(matches))
        return kind, record.source, f"name:{vocabulary_key(label)}"

    def lookup(self) -> None:
        """Load what the graph already holds: nodes by CRM id, customers by name and the mapped ones."""
        wanted: dict[str, set[str]] = defaultdict(set)
        names: set[str] = set()
        everything = [*(r for rs in self.by_kind.values() for r in rs.values()), *self.roles]
        for record in everything:
            for name in ("id", "parent_id", "account_id", "reports_to_id", "opportunity_id", "contact_id"):
                if record.get(name) and (name != "id" or record.kind != "role"):
                    wanted[record.source].add(crm_id(record.source, record.get(name)))
            for name in ("parent_name", "account_name") if record.kind != "role" else ():
                if record.get(name):
                    names.add(vocabulary_key(record.get(name)))
            if record.kind == "account":
                names.add(vocabulary_key(record.get("name")))
        by_crm, by_name, mapped = self.graph.read(lambda tx: (
            [node for source, ids in sorted(wanted.items())
             for node in rows(tx, catalog.query("crm/nodes_by_crm_id"), source=source, ids=sorted(ids))],
            rows(tx, catalog.query("crm/customers_by_name"), names=sorted(names)),
            rows(tx, catalog.query("crm/customers_by_id"), ids=sorted(set(self.mapping.customers.values())))))
        for node in by_crm:
            self.ids[(node["kind"], node["crmSource"], node["crmId"])] = node["id"]
            self.stored[node["id"]] = node
        for node in by_name:
            self.same_name[node["key"]].append(node)
            self.stored[node["id"]] = node
        self.mapped = {node["id"]: node for node in mapped}
        self.stored.update(self.mapped)

    def _customer(self, crm: str, record: Record | None) -> str | None:
        """An account's customer: a [customers] entry, then its CRM id, then an existing same-named one."""
        name = vocabulary_key(record.get("name")) if record else crm.removeprefix("name:")
        for entry in (crm, name):
            customer = self.mapping.customers.get(vocabulary_key(entry))
            if customer:
                if customer not in self.mapped:
                    raise InvalidValue(f"{self.mapping.path}: [customers] maps {entry!r} to {customer}, "
                                       "which is not a customer in the graph", field="mapping")
                return customer
        return None

    def node_id(self, key: tuple[str, str, str]) -> str | None:
        """The Powermap id of a record or reference; None when it points nowhere."""
        kind, source, crm = key
        record = self.by_kind[kind].get((source, crm))
        if kind == "account":
            customer = self._customer(crm, record)
            if customer:
                return customer
        if key in self.ids:
            return self.ids[key]
        if kind == "account":
            same = self.same_name.get(vocabulary_key(record.get("name")) if record else crm.removeprefix("name:"), [])
            if len(same) == 1:
                return str(same[0]["id"])
        if record is None:
            return None
        return f"{PREFIX[source]}-{crm}"


def _validated(label: Label, properties: dict[str, Any]) -> str | None:
    kind = KIND_BY_LABEL[label]
    try:
        kind.create.model_validate(properties)
    except ValidationError as error:
        invalid = invalid_from(error)
        return f"{invalid.field}: {invalid.problem}"
    return None


def read_export(graph: Graph, files: list[SourceFile], *, mapping: Mapping,
                now: datetime | None = None) -> ExportRead:
    """Read the files of one export into rows to write, refusing (never half-writing) what points nowhere."""
    read = ExportRead(mapping_file=mapping.path)
    records: list[Record] = []
    fatal: list[str] = []
    for source in files:
        found = _records(source, mapping, read)
        if isinstance(found, str):
            fatal.append(found)
        else:
            records += found
    if fatal:
        raise InvalidValue("\n".join(fatal), field="file")
    reader = _Reader(graph, mapping, records, read)
    reader.lookup()
    _Writer(reader, read, now or datetime.now(UTC)).run()
    return read


class _Writer:
    """Turns resolved records into rows, in dependency order, refusing what leans on a refusal."""

    def __init__(self, reader: _Reader, read: ExportRead, now: datetime) -> None:
        self.reader, self.read, self.now = reader, read, now
        self.mapping = reader.mapping
        self.accepted: dict[tuple[str, str, str], str] = {}

    def refuse(self, record: Record, name: str, text: str) -> None:
        self.read.problems.append(record.problem(name, text))

    def target(self, record: Record, kind: str, name: str, required: bool) -> str | Problem | None:
        """The accepted Powermap id a record points at, a Problem, or None when it points at nothing."""
        ref = self.reader.reference(record, kind, name)
        if isinstance(ref, Problem) or ref is None:
            if ref is None and required:
                return record.problem(f"{name}_id" if f"{name}_id" in record.headers else f"{name}_name",
                                      "is empty")
            return ref
        if ref in self.accepted:
            return self.accepted[ref]
        shown = record.get(f"{name}_id") or record.get(f"{name}_name")
        if (ref[1], ref[2]) in self.reader.by_kind[kind]:
            return record.problem(f"{name}_id" if record.get(f"{name}_id") else f"{name}_name",
                                  f"{kind} {shown} was refused (see its own row)")
        existing = self.reader.node_id(ref)
        if existing is None:
            return record.problem(f"{name}_id" if record.get(f"{name}_id") else f"{name}_name",
                                  f"no {kind} {shown} in the export or the graph")
        self.accepted[ref] = existing
        return existing

    def crm(self, record: Record) -> dict[str, str]:
        return {"crmSource": record.source, "crmId": crm_id(record.source, record.get("id"))}

    def key(self, record: Record) -> tuple[str, str, str]:
        return record.kind, record.source, crm_id(record.source, record.get("id"))

    def run(self) -> None:
        self.accounts()
        reports = self.contacts()
        for origin, row in reports:
            self.read.add(origin, row)
        self.deals()

    def accounts(self) -> None:
        pending = list(self.reader.by_kind["account"].values())
        while pending:
            waiting = []
            for record in pending:
                parent = self.reader.reference(record, "account", "parent")
                if parent is not None and not isinstance(parent, Problem) and parent not in self.accepted \
                        and (parent[1], parent[2]) in self.reader.by_kind["account"] and parent != self.key(record):
                    waiting.append(record)
                    continue
                self.account(record)
            if len(waiting) == len(pending):
                for record in waiting:
                    self.refuse(record, "parent_id" if record.get("parent_id") else "parent_name",
                                "the parent accounts form a loop or lean on a refused account")
                return
            pending = waiting

    def account(self, record: Record) -> None:
        node_id = self.reader.node_id(self.key(record))
        assert node_id is not None  # an account of the export always has an id
        parent = self.target(record, "account", "parent", required=False)
        if isinstance(parent, Problem):
            self.read.problems.append(parent)
            return
        # The CRM names the customers it created; a customer it was matched to keeps its own name.
        created = node_id == f"{PREFIX[record.source]}-{self.key(record)[2]}"
        name = record.get("name") if created or node_id not in self.reader.stored \
            else self.reader.stored[node_id]["name"]
        properties: dict[str, Any] = {"name": name, **self.crm(record)}
        if record.get("industry"):
            properties["industry"] = record.get("industry")
        if parent:
            properties["parentId"] = parent
        wrong = _validated(Label.CUSTOMER, properties)
        if wrong:
            self.refuse(record, "name", wrong)
            return
        self.accepted[self.key(record)] = node_id
        self.read.counts["customers"] += 1
        self.read.add((record.file, record.line), {"label": "Customer", "id": node_id, "properties": properties})

    def contacts(self) -> list[tuple[tuple[str, int], dict[str, Any]]]:
        """Stakeholder rows now; the reports-to rows, returned to go after every stakeholder."""
        staged: dict[tuple[str, str, str], tuple[Record, dict[str, Any]]] = {}
        for record in self.reader.by_kind["contact"].values():
            customer = self.target(record, "account", "account", required=True)
            if isinstance(customer, Problem) or customer is None:
                self.read.problems.append(customer or record.problem("account_id", "is empty"))
                continue
            title = record.get("title")
            level = level_of(title, self.mapping.levels) if title else None
            if title and level is None:
                self.read.unknown["title"][title] += 1
            properties = {"name": _Reader._name(record), "title": title or None, "level": level,
                          "email": record.get("email") or None, "customerId": customer, **self.crm(record)}
            properties = {k: v for k, v in properties.items() if v is not None}
            wrong = _validated(Label.STAKEHOLDER, properties)
            if wrong:
                self.refuse(record, "id", wrong)
                continue
            staged[self.key(record)] = (record, properties)
        # A contact whose manager is refused or missing is refused too, until nothing changes.
        bosses: dict[tuple[str, str, str], tuple[str, str, str] | None] = {}
        changed = True
        while changed:
            changed = False
            for key, (record, _) in list(staged.items()):
                ref = self.reader.reference(record, "contact", "reports_to")
                field_name = "reports_to_id" if record.get("reports_to_id") else "reports_to_name"
                problem: str | None = None
                if isinstance(ref, Problem):
                    problem = ref.problem
                elif ref is not None and ref not in staged:
                    in_export = (ref[1], ref[2]) in self.reader.by_kind["contact"]
                    if in_export:
                        problem = f"reports to {record.get(field_name)}, who was refused (see their own row)"
                    elif self.reader.node_id(ref) is None:
                        problem = f"no contact {record.get(field_name)} in the export or the graph"
                if problem:
                    self.refuse(record, field_name, problem)
                    del staged[key]
                    changed = True
                elif not isinstance(ref, Problem):
                    bosses[key] = ref
        for key in staged:
            self.accepted[key] = self.reader.node_id(key) or ""
        reports = []
        for key, (record, properties) in staged.items():
            node_id = self.accepted[key]
            self.read.counts["stakeholders"] += 1
            self.read.add((record.file, record.line), {"label": "Stakeholder", "id": node_id,
                                                       "properties": properties})
            boss = bosses.get(key)
            if boss is not None:
                self.read.counts["reports-to lines"] += 1
                reports.append(((record.file, record.line), {
                    "type": "REPORTS_TO", "from": node_id, "to": self.accepted.get(boss) or self.reader.node_id(boss)}))
        return reports

    def stage(self, record: Record) -> tuple[ProjectStage, str] | None:
        """The project stage and the CRM's word for it (a Dynamics status, Won or Lost, wins)."""
        for name in ("status", "stage"):
            word = record.get(name)
            found = self.mapping.stages.get(vocabulary_key(word)) if word else None
            if found is not None:
                return found, word
        word = record.get("stage") or record.get("status")
        self.read.unknown["stage"][word] += 1
        self.refuse(record, "stage", f"unknown stage {word!r}" if word else "is empty")
        return None

    def project(self, record: Record) -> tuple[str, dict[str, Any]] | None:
        customer = self.target(record, "account", "account", required=True)
        if isinstance(customer, Problem) or customer is None:
            self.read.problems.append(customer or record.problem("account_id", "is empty"))
            return None
        staged = self.stage(record)
        if staged is None:
            return None
        properties: dict[str, Any] = {"name": record.get("name"), "stage": staged[0].value, "crmStage": staged[1],
                                      "customerId": customer, **self.crm(record)}
        for name, header, convert, key in (("amount", "amount", _number, "value"),
                                           ("close_date", "close_date", _date, "closeDate")):
            text = record.get(name)
            if text:
                try:
                    properties[key] = convert(text)
                except ValueError:
                    self.refuse(record, header, f"{text!r} is not a {'number' if name == 'amount' else 'date'}")
                    return None
        if record.get("owner"):
            properties["ownerName"] = record.get("owner")
        wrong = _validated(Label.PROJECT, properties)
        if wrong:
            self.refuse(record, "name", wrong)
            return None
        node_id = self.reader.node_id(self.key(record))
        assert node_id is not None
        return node_id, properties

    def deals(self) -> None:
        seats: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
        for role in self.reader.roles:
            ref = self.reader.reference(role, "opportunity", "opportunity")
            if isinstance(ref, Problem) or ref is None:
                self.read.problems.append(ref or role.problem("opportunity_id", "is empty"))
                continue
            seats[ref].append(role)
        for key, roles in seats.items():
            if (key[1], key[2]) not in self.reader.by_kind["opportunity"] and self.reader.node_id(key) is None:
                for role in roles:
                    shown = role.get("opportunity_id") or role.get("opportunity_name")
                    self.refuse(role, "opportunity_id" if role.get("opportunity_id") else "opportunity_name",
                                f"no opportunity {shown} in the export or the graph")
        for (source, crm), record in self.reader.by_kind["opportunity"].items():
            self.deal(record, seats.get(("opportunity", source, crm), []))
        for key, roles in seats.items():
            if (key[1], key[2]) not in self.reader.by_kind["opportunity"] and self.reader.node_id(key) is not None:
                self.seats_of_existing(key, roles)

    def seat_rows(self, chain: str, roles: list[Record]) -> list[dict[str, Any]] | None:
        """IN_CHAIN rows for a deal's roles; None (after reporting) when any role is refused."""
        chosen: dict[str, tuple[DecisionRole, bool, str]] = {}
        refused = False
        for role in roles:
            contact = self.target(role, "contact", "contact", required=True)
            word = role.get("role") or "Other"
            decision_role = self.mapping.roles.get(vocabulary_key(word))
            if decision_role is None:
                self.read.unknown["role"][word] += 1
                self.refuse(role, "role", f"unknown role {word!r}")
                refused = True
            if isinstance(contact, Problem) or contact is None:
                self.read.problems.append(contact or role.problem("contact_id", "is empty"))
                refused = True
            if refused or decision_role is None or not isinstance(contact, str):
                continue
            primary = role.get("primary").casefold() in TRUE
            held = chosen.get(contact)
            if held is None or ROLE_WEIGHTS[decision_role] > ROLE_WEIGHTS[held[0]]:
                seat_id = crm_id(role.source, role.get("id")) if role.get("id") else ""
                chosen[contact] = (decision_role, primary or bool(held and held[1]), seat_id)
        if refused:
            return None
        return [{"type": "IN_CHAIN", "from": contact, "to": chain,
                 "properties": {"role": role.value, **({"step": 1} if primary else {}),
                                **({"crmId": seat_id} if seat_id else {})}}
                for contact, (role, primary, seat_id) in sorted(chosen.items())]

    def deal(self, record: Record, roles: list[Record]) -> None:
        project = self.project(record)
        if project is None:
            for role in roles:
                self.refuse(role, "opportunity_id" if role.get("opportunity_id") else "opportunity_name",
                            f"its deal {record.get('name')!r} was refused (see its own row)")
            return
        node_id, properties = project
        chain = f"{node_id}-chain"
        seat_rows = self.seat_rows(chain, roles)
        if seat_rows is None:
            self.refuse(record, "id", "the deal is refused whole: one of its contact roles was refused")
            return
        row: dict[str, Any] = {"label": "Project", "id": node_id, "properties": properties}
        if node_id not in self.reader.stored and ProjectStage(properties["stage"]) in GATED:
            row["stageHistory"] = [{"stage": properties["stage"], "at": self.now.isoformat(), "by": None}]
        chain_row = {"label": "DecisionChain", "id": chain, "properties": {
            "kind": ChainKind.COMMERCIAL_APPROVAL.value, "projectId": node_id, **self.crm(record)}}
        self.read.counts["projects"] += 1
        self.read.counts["contact roles"] += len(seat_rows)
        self.read.add((record.file, record.line), row, chain_row, *seat_rows)

    def seats_of_existing(self, key: tuple[str, str, str], roles: list[Record]) -> None:
        """Roles of a deal loaded earlier: seats in its chain, all or none."""
        node_id = self.reader.node_id(key)
        chain = f"{node_id}-chain"
        seat_rows = self.seat_rows(chain, roles)
        if seat_rows:
            self.read.counts["contact roles"] += len(seat_rows)
            chain_row = {"label": "DecisionChain", "id": chain, "properties": {
                "kind": ChainKind.COMMERCIAL_APPROVAL.value, "projectId": node_id, "crmSource": key[1],
                "crmId": key[2]}}
            self.read.add((roles[0].file, roles[0].line), chain_row, *seat_rows)
