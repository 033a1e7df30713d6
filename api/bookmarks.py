"""Read-your-writes across API replicas: the `Powermap-Bookmark` header.

Several stateless API replicas (or worker processes) may serve one client, and on a Neo4j cluster a
read may be routed to a member that has not applied a write yet. So:

- An answer to a request that committed a write carries `Powermap-Bookmark`: the driver's bookmarks
  of that write (opaque tokens, comma-separated).
- A client that sends the value back on a later request, to any replica, gets a request whose every
  unit of work waits until the database has applied that write (`Graph.following`): it sees its own
  write. A client that does not send it gets what the member it reaches has (usually the same).
- A request that sends a bookmark and writes answers the new one; one that only reads answers none
  (the client keeps the one it has).

The value is checked before it reaches Neo4j: at most `MAX_BOOKMARKS` tokens of at most
`MAX_BOOKMARK_CHARS` plain characters each; anything else is a 422 naming the header, and so is a
well-formed token the database never gave out.
"""

import re
from collections.abc import Iterable

from starlette.types import Message, Receive, Scope, Send

from powermap.api.headers import HttpMiddleware
from powermap.errors import InvalidValue
from powermap.graph.driver import Graph

BOOKMARK_HEADER = "Powermap-Bookmark"
MAX_BOOKMARKS = 16
MAX_BOOKMARK_CHARS = 256
BOOKMARK_TOKEN = re.compile(rf"[A-Za-z0-9:+/=_.-]{{1,{MAX_BOOKMARK_CHARS}}}")
# Where the request's graph view is kept (`request.state`, i.e. the scope's "state").
STATE_KEY = "graph"


def parse_bookmarks(value: str | None) -> list[str]:
    """The bookmark tokens a client sent back; 422 naming the header when it is not ours."""
    if not value:
        return []
    tokens = [token.strip() for token in value.split(",")]
    if len(tokens) > MAX_BOOKMARKS or not all(BOOKMARK_TOKEN.fullmatch(token) for token in tokens):
        raise InvalidValue(f"send back the value a write answered: at most {MAX_BOOKMARKS} comma-separated "
                           f"bookmarks of letters, digits and :+/=_.-", field=BOOKMARK_HEADER)
    return tokens


def format_bookmarks(bookmarks: Iterable[str]) -> str:
    """The header value for a set of bookmarks (sorted, so the same set reads the same)."""
    return ",".join(sorted(bookmarks))


class BookmarkHeader(HttpMiddleware):
    """ASGI middleware: when the request's graph view committed a write, answer its bookmarks."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_bookmark(message: Message) -> None:
            if message["type"] == "http.response.start":
                graph = (scope.get("state") or {}).get(STATE_KEY)
                causality = graph.causality if isinstance(graph, Graph) else None
                if causality is not None and causality.wrote and causality.bookmarks:
                    value = format_bookmarks(causality.bookmarks).encode("ascii")
                    message = {**message, "headers": [*message.get("headers", []),
                                                      (BOOKMARK_HEADER.lower().encode("ascii"), value)]}
            await send(message)

        await self.app(scope, receive, send_with_bookmark)
