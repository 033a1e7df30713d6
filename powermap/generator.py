"""Deterministic synthetic graphs for scale tests and benchmarks (`powermap generate`).

Shapes follow what a large seller's graph looks like: customer sizes are heavy-tailed (a few
giant accounts, many small ones); each customer has an org tree; people report up a hierarchy;
INFLUENCES out-degree is power-law with preferential attachment to the influential; KNOWS is
sparse (about a third of people are known by anyone of ours); projects, decision chains,
activities and assessments come in proportion. Every project carries its stage history (lead
onwards, a day or more apart), so projects generated past the bid gate are history imports, which the
import allows, not gate bypasses. The same `--seed` gives the same file, byte for byte. Rows are the
JSON-lines import format (graph/transfer.py): nodes first, then relationships.
"""

import json
import random
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

STANCES = ["champion", "supporter", "neutral", "neutral", "skeptic", "opponent", None]
LEVELS = [("c_level", 0.03), ("vp", 0.07), ("director", 0.15), ("manager", 0.35), ("staff", 0.40)]
PURSUIT = ["lead", "opportunity", "bid", "contract", "delivery"]
ROLES = ["decision_maker", "approver", "evaluator", "evaluator", "influencer", "user", "gatekeeper", "coach"]
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


class NodeWriter(Protocol):
    """Writes one node row (positional-only heads, so no property name can clash with them)."""

    def __call__(self, label: str, node_id: str, stage_history: list[dict[str, Any]] | None = None, /,
                 **properties: object) -> None: ...


class RelationshipWriter(Protocol):
    """Writes one relationship row."""

    def __call__(self, rel_type: str, source: str, target: str, **extra: object) -> None: ...


def _when(rng: random.Random) -> str:
    return (EPOCH + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))).isoformat()


def generate(path: Path, *, stakeholders: int, seed: int) -> dict[str, int]:
    """Write a synthetic graph of about `stakeholders` people to `path`; returns element counts."""
    rng = random.Random(seed)
    counts = {"nodes": 0, "relationships": 0}
    with path.open("w", encoding="utf-8") as nodes_out, tempfile.TemporaryFile("w+", encoding="utf-8") as rels_out:
        def node(label: str, node_id: str, stage_history: list[dict[str, Any]] | None = None, /,
                 **properties: object) -> None:
            extra = {"stageHistory": stage_history} if stage_history else {}
            nodes_out.write(json.dumps({"label": label, "id": node_id, "properties": properties, **extra}) + "\n")
            counts["nodes"] += 1

        def rel(rel_type: str, source: str, target: str, **extra: object) -> None:
            rels_out.write(json.dumps({"type": rel_type, "from": source, "to": target, **extra}) + "\n")
            counts["relationships"] += 1

        _write_graph(rng, stakeholders, node, rel)
        rels_out.seek(0)
        for line in rels_out:
            nodes_out.write(line)
    return counts


