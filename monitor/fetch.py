"""HTTP fetching: polite, bounded, and never raising. The only importer of httpx.

Every outcome, including timeouts and refusals, comes back as a `FetchResult`.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import hashlib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from monitor import __version__
from monitor.models import FetchRequest, FetchResult

DEFAULT_USER_AGENT = (
    f"monitor/{__version__} (US-China leader communications news monitor; "
    "+https://github.com/monitor-news/monitor)"
)
MAX_REDIRECTS = 5
REDIRECT_CODES = (301, 302, 303, 307, 308)
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  # read timeout and total deadline per fetch
    connect_timeout: float = 10.0
    max_bytes: int = 10_000_000  # counted after decompression
    concurrency: int = 16
    per_host: int = 2
    user_agent: str = DEFAULT_USER_AGENT


class _TooLarge(Exception):
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
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _fetch(
    client: httpx.AsyncClient, req: FetchRequest, settings: FetchSettings
) -> FetchResult:
    started = time.monotonic()
    result = FetchResult(source=req.source, url=req.url, final_url=req.url, status=None)
    headers = {}
    if req.etag:
        headers["If-None-Match"] = req.etag
    if req.last_modified:
        headers["If-Modified-Since"] = req.last_modified
    url = req.url
    try:
        async with asyncio.timeout(settings.timeout + settings.connect_timeout):
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
                        url = urljoin(url, location)
                        if response.status_code in (301, 308) and result.permanent_redirect is None:
                            result.permanent_redirect = url
                        continue
                    result.headers = {k.lower(): v for k, v in response.headers.items()}
                    if response.status_code == 304:
                        result.not_modified = True
                        result.etag, result.last_modified = req.etag, req.last_modified
                        result.elapsed = time.monotonic() - started
                        return result
                    if response.status_code >= 400:
                        result.retry_after = parse_retry_after(
                            response.headers.get("retry-after"), datetime.now(UTC)
                        )
                        kind = "gone" if response.status_code == 410 else "http"
                        return _fail(result, kind, f"HTTP {response.status_code}", started)
                    body = await _read_capped(response, settings.max_bytes)
                    break
            else:
                return _fail(result, "redirects", f"more than {MAX_REDIRECTS} redirects", started)
    except _TooLarge:
        return _fail(result, "too_large", f"body larger than {settings.max_bytes} bytes", started)
    except TimeoutError:
        return _fail(result, "timeout", "timed out", started)
    except httpx.TimeoutException as exc:
        return _fail(result, "timeout", f"timed out ({type(exc).__name__})", started)
    except (httpx.HTTPError, OSError, ValueError) as exc:
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


def _fail(result: FetchResult, kind: str, message: str, started: float) -> FetchResult:
    result.error_kind = kind
    result.error = message
    result.elapsed = time.monotonic() - started
    return result


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Built once per process: loading the CA bundle costs ~30 ms of CPU, several times a
    304 poll itself, and the daemon makes a client for every poll of every source."""
    return httpx.create_ssl_context(trust_env=False)


def make_client(settings: FetchSettings) -> httpx.AsyncClient:
    timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(
        max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
    )
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,  # followed by hand, to check every hop's scheme
        verify=_tls_context(),
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
        trust_env=False,
    )


async def fetch_all(
    requests: list[FetchRequest],
    settings: FetchSettings,
    on_done: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch every request concurrently, within the global and per-host limits; keep order."""
    overall = asyncio.Semaphore(settings.concurrency)
    hosts: dict[str, asyncio.Semaphore] = {}

    async with make_client(settings) as client:

        async def one(req: FetchRequest) -> FetchResult:
            host = urlsplit(req.url).netloc.lower()
            sem = hosts.setdefault(host, asyncio.Semaphore(settings.per_host))
            async with overall, sem:
                res = await _fetch(client, req, settings)
            if on_done:
                on_done(res)
            return res

        return list(await asyncio.gather(*(one(r) for r in requests)))


def fetch_sync(requests: list[FetchRequest], settings: FetchSettings) -> list[FetchResult]:
    return asyncio.run(fetch_all(requests, settings))
