"""The access log: one record per HTTP request, written by one middleware.

The record (`powermap.api.access_log`, INFO, message `request`) carries: `method`, `route` (the
route's template, e.g. `/api/v1/projects/{project_id}/bid-review`, so ids never multiply the
distinct values; `null` when no route matched), `status`, `duration_ms`, `request_id` and `key_id`
(the principal's API key id; `null` before authentication or for a page's session without a key).

The request id is the client's `X-Request-ID` when it is a plain token (letters, digits, `._:-`, at
most 128 characters), so a proxy's or caller's id follows the request through; anything else is
replaced by a fresh one, so a client cannot inject text into the logs. It is echoed in the
response's `X-Request-ID` header and set in `powermap.logs.request_id`, so every record logged while
the request runs (its Cypher timings included) carries it.
"""

import logging
import re
import time
import uuid

from starlette.routing import Mount
from starlette.types import Message, Receive, Scope, Send

from powermap.api.headers import HttpMiddleware
from powermap.logs import request_id

log = logging.getLogger(__name__)
# The fields of every request's record, in the order the module docstring names them.
FIELDS = ("method", "route", "status", "duration_ms", "request_id", "key_id")
HEADER = b"x-request-id"
PLAIN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def _request_id(scope: Scope) -> str:
    given = dict(scope.get("headers") or []).get(HEADER, b"").decode("latin-1")
    return given if PLAIN_ID.fullmatch(given) else uuid.uuid4().hex


def route_template(scope: Scope) -> str | None:
    """The matched route's full template, or None when no route matched.

    FastAPI includes a router without copying its routes, so the matched route knows only its path
    inside its own router (`/customers/{node_id}`); the include prefixes (`/api/v1`) are the request
    path's leading segments before it. Mounts (the page, the Browser assets) sit at the top.
    """
    route = scope.get("route")
    template: str | None = getattr(route, "path_format", None)
    if not template or isinstance(route, Mount):
        return template
    parts = scope["path"].split("/")
    return "/".join(parts[: len(parts) - len(template.split("/")) + 1]) + template


class AccessLog(HttpMiddleware):
    """ASGI middleware: time the request, echo its id, log it once when the response has started."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = _request_id(scope)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500  # what the client gets when the application raises before answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(name, value) for name, value in message.get("headers") or [] if name.lower() != HEADER]
                message = {**message, "headers": [*headers, (HEADER, rid.encode("latin-1"))]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)
            principal = (scope.get("state") or {}).get("principal")
            log.info("request", extra=dict(zip(FIELDS, (
                scope["method"], route_template(scope), status, round((time.perf_counter() - started) * 1000, 1),
                rid, getattr(principal, "key_id", None)), strict=True)))
