"""Whole cycles (fetch, health, parse, store) against real local servers, hostile ones included.

Each test runs `pipeline.run_cycle` in-process on a real SQLite file with the shipped
rules, and checks what was stored and what the source's health became.
"""

from __future__ import annotations

import logging
import random
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import hostile
import pytest
from helpers import FIXTURES, FeedServer, write_config

from monitor import config, pipeline
from monitor import sources as polled
from monitor.classify import Classifier
from monitor.models import CycleReport, SourceState
from monitor.pipeline import intake as ingest_stage
from monitor.store import Store

FEED = (FIXTURES / "feeds" / "official.xml").read_bytes()
FAST = {
    "host_spacing": "0s",
    "timeout": "500ms",
    "connect_timeout": "500ms",
    "max_bytes": 1_000_000,
}


def rss(*items: tuple[str, str, str], encoding: str = "utf-8", decl: bool = True) -> bytes:
    """An RSS 2.0 document of (title, link, description) items, encoded as asked."""
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n' if decl else ""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>"
        for t, link, d in items
    )
    doc = f'{head}<rss version="2.0"><channel><title>Wire</title>{body}</channel></rss>'
    return doc.encode(encoding)


class Poller:
    """Runs cycles over a config in a temporary directory; one store for the whole test."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.stores: list[Store] = []
        self.now = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)

    def __call__(
        self, sources: list[dict[str, str]], fetch: dict[str, object] | None = None
    ) -> CycleReport:
        path = write_config(self.tmp_path, sources, fetch={**FAST, **(fetch or {})})
        settings = config.load(path)
        store = Store(settings.db_path)
        self.stores.append(store)
        ctx = pipeline.Context(
            settings=settings,
            store=store,
            classifier=Classifier.load(settings.rules_path),
            rng=random.Random(5),
        )
        self.settings = settings
        return pipeline.run_cycle(ctx, list(settings.sources), lambda: self.now)

    def state(self, name: str) -> SourceState:
        st = self.stores[-1].sources.source_state(name)
        assert st is not None
        return st

    def titles(self, source: str | None = None) -> list[str]:
        db = sqlite3.connect(self.tmp_path / "state" / "monitor.db")
        sql, args = "SELECT title FROM items", []
        if source:
            sql, args = sql + " WHERE source = ?", [source]
        rows = [r[0] for r in db.execute(sql + " ORDER BY id", args)]
        db.close()
        return rows

    def close(self) -> None:
        for store in self.stores:
            store.close()


@pytest.fixture
def poll(tmp_path: Path) -> Iterator[Poller]:
    p = Poller(tmp_path)
    yield p
    p.close()


def src(name: str, url: str, **kw: str) -> dict[str, str]:
    return {"name": name, "url": url, "interval": "5m", **kw}


def test_malformed_xml_keeps_its_good_entries(poll: Poller, feed_server: FeedServer) -> None:
    broken = FEED.replace(b"</channel>", b"<item><title>Cut off</title><link>http://x/3</link>")
    report = poll([src("broken", feed_server.serve("/broken.xml", broken))])
    assert not report.polls[0].error
    assert len(poll.titles("broken")) == 3
    st = poll.state("broken")
    assert st.status == "ok" and (st.last_error or "").startswith("parse: ")


def test_entity_expansion_cannot_blow_up(poll: Poller, feed_server: FeedServer) -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "'
        + b"A" * 100_000
        + b'">\n]>\n<rss version="2.0"><channel><title>t</title><item><title>'
        + b"&big;" * 2000
        + b"</title><link>http://x/1</link></item></channel></rss>"
    )
    poll([src("bomb", feed_server.serve("/bomb.xml", bomb))])
    # Expanded, the title would be 200 million characters; stripped, it is the references.
    assert all(len(t) <= 20_000 for t in poll.titles("bomb"))


def test_a_body_naming_a_file_is_not_opened(poll: Poller, feed_server: FeedServer) -> None:
    report = poll([src("passwd", feed_server.serve("/p.xml", b"/etc/passwd"))])
    assert report.polls[0].error and poll.titles() == []
    assert "root:" not in (poll.state("passwd").last_error or "")
    assert poll.state("passwd").consecutive_failures == 1


def test_wrong_and_missing_charsets(poll: Poller, feed_server: FeedServer) -> None:
    cp1252 = rss(("Café “talks” — résumé", "http://x/1", "d"), encoding="cp1252").replace(
        b'encoding="cp1252"', b'encoding="utf-8"'
    )
    gb2312 = rss(("习近平同美国总统通电话", "http://x/2", "新华社"), encoding="gb2312")
    gbk_as_gb2312 = rss(("镕基与朱镕基", "http://x/3", "d"), encoding="gbk").replace(
        b'encoding="gbk"', b'encoding="gb2312"'
    )
    bare = rss(("Plain UTF-8 — no declaration", "http://x/4", "d"), decl=False)
    poll(
        [
            src("cp", feed_server.serve("/cp.xml", cp1252, content_type="text/xml; charset=utf-8")),
            src("gb", feed_server.serve("/gb.xml", gb2312, content_type="text/xml")),
            src("gbk", feed_server.serve("/gbk.xml", gbk_as_gb2312, content_type="text/xml")),
            src("bare", feed_server.serve("/bare.xml", bare, content_type="application/xml")),
        ]
    )
    assert poll.titles("cp") == ["Café “talks” — résumé"]
    assert poll.titles("gb") == ["习近平同美国总统通电话"]
    assert poll.titles("gbk") == ["镕基与朱镕基"]
    assert poll.titles("bare") == ["Plain UTF-8 — no declaration"]


def test_empty_bodies_and_html_instead_of_a_feed(poll: Poller, feed_server: FeedServer) -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>News</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/news/rss.xml"></head>'
        b"<body><p>Latest news</p></body></html>"
    )
    report = poll(
        [
            src("empty", feed_server.serve("/empty.xml", b"")),
            src("html", feed_server.serve("/index.html", page, content_type="text/html")),
        ]
    )
    errors = {p.source: p.error for p in report.polls}
    assert errors["empty"] == "parse: empty body"
    assert errors["html"] == (
        f"parse: an HTML page, not a feed; the page names a feed at {feed_server.url}/news/rss.xml"
    )
    assert poll.state("html").status == "backoff"
    # The same page again (here a 304): the same failure, counted, without parsing it.
    again = poll([src("html", feed_server.url + "/index.html")])
    assert again.polls[0].error == errors["html"] and not again.polls[0].not_modified
    assert poll.state("html").consecutive_failures == 2
    assert feed_server.requests[-1][1].get("If-None-Match")


def test_json_feed(poll: Poller, feed_server: FeedServer) -> None:
    body = (FIXTURES / "feeds" / "wire.json").read_bytes()
    url = feed_server.serve("/feed.json", body, content_type="application/feed+json")
    report = poll([src("jsonwire", url)])
    assert report.polls[0].new_items == 3 and report.polls[0].relevant == 1


def test_hostile_servers_cost_seconds_and_spare_the_others(
    poll: Poller, feed_server: FeedServer
) -> None:
    report = poll(
        [
            src("hang", feed_server.handle("/hang", hostile.hang(feed_server.stopping))),
            src("bomb", feed_server.handle("/bomb", hostile.gzip_bomb(64 * hostile.MB))),
            src("huge", feed_server.handle("/huge", hostile.endless(200 * hostile.MB))),
            src("loop", feed_server.handle("/loop", hostile.status(302, {"Location": "/loop"}))),
            src(
                "file",
                feed_server.handle(
                    "/file", hostile.status(301, {"Location": "file:///etc/passwd"})
                ),
            ),
            src("good", feed_server.serve("/feed.xml", FEED)),
        ]
    )
    errors = {p.source: p.error for p in report.polls}
    assert errors["good"] is None and len(poll.titles("good")) == 2
    assert errors["hang"] == "no data for 0.5s (ReadTimeout)"
    assert "larger than 1000000 bytes" in (errors["bomb"] or "")
    assert "larger than 1000000 bytes" in (errors["huge"] or "")
    assert "more than 5 redirects" in (errors["loop"] or "")
    assert "refused non-http(s) URL 'file:///etc/passwd'" in (errors["file"] or "")
    for name in ("hang", "bomb", "huge", "loop", "file"):
        assert poll.state(name).status == "backoff"


def test_304_and_identical_bodies_are_not_parsed_again(
    poll: Poller, feed_server: FeedServer
) -> None:
    sources = [
        src("etag", feed_server.serve("/etag.xml", FEED)),
        src("plain", feed_server.serve("/plain.xml", FEED, etag=False)),
    ]
    first = poll(sources)
    # The same items, stored once, by whichever source finished its fetch first.
    assert sorted(p.new_items for p in first.polls) == [0, 2]
    second = poll(sources)
    for p in second.polls:
        assert p.not_modified and p.entries == 0 and not p.error
    assert poll.state("etag").status == "ok" and poll.state("plain").status == "ok"
    plain = [h for path, h in feed_server.requests if path == "/plain.xml"]
    assert "If-None-Match" not in plain[-1]  # no validator: the body hash decided


def test_429_waits_for_retry_after_then_recovers(poll: Poller, feed_server: FeedServer) -> None:
    url = feed_server.handle("/feed.xml", hostile.status(429, {"Retry-After": "7200"}))
    poll([src("busy", url)])
    st = poll.state("busy")
    assert st.status == "backoff" and st.consecutive_failures == 1
    assert st.next_poll == poll.now + timedelta(seconds=7200)
    sources = list(poll.settings.sources)
    known = polled.states(poll.stores[-1], sources)
    assert not polled.due_sources(sources, known, poll.now)
    del feed_server.handlers["/feed.xml"]
    feed_server.serve("/feed.xml", FEED)
    poll.now += timedelta(seconds=7200)
    poll([src("busy", url)])
    st = poll.state("busy")
    assert st.status == "ok" and st.consecutive_failures == 0
    assert st.next_poll == poll.now + timedelta(minutes=5)


def test_410_is_gone_and_left_alone(poll: Poller, feed_server: FeedServer) -> None:
    url = feed_server.handle("/old.xml", hostile.status(410))
    poll([src("old", url)])
    st = poll.state("old")
    assert st.status == "gone" and st.next_poll is None
    store, sources = poll.stores[-1], list(poll.settings.sources)
    known = polled.states(store, sources)
    assert polled.split_gone(sources, known) == ([], sources)
    assert polled.due_sources(sources, known, poll.now + timedelta(days=365)) == []


def test_a_repeated_301_moves_the_source_and_says_so(
    poll: Poller, feed_server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    new = feed_server.serve("/new.xml", FEED)
    old = feed_server.handle("/old.xml", hostile.status(301, {"Location": "/new.xml"}))
    for n in range(1, 4):
        with caplog.at_level(logging.WARNING, logger="monitor.pipeline"):
            report = poll([src("moving", old)])
        assert not report.polls[0].error
        moved = [r.getMessage() for r in caplog.records if "moved permanently" in r.getMessage()]
        assert bool(moved) == (n == 3)
    assert moved == [
        f"source moving moved permanently to {new} (3 polls in a row); polling the new url, "
        "update the config to match"
    ]
    assert poll.state("moving").redirect_url == new
    before = len([p for p, _ in feed_server.requests if p == "/old.xml"])
    poll([src("moving", old)])
    assert len([p for p, _ in feed_server.requests if p == "/old.xml"]) == before


def test_failures_back_off_and_one_success_resets(poll: Poller, feed_server: FeedServer) -> None:
    url = feed_server.url + "/later.xml"
    for n in (1, 2, 3):
        poll([src("later", url)])
        st = poll.state("later")
        assert st.consecutive_failures == n and st.last_error == "HTTP 404"
        assert st.next_poll is not None
        wait = (st.next_poll - poll.now).total_seconds()
        assert 0.8 * 300 * 2 ** (n - 1) <= wait <= 300 * 2 ** (n - 1)
    feed_server.serve("/later.xml", FEED)
    poll([src("later", url)])
    st = poll.state("later")
    assert st.consecutive_failures == 0 and st.status == "ok" and st.items_seen == 2


def test_page_source_with_relative_links_and_dates(poll: Poller, feed_server: FeedServer) -> None:
    html = (
        "<html><head><base href='/eng/xw/'></head><body><ul class='news'>"
        "<li><a href='202610/t1.html'>Xi Jinping Speaks with U.S. President Trump on the Phone</a>"
        "<span>2026年10月15日 09:30</span></li>"
        "<li><a href='javascript:void(0)'>Spokesperson's Remarks</a></li>"
        "<li><a href='/eng/t3.html'>Foreign Minister Meets Delegation</a><span>no date</span></li>"
        "</ul></body></html>"
    ).encode()
    url = feed_server.serve("/eng/xw/index.html", html, content_type="text/html; charset=utf-8")
    report = poll([src("mfa", url, kind="page", item="ul.news li", date="span")])
    assert report.polls[0].new_items == 3 and report.polls[0].relevant == 1
    db = sqlite3.connect(poll.tmp_path / "state" / "monitor.db")
    rows = db.execute("SELECT url, published, first_seen FROM items ORDER BY id").fetchall()
    db.close()
    assert rows[0][0] == f"{feed_server.url}/eng/xw/202610/t1.html"
    assert rows[0][1] == "2026-10-15T01:30:00+00:00"  # 09:30 in Beijing
    assert rows[1][0] is None  # a javascript: link names no article
    assert rows[2][1] is None and rows[2][2] == poll.now.isoformat()


def test_articles_are_fetched_for_promising_new_items(
    poll: Poller, feed_server: FeedServer
) -> None:
    base = feed_server.url
    article = (FIXTURES / "pages" / "article.html").read_bytes()
    feed_server.serve("/a/call.html", article, content_type="text/html; charset=utf-8")
    feed = rss(
        ("Trump says trade talks with China are going well", f"{base}/a/call.html", "Aboard."),
        ("Trump and Xi: what comes next", f"{base}/a/missing.html", "Analysis."),
        ("Local council approves new park", f"{base}/a/park.html", "A park."),
    )
    report = poll([src("wire", feed_server.serve("/wire.xml", feed))])
    asked = [p for p, _ in feed_server.requests if p.startswith("/a/")]
    assert sorted(asked) == ["/a/call.html", "/a/missing.html"]  # the park names no leader
    assert report.polls[0].new_items == 3 and report.polls[0].relevant == 1
    db = sqlite3.connect(poll.tmp_path / "state" / "monitor.db")
    rows = dict(
        db.execute(
            "SELECT i.title, c.kind || '/' || i.text FROM items i "
            "JOIN classifications c ON c.item_id = i.id"
        ).fetchall()
    )
    db.close()
    call = rows["Trump says trade talks with China are going well"]
    assert call.startswith("phone_call/")
    assert "President Donald Trump held a phone call with Chinese President Xi Jinping" in call
    assert call.endswith("Beijing described the conversation as candid and constructive.")
    for boilerplate in ("Subscribe", "Related", "Most read", "Photo", "dataLayer"):
        assert boilerplate not in call
    assert rows["Trump and Xi: what comes next"] == "none/"  # the fetch failed: title only


def test_article_fetches_are_bounded_per_cycle(poll: Poller, feed_server: FeedServer) -> None:
    base = feed_server.url
    feed = rss(*[(f"Trump remarks, part {i}", f"{base}/a/{i}.html", "Short.") for i in range(4)])
    url = feed_server.serve("/wire.xml", feed)
    poll([src("wire", url)], fetch={"articles_per_cycle": 2})
    assert len([p for p, _ in feed_server.requests if p.startswith("/a/")]) == 2
    poll([src("wire", url)], fetch={"articles_per_cycle": 0})
    assert len([p for p, _ in feed_server.requests if p.startswith("/a/")]) == 2


def test_a_crashing_source_is_reported_and_the_cycle_goes_on(
    poll: Poller, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real: Callable[..., object] = ingest_stage.normalize

    def explode(entry: object, source: str, now: datetime) -> object:
        if source == "bad":
            raise RuntimeError("boom")
        return real(entry, source, now)

    monkeypatch.setattr(ingest_stage, "normalize", explode)
    report = poll(
        [
            src("bad", feed_server.serve("/bad.xml", FEED)),
            src("good", feed_server.serve("/good.xml", FEED.replace(b"briefings", b"other"))),
        ]
    )
    errors = {p.source: p.error for p in report.polls}
    assert errors == {"bad": "RuntimeError: boom", "good": None}
    assert len(poll.titles("good")) == 2
