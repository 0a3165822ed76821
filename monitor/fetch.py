"""HTTP fetching: polite, bounded, and never raising. The only importer of httpx.

Every outcome, including timeouts and refusals, comes back as a `FetchResult`.
Politeness: a global and a per-host limit on requests in flight, a minimum spacing
between request starts to the same host, conditional GET. Bounds: connect and read
timeouts plus a total deadline per fetch, at most five redirects (http and https
only, checked on every hop), and a body cap counted after decompression, which we
do ourselves so that a gzip bomb never inflates more than the cap in memory.
A `GuardedRequest` (an article page, whose link a third party chose) connects only to
public addresses, on every hop, apart from the hosts it exempts (`address_guard`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from monitor import __version__
from monitor.address_guard import GuardedBackend, RefusalLog, Refused, Unresolvable
from monitor.config.schema import FetchSection
from monitor.models import FetchRequest, FetchResult
from monitor.parse.dates import http_date

DEFAULT_USER_AGENT = (
    f"monitor/{__version__} (US-China leader communications news monitor; "
    "+https://github.com/monitor-news/monitor)"
)
MAX_REDIRECTS = 5
REDIRECT_CODES = (301, 302, 303, 307, 308)
PERMANENT_CODES = (301, 308)
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
# Only what `_Decoder` can inflate under the cap.
ACCEPT_ENCODING = "gzip, deflate"


def deadline(settings: FetchSection) -> float:
    """A whole fetch, redirects included, ends after this many seconds."""
    return settings.timeout + settings.connect_timeout


@dataclass(frozen=True)
class GuardedRequest(FetchRequest):
    """A request whose every hop may connect only to public addresses, except to `exempt`
    hosts (the host of the source that listed the article)."""

    exempt: frozenset[str] = field(default_factory=frozenset)


class _TooLarge(Exception):
    pass


class _BadEncoding(Exception):
    pass


def body_hash(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = http_date(value)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


class _Decoder:
    """Content-Encoding undone in bounded steps: never more than the room left under the cap."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise _BadEncoding(f"stacked content-encodings {encoding!r} are not supported")
        self.coding = codings[0] if codings else ""
        if self.coding in ("gzip", "x-gzip"):
            self._z: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._z = zlib.decompressobj()
        elif self.coding == "":
            self._z = None
        else:
            raise _BadEncoding(f"unsupported content-encoding {encoding!r}")
        self._started = False

    def decode(self, data: bytes, room: int) -> bytes:
        """Inflate `data`; raise _TooLarge as soon as the output would exceed `room`."""
        if self._z is None:
            if len(data) > room:
                raise _TooLarge
            return data
        out = bytearray()
        while data:
            try:
                piece = self._z.decompress(data, room - len(out) + 1)
            except zlib.error as exc:
                if self.coding == "deflate" and not self._started:
                    # Many servers send raw deflate without the zlib wrapper.
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise _BadEncoding(f"corrupt {self.coding} body: {exc}") from exc
            self._started = True
            out += piece
            if len(out) > room:
                raise _TooLarge
            # Output below the limit means the input was consumed, except at the end of
            # a gzip member, where a second member may follow.
            data = self._z.unconsumed_tail or b""
            if self._z.eof:
                tail, data = self._z.unused_data, b""
                if self.coding != "deflate" and tail.startswith(b"\x1f\x8b"):
                    data = tail
                    self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                # Anything else after the end of the stream is padding: ignored.
        return bytes(out)


