"""The fetcher against real misbehaving servers on 127.0.0.1.

Timeouts and caps are configured small so that each hostile case costs a fraction of
a second; what is checked is the outcome (error kind, nothing inflated, nothing opened).
"""

from __future__ import annotations

import itertools
import threading
import time
import tracemalloc
from datetime import UTC, datetime

import hostile
import pytest
from helpers import FIXTURES, FeedServer

from monitor.config.schema import FetchSection
from monitor.fetch import Fetcher, parse_retry_after
from monitor.models import FetchRequest, FetchResult

FEED = (FIXTURES / "feeds" / "official.xml").read_bytes()
SMALL = FetchSection(timeout=0.5, connect_timeout=0.5, max_bytes=1_000_000, host_spacing=0)


def get(url: str, settings: FetchSection = SMALL, **kwargs: str) -> FetchResult:
    return Fetcher(settings).fetch([FetchRequest(source="s", url=url, **kwargs)])[0]


def test_a_plain_feed_comes_back_with_its_validators(feed_server: FeedServer) -> None:
    url = feed_server.serve(
        "/feed.xml", FEED, headers={"Last-Modified": "Tue, 13 Oct 2026 08:00:00 GMT"}
    )
    res = get(url)
    assert res.ok and res.status == 200 and res.body == FEED
    assert res.etag and res.last_modified == "Tue, 13 Oct 2026 08:00:00 GMT"
    assert res.body_hash and not res.not_modified
    sent = feed_server.requests[-1][1]
    assert "monitor/" in sent["User-Agent"]
    assert sent["Accept-Encoding"] == "gzip, deflate"


def test_conditional_get_304_and_identical_body(feed_server: FeedServer) -> None:
    url = feed_server.serve("/feed.xml", FEED)
    first = get(url)
    assert first.etag
    second = get(url, etag=first.etag, last_modified="Tue, 13 Oct 2026 08:00:00 GMT")
    assert second.ok and second.status == 304 and second.not_modified and second.body is None
    sent = feed_server.requests[-1][1]
    assert sent["If-None-Match"] == first.etag
    assert sent["If-Modified-Since"] == "Tue, 13 Oct 2026 08:00:00 GMT"
    # A server without validators: the same bytes again are "not modified", unparsed.
    feed_server.serve("/plain.xml", FEED, etag=False)
    third = get(feed_server.url + "/plain.xml", body_hash=first.body_hash or "")
    assert third.status == 200 and third.not_modified and third.body is None
    changed = feed_server.serve("/plain.xml", FEED + b"\n", etag=False)
    fourth = get(changed, body_hash=first.body_hash or "")
    assert not fourth.not_modified and fourth.body == FEED + b"\n"


def test_a_server_that_hangs_costs_the_deadline_not_the_cycle(feed_server: FeedServer) -> None:
    hang = feed_server.handle("/hang", hostile.hang(feed_server.stopping))
    good = feed_server.serve("/feed.xml", FEED)
    started = time.monotonic()
    slow, fine = Fetcher(SMALL).fetch(
        [FetchRequest(source="a", url=hang), FetchRequest(source="b", url=good)]
    )
    assert slow.error_kind == "timeout" and slow.body is None
    assert fine.ok and fine.body == FEED
    assert time.monotonic() - started < 10  # bounded by the 1 s deadline, not by the server


def test_a_server_that_drips_forever_hits_the_total_deadline(feed_server: FeedServer) -> None:
    url = feed_server.handle("/drip", hostile.drip(feed_server.stopping, every=0.1))
    res = get(url)
    assert res.error_kind == "timeout"
    assert "1s" in (res.error or "")  # the per-fetch deadline, though bytes kept coming


def test_gzip_bomb_is_cut_off_after_decompression_with_flat_memory(feed_server: FeedServer) -> None:
    url = feed_server.handle("/bomb", hostile.gzip_bomb(64 * hostile.MB))
    tracemalloc.start()
    try:
        res = get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert res.error_kind == "too_large" and res.body is None
    # 64 MB inflated from 65 KB: never more than a few times the 1 MB cap held at once.
    assert peak < 8 * hostile.MB, peak


def test_200_mb_body_is_cut_off_without_reading_it_all(feed_server: FeedServer) -> None:
    streamed = get(feed_server.handle("/big", hostile.endless(200 * hostile.MB)))
    assert streamed.error_kind == "too_large" and streamed.body is None
    assert "1000000 bytes" in (streamed.error or "")
    declared = get(feed_server.handle("/big-declared", hostile.endless(200 * hostile.MB, True)))
    assert declared.error_kind == "too_large"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_bodies_are_decoded(feed_server: FeedServer, encoding: str) -> None:
    res = get(feed_server.handle("/z", hostile.encoded(FEED, encoding)))
    assert res.ok and res.body == FEED


def test_unknown_content_encoding_is_an_error(feed_server: FeedServer) -> None:
    def brotli(h: object) -> None:
        hostile.status(200, {"Content-Encoding": "br", "Content-Type": "text/xml"})(h)  # type: ignore[arg-type]

    res = get(feed_server.handle("/br", brotli))
    assert res.error_kind == "encoding" and "br" in (res.error or "")


