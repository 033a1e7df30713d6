"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection.

Why: with `--workers N` uvicorn binds the listening socket itself (`socket.socket(family)`, protocol
number 0), and asyncio sets TCP_NODELAY only on sockets whose protocol is IPPROTO_TCP, so the
workers' connections kept Nagle's algorithm on. h11 writes a response's head and body in two sends:
the body waited for the client's delayed ACK, 40 ms on every request (the benchmark saw every
answer through the API take about 48 ms more than through the service). One worker binds through
asyncio and was not affected; this protocol makes both paths the same.
"""

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

PROTOCOL = "powermap.api.transport:NoDelayH11Protocol"  # how uvicorn's worker processes import it


class NoDelayH11Protocol(H11Protocol):
    """h11, with TCP_NODELAY set on the connection before the first byte is read."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
