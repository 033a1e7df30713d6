"""The CRUD routes of every node kind, made from its declaration in `powermap.models.nodes`.

Each kind's models are made at run time (`create_model`), and FastAPI reads them from the routes'
annotations, so inside `node_router` the names `Create`, `Update`, `Read` and `Filters` are that
kind's models. A type checker cannot follow models made at run time: to it these names are the
pydantic base they all derive from (the `TYPE_CHECKING` aliases below), which still checks that the
routes only use what every model has.

Every answer that carries one node has its version as `ETag`; `PUT`, `PATCH` and `DELETE` honour
`If-Match` (api/preconditions.py). `PATCH` takes a JSON merge patch (RFC 7396), sent as
`application/merge-patch+json` or `application/json`.
"""

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, create_model

from powermap.api.deps import ActingDep, GraphDep, PrincipalDep, SettingsDep
from powermap.api.errors import problem_responses
from powermap.api.preconditions import ETAG_HEADER, IfMatchDep, tag
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


MERGE_PATCH = "application/merge-patch+json"
PATCH_RULE = (
    "A JSON merge patch (RFC 7396), as `application/merge-patch+json` or `application/json`: a field left "
    "out keeps its value; an explicit `null` clears an optional field (a link's `null` removes the link, "
    "a list's `null` empties it); a required field, or one with a default, refuses `null` with a 422 naming "
    "it. The merged record must not contradict itself (an activity `done` needs `doneAt`, a planned or "
    "cancelled one has none; a stakeholder works in an org unit or at a customer, not both): a 422 names "
    "both fields. With `If-Match`, only the version you read is changed (else 412)."
)
REPLACE_RULE = ("Creates the node, or replaces it whole: fields left out are cleared, links left out removed. "
                "With `If-Match`, only the version you read is replaced (412 otherwise, and when there is none).")
TAGGED = {"headers": ETAG_HEADER}


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
                 response_model_exclude_unset=exclude_unset, summary=f"Create a {label} (server id)",
                 responses={201: TAGGED, **problem_responses(403, 422)})
    def create(body: create_body, graph: GraphDep, response: Response, principal: ActingDep) -> Any:
        node = nodes.create_node(graph, principal=principal, kind=kind, payload=body.model_dump())
        tag(response, node["version"])
        return node

    @router.put("/{node_id}", response_model=read_model, response_model_exclude_unset=exclude_unset,
                summary=f"Create or replace a {label} by id", description=REPLACE_RULE,
                responses={200: TAGGED, 201: {"model": read_model, "description": f"The {label} was created", **TAGGED},
                           **problem_responses(403, 409, 412, 422)})
    def upsert(node_id: NodeId, body: create_body, graph: GraphDep,
               response: Response, principal: ActingDep, expected: IfMatchDep) -> Any:
        node, created = nodes.upsert_node(graph, principal=principal, kind=kind, node_id=node_id,
                                          payload=body.model_dump(), expected=expected)
        response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        tag(response, node["version"])
        return node

    @router.get("/{node_id}", response_model=read_model, response_model_exclude_unset=exclude_unset,
                summary=f"Get a {label}", responses={200: TAGGED, **problem_responses(404)})
    def get(node_id: NodeId, graph: GraphDep, response: Response, principal: PrincipalDep) -> Any:
        node = nodes.get_node(graph, principal=principal, kind=kind, node_id=node_id)
        tag(response, node["version"])
        return node

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
                  summary=f"Change some fields of a {label}", description=PATCH_RULE,
                  responses={200: TAGGED, **problem_responses(403, 404, 412, 422)},
                  openapi_extra=_merge_patch_body(update_body))
    def patch(node_id: NodeId, body: update_body, graph: GraphDep, response: Response, principal: ActingDep,
              expected: IfMatchDep) -> Any:
        node = nodes.patch_node(graph, principal=principal, kind=kind, node_id=node_id,
                                changes=body.model_dump(exclude_unset=True), expected=expected)
        tag(response, node["version"])
        return node

    @router.delete("/{node_id}", response_model=Deleted, summary=f"Delete a {label}",
                   description="With `If-Match`, only the version you read is deleted (else 412).",
                   responses=problem_responses(403, 404, 409, 412, 422))
    def delete(node_id: NodeId, graph: GraphDep, principal: ActingDep, expected: IfMatchDep,
               cascade: bool = False) -> Any:
        return nodes.delete_node(graph, principal=principal, kind=kind, node_id=node_id, cascade=cascade,
                                 expected=expected)

    return router


def _merge_patch_body(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body's second media type: the same model as a merge patch."""
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"content": {MERGE_PATCH: {"schema": schema}}}}


def all_node_routers() -> list[APIRouter]:
    """One router per node kind."""
    return [node_router(kind) for kind in NODE_KINDS]
