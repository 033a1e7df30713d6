"""Dependencies injected into routes: the graph (one driver per process), settings, the actor."""

from typing import Annotated

from fastapi import Depends, Header, Request

from graph.driver import Graph
from powermap.models.security import Principal, Role
from powermap.models.types import NodeId
from powermap.services import security
from powermap.settings import Settings


def get_graph(request: Request) -> Graph:
    """The process's graph handle, opened in the app's lifespan."""
    return request.app.state.graph


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ActorDep = Annotated[
    NodeId | None,
    Header(
        alias="X-Powermap-Actor",
        description="id of the Employee making the change; recorded on assessments and stage moves",
    ),
]


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def authenticated(request: Request, graph: GraphDep) -> Principal:
    """The request's principal from its API key; writes need the editor role at least.

    Async on purpose: it runs in the request's own context, so the principal it sets is seen by
    the endpoint (which FastAPI runs in a worker thread with a copy of that context).
    """
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
    principal = security.authenticate(graph, token or request.headers.get("X-API-Key"))
    if request.method not in READ_METHODS:
        security.require_role(principal, Role.EDITOR)
    security.current_principal.set(principal)
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticated)]


def acting_employee(principal: Principal, actor: str | None) -> str | None:
    """The employee a write is done as: the key's own, or (for admins and unbound keys) the header's."""
    if principal.employee_id and actor and actor != principal.employee_id and principal.role is not Role.ADMIN:
        raise security.Forbidden(f"this key acts as {principal.employee_id}, not {actor}", field="X-Powermap-Actor")
    return actor or principal.employee_id
