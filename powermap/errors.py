"""Domain errors that carry their own HTTP status, so one handler can answer them all.

Each error names the field (or path element) at fault and the problem, which is what a client needs
to fix its request. Services and repositories raise these; routers never build error bodies.
"""

from typing import Any


class PowermapError(Exception):
    """Root of every error Powermap raises on purpose."""

    status_code = 400

    def __init__(self, problem: str, *, field: str | None = None, detail: dict[str, Any] | None = None):
        super().__init__(problem)
        self.problem = problem
        self.field = field
        self.detail = detail or {}


class NotFound(PowermapError):
    status_code = 404


class Conflict(PowermapError):
    status_code = 409


class InvalidValue(PowermapError):
    status_code = 422


class DatabaseUnavailable(PowermapError):
    status_code = 503
