"""The CRUD routes of every node kind, made from its declaration in `powermap.models.nodes`.

Each kind's models are made at run time (`create_model`), and FastAPI reads them from the routes'
annotations, so inside `node_router` the names `Create`, `Update`, `Read` and `Filters` are that
kind's models. A type checker cannot follow models made at run time: to it these names are the
pydantic base they all derive from (the `TYPE_CHECKING` aliases below), which still checks that the
routes only use what every model has.
"""

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, create_model

from powermap.api.deps import ActingDep, GraphDep, PrincipalDep, SettingsDep
from powermap.errors import InvalidValue
from powermap.models.base import WIRE_NAMES, ApiModel
from powermap.models.nodes import NODE_KINDS, NodeKind, bounded_annotation
from powermap.models.types import NodeId, PageOffset
from powermap.services import nodes
from powermap.services.policy import PERSONAL_FIELDS

if TYPE_CHECKING:
    create_body = BaseModel
    update_body = BaseModel
    read_model = BaseModel
    filters_model = BaseModel


class Deleted(ApiModel):
    deleted: str
    owned_deleted: int


def _filters_model(kind: NodeKind) -> type[BaseModel]:
    fields: dict[str, Any] = {name: (bounded_annotation(kind.fields.model_fields[name]) | None, None)
                              for name in kind.filters}
    fields["limit"] = (int, 50)
    fields["offset"] = (PageOffset, 0)
    model = create_model(f"{kind.label.value}Filters", __config__=ConfigDict(**WIRE_NAMES, extra="forbid"), **fields)
    return model


def node_router(kind: NodeKind) -> APIRouter:
    """Create, upsert, get, list, patch and delete for one node kind."""
    router = APIRouter(prefix=f"/{kind.path}", tags=[kind.path])
    if not TYPE_CHECKING:
        create_body, update_body, read_model = kind.create, kind.update, kind.read
        filters_model = _filters_model(kind)
    page_model = create_model(
        f"{kind.label.value}Page", items=(list[read_model], ...), total=(int, ...), limit=(int, ...),
        offset=(int, ...),
    )
    label = kind.label.value

    exclude_unset = kind.label in PERSONAL_FIELDS  # hidden personal fields are absent, not null

    @router.post("", response_model=read_model, status_code=status.HTTP_201_CREATED,
                 response_model_exclude_unset=exclude_unset, summary=f"Create a {label} (server id)")
    def create(body: create_body, graph: GraphDep, principal: ActingDep) -> Any:
        return nodes.create_node(graph, principal=principal, kind=kind, payload=body.model_dump())

    @router.put("/{node_id}", response_model=read_model, response_model_exclude_unset=exclude_unset,
                responses={201: {"model": read_model, "description": f"The {label} was created"}},
                summary=f"Create or replace a {label} by id")
    def upsert(node_id: NodeId, body: create_body, graph: GraphDep,
               response: Response, principal: ActingDep) -> Any:
        node, created = nodes.upsert_node(graph, principal=principal, kind=kind, node_id=node_id,
                                          payload=body.model_dump())
        response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return node

    @router.get("/{node_id}", response_model=read_model, response_model_exclude_unset=exclude_unset,
                summary=f"Get a {label}")
    def get(node_id: NodeId, graph: GraphDep, principal: PrincipalDep) -> Any:
        return nodes.get_node(graph, principal=principal, kind=kind, node_id=node_id)

    @router.get("", response_model=page_model, response_model_exclude_unset=exclude_unset,
                summary=f"List {kind.path} in id order")
    def list_(query: Annotated[filters_model, Query()], graph: GraphDep,
              settings: SettingsDep, principal: PrincipalDep) -> Any:
        values = query.model_dump()
        limit, offset = values.pop("limit"), values.pop("offset")
        if not 1 <= limit <= settings.max_page_size:
            raise InvalidValue(f"limit must be 1..{settings.max_page_size}", field="limit")
        filters = {key: value for key, value in values.items() if value is not None}
        items, total = nodes.list_nodes(graph, principal=principal, kind=kind, filters=filters, limit=limit,
                                        offset=offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @router.patch("/{node_id}", response_model=read_model, response_model_exclude_unset=exclude_unset,
                  summary=f"Change some fields of a {label}")
    def patch(node_id: NodeId, body: update_body, graph: GraphDep, principal: ActingDep) -> Any:
        return nodes.patch_node(graph, principal=principal, kind=kind, node_id=node_id,
                                changes=body.model_dump(exclude_unset=True))

    @router.delete("/{node_id}", response_model=Deleted, summary=f"Delete a {label}")
    def delete(node_id: NodeId, graph: GraphDep, principal: ActingDep, cascade: bool = False) -> Any:
        return nodes.delete_node(graph, principal=principal, kind=kind, node_id=node_id, cascade=cascade)

    return router


def all_node_routers() -> list[APIRouter]:
    """One router per node kind."""
    return [node_router(kind) for kind in NODE_KINDS]
