"""Sign in and out of the web page: trade a password or an API key for a session cookie (rules in
`api.session`).

Mounted under /api/v1 but outside the key-checking dependency: signing in is a POST any role must
be able to make (a viewer too), and signing out must work with an expired session.
"""

from fastapi import APIRouter, Request, Response

from powermap.api import session
from powermap.api.deps import GraphDep, PrincipalDep, SettingsDep
from powermap.api.errors import problem_responses
from powermap.api.session import SessionRead
from powermap.models.accounts import PasswordSignIn

router = APIRouter(prefix="/session", tags=["session"])


@router.post("", response_model=SessionRead,
             summary="Sign in: send the API key as Bearer once, get an HttpOnly session cookie back")
def sign_in(request: Request, response: Response, graph: GraphDep, settings: SettingsDep) -> SessionRead:
    return session.sign_in(request, response, graph, settings)


@router.post("/password", response_model=SessionRead,
             summary="Sign in with an account: send e-mail and password once, get an HttpOnly session cookie back",
             responses=problem_responses(401, 403, 422))
def sign_in_with_password(credentials: PasswordSignIn, request: Request, response: Response, graph: GraphDep,
                          settings: SettingsDep) -> SessionRead:
    return session.sign_in_with_password(request, response, graph, settings, credentials)


@router.get("", response_model=SessionRead, summary="Who this request is signed in as")
def who(principal: PrincipalDep) -> SessionRead:
    return SessionRead.of(principal)


@router.delete("", status_code=204, summary="Sign out: end this session and drop its cookie")
def sign_out(request: Request, graph: GraphDep) -> Response:
    response = Response(status_code=204)
    session.sign_out(request, response, graph)
    return response
