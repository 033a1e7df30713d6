"""How the API is served: the JSON fast path, the pool shared out among workers, the bookmark header,
Nagle's algorithm off on the workers' connections."""

import socket
import threading
import time

import httpx
import pytest
import uvicorn
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute

from powermap.api.app import create_app
from powermap.api.bookmarks import BOOKMARK_HEADER, format_bookmarks, parse_bookmarks
from powermap.api.transport import PROTOCOL
from powermap.errors import InvalidValue
from powermap.settings import Settings
from tests.conftest import spare_port


def api_routes(routes: list) -> list[APIRoute]:
    """Every APIRoute, looking inside included routers (FastAPI keeps them as they were written)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += api_routes(route.original_router.routes)
    return found


def test_every_json_route_takes_the_fast_path(settings):
    """FastAPI writes a response model straight to bytes only with a model and no response class of
    our own (an ORJSONResponse default would turn that off). The exceptions send no JSON model."""
    routes = api_routes(create_app(settings).routes)
    assert len(routes) > 100
    slow = {(method, route.path) for route in routes for method in route.methods
            if route.response_field is None or not isinstance(route.response_class, DefaultPlaceholder)}
    assert slow == {("GET", "/health"),  # a JSONResponse: it answers 503 with the same body shape
                    ("DELETE", "/relationships/{rel_type}"), ("DELETE", "/session"),  # 204, no body
                    ("GET", "/scorecards/{scope}/{scope_id}/trend.svg"),  # an SVG picture
                    ("GET", "/alerts/digest")}  # Markdown or HTML for a weekly mail


@pytest.mark.parametrize(("connections", "workers", "pool"), [(100, 1, 100), (100, 2, 50), (100, 3, 33), (4, 4, 2)])
def test_each_worker_pool_is_its_share_of_the_connections(settings, connections, workers, pool):
    configured = Settings(**{**settings.model_dump(), "neo4j_max_connections": connections, "api_workers": workers})
    assert configured.worker_pool_size == pool


def test_bookmarks_read_back_as_they_were_answered():
    answered = format_bookmarks({"FB:kcwQb2", "FB:kcwQa1"})
    assert answered == "FB:kcwQa1,FB:kcwQb2"
    assert parse_bookmarks(answered) == ["FB:kcwQa1", "FB:kcwQb2"]
    assert parse_bookmarks(None) == [] and parse_bookmarks("") == []


@pytest.mark.parametrize("sent", ["FB:a b", "FB:a;DROP", "FB:" + "x" * 300, ",".join(["FB:x"] * 17), "FB:a,,FB:b"])
def test_a_bookmark_that_is_not_ours_is_refused_naming_the_header(sent):
    with pytest.raises(InvalidValue) as refused:
        parse_bookmarks(sent)
    assert refused.value.field == BOOKMARK_HEADER


def test_a_read_answers_no_bookmark_and_a_write_answers_one(client):
    read = client.get("/api/v1/customers")
    assert read.status_code == 200 and BOOKMARK_HEADER not in read.headers
    written = client.put("/api/v1/customers/cus-bm", json={"name": "Bookmarked"})
    assert written.status_code in (200, 201) and written.headers[BOOKMARK_HEADER]
    refused = client.get("/api/v1/customers/cus-bm", headers={BOOKMARK_HEADER: "no bookmark"})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"] == [{"field": BOOKMARK_HEADER, "problem": refused.json()["detail"]}]
    etag = client.get("/api/v1/customers/cus-bm", headers={BOOKMARK_HEADER: written.headers[BOOKMARK_HEADER]})
    assert etag.status_code == 200 and etag.headers["ETag"].startswith('"')


async def _answer(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def _nagle_off_on_a_served_connection(http: str) -> bool:
    """Serve on a socket bound as uvicorn binds it for `--workers N`, hold one keep-alive connection,
    and read TCP_NODELAY on the server's side of it."""
    config = uvicorn.Config(_answer, host="127.0.0.1", port=spare_port(), http=http, lifespan="off", log_level="error")
    listening = config.bind_socket()
    assert listening.proto == 0, "the precondition: asyncio sets TCP_NODELAY only where the proto is TCP"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{config.port}") as client:
            assert client.get("/").text == "ok"
            (connection,) = server.server_state.connections
            served = connection.transport.get_extra_info("socket")
            return bool(served.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_workers_connections_send_at_once():
    # Plain h11 on a worker's socket keeps Nagle's algorithm on: a response's body waited for the
    # client's delayed ACK (40 ms a request). `powermap serve` uses the protocol that turns it off.
    assert _nagle_off_on_a_served_connection("h11") is False
    assert _nagle_off_on_a_served_connection(PROTOCOL) is True
