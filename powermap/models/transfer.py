"""The answer to a bulk import."""


from powermap.models.base import ApiModel


class RowProblem(ApiModel):
    line: int
    field: str
    problem: str


class ImportResult(ApiModel):
    rows: int
    nodes: int
    relationships: int
    batches: int
    errors: list[RowProblem]
