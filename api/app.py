"""The FastAPI application: one driver per process, opened and checked in the lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.routers import (
    activities,
    bid_review,
    health,
    questions,
    relationship_health,
    relationships,
    sandbox,
    scorecards,
    transfer,
)
from api.routers.nodes import all_node_routers
from graph.driver import Graph, open_driver
from graph.schema import apply_schema
from powermap.services.bid_review import register_bid_gate
from powermap.settings import REPO_ROOT, Settings, get_settings

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the driver opens when the app starts serving, not at import."""
    settings = settings or get_settings()
    register_bid_gate()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = open_driver(settings)
        try:
            driver.verify_connectivity()
            apply_schema(driver, settings.neo4j_database)
            app.state.graph = Graph(driver, settings.neo4j_database)
            yield
        finally:
            driver.close()

    app = FastAPI(
        title="Powermap",
        version="0.1.0",
        summary="Who decides, who can reach them, and where the deal came from.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(health.router)
    api = APIRouter(prefix=API_PREFIX)
    # The sandbox router's GET /plans/{id} (a plan with its decisions and progress) is registered
    # before the generic node routes so that it answers for plans.
    api.include_router(sandbox.router)
    for router in all_node_routers():
        api.include_router(router)
    api.include_router(relationships.router)
    api.include_router(questions.router)
    api.include_router(bid_review.router)
    api.include_router(relationship_health.router)
    api.include_router(activities.router)
    api.include_router(scorecards.router)
    api.include_router(transfer.router)
    app.include_router(api)
    _serve_browser_assets(app, settings)
    _serve_power_map_page(app)
    return app


def _serve_power_map_page(app: FastAPI) -> None:
    """The /ui page and its one library, from the project's own npm install (`make` runs `npm ci`)."""
    vendor = REPO_ROOT / "ui" / "node_modules" / "cytoscape" / "dist"
    if vendor.is_dir():
        app.mount("/ui/vendor", StaticFiles(directory=vendor), name="ui-vendor")
    app.mount("/ui", StaticFiles(directory=REPO_ROOT / "ui" / "static", html=True), name="ui")


def _serve_browser_assets(app: FastAPI, settings: Settings) -> None:
    """The Neo4j Browser guide and style, fetched by Browser from its own origin (hence CORS, GET only)."""
    browser_origins = [f"http://{host}:{settings.embedded_http_port}" for host in ("127.0.0.1", "localhost")]
    app.add_middleware(CORSMiddleware, allow_origins=browser_origins, allow_methods=["GET"], allow_headers=["*"])
    app.mount("/neo4j-browser", StaticFiles(directory=REPO_ROOT / "browser"), name="neo4j-browser")
