"""Security headers on every response, and the Content-Security-Policy of what a browser renders.

- Every response: `X-Content-Type-Options: nosniff` (a JSON or Markdown body is never run as a
  script or style) and `Referrer-Policy: no-referrer` (no id in a URL leaks to another site).
- The page (`/ui` and its assets): scripts only from files the API serves (`script-src 'self'`, no
  inline script, no eval), styles only from `style.css`, plus the one rule Cytoscape injects as a
  `<style>` element (`.__________cytoscape_container { position: relative; }`), allowed by its
  hash rather than with 'unsafe-inline'. Inline style attributes are refused: the page sets
  positions through the CSSOM (`element.style.left = ...`), which CSP allows.
- Everything under `/api/` (JSON, Markdown, SVG and the HTML bid review): `default-src 'none'`, so
  no script at all runs in a document the API renders, even from itself; the HTML report's one
  `<style>` block (it must stay inline: the report is a self-contained file people save and mail)
  is allowed by its hash, and its SVG draws with presentation attributes, not style attributes.
- Both: `object-src 'none'`, `base-uri 'none'`, `frame-ancestors 'none'` (no framing, so no
  clickjacking). `/docs` keeps FastAPI's Swagger page as it is (it loads its own scripts).
"""

import base64
import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from powermap.reports import REPORT_CSS


def style_hash(text: str) -> str:
    """The CSP source that allows one inline `<style>` element with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
COMMON = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
PAGE_POLICY = (f"default-src 'self'; script-src 'self'; style-src 'self' {style_hash(CYTOSCAPE_STYLE)}; "
               f"img-src 'self' data:; connect-src 'self'; form-action 'self'; {COMMON}")
DOCUMENT_POLICY = f"default-src 'none'; style-src {style_hash(REPORT_CSS)}; img-src data:; form-action 'none'; {COMMON}"
ALWAYS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))


def policy_for(path: str) -> str | None:
    """The Content-Security-Policy for a path, or None where the page brings its own (the docs)."""
    if path == "/ui" or path.startswith("/ui/"):
        return PAGE_POLICY
    if path.startswith("/api/"):
        return DOCUMENT_POLICY
    return None


class HttpMiddleware:
    """An ASGI middleware that acts on HTTP requests (`http`); lifespan and websockets pass through."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware adding the headers above to every HTTP response, errors included."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        policy = policy_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                extra = [*ALWAYS, *([(b"content-security-policy", policy.encode("ascii"))] if policy else [])]
                headers += [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
