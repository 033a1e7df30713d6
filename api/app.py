"""The FastAPI application: one driver per process, opened and checked in the lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from powermap import logs
from powermap.api.access_log import AccessLog
from powermap.api.bookmarks import BookmarkHeader
from powermap.api.deps import authenticated
from powermap.api.errors import describe_problems, install_error_handlers, problem
from powermap.api.headers import SecurityHeaders
from powermap.api.routers import (
    accounts,
    activities,
    assessments,
    batch,
    bid_review,
    health,
    map_views,
    network_power,
    questions,
    relationship_health,
    relationships,
    sandbox,
    scorecards,
    security,
    session,
    transfer,
)
from powermap.api.routers import alerts as signal_alerts
from powermap.api.routers import capture as signal_capture
from powermap.api.routers.nodes import all_node_routers
from powermap.graph.availability import BATCH_PROBE_TIMEOUT
from powermap.graph.driver import Graph, open_driver
from powermap.graph.schema import apply_migrations, apply_schema
from powermap.models.security import Role
from powermap.resources import BROWSER, UI, UI_VENDOR, check_resources, resource_dir
from powermap.services.bid_review import register_bid_gate
from powermap.services.privacy import purge_expired_audit
from powermap.services.security import create_key
from powermap.settings import Settings, get_settings

API_PREFIX = "/api/v1"


def operation_id(route: APIRoute) -> str:
    """`<tag>-<function>` (`stakeholders-upsert`): unique, and what a generated client names its calls."""
    name = route.name.rstrip("_")  # `list_` is named so only to spare the builtin
    return "-".join([*str(route.tags[0]).split(), name]) if route.tags else name


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the driver opens when the app starts serving, not at import."""
    settings = settings or get_settings()
    logs.configure(settings)
    check_resources()
    register_bid_gate()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = open_driver(settings)
        try:
            driver.verify_connectivity()
            apply_schema(driver, settings.neo4j_database)
            apply_migrations(driver, settings.neo4j_database)
            # Start-up work waits as a batch does: a short probe suits a request that a person
            # waits for, not a start on a busy machine, where it would refuse to start at all.
            start_up = Graph(driver, settings.neo4j_database, probe_timeout=BATCH_PROBE_TIMEOUT)
            try:
                create_key(start_up, name="bootstrap admin", role=Role.ADMIN, key=settings.admin_key)
                purge_expired_audit(start_up, retention_days=settings.audit_retention_days)
            finally:
                start_up.close()
            # One connection of the worker's pool stays free for the breaker's probe.
            app.state.graph = Graph(driver, settings.neo4j_database,
                                    probe_timeout=settings.neo4j_probe_timeout_seconds,
                                    slow_query_ms=settings.slow_query_ms,
                                    unit_threads=settings.worker_pool_size - 1)
            try:
                yield
            finally:
                app.state.graph.close()
        finally:
            driver.close()

    app = FastAPI(
        title="Powermap",
        version="0.1.0",
        summary="Who decides, who can reach them, and where the deal came from.",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    install_error_handlers(app)
    describe_problems(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.include_router(health.router)
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(authenticated)])
    # The sandbox router's GET /plans/{id} (a plan with its decisions and progress) is registered
    # before the generic node routes so that it answers for plans.
    api.include_router(sandbox.router)
    for router in all_node_routers():
        api.include_router(router)
    api.include_router(relationships.router)
    api.include_router(batch.batch_router(settings.max_batch_operations))
    api.include_router(questions.router)
    api.include_router(network_power.router)
    api.include_router(bid_review.router)
    api.include_router(map_views.router)
    api.include_router(relationship_health.router)
    api.include_router(activities.router)
    api.include_router(scorecards.router)
    api.include_router(transfer.router)
    api.include_router(security.router)
    api.include_router(accounts.router)
    api.include_router(assessments.router)
    api.include_router(signal_capture.router)
    api.include_router(signal_alerts.router)
    app.include_router(api)
    app.include_router(session.router, prefix=API_PREFIX)  # signs in with a password or key: outside `authenticated`
    _serve_browser_assets(app, settings)
    _serve_power_map_page(app)
    app.add_middleware(BookmarkHeader)  # a write's bookmarks for the client (api/bookmarks.py)
    app.add_middleware(SecurityHeaders)  # so every response carries them (api/headers.py)
    app.add_middleware(AccessLog)  # outermost: times and logs every request once (api/access_log.py)
    return app


def _serve_power_map_page(app: FastAPI) -> None:
    """The /ui page and its libraries, from the project's own npm install (`make` runs `npm ci`)."""
    for prefix, folder in UI_VENDOR.items():  # before /ui/vendor, which would otherwise take their paths
        app.mount(f"/ui/vendor/{prefix}", StaticFiles(directory=resource_dir(UI) / folder), name=f"ui-{prefix}")
    app.mount("/ui/vendor", StaticFiles(directory=resource_dir(UI) / "node_modules" / "cytoscape" / "dist"),
              name="ui-vendor")
    app.mount("/ui", StaticFiles(directory=resource_dir(UI) / "static", html=True), name="ui")


class BodySizeLimit:
    """Refuse request bodies over the limit with a 413.

    A declared Content-Length over the limit is refused before anything is read. A body without
    one (chunked) is counted as it streams: once it passes the limit the 413 is sent, the
    application is told the client went away (so it stops reading and writes nothing), and
    whatever it would still answer is dropped.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _refusal(self) -> JSONResponse:
        return problem(413, f"the body is over {self.max_bytes} bytes", [{"field": "body", "problem": "too large"}])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            await self._refusal()(scope, receive, send)
            return
        received = 0
        refused = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    await self._refusal()(scope, receive, send)
            return {"type": "http.disconnect"} if refused else message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted_receive, guarded_send)


def _serve_browser_assets(app: FastAPI, settings: Settings) -> None:
    """The Neo4j Browser guide and style, fetched by Browser from its own origin (hence CORS, GET only)."""
    browser_origins = [f"http://{host}:{settings.embedded_http_port}" for host in ("127.0.0.1", "localhost")]
    app.add_middleware(CORSMiddleware, allow_origins=browser_origins, allow_methods=["GET"], allow_headers=["*"])
    app.mount("/neo4j-browser", StaticFiles(directory=resource_dir(BROWSER)), name="neo4j-browser")
