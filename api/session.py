"""Sessions for people: the web page trades an account's password (or an API key), once, for a
short-lived cookie.

Machines send their key on every request (`Authorization: Bearer <key>` or `X-API-Key`). People
sign in on the page with their account's e-mail and password (`POST /api/v1/session/password`,
`powermap.services.accounts`); the page sends them once and never stores them, the answer sets a
cookie, and the page's later calls carry only that cookie. Signing in with a key
(`POST /api/v1/session` with the key as Bearer) stays: it is how an admin bootstraps the first
accounts from the page with the key `powermap keys create` or `make serve` printed, and how a
script-minded admin looks at the map with their own key. The rules:

- The cookie `powermap_session` holds 32 random bytes; only their SHA-256 is stored, in a `Session`
  node bound to the key's or the account's id. It is `HttpOnly` (no script can read it), `SameSite=Strict` (no
  other site's page makes the browser send it), `Path=/api/v1`, `Secure` when the request came over
  https, and lives `session_hours` (default 8) from sign-in: a fixed lifetime, not a sliding one.
- A key in the request wins over a cookie. Revoking a key or disabling an account ends its sessions
  at once (every lookup joins the live key or the enabled account; disabling also deletes them);
  expired and orphaned sessions are deleted at the next sign-in.
- A session cannot open another: signing in needs the key or the password itself, so a stolen
  cookie dies with its session.
- Same origin for writes. A write authenticated by the cookie (any method but GET, HEAD, OPTIONS)
  is refused with 403 when an `Origin` header is present and is not the API's own origin (the
  scheme and host the request reached the API with), or when a `Sec-Fetch-Site` header is present
  and is not `same-origin`. SameSite=Strict already keeps the cookie off other sites' requests;
  this check also refuses other origins of the same site (another port on the same host, a
  sibling subdomain), which SameSite lets through. Requests without these headers come from
  non-browser clients, which cannot hold a victim's cookie. Signing in and out are held to the same
  check. Behind a TLS-terminating proxy, run uvicorn with `--proxy-headers` so the scheme matches.
"""

from datetime import datetime

from fastapi import Request, Response

from powermap.graph.driver import Graph
from powermap.models.accounts import PasswordSignIn
from powermap.models.base import ApiModel
from powermap.models.security import Principal, Role
from powermap.services import accounts, security
from powermap.services.policy import Forbidden, Unauthorized
from powermap.settings import Settings

SESSION_COOKIE = "powermap_session"
COOKIE_PATH = "/api/v1"


class SessionRead(ApiModel):
    """Who the page is signed in as (the key's or the account's name and role), and until when."""

    key_id: str | None = None
    account_id: str | None = None
    name: str
    role: Role
    employee_id: str | None = None
    expires_at: datetime | None = None

    @classmethod
    def of(cls, principal: Principal, expires_at: datetime | None = None) -> "SessionRead":
        """The principal as the page sees it; only a key's holder or an account has one (the CLI has neither)."""
        if principal.key_id is None and principal.account_id is None:
            raise Unauthorized("sign in with an account or an API key", field="Authorization")
        return cls(key_id=principal.key_id, account_id=principal.account_id, name=principal.name,
                   role=principal.role, employee_id=principal.employee_id, expires_at=expires_at)


def presented_key(request: Request) -> str | None:
    """The API key a machine sent: `Authorization: Bearer <key>`, else `X-API-Key`."""
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
    return token or request.headers.get("X-API-Key")


def own_origin(request: Request) -> str:
    """The origin the request reached the API at, as a browser would write it in `Origin`."""
    return f"{request.url.scheme}://{request.url.netloc}"


def require_same_origin(request: Request) -> None:
    """Refuse a browser request sent from another origin (see the module's rules)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin != own_origin(request):
        raise Forbidden(f"a signed-in write must come from {own_origin(request)}, not {origin}", field="Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        raise Forbidden(f"a signed-in write must come from the same origin, not a {fetch_site} page",
                        field="Sec-Fetch-Site")


def session_principal(request: Request, graph: Graph, *, writing: bool) -> Principal:
    """The principal behind the request's session cookie; 401 without a live one."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("an API key is required: send Authorization: Bearer <key>, "
                           "or sign in with POST /api/v1/session", field="Authorization")
    principal = security.session_principal(graph, token=token, cookie=SESSION_COOKIE)
    if writing:
        require_same_origin(request)
    return principal


def _set_cookie(request: Request, response: Response, token: str, seconds: int) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=seconds, path=COOKIE_PATH, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")


def sign_in(request: Request, response: Response, graph: Graph, settings: Settings) -> SessionRead:
    """Open a session for the presented key and set its cookie on the response."""
    require_same_origin(request)
    principal = security.authenticate(graph, presented_key(request))
    seconds = round(settings.session_hours * 3600)
    token, expires_at = security.open_session(graph, principal=principal, seconds=seconds)
    _set_cookie(request, response, token, seconds)
    return SessionRead.of(principal, expires_at)


def sign_in_with_password(request: Request, response: Response, graph: Graph, settings: Settings,
                          credentials: PasswordSignIn) -> SessionRead:
    """Open a session for the account these credentials open and set its cookie on the response."""
    require_same_origin(request)
    account = accounts.authenticate_password(graph, credentials=credentials)
    seconds = round(settings.session_hours * 3600)
    token, expires_at = accounts.open_session_for(graph, account=account, seconds=seconds)
    _set_cookie(request, response, token, seconds)
    return SessionRead(account_id=account.id, name=account.name, role=account.role,
                       employee_id=account.employee_id, expires_at=expires_at)


def sign_out(request: Request, response: Response, graph: Graph) -> None:
    """End the session the request's cookie names (if any) and tell the browser to drop the cookie."""
    require_same_origin(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        security.close_session(graph, token=token)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
