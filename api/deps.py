"""Dependencies injected into routes: the graph (one driver per process), settings, the principal.

The principal is passed explicitly from the route to the service (never read from a context variable
deep in the data layer); `ActingDep` is the principal acting as the `X-Powermap-Actor` employee
where the policy allows it.
"""


from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from powermap.api import session
from powermap.api.bookmarks import BOOKMARK_HEADER, STATE_KEY, parse_bookmarks
from powermap.graph.driver import Graph
from powermap.models.security import Principal, Role
from powermap.models.types import NodeId
from powermap.services import policy, security
from powermap.settings import Settings

BookmarkHeaderDep = Annotated[
    str | None,
    Header(alias=BOOKMARK_HEADER,
           description="the value of this header on an earlier answer to a write, from any replica: the request "
                       "then sees that write (read-your-writes on a cluster)"),
]


async def get_graph(request: Request, bookmark: BookmarkHeaderDep = None) -> Graph:
    """This request's view of the process's graph (opened in the app's lifespan), following the
    client's bookmarks (api/bookmarks.py). No I/O, so it runs on the event loop, not in a thread."""
    shared: Graph = request.app.state.graph  # put there by the lifespan; app.state is untyped
    view = shared.following(parse_bookmarks(bookmark), source=BOOKMARK_HEADER)
    setattr(request.state, STATE_KEY, view)  # for the answer's header (api/bookmarks.py)
    return view


async def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings  # put there by create_app; app.state is untyped
    return settings


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
    """The request's principal from its API key or session cookie; writes need the editor role at least.

    A key authenticated within the cache's TTL (services/security.py) is taken on the event loop, so a
    light request pays no thread hop for it; a key seen first and every session cookie read Neo4j,
    in the thread pool, so the loop never blocks on the database.
    """
    key = session.presented_key(request)  # a machine's key, else a person's session cookie (api/session.py)
    principal = security.cached_principal(key) if key else None
    if principal is None:
        principal = await run_in_threadpool(_principal_read, request, graph, key)
    request.state.principal = principal  # for the access log's key id (api/access_log.py)
    if request.method not in READ_METHODS:
        policy.require_role(principal, Role.EDITOR)
    return principal


def _principal_read(request: Request, graph: Graph, key: str | None) -> Principal:
    return security.authenticate(graph, key) if key else session.session_principal(
        request, graph, writing=request.method not in READ_METHODS)


PrincipalDep = Annotated[Principal, Depends(authenticated)]


def acting_principal(principal: PrincipalDep, actor: ActorDep = None) -> Principal:
    """The principal a write is done as: the key's own employee, or (admins only) the header's."""
    return policy.acting_as(principal, actor)


ActingDep = Annotated[Principal, Depends(acting_principal)]
