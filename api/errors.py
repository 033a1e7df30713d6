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
from pydantic import Field, ValidationError

from powermap.errors import PowermapError, field_problems
from powermap.models.base import ApiModel

TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 409: "Conflict",
          412: "Precondition failed", 413: "Payload too large", 422: "Invalid value", 503: "Database unavailable"}

RETRY_AFTER = {"Retry-After": "1"}
PROBLEM_JSON = "application/problem+json"


class FieldProblem(ApiModel):
    field: str | None = Field(description="the field (or header, or path element) at fault; null for the whole")
    problem: str


class Problem(ApiModel):
    """Every error body (RFC 9457 problem details): what went wrong, and each field at fault."""

    status: int
    title: str
    detail: str
    errors: list[FieldProblem]


def _example(status: int, field: str, problem: str, **extra: Any) -> dict[str, Any]:
    return {"status": status, "title": TITLES[status], "detail": problem,
            "errors": [{"field": field, "problem": problem}], **extra}


PROBLEMS: dict[int, tuple[str, dict[str, Any]]] = {
    401: ("No live key, session or account behind the request, or the sign-in's credentials are wrong",
          _example(401, "email", "the e-mail or password is wrong, or the account is disabled")),
    403: ("The access policy refuses this write to this caller (`field` names what it judged)",
          _example(403, "Authorization", "writing data of cus-1 needs a team that covers it")),
    404: ("A node named in the path or body does not exist (`field` says which: `id`, `from`, `to`)",
          _example(404, "to", "no Stakeholder with id 'stk-9' at `to`")),
    409: ("The write would break a uniqueness rule or leave dependents behind",
          _example(409, "cascade", "Customer cus-1 has dependents (2 WORKS_IN); delete them first or pass "
                   "cascade=true", dependents=[{"type": "WORKS_IN", "count": 2}])),
    412: ("`If-Match` names a version other than the stored one: someone changed the record since you read "
          "it (`currentVersion` is the stored one); nothing was changed",
          _example(412, "If-Match", 'Stakeholder stk-1 was changed since you read it: its version is now '
                   '"4be1c0a2d39e77f1a0b2"; read it again and redo your change',
                   currentVersion="4be1c0a2d39e77f1a0b2")),
    422: ("A value is refused: out of range, of the wrong type, required, or contradicting another field "
          "(then each field at fault is listed); nothing was changed",
          {"status": 422, "title": TITLES[422], "detail": "status is done but doneAt is not set: say when it was done",
           "errors": [{"field": "status", "problem": "status is done but doneAt is not set: say when it was done"},
                      {"field": "doneAt", "problem": "status is done but doneAt is not set: say when it was done"}]}),
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of these error answers, for a route's `responses`."""
    return {status: {"model": Problem, "description": PROBLEMS[status][0],
                     "content": {PROBLEM_JSON: {"example": PROBLEMS[status][1]}}} for status in statuses}


def describe_problems(app: FastAPI) -> None:
    """Document error bodies as `application/problem+json`, the media type they are sent with.

    FastAPI files a response model under `application/json`; each documented problem moves it to
    the problem media type beside its example.
    """
    make_schema = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = make_schema()
            for operation in (op for path in schema["paths"].values() for op in path.values()):
                for answer in operation.get("responses", {}).values():
                    content = answer.get("content", {})
                    if PROBLEM_JSON in content and "application/json" in content:
                        content[PROBLEM_JSON]["schema"] = content.pop("application/json")["schema"]
            app.openapi_schema = schema
        return app.openapi_schema

    # FastAPI's documented way to change the document: replace `app.openapi`.
    app.openapi = openapi  # type: ignore[method-assign]


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
        return problem(error.status_code, error.problem, error.problems(), headers=headers,
                       extra=error.detail or None)

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
