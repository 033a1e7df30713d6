"""`POST /batch`: many writes in one transaction, all or nothing (powermap/services/batch.py says how).

The request model carries the configured limit on operations, so the router is made from the
settings (`batch_router`) and the OpenAPI document states the limit as `maxItems`.
"""

from typing import TYPE_CHECKING

from fastapi import APIRouter

from powermap.api.deps import ActingDep, GraphDep
from powermap.models.batch import BatchRequest, BatchResult, limited_batch
from powermap.services.batch import apply_batch

if TYPE_CHECKING:
    limited_request = BatchRequest  # made at run time with the limit; to a type checker, its base

DESCRIPTION = """Operations applied in order in one transaction: every one is written, or none.

Each operation is checked by the model, the access policy and the write checks (the bid gate) of
its single route, and audited as it would be. The answer is 200 with one result per operation, or
the first refusal with the status its single route would answer (403, 404, 409, 422), naming the
operation (`operation`, its index) and the field in it (`operations.3.body.stance`); nothing is
written then. Every relationship type holds one edge per type and pair of ends."""


def batch_router(max_operations: int) -> APIRouter:
    """The batch route, refusing more than `max_operations` operations with a 422."""
    router = APIRouter(tags=["batch"])
    if not TYPE_CHECKING:
        limited_request = limited_batch(max_operations)

    @router.post("/batch", response_model=BatchResult, summary="Apply many writes in one transaction",
                 description=DESCRIPTION)
    def apply(body: limited_request, graph: GraphDep, principal: ActingDep) -> BatchResult:
        return BatchResult(results=apply_batch(graph, principal=principal, operations=body.operations))

    return router
