"""What the tests share: loopback servers and sinks, config files, feeds, stored events, and
`monitor` run in this process or as a real one.

A command runs in this process unless the process boundary is what a test is about
(signals, SIGKILL, PID 1, what a process imports, everything it writes to its stderr).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import gc
import hashlib
import http.server
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
RULES = ROOT / "monitor" / "classify" / "rules.toml"


# -- servers and sinks on 127.0.0.1 --------------------------------------------------------


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

    `fail` makes it answer 503; `delay` makes every answer that many seconds late; `hold`
    makes it read a post, record it, then keep the sender waiting until `release` is set
    (the moment to kill a sender mid-send).
    """

    def __init__(self, fail: bool = False, delay: float = 0.0) -> None:
        self.received: list[dict[str, object]] = []
        self.paths: list[str] = []
        self.posts = 0  # every POST, answered or failed
        self.fail = fail
        self.delay = delay
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
                if sink.delay:
                    time.sleep(sink.delay)
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


def wait_until(check: Callable[[], object], timeout: float) -> float | None:
    """Seconds until `check()` held, or None if it never did within `timeout`."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started >= timeout:
            return None
        time.sleep(0.02)


# -- feeds and config files ----------------------------------------------------------------


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


def wire_rss(items: list[tuple[str, str]], published: datetime | None = None) -> str:
    """A wire's feed of (guid, title) items, all published at `published` (an hour ago)."""
    when = format_datetime(published or datetime.now(UTC) - timedelta(hours=1))
    entries = "".join(
        f"<item><title>{title}</title><link>https://news.example.org/{guid}</link>"
        f"<guid>{guid}</guid><pubDate>{when}</pubDate></item>"
        for guid, title in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Wire</title><link>https://news.example.org/</link><description>news</description>"
        f"{entries}</channel></rss>"
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


# No spacing (every test source is on one loopback host) and no article pages: test items
# link to made-up hosts, which must never be looked up. Article tests turn them on.
QUIET_FETCH: dict[str, object] = {"host_spacing": "0s", "articles_per_cycle": 0}


def write_config(
    directory: Path,
    sources: list[dict[str, Any]],
    channels: list[dict[str, Any]] | None = None,
    extra: str = "",
    fetch: dict[str, object] | None = None,
) -> Path:
    """A config file in `directory`, without a `rules` key: the shipped rules apply.

    `fetch` is the [fetch] table; by default `QUIET_FETCH`.
    """
    lines = [
        "[monitor]",
        f"state_dir = {str(directory / 'state')!r}",
        "",
        "[fetch]",
    ]
    lines += [f"{k} = {json.dumps(v)}" for k, v in (fetch or QUIET_FETCH).items()]
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


# -- stored rows ---------------------------------------------------------------------------


def store_event(
    store: Store,
    at: datetime,
    first_seen: datetime | None = None,
    kind: str = "phone_call",
    status: str = "planned",
) -> int:
    """A new event between the two presidents on `at`'s day; its id."""
    from monitor.models import Event

    event = Event(
        kind=kind,
        status=status,
        leaders=["Donald Trump", "Xi Jinping"],
        date=at.date().isoformat(),
        first_seen=first_seen or at,
        at=at,
    )
    return store.events.save(event, "Donald Trump|Xi Jinping", None)


# -- running `monitor` ---------------------------------------------------------------------


def process_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a `monitor` process: ours without MONITOR_CONFIG, plus `env`."""
    full = {k: v for k, v in os.environ.items() if k != "MONITOR_CONFIG"}
    full.update(env or {})
    return full


def run_monitor(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 90,
    cwd: str | Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m monitor ...` as a real process (in `cwd`, if given)."""
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=process_env(env),
        cwd=cwd,
    )


def start_monitor(
    *args: str, prefix: list[str] | None = None, **popen: Any
) -> subprocess.Popen[str]:
    """`python -m monitor ...` started as a real process (behind `prefix`, e.g. unshare)."""
    return subprocess.Popen(
        [*(prefix or []), sys.executable, "-m", "monitor", *args],
        text=True,
        env=process_env(popen.pop("env", None)),
        **popen,
    )


