"""Dependencies injected into routes: the graph (one driver per process), settings, the actor."""

from typing import Annotated

from fastapi import Depends, Header, Request

from graph.driver import Graph
from powermap.models.types import NodeId
from powermap.settings import Settings


def get_graph(request: Request) -> Graph:
    """The process's graph handle, opened in the app's lifespan."""
    return request.app.state.graph


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ActorDep = Annotated[
    NodeId | None,
    Header(
        alias="X-Powermap-Actor",
        description="id of the Employee making the change; recorded on assessments and stage moves",
    ),
]