def test_at_most_five_redirects(feed_server: FeedServer) -> None:
    feed_server.serve("/feed.xml", FEED)
    for i in range(6):
        target = "/feed.xml" if i == 0 else f"/r{i - 1}"
        feed_server.handle(f"/r{i}", hostile.status(302, {"Location": target}))
    five = get(feed_server.url + "/r4")  # five hops, then the feed
    assert five.ok and five.body == FEED and five.final_url.endswith("/feed.xml")
    six = get(feed_server.url + "/r5")
    assert six.error_kind == "redirects" and six.body is None


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://x/"]
)
def test_redirects_only_to_http_and_https(feed_server: FeedServer, target: str) -> None:
    res = get(feed_server.handle("/away", hostile.status(301, {"Location": target})))
    assert res.error_kind == "scheme" and res.body is None
    assert target in (res.error or "")


def test_permanent_redirect_target_is_reported(feed_server: FeedServer) -> None:
    feed_server.serve("/new.xml", FEED)
    feed_server.handle("/old.xml", hostile.status(301, {"Location": "/mid.xml"}))
    feed_server.handle("/mid.xml", hostile.status(308, {"Location": "/new.xml"}))
    res = get(feed_server.url + "/old.xml")
    assert res.ok and res.permanent_redirect == feed_server.url + "/new.xml"
    # A temporary hop in the chain: only the permanent part before it counts.
    feed_server.handle("/temp.xml", hostile.status(302, {"Location": "/new.xml"}))
    feed_server.handle("/old2.xml", hostile.status(301, {"Location": "/temp.xml"}))
    res = get(feed_server.url + "/old2.xml")
    assert res.ok and res.permanent_redirect == feed_server.url + "/temp.xml"
    res = get(feed_server.url + "/temp.xml")
    assert res.ok and res.permanent_redirect is None


def test_status_errors_and_retry_after(feed_server: FeedServer) -> None:
    limited = get(feed_server.handle("/429", hostile.status(429, {"Retry-After": "120"})))
    assert limited.status == 429 and limited.retry_after == 120 and limited.error_kind == "http"
    assert limited.error == "HTTP 429 (retry after 120s)"
    busy = get(
        feed_server.handle(
            "/503", hostile.status(503, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
        )
    )
    assert busy.status == 503 and busy.retry_after and busy.retry_after > 86400
    gone = get(feed_server.handle("/410", hostile.status(410)))
    assert gone.error_kind == "gone" and gone.error == "HTTP 410"
    missing = get(feed_server.url + "/nothing-here")
    assert missing.status == 404 and missing.error_kind == "http" and missing.retry_after is None


def test_connection_refused_is_a_network_error() -> None:
    res = get("http://127.0.0.1:9/feed.xml")
    assert res.error_kind in ("network", "timeout") and res.status is None


def test_retry_after_forms() -> None:
    now = datetime(2026, 10, 21, 7, 0, tzinfo=UTC)
    assert parse_retry_after("90", now) == 90
    assert parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now) == 28 * 60
    assert parse_retry_after("Wed, 21 Oct 2026 06:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_per_host_limit_and_spacing(feed_server: FeedServer) -> None:
    log: list[tuple[str, float, float]] = []
    url = feed_server.handle("/slow", hostile.slow(FEED, 0.3, log))
    settings = FetchSection(
        timeout=5, connect_timeout=1, per_host=2, concurrency=16, host_spacing=0
    )
    Fetcher(settings).fetch([FetchRequest(source=f"s{i}", url=url) for i in range(6)])
    spans = sorted((start, end) for _, start, end in log)
    in_flight = max(sum(1 for s, e in spans if s <= t < e) for t, _ in spans)
    assert len(spans) == 6 and in_flight == 2

    log.clear()
    spaced = FetchSection(timeout=5, connect_timeout=1, per_host=4, host_spacing=0.25)
    fetcher = Fetcher(spaced)
    fetcher.fetch([FetchRequest(source=f"s{i}", url=url) for i in range(3)])
    # A second batch (articles after feeds) keeps the spacing of the first.
    fetcher.fetch([FetchRequest(source="s3", url=url)])
    starts = sorted(start for _, start, _ in log)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 4 and min(gaps) >= 0.2, gaps


def test_spacing_is_per_host(feed_server: FeedServer) -> None:
    log: list[tuple[str, float, float]] = []
    path = feed_server.handle("/slow", hostile.slow(FEED, 0.0, log)).removeprefix(feed_server.url)
    port = feed_server.url.rsplit(":", 1)[1]
    spaced = FetchSection(timeout=5, connect_timeout=1, host_spacing=5.0)
    Fetcher(spaced).fetch(
        [
            FetchRequest(source="a", url=f"http://127.0.0.1:{port}{path}"),
            FetchRequest(source="b", url=f"http://localhost:{port}{path}"),
        ]
    )
    starts = sorted(start for _, start, _ in log)
    assert len(starts) == 2 and starts[1] - starts[0] < 4  # two hosts: no wait between them


def test_spacing_holds_across_threads_sharing_a_fetcher(feed_server: FeedServer) -> None:
    # The daemon's source jobs run on their own threads and share one fetcher.
    log: list[tuple[str, float, float]] = []
    url = feed_server.handle("/slow", hostile.slow(FEED, 0.0, log))
    fetcher = Fetcher(FetchSection(timeout=5, connect_timeout=1, host_spacing=0.3))
    jobs = [
        threading.Thread(target=fetcher.fetch, args=([FetchRequest(source=f"s{i}", url=url)],))
        for i in range(3)
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    starts = sorted(start for _, start, _ in log)
    assert len(starts) == 3
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.25, starts
