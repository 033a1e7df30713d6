"""Routes for relationships: `/relationships/{TYPE}` with the two ends in the body or query."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from powermap.api.deps import ActingDep, GraphDep
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


def _read(rel_type: RelType, source: Label, target: Label, from_id: str, to_id: str,
          properties: dict[str, Any]) -> RelationshipRead:
    return RelationshipRead(type=rel_type, from_=from_id, to=to_id, from_label=source,
                            to_label=target, properties=properties)


@router.post("/{rel_type}", response_model=RelationshipRead, status_code=status.HTTP_201_CREATED,
             summary="Create a relationship between two existing nodes")
def create(rel_type: RelType, body: RelationshipWrite, graph: GraphDep, principal: ActingDep) -> RelationshipRead:
    source, target, stored = write_relationship(graph, principal=principal, rel_type=rel_type, write=body,
                                                partial=False)
    return _read(rel_type, source, target, body.from_, body.to, stored)


@router.patch("/{rel_type}", response_model=RelationshipRead, summary="Change properties of a relationship")
def update(rel_type: RelType, body: RelationshipWrite, graph: GraphDep, principal: ActingDep) -> RelationshipRead:
    source, target, stored = write_relationship(graph, principal=principal, rel_type=rel_type, write=body,
                                                partial=True)
    return _read(rel_type, source, target, body.from_, body.to, stored)


@router.put("/{rel_type}", response_model=RelationshipRead,
            responses={201: {"model": RelationshipRead, "description": "Created"}},
            summary="Create or replace a relationship, keyed by its type and ends",
            description="Idempotent: the relationship ends up with exactly the body's properties (an optional "
                        "property left out is removed). 201 when it was created, 200 when replaced. Every type "
                        "holds one edge per type and pair of ends.")
def put(rel_type: RelType, body: RelationshipWrite, graph: GraphDep, response: Response,
        principal: ActingDep) -> RelationshipRead:
    source, target, stored, created = put_relationship(graph, principal=principal, rel_type=rel_type, write=body)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return _read(rel_type, source, target, body.from_, body.to, stored)


@router.get("/{rel_type}", response_model=RelationshipRead, summary="Read one relationship")
def get(rel_type: RelType, graph: GraphDep, from_id: NodeId = Query(alias="from"),
        to_id: NodeId = Query(alias="to"), from_label: Annotated[Label | None, Query(alias="fromLabel")] = None,
        to_label: Annotated[Label | None, Query(alias="toLabel")] = None) -> RelationshipRead:
    source, target = resolve_ends(rel_type, from_label, to_label)
    stored = read_relationship(
        graph, rel_type=rel_type, source=source, target=target, from_id=from_id, to_id=to_id
    )
    return _read(rel_type, source, target, from_id, to_id, stored)


@router.delete("/{rel_type}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a relationship")
def delete(rel_type: RelType, graph: GraphDep, principal: ActingDep, from_id: NodeId = Query(alias="from"),
           to_id: NodeId = Query(alias="to"), from_label: Annotated[Label | None, Query(alias="fromLabel")] = None,
           to_label: Annotated[Label | None, Query(alias="toLabel")] = None) -> None:
    source, target = resolve_ends(rel_type, from_label, to_label)
    delete_relationship(graph, principal=principal, rel_type=rel_type, source=source, target=target,
                        from_id=from_id, to_id=to_id)
