"""One place that turns errors into problem bodies: `{status, title, detail, errors: [{field, problem}]}`.

Domain errors carry their status; request validation is a 422 naming every bad field; a lost
database is a 503 with Retry-After. Nothing a client sends should surface as an anonymous 500.

Units of work run through the breaker (`graph.availability`), which turns an outage into
`DatabaseUnavailable`. Driver errors that reach a handler some other way (a unit of work run outside
`Graph`, a result read after its transaction) are an outage too: `DriverError` (ServiceUnavailable,
SessionExpired, a broken result) and Neo4j's transient errors (deadlock, database unavailable,
transaction timed out on the server) answer 503, so the client retries; they are never a 500.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ConstraintError, DriverError, TransientError
from pydantic import ValidationError

from powermap.errors import PowermapError, field_problems

TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 409: "Conflict",
          413: "Payload too large", 422: "Invalid value", 503: "Database unavailable"}

RETRY_AFTER = {"Retry-After": "1"}


def problem(status: int, detail: str, errors: list[dict[str, str | None]], headers: dict[str, str] | None = None,
            extra: dict[str, Any] | None = None) -> JSONResponse:
    """A problem+json response."""
    body = {"status": status, "title": TITLES.get(status, "Error"), "detail": detail,
            "errors": errors, **(extra or {})}
    return JSONResponse(body, status_code=status, headers=headers,
                        media_type="application/problem+json")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""

    @app.exception_handler(PowermapError)
    async def domain_error(_: Request, error: PowermapError) -> JSONResponse:
        headers = {401: {"WWW-Authenticate": "Bearer"}, 503: RETRY_AFTER}.get(error.status_code)
        return problem(error.status_code, error.problem,
                       [{"field": error.field, "problem": error.problem}],
                       headers=headers, extra=error.detail or None)

    @app.exception_handler(RequestValidationError)
    @app.exception_handler(ValidationError)
    async def invalid(_: Request, error: RequestValidationError | ValidationError) -> JSONResponse:
        errors = field_problems(error.errors())
        return problem(422, "; ".join(f"{e['field']}: {e['problem']}" for e in errors), errors)

    @app.exception_handler(ConstraintError)
    async def constraint_violated(_: Request, error: ConstraintError) -> JSONResponse:
        return problem(409, error.message or "constraint violated",
                       [{"field": "id", "problem": error.message}])

    @app.exception_handler(DriverError)
    @app.exception_handler(TransientError)
    async def database_lost(_: Request, error: Exception) -> JSONResponse:
        return problem(503, "Neo4j is not reachable; try again shortly",
                       [{"field": None, "problem": str(error) or type(error).__name__}], headers=RETRY_AFTER)
