"""Domain errors that carry their own HTTP status, so one handler can answer them all.

Each error names the field (or path element) at fault and the problem, which is what a client needs
to fix its request. Services and repositories raise these; routers never build error bodies.

A pydantic `ValidationError` becomes a problem in one way only (`field_problems`, `invalid_from`):
the field is the error's location joined with dots under an optional prefix (`properties.strength`,
`stageHistory[2].at`), the problem is pydantic's message without its `Value error, ` wrapping.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

# Where FastAPI found a request value: the first element of a request validation error's location.
REQUEST_PARTS = frozenset({"body", "query", "path", "header", "cookie"})


class PowermapError(Exception):
    """Root of every error Powermap raises on purpose."""

    status_code = 400

    def __init__(self, problem: str, *, field: str | None = None, detail: dict[str, Any] | None = None):
        super().__init__(problem)
        self.problem = problem
        self.field = field
        self.detail = detail or {}

    def problems(self) -> list[dict[str, str | None]]:
        """The body's `errors`: one `{field, problem}` per field at fault."""
        return [{"field": self.field, "problem": self.problem}]


class NotFound(PowermapError):
    status_code = 404


class Conflict(PowermapError):
    status_code = 409


class PreconditionFailed(PowermapError):
    """An `If-Match` the stored version does not satisfy (someone changed it since it was read)."""

    status_code = 412


class InvalidValue(PowermapError):
    status_code = 422


class Contradiction(InvalidValue):
    """A record whose fields contradict each other: the 422 names every one of them."""

    def __init__(self, problem: str, *, fields: tuple[str, ...]):
        super().__init__(problem, field=fields[0])
        self.fields = fields

    def problems(self) -> list[dict[str, str | None]]:
        return [{"field": name, "problem": self.problem} for name in self.fields]


class DatabaseUnavailable(PowermapError):
    status_code = 503


def field_problems(errors: Iterable[Mapping[str, Any]], *, prefix: str = "") -> list[dict[str, str | None]]:
    """Each error of a validation (a model's or a request's) as `{field, problem}`."""
    problems: list[dict[str, str | None]] = []
    for error in errors:
        given = [str(part) for part in error["loc"]]
        loc = given[1:] if given and given[0] in REQUEST_PARTS else given
        # A whole missing body or query names where it was missing (`body`), not nothing.
        field = ".".join(part for part in [prefix, *loc] if part) or (given[-1] if given else None)
        problems.append({"field": field, "problem": str(error["msg"]).removeprefix("Value error, ")})
    return problems


def invalid_from(error: ValidationError, *, prefix: str = "") -> InvalidValue:
    """The first problem of a model validation as a 422 naming its field."""
    first = field_problems(error.errors(), prefix=prefix)[0]
    return InvalidValue(str(first["problem"]), field=first["field"])