async def _drain(response: httpx.Response, limit: int = 65536) -> None:
    """Read a small body to its end, so that the keep-alive connection can carry the next
    request; a large one is left unread (the connection is closed instead)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return
    size = 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > limit:
            return


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    decoder = _Decoder(response.headers.get("content-encoding", ""))
    declared = response.headers.get("content-length", "")
    if not decoder.coding and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    body = bytearray()
    async for raw in response.aiter_raw():
        body += decoder.decode(raw, limit - len(body))
    return bytes(body)


async def _fetch(
    client: httpx.AsyncClient, req: FetchRequest, settings: FetchSection
) -> FetchResult:
    started = time.monotonic()
    result = FetchResult(source=req.source, url=req.url, final_url=req.url, status=None)
    headers = {}
    if req.etag:
        headers["If-None-Match"] = req.etag
    if req.last_modified:
        headers["If-Modified-Since"] = req.last_modified
    url = req.url
    permanent_so_far = True  # every hop so far was a permanent move
    try:
        async with asyncio.timeout(deadline(settings)):
            for _hop in range(MAX_REDIRECTS + 1):
                if urlsplit(url).scheme.lower() not in ("http", "https"):
                    return _fail(result, "scheme", f"refused non-http(s) URL {url!r}", started)
                async with client.stream("GET", url, headers=headers) as response:
                    result.status = response.status_code
                    result.final_url = str(response.url)
                    if response.status_code in REDIRECT_CODES:
                        location = response.headers.get("location")
                        if not location:
                            return _fail(
                                result,
                                "http",
                                f"HTTP {response.status_code} without Location",
                                started,
                            )
                        url = urljoin(url, location.strip())
                        await _drain(response)
                        permanent_so_far &= response.status_code in PERMANENT_CODES
                        if permanent_so_far:
                            result.permanent_redirect = url
                        continue
                    result.headers = {k.lower(): v for k, v in response.headers.items()}
                    if response.status_code == 304:
                        # A 304 has no body; reading its end lets the connection be reused.
                        await _drain(response)
                        result.not_modified = True
                        result.etag, result.last_modified = req.etag, req.last_modified
                        result.elapsed = time.monotonic() - started
                        return result
                    if not 200 <= response.status_code < 300:
                        result.retry_after = parse_retry_after(
                            response.headers.get("retry-after"), datetime.now(UTC)
                        )
                        kind = "gone" if response.status_code == 410 else "http"
                        message = f"HTTP {response.status_code}"
                        if result.retry_after is not None:
                            message += f" (retry after {result.retry_after:.0f}s)"
                        return _fail(result, kind, message, started)
                    body = await _read_capped(response, settings.max_bytes)
                    break
            else:
                return _fail(result, "redirects", f"more than {MAX_REDIRECTS} redirects", started)
    except _TooLarge:
        return _fail(result, "too_large", f"body larger than {settings.max_bytes} bytes", started)
    except _BadEncoding as exc:
        return _fail(result, "encoding", str(exc), started)
    except Refused as exc:
        return _fail(result, "private", str(exc), started)
    except Unresolvable as exc:
        return _fail(result, "dns", str(exc), started)
    except TimeoutError:
        return _fail(
            result, "timeout", f"no complete answer within {deadline(settings):g}s", started
        )
    except httpx.ConnectTimeout:
        message = f"could not connect within {settings.connect_timeout:g}s"
        return _fail(result, "timeout", message, started)
    except httpx.TimeoutException as exc:
        message = f"no data for {settings.timeout:g}s ({type(exc).__name__})"
        return _fail(result, "timeout", message, started)
    except (httpx.HTTPError, OSError, ValueError) as exc:
        unresolved = _unresolved(exc, url)
        if unresolved:
            return _fail(result, "dns", unresolved, started)
        return _fail(
            result,
            "network",
            f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
            started,
        )

    result.etag = result.headers.get("etag")
    result.last_modified = result.headers.get("last-modified")
    result.body_hash = body_hash(body)
    if req.body_hash and result.body_hash == req.body_hash:
        result.not_modified = True
    else:
        result.body = body
    result.elapsed = time.monotonic() - started
    return result


def _unresolved(exc: BaseException, url: str) -> str | None:
    """'cannot resolve HOST' when a resolver failure lies under `exc`: the errno text
    ("[Errno -2] Name or service not known") says less to a reader."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            host = urlsplit(url).hostname or url
            if seen.errno == socket.EAI_AGAIN:
                return f"cannot resolve {host} (the resolver did not answer; try again later)"
            return f"cannot resolve {host}"
        seen = seen.__cause__ or seen.__context__
    return None


