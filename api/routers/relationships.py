"""Routes for relationships: `/relationships/{TYPE}` with the two ends in the body or query.

Every answer that carries one relationship has its version as `ETag` (and `version`); `PATCH` and
`DELETE` honour `If-Match` (api/preconditions.py). `PATCH` takes a JSON merge patch of the properties.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from powermap.api.deps import ActingDep, GraphDep
from powermap.api.errors import problem_responses
from powermap.api.preconditions import ETAG_HEADER, IfMatchDep, tag
from powermap.graph.model import Label, RelType
from powermap.models.relationships import RelationshipRead, RelationshipWrite, resolve_ends
from powermap.models.types import NodeId
from powermap.services.relationships import (
    delete_relationship,
    put_relationship,
    read_relationship,
    write_relationship,
)

router = APIRouter(prefix="/relationships", tags=["relationships"])

TAGGED = {"headers": ETAG_HEADER}
PATCH_RULE = (
    "`properties` is a JSON merge patch (RFC 7396); the body may be sent as `application/merge-patch+json` or "
    "`application/json`: a property left out keeps its value, `null` removes an optional one, a required one "
    "refuses `null` with a 422 naming it. A missing end is a 404 naming it (`from` or `to`), its id and the "
    "labels looked for. With `If-Match`, only the version you read is changed (else 412)."
)


def _read(rel_type: RelType, source: Label, target: Label, from_id: str, to_id: str,
          properties: dict[str, Any], response: Response | None = None) -> RelationshipRead:
    """The relationship as answered, its version also set as the answer's `ETag` when given the response."""
    read = RelationshipRead.of(rel_type, source, target, from_id, to_id, properties)
    if response is not None:
        tag(response, read.version)
    return read


@router.post("/{rel_type}", response_model=RelationshipRead, status_code=status.HTTP_201_CREATED,
             summary="Create a relationship between two existing nodes",
             description="A missing end is a 404 naming it (`from` or `to`), its id and the labels looked for.",
             responses={201: TAGGED, **problem_responses(403, 404, 409, 422)})
def create(rel_type: RelType, body: RelationshipWrite, graph: GraphDep, response: Response,
           principal: ActingDep) -> RelationshipRead:
    source, target, stored = write_relationship(graph, principal=principal, rel_type=rel_type, write=body,
                                                partial=False)
    return _read(rel_type, source, target, body.from_, body.to, stored, response)


@router.patch("/{rel_type}", response_model=RelationshipRead, summary="Change properties of a relationship",
              description=PATCH_RULE, responses={200: TAGGED, **problem_responses(403, 404, 412, 422)},
              openapi_extra={"requestBody": {"content": {"application/merge-patch+json": {
                  "schema": {"$ref": "#/components/schemas/RelationshipWrite"}}}}})
def update(rel_type: RelType, body: RelationshipWrite, graph: GraphDep, response: Response, principal: ActingDep,
           expected: IfMatchDep) -> RelationshipRead:
    source, target, stored = write_relationship(graph, principal=principal, rel_type=rel_type, write=body,
                                                partial=True, expected=expected)
    return _read(rel_type, source, target, body.from_, body.to, stored, response)


@router.put("/{rel_type}", response_model=RelationshipRead,
            responses={200: TAGGED, 201: {**TAGGED, "model": RelationshipRead, "description": "Created"},
                       **problem_responses(403, 404, 412, 422)},
            summary="Create or replace a relationship, keyed by its type and ends",
            description="Idempotent: the relationship ends up with exactly the body's properties (an optional "
                        "property left out is removed). 201 when it was created, 200 when replaced. Every type "
                        "holds one edge per type and pair of ends. `If-Match` makes it conditional (412).")
def put(rel_type: RelType, body: RelationshipWrite, graph: GraphDep, response: Response,
        principal: ActingDep, expected: IfMatchDep) -> RelationshipRead:
    source, target, stored, created = put_relationship(graph, principal=principal, rel_type=rel_type, write=body,
                                                       expected=expected)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return _read(rel_type, source, target, body.from_, body.to, stored, response)


@router.get("/{rel_type}", response_model=RelationshipRead, summary="Read one relationship",
            responses={200: TAGGED, **problem_responses(404, 422)})
def get(rel_type: RelType, graph: GraphDep, response: Response, from_id: NodeId = Query(alias="from"),
        to_id: NodeId = Query(alias="to"), from_label: Annotated[Label | None, Query(alias="fromLabel")] = None,
        to_label: Annotated[Label | None, Query(alias="toLabel")] = None) -> RelationshipRead:
    source, target = resolve_ends(rel_type, from_label, to_label)
    stored = read_relationship(
        graph, rel_type=rel_type, source=source, target=target, from_id=from_id, to_id=to_id
    )
    return _read(rel_type, source, target, from_id, to_id, stored, response)


@router.delete("/{rel_type}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a relationship",
               description="With `If-Match`, only the version you read is deleted (else 412).",
               responses=problem_responses(403, 404, 412, 422))
def delete(rel_type: RelType, graph: GraphDep, principal: ActingDep, expected: IfMatchDep,
           from_id: NodeId = Query(alias="from"), to_id: NodeId = Query(alias="to"),
           from_label: Annotated[Label | None, Query(alias="fromLabel")] = None,
           to_label: Annotated[Label | None, Query(alias="toLabel")] = None) -> None:
    source, target = resolve_ends(rel_type, from_label, to_label)
    delete_relationship(graph, principal=principal, rel_type=rel_type, source=source, target=target,
                        from_id=from_id, to_id=to_id, expected=expected)
