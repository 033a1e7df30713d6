"""The answers to a bulk import and to the undo of one import run."""

from typing import Any

from powermap.models.base import ApiModel


class RowProblem(ApiModel):
    """A refused row: its source line (and file, for an export's files), the field at fault and the
    problem; `kind` when known."""

    line: int
    field: str
    problem: str
    kind: str | None = None
    file: str | None = None


class WrittenEntity(ApiModel):
    """A node (`entity` its id) or relationship (`from->to`) the import created or updated."""

    line: int | None
    kind: str
    entity: str
    action: str
    fields: list[str]


class FieldConflict(ApiModel):
    """A value the bid team changed in Powermap that the import left as it was."""

    line: int | None
    kind: str
    entity: str
    field: str
    stored: Any
    imported: Any


class KindSummary(ApiModel):
    kind: str
    created: int
    updated: int
    refused: int
    conflicts: int


class ImportResult(ApiModel):
    """What an import wrote (or, for a dry run, would write), refused (`errors`) and kept (`conflicts`)."""

    run_id: str
    dry_run: bool
    committed: bool
    rows: int
    nodes: int
    relationships: int
    batches: int
    summary: list[KindSummary]
    written: list[WrittenEntity]
    errors: list[RowProblem]
    conflicts: list[FieldConflict]


class UndoResult(ApiModel):
    run_id: str
    deleted: list[str]
    restored: list[str]

