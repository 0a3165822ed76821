"""Shared fixtures: real servers on 127.0.0.1 and config files in a temporary directory."""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@dataclass
class Route:
    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True
    delay: float = 0.0  # seconds to wait before answering (a slow site)


class FeedServer:
    """An HTTP server on loopback whose routes tests can change between polls."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        # Paths answered by a function of the request handler, for misbehaving servers.
        self.handlers: dict[str, Callable[[http.server.BaseHTTPRequestHandler], None]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()  # set on close: handlers that hang give up
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                handler = server.handlers.get(self.path)
                if handler is not None:
                    # The client may hang up first, as it should with a hostile server.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        handler(self)
                    return
                route = server.routes.get(self.path)
                if route is not None and route.delay:
                    server.stopping.wait(route.delay)
                with contextlib.suppress(OSError):  # the client went away (killed by a test)
                    self.answer(route)

            def answer(self, route: Route | None) -> None:
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                tag = '"' + hashlib.md5(route.body).hexdigest() + '"'
                if route.etag and route.status == 200 and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", tag)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def serve(self, path: str, body: bytes | str, **kwargs: object) -> str:
        """Serve `body` at `path` from now on (kwargs: the fields of `Route`)."""
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)  # type: ignore[arg-type]
        return self.url + path

    def handle(
        self, path: str, handler: Callable[[http.server.BaseHTTPRequestHandler], None]
    ) -> str:
        self.handlers[path] = handler
        return self.url + path

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class Webhook:
    """A webhook sink on loopback: apprise's json:// posts land in `received`.

    `fail` makes it answer 503; `hold` makes it read a post, record it, then keep the
    sender waiting until `release` is set (the moment to kill a sender mid-send).
    """

    def __init__(self, fail: bool = False) -> None:
        self.received: list[dict[str, object]] = []
        self.paths: list[str] = []
        self.posts = 0  # every POST, answered or failed
        self.fail = fail
        self.hold = False
        self.got = threading.Event()
        self.release = threading.Event()
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                sink.posts += 1
                if sink.fail:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    sink.received.append(json.loads(raw))
                except ValueError:
                    sink.received.append({"raw": raw.decode("utf-8", "replace")})
                sink.paths.append(self.path)
                sink.got.set()
                if sink.hold:
                    sink.release.wait(30)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender was killed while it waited

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def apprise_url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SmtpSink:
    """A real SMTP server (aiosmtpd) on loopback; parsed messages land in `messages`."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
                raw = envelope.original_content or envelope.content
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                sink.messages.append(msg)  # type: ignore[arg-type]
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def apprise_url(self) -> str:
        return (
            f"mailto://127.0.0.1:{self.port}?from=monitor@example.com"
            "&to=desk@example.com&mode=insecure"
        )

    def close(self) -> None:
        if self.controller.loop.is_running():
            self.controller.stop()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    sink = Webhook()
    yield sink
    sink.close()


@pytest.fixture
def second_webhook() -> Iterator[Webhook]:
    sink = Webhook()
    yield sink
    sink.close()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    yield sink
    sink.close()


def rss(entries: list[dict[str, str]], title: str = "Briefing Room") -> str:
    """An RSS 2.0 feed; each entry has guid, title, link, date (RFC 822) and description."""
    from xml.sax.saxutils import escape

    items = "".join(
        "<item>"
        f"<title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
        f'<guid isPermaLink="false">{escape(e["guid"])}</guid>'
        f"<pubDate>{e.get('date', 'Wed, 14 Oct 2026 21:30:00 +0000')}</pubDate>"
        f"<description>{escape(e.get('description', ''))}</description>"
        "</item>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://briefings.example.gov/</link>"
        f"<description>Statements</description>{items}</channel></rss>"
    )


CALL = {
    "guid": "call-1",
    "title": "President Trump holds phone call with President Xi Jinping",
    "link": "https://briefings.example.gov/2026/10/14/call/",
    "description": "The two presidents spoke by telephone about trade and Taiwan.",
}
VISIT = {
    "guid": "visit-1",
    "title": "Xi Jinping meets Donald Trump at the Great Hall of the People in Beijing",
    "link": "https://briefings.example.gov/2026/10/11/meeting/",
    "date": "Sun, 11 Oct 2026 09:00:00 +0000",
    "description": "Chinese leader welcomes his American counterpart for a state visit with a banquet and a ceremony on Tiananmen Square.",
}
NO_CATCHUP = "\n[alerts]\ncatchup_new_sources = false\n"


def write_config(
    directory: Path,
    sources: list[dict[str, Any]],
    channels: list[dict[str, Any]] | None = None,
    extra: str = "",
    fetch: dict[str, object] | None = None,
) -> Path:
    """A config file in `directory`, without a `rules` key: the shipped rules apply.

    `fetch` is the [fetch] table; by default no spacing between requests, since every
    test source is on one loopback host.
    """
    lines = [
        "[monitor]",
        f"state_dir = {str(directory / 'state')!r}",
        "",
        "[fetch]",
    ]
    lines += [f"{k} = {json.dumps(v)}" for k, v in (fetch or {"host_spacing": "0s"}).items()]
    lines.append("")
    for src in sources:
        lines.append("[[sources]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in src.items()]
        lines.append("")
    for ch in channels or []:
        lines.append("[[channels]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in ch.items()]
        lines.append("")
    path = directory / "monitor.toml"
    path.write_text("\n".join(lines) + extra, encoding="utf-8")
    return path


def run_monitor(
    *args: str, env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """Run `python -m monitor ...` as a real process."""
    full_env = dict(os.environ)
    full_env.pop("MONITOR_CONFIG", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=env.get("CWD") if env and "CWD" in env else None,
    )
