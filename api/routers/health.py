"""Liveness with the one fact that matters: can we reach Neo4j."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GraphDep

router = APIRouter(tags=["health"])


@router.get("/health", summary="API and Neo4j reachability")
def health(graph: GraphDep) -> JSONResponse:
    try:
        graph.driver.verify_connectivity()
    except Exception as error:  # any failure to reach Neo4j is exactly what health reports
        return JSONResponse({"status": "degraded", "neo4j": "unreachable", "error": str(error)},
                            status_code=503, headers={"Retry-After": "1"})
    return JSONResponse({"status": "ok", "neo4j": "reachable", "database": graph.database})
