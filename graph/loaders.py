"""Loading graph files (the demo seeds) into Neo4j.

A seed file is YAML: a section per label (`Customer:`, `Stakeholder:`, ...) whose rows are the same
objects the API accepts (properties plus link fields such as `customerId`), and a `relationships:`
section keyed by type with `[from, to, {properties}]` rows. Projects may carry `stageHistory`.
Every row is validated with the API's models, so a seed cannot hold what the API would refuse.
Writes MERGE on constrained ids, so loading the same files twice gives the same graph.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from neo4j import ManagedTransaction
from pydantic import BaseModel, ConfigDict, ValidationError

from graph import catalog
from graph.driver import Graph, single
from graph.model import Label, RelType
from powermap.errors import InvalidValue
from powermap.models.nodes import KIND_BY_LABEL, as_properties, link_values
from powermap.models.types import NodeId, Timestamp
from powermap.services.relationships import resolve_ends, validated_properties
from powermap.settings import REPO_ROOT
from powermap.vocab import ProjectStage

DEMO_SEEDS = REPO_ROOT / "seeds" / "demo"


class StageHistoryRow(BaseModel):
    """One step of a seeded project's stage history."""

    model_config = ConfigDict(extra="forbid")

    stage: ProjectStage
    at: Timestamp
    by: NodeId | None = None
    overrideReason: str | None = None
RelKey = tuple[RelType, Label, Label]


@dataclass
class GraphBatch:
    """Validated rows ready to write: nodes per label, relationships per (type, ends)."""

    nodes: dict[Label, list[dict]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[RelKey, list[dict]] = field(default_factory=lambda: defaultdict(list))
    stage_history: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "nodes": sum(len(rows) for rows in self.nodes.values()) + len(self.stage_history),
            "relationships": sum(len(rows) for rows in self.relationships.values())
            + len(self.stage_history),
        }


def _problem(source: str, where: str, error: ValidationError | InvalidValue) -> InvalidValue:
    if isinstance(error, InvalidValue):
        return InvalidValue(f"{source}: {where}: {error.problem}", field=error.field)
    first = error.errors()[0]
    name = ".".join(str(part) for part in first["loc"])
    return InvalidValue(f"{source}: {where}: {name}: {first['msg']}", field=name)


def _add_node(batch: GraphBatch, label: Label, row: dict, source: str) -> None:
    kind = KIND_BY_LABEL[label]
    values = dict(row)
    node_id = values.pop("id", None)
    history = values.pop("stageHistory", []) if label is Label.PROJECT else []
    if not node_id:
        raise InvalidValue(f"{source}: a {label.value} row has no id", field="id")
    try:
        payload = kind.create.model_validate(values).model_dump()
    except ValidationError as error:
        raise _problem(source, f"{label.value} {node_id}", error) from error
    props, links = link_values(kind, payload)
    batch.nodes[label].append({"id": node_id, "props": as_properties(props)})
    for link in kind.links:
        value = links.get(link.field)
        for other in (value if link.many else [value]) if value else []:
            ends = (link.other, label) if link.incoming else (label, link.other)
            pair = {"from": other, "to": node_id} if link.incoming else {"from": node_id, "to": other}
            batch.relationships[(link.type, *ends)].append({**pair, "props": {}})
    previous = None
    for index, row in enumerate(history, start=1):
        try:
            step = StageHistoryRow.model_validate(row)
        except ValidationError as error:
            raise _problem(source, f"Project {node_id} stageHistory[{index}]", error) from error
        batch.stage_history.append({
            "id": f"stg-{node_id}-{index}", "projectId": node_id, "stage": step.stage.value,
            "fromStage": previous, "at": step.at, "by": step.by, "overrideReason": step.overrideReason,
        })
        previous = step.stage.value


def _add_relationship(batch: GraphBatch, type_name: str, row: list, source: str) -> None:
    try:
        rel_type = RelType(type_name)
        from_id, to_id, *rest = row
        source_label, target_label = resolve_ends(rel_type, None, None)
        props = validated_properties(rel_type, rest[0] if rest else {}, partial=False)
    except (ValueError, InvalidValue) as error:
        if isinstance(error, InvalidValue):
            raise _problem(source, f"{type_name} {row}", error) from error
        raise InvalidValue(f"{source}: {type_name} {row}: {error}", field="relationships") from error
    batch.relationships[(rel_type, source_label, target_label)].append(
        {"from": from_id, "to": to_id, "props": props}
    )


def add_document(batch: GraphBatch, document: dict[str, Any], source: str) -> None:
    """Validate one graph document (sections per label plus `relationships`) into the batch."""
    for section, rows in document.items():
        if section == "relationships":
            for type_name, relationship_rows in rows.items():
                for row in relationship_rows:
                    _add_relationship(batch, type_name, row, source)
            continue
        try:
            label = Label(section)
        except ValueError as error:
            raise InvalidValue(f"{source}: unknown section {section}", field=section) from error
        for row in rows:
            _add_node(batch, label, row, source)


def read_seed_files(directory: Path) -> GraphBatch:
    """Parse and validate every `*.yaml` file of a folder, in name order."""
    batch = GraphBatch()
    for path in sorted(directory.glob("*.yaml")):
        add_document(batch, yaml.safe_load(path.read_text(encoding="utf-8")) or {}, path.name)
    return batch


def _write_batch(tx: ManagedTransaction, batch: GraphBatch) -> None:
    for label, rows in batch.nodes.items():
        single(tx, catalog.template("node/merge_batch", label=label), rows=rows)
    single(tx, catalog.query("project/merge_stage_history"), rows=batch.stage_history)
    for (rel_type, source, target), rows in batch.relationships.items():
        statement = catalog.template(
            "relationship/merge_batch", source=source, target=target, type=rel_type
        )
        result = single(tx, statement, rows=rows)
        if result and result["missing"]:
            first = result["missing"][0]
            raise InvalidValue(
                f"{rel_type.value} {first['from']} -> {first['to']}: an end does not exist "
                f"({len(result['missing'])} such rows)",
                field="relationships",
            )


def load_graph_files(graph: Graph, directory: Path = DEMO_SEEDS) -> dict[str, Any]:
    """Validate and write a folder of graph files in one transaction; returns what was written."""
    batch = read_seed_files(directory)
    graph.write(_write_batch, batch)
    return batch.counts()


def load_graph_document(graph: Graph, document: dict[str, Any], source: str = "document") -> dict[str, Any]:
    """Validate and write one in-memory graph document in one transaction."""
    batch = GraphBatch()
    add_document(batch, document, source)
    graph.write(_write_batch, batch)
    return batch.counts()


def graph_size(graph: Graph) -> dict[str, int]:
    """Node and relationship counts of the whole database."""
    result = graph.read(lambda tx: single(tx, catalog.query("graph/count")))
    return {"nodes": result["nodes"], "relationships": result["relationships"]}  # type: ignore[index]
