"""Misbehaving HTTP answers for FeedServer.handle(): servers that hang, drip, bomb or lie.

Each factory returns a handler function for one path. Large bodies are generated while
they are sent, never held in memory.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
import zlib
from collections.abc import Callable

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]
MB = 1024 * 1024


def hang(stop: threading.Event) -> Handler:
    """Accept the request, then say nothing until the server closes."""

    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        stop.wait(30)

    return handler


def drip(stop: threading.Event, every: float = 0.1) -> Handler:
    """Headers at once, then one byte of body at a time, forever: no read timeout ever fires."""

    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()
        h.wfile.write(b"<rss>")
        while not stop.wait(every):
            h.wfile.write(b" ")
            h.wfile.flush()

    return handler


def endless(size: int = 200 * MB, declare_length: bool = False) -> Handler:
    """A `size`-byte body made on the fly in 64 KB pieces; it stops when the client hangs up."""
    piece = b"<item><title>x</title></item>" * 2184  # about 64 KB

    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        if declare_length:
            h.send_header("Content-Length", str(size))
        h.end_headers()
        sent = 0
        while sent < size:
            chunk = piece[: size - sent]
            h.wfile.write(chunk)
            sent += len(chunk)
        h.wfile.flush()

    return handler


@functools.cache
def gzip_bomb_bytes(inflated: int = 1024 * MB) -> bytes:
    """`inflated` bytes of zeros, gzip-compressed to about a thousandth of that."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MB)
    parts = [z.compress(zeros) for _ in range(inflated // MB)]
    parts.append(z.flush())
    return b"".join(parts)


def gzip_bomb(inflated: int = 1024 * MB) -> Handler:
    body = gzip_bomb_bytes(inflated)

    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handler


def encoded(body: bytes, encoding: str, content_type: str = "application/rss+xml") -> Handler:
    """`body` compressed with gzip, zlib-wrapped deflate or raw deflate, labelled `encoding`."""
    if encoding == "gzip":
        z = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        z = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS)
    else:  # raw deflate, as some servers send under the name "deflate"
        z = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        encoding = "deflate"
    data = z.compress(body) + z.flush()

    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Encoding", encoding)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    return handler


def status(code: int, headers: dict[str, str] | None = None) -> Handler:
    """A bare status (a redirect, 410, 429...) with the given headers and no body."""

    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(code)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handler


def slow(body: bytes, delay: float, log: list[tuple[str, float, float]]) -> Handler:
    """Answer after `delay` seconds; record (host header, start, end) of each request."""

    def handler(h: http.server.BaseHTTPRequestHandler) -> None:
        start = time.monotonic()
        time.sleep(delay)
        # Logged before answering: once the client has its answer, the log holds the request.
        log.append((h.headers.get("Host", ""), start, time.monotonic()))
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handler
