"""Liveness with the one fact that matters: can we reach Neo4j.

The answer comes from the breaker (`graph.availability`): while Neo4j is marked down it is given at
once; otherwise a ping runs through the breaker like any unit of work, so a hung server is reported
within about a second, never waited on.
"""

import time

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from powermap.api.deps import GraphDep
from powermap.api.errors import RETRY_AFTER
from powermap.errors import DatabaseUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", summary="API and Neo4j reachability")
def health(graph: GraphDep) -> JSONResponse:
    availability = graph.availability
    try:
        availability.run(availability.ping)
    except DatabaseUnavailable as error:
        down_since = availability.down_since
        down_for = round(time.monotonic() - down_since, 1) if down_since is not None else 0.0
        return JSONResponse({"status": "degraded", "neo4j": "unreachable", "error": error.problem,
                             "downForSeconds": down_for}, status_code=503, headers=RETRY_AFTER)
    return JSONResponse({"status": "ok", "neo4j": "reachable", "database": graph.database})
