"""Article fetches never reach into private networks.

The source's feed is served on 127.0.0.1, whose host is exempt as the source's own; a
server on 127.0.0.2 stands for a private address (it is refused as loopback). Nothing
here sends a packet outside 127.0.0.0/8: names are resolved by a stand-in resolver.
"""

from __future__ import annotations

import logging
import random
import socket
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, FeedServer, write_config

from monitor import config, pipeline
from monitor.address_guard import address_problem
from monitor.classify import Classifier
from monitor.config.schema import FetchSection
from monitor.fetch import Fetcher, GuardedRequest
from monitor.models import CycleReport
from monitor.store import Store

ARTICLE = (FIXTURES / "pages" / "article.html").read_bytes()
FAST = {"host_spacing": "0s", "timeout": "2s", "connect_timeout": "2s"}


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("fd00::1", "private"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a00:1::1", "private"),  # 6to4 around 10.0.0.1
        ("100.64.0.1", "not globally routable"),
        ("8.8.8.8", None),
        ("::ffff:8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_addresses_are_classified_without_connecting(address: str, reason: str | None) -> None:
    assert address_problem(address) == reason


@pytest.fixture
def private_server() -> Iterator[FeedServer]:
    s = FeedServer(host="127.0.0.2")
    yield s
    s.close()


def rss(*items: tuple[str, str]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>Short.</description></item>"
        for t, link in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{body}</channel></rss>'
    )


def cycle(tmp_path: Path, feed_url: str, **fetch: object) -> tuple[CycleReport, Path]:
    path = write_config(
        tmp_path, [{"name": "wire", "url": feed_url, "interval": "5m"}], fetch={**FAST, **fetch}
    )
    settings = config.load(path)
    store = Store(settings.db_path)
    ctx = pipeline.Context(
        settings=settings,
        store=store,
        classifier=Classifier.load(settings.rules_path),
        rng=random.Random(1),
    )
    now = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)
    report = pipeline.run_cycle(ctx, list(settings.sources), lambda: now)
    store.close()
    return report, settings.db_path


def texts(db_path: Path) -> dict[str, str]:
    db = sqlite3.connect(db_path)
    rows = dict(db.execute("SELECT title, text FROM items").fetchall())
    db.close()
    return rows


def test_private_article_links_and_redirects_are_refused_once_per_host(
    tmp_path: Path,
    feed_server: FeedServer,
    private_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    html = {"content_type": "text/html; charset=utf-8"}
    own = feed_server.serve("/a/own.html", ARTICLE, **html)
    inside = private_server.serve("/a/inside.html", ARTICLE, **html)
    private_server.serve("/a/other.html", ARTICLE, **html)
    hop = feed_server.serve("/a/hop.html", b"", status=302, headers={"Location": inside})
    feed = rss(
        ("Trump and Xi talk by phone, on the source's own host", own),
        ("Trump and Xi talk by phone, on a private host", inside),
        ("Trump and Xi talk again, on the same private host", private_server.url + "/a/other.html"),
        ("Trump and Xi talk by phone, redirected inside", hop),
    )
    caplog.set_level(logging.INFO)
    report, db_path = cycle(tmp_path, feed_server.serve("/wire.xml", feed))

    assert report.polls[0].error is None and report.polls[0].new_items == 4
    assert private_server.requests == []  # not one request reached the private host
    assert "/a/hop.html" in [p for p, _ in feed_server.requests]  # the public hop was asked
    stored = texts(db_path)
    assert "Xi Jinping" in stored["Trump and Xi talk by phone, on the source's own host"]
    assert stored["Trump and Xi talk by phone, on a private host"] == ""
    assert stored["Trump and Xi talk by phone, redirected inside"] == ""
    warnings = [r.getMessage() for r in caplog.records if "fetch refused" in r.getMessage()]
    assert warnings == [
        "article fetch refused host=127.0.0.2 address=127.0.0.2 reason=loopback "
        "(set [fetch] allow_private_articles = true to allow)"
    ]
    # Each refused item says so on its own article attempt.
    attempts = [r.getMessage() for r in caplog.records if "article not fetched" in r.getMessage()]
    assert len(attempts) == 3
    assert all("refused: 127.0.0.2, a loopback address" in a for a in attempts)


def test_allow_private_articles_lets_them_through(
    tmp_path: Path, feed_server: FeedServer, private_server: FeedServer
) -> None:
    inside = private_server.serve(
        "/a/inside.html", ARTICLE, content_type="text/html; charset=utf-8"
    )
    feed = rss(("Trump and Xi talk by phone, on a private host", inside))
    cycle(tmp_path, feed_server.serve("/wire.xml", feed), allow_private_articles=True)
    assert [p for p, _ in private_server.requests] == ["/a/inside.html"]


def test_a_feed_named_in_the_config_may_live_on_a_private_host(
    tmp_path: Path, private_server: FeedServer
) -> None:
    article = private_server.serve("/a/own.html", ARTICLE, content_type="text/html")
    feed = rss(("Trump and Xi talk by phone, on an intranet", article))
    report, db_path = cycle(tmp_path, private_server.serve("/wire.xml", feed))
    assert report.polls[0].error is None
    assert "Xi Jinping" in texts(db_path)["Trump and Xi talk by phone, on an intranet"]


def fake_resolver(
    table: dict[str, str], real: Callable[..., Any]
) -> Callable[..., list[tuple[Any, ...]]]:
    """A resolver that knows only `table` and refuses every other name, as for .invalid."""

    def getaddrinfo(host: str | bytes, port: object, *args: object, **kwargs: object) -> list[Any]:
        host = host.decode() if isinstance(host, bytes) else host
        if host in table:
            return real(table[host], port, *args, **kwargs)  # an address: nothing is sent
        if host.replace(".", "").isdigit():
            return real(host, port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    return getaddrinfo


def test_the_resolved_address_is_checked_not_the_name(
    monkeypatch: pytest.MonkeyPatch, private_server: FeedServer
) -> None:
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        fake_resolver({"news.example.com": "127.0.0.2"}, socket.getaddrinfo),
    )
    port = private_server.url.rsplit(":", 1)[1]
    url = f"http://news.example.com:{port}/a/inside.html"
    settings = FetchSection(timeout=2, connect_timeout=2, host_spacing=0)
    refused = Fetcher(settings).fetch([GuardedRequest(source="wire", url=url)])[0]
    assert refused.error_kind == "private"
    assert refused.error == "refused: news.example.com resolves to 127.0.0.2, a loopback address"
    assert private_server.requests == []
    # Exempt by name, the same connection is made, to the address the resolver gave.
    private_server.serve("/a/inside.html", ARTICLE, content_type="text/html")
    exempt = GuardedRequest(source="wire", url=url, exempt=frozenset({"news.example.com"}))
    fetched = Fetcher(settings).fetch([exempt])[0]
    assert fetched.ok and fetched.body == ARTICLE
    assert private_server.requests[-1][1]["Host"] == f"news.example.com:{port}"
