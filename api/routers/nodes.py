"""The CRUD routes of every node kind, made from its declaration in `powermap.models.nodes`."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, create_model

from api.deps import ActorDep, GraphDep, PrincipalDep, SettingsDep, acting_employee
from graph.model import Label
from graph.repositories import nodes
from powermap.errors import InvalidValue
from powermap.models.nodes import NODE_KINDS, NodeKind
from powermap.models.types import NodeId, PageOffset
from powermap.services import security


class Deleted(BaseModel):
    deleted: str
    ownedDeleted: int


def _filters_model(kind: NodeKind) -> type[BaseModel]:
    fields: dict[str, Any] = {name: (_bounded(kind.fields.model_fields[name]) | None, None) for name in kind.filters}
    fields["limit"] = (int, 50)
    fields["offset"] = (PageOffset, 0)
    model = create_model(f"{kind.label.value}Filters", __config__=ConfigDict(extra="forbid"), **fields)
    return model


def _bounded(info: Any) -> Any:
    """A filter's type with the field's own bounds, so a filter value out of range is a 422."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _linked(kind: NodeKind, payload: dict[str, Any]) -> list[tuple[Any, str]]:
    """The existing nodes a payload links to: a write there must be allowed too."""
    found = []
    for link in kind.links:
        value = payload.get(link.field)
        for other in (value if link.many else [value]) if value else []:
            found.append((link.other, other))
    return found


def _shown(graph: Any, principal: Any, kind: NodeKind, nodes: list[dict]) -> list[dict]:
    return security.hide_notes(graph, principal, nodes) if kind.label is Label.STAKEHOLDER else nodes


def node_router(kind: NodeKind) -> APIRouter:
    """Create, upsert, get, list, patch and delete for one node kind."""
    router = APIRouter(prefix=f"/{kind.path}", tags=[kind.path])
    Create, Update, Read = kind.create, kind.update, kind.read  # noqa: N806
    Filters = _filters_model(kind)  # noqa: N806
    Page = create_model(  # noqa: N806
        f"{kind.label.value}Page", items=(list[Read], ...), total=(int, ...), limit=(int, ...),
        offset=(int, ...),
    )
    label = kind.label.value

    exclude_unset = kind.label is Label.STAKEHOLDER  # hidden notes are absent, not null

    @router.post("", response_model=Read, status_code=status.HTTP_201_CREATED,
                 response_model_exclude_unset=exclude_unset, summary=f"Create a {label} (server id)")
    def create(body: Create, graph: GraphDep, principal: PrincipalDep,  # type: ignore[valid-type]
               actor: ActorDep = None) -> Any:
        payload = body.model_dump()
        security.require_write(graph, principal, nodes=_linked(kind, payload))
        node = nodes.create_node(graph, kind=kind, payload=payload, actor=acting_employee(principal, actor))
        return _shown(graph, principal, kind, [node])[0]

    @router.put("/{node_id}", response_model=Read, response_model_exclude_unset=exclude_unset,
                summary=f"Create or replace a {label} by id")
    def upsert(node_id: NodeId, body: Create, graph: GraphDep,  # type: ignore[valid-type]
               response: Response, principal: PrincipalDep, actor: ActorDep = None) -> Any:
        payload = body.model_dump()
        security.require_write(graph, principal, nodes=[(kind.label, node_id), *_linked(kind, payload)])
        node, created = nodes.upsert_node(
            graph, kind=kind, node_id=node_id, payload=payload, actor=acting_employee(principal, actor)
        )
        response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return _shown(graph, principal, kind, [node])[0]

    @router.get("/{node_id}", response_model=Read, response_model_exclude_unset=exclude_unset,
                summary=f"Get a {label}")
    def get(node_id: NodeId, graph: GraphDep, principal: PrincipalDep) -> Any:
        return _shown(graph, principal, kind, [nodes.get_node(graph, kind=kind, node_id=node_id)])[0]

    @router.get("", response_model=Page, response_model_exclude_unset=exclude_unset,
                summary=f"List {kind.path} in id order")
    def list_(query: Annotated[Filters, Query()], graph: GraphDep,  # type: ignore[valid-type]
              settings: SettingsDep, principal: PrincipalDep) -> Any:
        values = query.model_dump()
        limit, offset = values.pop("limit"), values.pop("offset")
        if not 1 <= limit <= settings.max_page_size:
            raise InvalidValue(f"limit must be 1..{settings.max_page_size}", field="limit")
        filters = {key: value for key, value in values.items() if value is not None}
        items, total = nodes.list_nodes(graph, kind=kind, filters=filters, limit=limit, offset=offset)
        return {"items": _shown(graph, principal, kind, items), "total": total, "limit": limit, "offset": offset}

    @router.patch("/{node_id}", response_model=Read, response_model_exclude_unset=exclude_unset,
                  summary=f"Change some fields of a {label}")
    def patch(node_id: NodeId, body: Update, graph: GraphDep,  # type: ignore[valid-type]
              principal: PrincipalDep, actor: ActorDep = None) -> Any:
        changes = body.model_dump(exclude_unset=True)
        security.require_write(graph, principal, nodes=[(kind.label, node_id), *_linked(kind, changes)])
        node = nodes.patch_node(graph, kind=kind, node_id=node_id, changes=changes,
                                actor=acting_employee(principal, actor))
        return _shown(graph, principal, kind, [node])[0]

    @router.delete("/{node_id}", response_model=Deleted, summary=f"Delete a {label}")
    def delete(node_id: NodeId, graph: GraphDep, principal: PrincipalDep, cascade: bool = False) -> Any:
        security.require_write(graph, principal, nodes=[(kind.label, node_id)])
        return nodes.delete_node(graph, kind=kind, node_id=node_id, cascade=cascade)

    return router


def all_node_routers() -> list[APIRouter]:
    """One router per node kind."""
    return [node_router(kind) for kind in NODE_KINDS]
