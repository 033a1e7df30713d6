"""Loading graph files (the demo seeds) into Neo4j, through the one bulk-write path (graph/transfer.py).

A seed file is YAML: a section per label (`Customer:`, `Stakeholder:`, ...) whose rows are the same
objects the API accepts (properties plus link fields such as `customerId`), and a `relationships:`
section keyed by type with `[from, to, {properties}]` rows. Projects may carry `stageHistory`.
Each row becomes an import row, validated with the API's models, so a seed cannot hold what the
API would refuse. A load is all or nothing (one transaction; the first bad row fails it, naming
file and field), MERGEs on constrained ids, so loading the same files twice gives the same graph,
and records what an import records (audit entries, first assessments and stages), signed by `who`
(nobody for the demo seeds unless a key or employee is given).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from powermap.errors import InvalidValue
from powermap.graph import catalog
from powermap.graph.driver import Graph, single
from powermap.graph.transfer import Batch, write_batch
from powermap.models.security import SYSTEM, Signature
from powermap.resources import SEEDS, resource_dir

DEMO_SEEDS = resource_dir(SEEDS) / "demo"


def _rows(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, import row) for every node and relationship of one graph document."""
    for section, section_rows in document.items():
        if section == "relationships":
            for type_name, relationship_rows in section_rows.items():
                for row in relationship_rows:
                    from_id, to_id, *rest = row
                    yield f"{type_name} {row}", {"type": type_name, "from": from_id, "to": to_id,
                                                 "properties": rest[0] if rest else {}}
            continue
        for row in section_rows:
            values = dict(row)
            node_id, history = values.pop("id", None), values.pop("stageHistory", None)
            yield f"{section} {node_id}", {"label": section, "id": node_id, "properties": values,
                                          "stageHistory": history}


def add_document(batch: Batch, document: dict[str, Any], source: str) -> None:
    """Validate one graph document into the batch; the first bad row raises, naming source and field."""
    for where, row in _rows(document):
        try:
            batch.add(row, None)
        except InvalidValue as error:
            raise InvalidValue(f"{source}: {where}: {error.field}: {error.problem}", field=error.field) from error


def _load(graph: Graph, batch: Batch, who: Signature) -> dict[str, int]:
    outcome = graph.write(write_batch, batch, who=who, strict=True)
    return {"nodes": outcome.nodes, "relationships": outcome.relationships}


def load_graph_files(graph: Graph, directory: Path = DEMO_SEEDS, *,
                     who: Signature = SYSTEM.signature) -> dict[str, int]:
    """Validate and write every `*.yaml` file of a folder (name order) in one transaction."""
    batch = Batch()
    for path in sorted(directory.glob("*.yaml")):
        add_document(batch, yaml.safe_load(path.read_text(encoding="utf-8")) or {}, path.name)
    return _load(graph, batch, who)


def load_graph_document(graph: Graph, document: dict[str, Any], source: str = "document", *,
                        who: Signature = SYSTEM.signature) -> dict[str, int]:
    """Validate and write one in-memory graph document in one transaction."""
    batch = Batch()
    add_document(batch, document, source)
    return _load(graph, batch, who)


def graph_size(graph: Graph) -> dict[str, int]:
    """Node and relationship counts of the whole database."""
    result = graph.read(lambda tx: single(tx, catalog.query("graph/count")))
    return {"nodes": result["nodes"], "relationships": result["relationships"]}  # type: ignore[index]