def _customer_sizes(rng: random.Random, stakeholders: int) -> list[int]:
    customers = max(1, stakeholders // 250)
    weights = [rng.paretovariate(1.3) for _ in range(customers)]
    total = sum(weights)
    sizes = [max(5, int(stakeholders * w / total)) for w in weights]
    return sizes


def _write_graph(rng: random.Random, stakeholders: int, node: NodeWriter, rel: RelationshipWriter) -> None:
    sizes = _customer_sizes(rng, stakeholders)
    for index in range(5):
        node("Competitor", f"g-cmp-{index}", name=f"Competitor {index}")
    employees = max(4, stakeholders // 100)
    teams = max(1, len(sizes) // 4)
    for team in range(teams):
        node("Team", f"g-team-{team}", name=f"Team {team}")
    for employee in range(employees):
        role = rng.choice(["AR", "SR", "FR", "executive"])
        node("Employee", f"g-emp-{employee}", name=f"Employee {employee}", role=role)
        rel("MEMBER_OF", f"g-emp-{employee}", f"g-team-{employee % teams}")
    person_counter = 0
    for customer, size in enumerate(sizes):
        customer_id = f"g-cus-{customer}"
        node("Customer", customer_id, name=f"Customer {customer}", tier=rng.choice(["strategic", "key", "standard"]))
        team = customer % teams
        rel("COVERS", f"g-team-{team}", customer_id)
        team_members = [f"g-emp-{e}" for e in range(team, employees, teams)]
        units = [customer_id]
        for unit in range(max(1, size // 20)):
            unit_id = f"g-org-{customer}-{unit}"
            node("OrgUnit", unit_id, name=f"Unit {unit} of customer {customer}")
            parent = rng.choice(units)
            rel("PART_OF", unit_id, parent, toLabel="Customer" if parent == customer_id else "OrgUnit")
            units.append(unit_id)
        people: list[tuple[str, int]] = []
        levels = [level for level, _ in LEVELS]
        for _ in range(size):
            person = f"g-stk-{person_counter}"
            person_counter += 1
            level = rng.choices(levels, weights=[w for _, w in LEVELS])[0]
            influence = min(5, max(1, 5 - levels.index(level) + rng.choice([-1, 0, 0, 1])))
            stance = rng.choice(STANCES)
            node("Stakeholder", person, name=f"Person {person_counter}", level=level, influence=influence,
                 **({"stance": stance} if stance else {}))
            home = rng.choice(units)
            rel("WORKS_IN", person, home, toLabel="Customer" if home == customer_id else "OrgUnit")
            if people:
                rel("REPORTS_TO", person, rng.choice(people[: max(1, len(people) // 3)])[0])
            people.append((person, influence))
            if rng.random() < 0.33 and team_members:
                rel("KNOWS", rng.choice(team_members), person, properties={
                    "strength": round(rng.uniform(0.2, 1.0), 2), "lastContact": _when(rng)[:10]})
            if rng.random() < 0.1:
                rel("ALIGNED_WITH", person, f"g-cmp-{rng.randrange(5)}",
                    properties={"strength": round(rng.uniform(0.2, 1.0), 2)})
            if rng.random() < 0.2:
                node("Assessment", f"g-asm-{person}", at=_when(rng), stance=stance or "neutral", influence=influence)
                rel("OF", f"g-asm-{person}", person)
        weights = [influence ** 2 for _, influence in people]
        for person, _ in people:
            degree = min(len(people) - 1, int(rng.paretovariate(1.6)) + 1)
            targets = {target for target, _ in rng.choices(people, weights=weights, k=degree)} - {person}
            for target in sorted(targets):
                rel("INFLUENCES", person, target, properties={"strength": round(rng.uniform(0.2, 1.0), 2)})
        _projects(rng, customer, customer_id, people, team_members, node, rel)


def _projects(rng: random.Random, customer: int, customer_id: str, people: list[tuple[str, int]],
              team_members: list[str], node: NodeWriter, rel: RelationshipWriter) -> None:
    for number in range(max(1, len(people) // 50)):
        project = f"g-prj-{customer}-{number}"
        stage = rng.choice([*PURSUIT, "lost"])
        node("Project", project, _stage_history(rng, stage),
             name=f"Project {number} at customer {customer}", stage=stage, value=round(rng.uniform(1e5, 5e7)))
        rel("AT", project, customer_id, fromLabel="Project")
        for kind in ("technical_selection", "commercial_approval"):
            chain = f"{project}-{kind}"
            node("DecisionChain", chain, kind=kind, requiredRoles=["decision_maker", "approver"])
            rel("HAS_CHAIN", project, chain)
            for person, _ in rng.sample(people, min(len(people), rng.randint(3, 6))):
                rel("IN_CHAIN", person, chain, properties={"role": rng.choice(ROLES)})
        for activity in range(5):
            activity_id = f"{project}-act-{activity}"
            planned = _when(rng)
            done = rng.random() < 0.7
            outcome = {"doneAt": planned, "rating": rng.randint(1, 5)} if done else {}
            node("Activity", activity_id, type=rng.choice(["visit", "workshop", "technical_exchange"]),
                 plannedAt=planned, status="done" if done else "planned", **outcome)
            rel("FOR_PROJECT", activity_id, project)
            rel("WITH", activity_id, rng.choice(people)[0])
            if team_members:
                rel("OWNED_BY", activity_id, rng.choice(team_members))


def _stage_history(rng: random.Random, stage: str) -> list[dict[str, Any]]:
    """The steps that brought a project to its stage; a lost one was lost after lead, opportunity or bid."""
    steps = PURSUIT[: PURSUIT.index(stage) + 1] if stage in PURSUIT else [*PURSUIT[: rng.randint(1, 3)], stage]
    start = EPOCH + timedelta(days=rng.randrange(0, 365))
    return [{"stage": step, "at": (start + timedelta(days=30 * index)).isoformat()} for index, step in enumerate(steps)]


def write_lines(handle: IO[str], rows: Iterator[dict[str, Any]]) -> int:
    """Write rows as JSON lines; returns how many."""
    count = 0
    for row in rows:
        handle.write(json.dumps(row, sort_keys=True) + "\n")
        count += 1
    return count