def run_on_a_terminal(*args: str, stdout_on_terminal: bool = False) -> tuple[int, str, str]:
    """`python -m monitor ...` with stderr (and, if asked, stdout) on a pseudo-terminal;
    (exit code, stdout when it is not on the terminal, what the terminal got)."""
    master, slave = os.openpty()
    with tempfile.TemporaryFile() as out:
        child = start_monitor(*args, stdout=slave if stdout_on_terminal else out, stderr=slave)
        os.close(slave)
        screen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        os.close(master)
        code = child.wait(timeout=60)
        out.seek(0)
        return code, out.read().decode(), screen.decode(errors="replace")


@contextlib.contextmanager
def _as_a_new_process() -> Iterator[None]:
    """Start a command from what a fresh process would have, and put back what the test
    process had afterwards: logging, the secrets seen, the near-duplicate indexes, the
    frozen objects, the current directory."""
    from monitor import dedupe, secrets

    root = logging.getLogger()
    handlers, root_level = list(root.handlers), root.level
    levels = {
        name: lg.level
        for name, lg in logging.Logger.manager.loggerDict.items()
        if isinstance(lg, logging.Logger)
    }
    seen = set(secrets._secrets)
    indexes = dict(dedupe._SHARED)
    for handler in handlers:
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)
    secrets._secrets.clear()
    dedupe._SHARED.clear()
    try:
        with contextlib.chdir(Path.cwd()):
            yield
    finally:
        gc.unfreeze()
        dedupe._SHARED.clear()
        dedupe._SHARED.update(indexes)
        secrets._secrets.clear()
        secrets._secrets.update(seen)
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(root_level)
        for name, lg in list(logging.Logger.manager.loggerDict.items()):
            if isinstance(lg, logging.Logger) and lg.level != levels.get(name, logging.NOTSET):
                lg.setLevel(levels.get(name, logging.NOTSET))


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`monitor *args` in this process through the console script's own entry point, so
    errors become the same exit codes; stdout and stderr are captured apart, and stderr is
    not a terminal. `env` is added to the environment, without MONITOR_CONFIG."""
    from click.testing import CliRunner

    from monitor.cli import main

    code: int = 0
    overrides: dict[str, str | None] = {"MONITOR_CONFIG": None, **(env or {})}
    with _as_a_new_process(), CliRunner().isolation(env=overrides) as (out, err, _):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return subprocess.CompletedProcess(["monitor", *args], code, stdout, stderr)


# -- classifier trap cases ---------------------------------------------------------------------

CASE_NOW = datetime(2026, 11, 1, tzinfo=UTC)
CASE_URL = "https://news.example.org/world/story"


def reading(
    clf: Any, title: str, lead: str, published: str, url: str = CASE_URL
) -> tuple[str, list[tuple[str, str, str]]]:
    """How the rules read one trap case: "none" or "kind/status", with the evidence."""
    from monitor.models import Document

    when = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
    result = clf.classify(Document(title=title, summary=lead, url=url, published=when), CASE_NOW)
    got = "none" if result.kind == "none" else f"{result.kind}/{result.status}"
    return got, [(e.rule, e.field, e.text) for e in result.evidence]


def case_params(cases: list[tuple[str, str, str, str, str]]) -> list[Any]:
    """(class, title, lead, published, expected) cases as pytest params named by class
    and title, for a test taking title, lead, published and expected."""
    import pytest

    return [pytest.param(t, s, p, e, id=f"{c}: {t}") for c, t, s, p, e in cases]


def assert_both_ways(cases: list[tuple[str, str, str, str, str]], classes: set[str]) -> None:
    """The cases hold exactly these classes, each with cases that happened and cases
    that did not."""
    caught: dict[str, set[bool]] = {}
    for cls, *_, expected in cases:
        caught.setdefault(cls, set()).add(expected.endswith("/occurred"))
    assert set(caught) == classes
    assert all(len(both) == 2 for both in caught.values()), caught
