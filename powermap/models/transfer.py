"""The answer to a bulk import."""

from pydantic import BaseModel


class RowProblem(BaseModel):
    line: int
    field: str
    problem: str


class ImportResult(BaseModel):
    rows: int
    nodes: int
    relationships: int
    batches: int
    errors: list[RowProblem]