def _fail(result: FetchResult, kind: str, message: str, started: float) -> FetchResult:
    result.error_kind = kind
    result.error = message
    result.body = None
    result.elapsed = time.monotonic() - started
    return result


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Built once per process: loading the CA bundle costs more CPU than a 304 poll itself,
    and the daemon makes a client for every poll of every source."""
    return httpx.create_ssl_context(trust_env=False)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool that opens connections through a
    `GuardedBackend` (httpx has no argument for the pool's network backend)."""

    def __init__(self, limits: httpx.Limits, backend: GuardedBackend) -> None:
        super().__init__(verify=_tls_context(), limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=_tls_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def make_client(
    settings: FetchSection, user_agent: str, backend: GuardedBackend | None = None
) -> httpx.AsyncClient:
    timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(
        max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
    )
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        transport=_GuardedTransport(limits, backend) if backend else None,
        follow_redirects=False,  # followed by hand, to check every hop's scheme
        verify=_tls_context(),
        headers={
            "User-Agent": user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        trust_env=False,
    )


def _client_key(req: FetchRequest) -> frozenset[str] | None:
    """Which client a request goes through: one per set of exempt hosts, None unguarded."""
    return req.exempt if isinstance(req, GuardedRequest) else None


class Fetcher:
    """Fetches batches of requests within the limits; remembers per-host spacing between
    batches, so a cycle's feeds and then its articles are spaced as one stream."""

    def __init__(
        self,
        settings: FetchSection,
        user_agent: str = DEFAULT_USER_AGENT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.user_agent = user_agent
        self._clock = clock
        self._next_start: dict[str, float] = {}
        # The daemon shares one fetcher between source jobs, each on its own thread and loop.
        self._lock = threading.Lock()
        self.refusals = RefusalLog()

    async def _turn(self, host: str) -> None:
        """Wait until `host` may get its next request, and book the slot after it."""
        spacing = self.settings.host_spacing
        if spacing <= 0:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + spacing
        if start > now:
            await asyncio.sleep(start - now)

    async def fetch_all(
        self,
        requests: list[FetchRequest],
        on_done: Callable[[FetchResult], None] | None = None,
    ) -> list[FetchResult]:
        """Fetch every request concurrently, within the global and per-host limits; keep order."""
        settings = self.settings
        overall = asyncio.Semaphore(settings.concurrency)
        hosts: dict[str, asyncio.Semaphore] = {}

        async with contextlib.AsyncExitStack() as stack:
            # One client per set of exempt hosts: a connection kept alive for one
            # source's exempt host is never reused by another source's article.
            clients: dict[frozenset[str] | None, httpx.AsyncClient] = {}
            for req in requests:
                key = _client_key(req)
                if key not in clients:
                    backend = None if key is None else GuardedBackend(key, self.refusals)
                    clients[key] = await stack.enter_async_context(
                        make_client(settings, self.user_agent, backend)
                    )

            async def one(req: FetchRequest) -> FetchResult:
                host = (urlsplit(req.url).hostname or "").lower()
                per_host = hosts.setdefault(host, asyncio.Semaphore(settings.per_host))
                client = clients[_client_key(req)]
                async with per_host, overall:
                    await self._turn(host)
                    res = await _fetch(client, req, settings)
                if on_done:
                    on_done(res)
                return res

            return list(await asyncio.gather(*(one(r) for r in requests)))

    def fetch(
        self,
        requests: list[FetchRequest],
        on_done: Callable[[FetchResult], None] | None = None,
    ) -> list[FetchResult]:
        """`fetch_all` for synchronous callers."""
        if not requests:
            return []
        return asyncio.run(self.fetch_all(requests, on_done))
