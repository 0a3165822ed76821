from __future__ import annotations

from datetime import UTC, datetime

from helpers import FIXTURES

from monitor.models import FetchResult, Source
from monitor.parse import parse
from monitor.parse.feed import parse_feed, strip_dtd
from monitor.parse.page import parse_page

FEEDS = FIXTURES / "feeds"


def test_rss2_atom_and_rss1() -> None:
    rss = parse_feed(
        (FEEDS / "official.xml").read_bytes(), {"content-type": "application/rss+xml"}, "http://x/"
    )
    assert rss.error is None and len(rss.entries) == 2
    first = rss.entries[0]
    assert first.title.startswith("Readout of President Trump\u2019s Telephone Call")
    assert first.summary.startswith("President Donald J. Trump spoke today")
    assert "<b>" not in first.summary and "tariffs" in first.summary
    assert first.guid == "briefings-2026-10-14-0412"
    assert first.published == datetime(2026, 10, 14, 21, 30, tzinfo=UTC)

    atom = parse_feed((FEEDS / "statemedia.atom").read_bytes(), {}, "http://x/")
    assert atom.entries[0].published == datetime(2026, 10, 14, 22, 45, tzinfo=UTC)
    assert atom.entries[0].url == "https://statenews.example.cn/20261015/a55120/c.html"

    rdf = parse_feed((FEEDS / "outlet.rdf").read_bytes(), {}, "http://x/")
    assert len(rdf.entries) == 2
    assert rdf.entries[1].published == datetime(2026, 10, 12, 15, 0, tzinfo=UTC)


def test_malformed_feed_keeps_good_entries() -> None:
    body = (
        (FEEDS / "official.xml")
        .read_bytes()
        .replace(b"</rss>", b"<broken></rss>")
        .replace(b"&#8217;", b"&nbsp;")
    )
    result = parse_feed(body, {}, "http://x/")
    assert len(result.entries) == 2
    assert result.error


def test_html_where_a_feed_was_expected() -> None:
    result = parse_feed(
        b"<html><body><p>Hello</p></body></html>", {"content-type": "text/html"}, "http://x/"
    )
    assert result.entries == []
    assert result.error


def test_a_body_that_names_a_file_is_not_opened() -> None:
    result = parse_feed(b"/etc/passwd", {}, "http://x/")
    assert result.entries == []


def test_entity_declarations_are_stripped() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "' + b"A" * 10_000 + b'">\n]>\n'
        b'<rss version="2.0"><channel><title>t</title><item><title>&big;&big;&big;</title>'
        b"<link>http://x/1</link></item></channel></rss>"
    )
    assert b"<!ENTITY" not in strip_dtd(bomb)
    result = parse_feed(bomb, {}, "http://x/")
    assert all(len(e.title) < 1000 for e in result.entries)


def test_page_items_with_selectors() -> None:
    html = (
        b"<html><head><title>News</title></head><body><ul class='list1'>"
        b"<li><a href='./202610/t1.html'>President Xi Speaks with U.S. President Trump on the Phone</a>"
        b"<span>2026-10-15</span></li>"
        b"<li><a href='/eng/t2.html'>Wang Yi Meets Visitors</a><span>2026-10-14</span></li>"
        b"</ul><script>var x = '<li>nope</li>';</script></body></html>"
    )
    src = Source(
        name="mfa",
        kind="page",
        url="https://mfa.example.cn/eng/xw/",
        interval=600,
        item="ul.list1 li",
        date="span",
    )
    result = parse_page(html, {}, "https://mfa.example.cn/eng/xw/", src)
    assert [e.url for e in result.entries] == [
        "https://mfa.example.cn/eng/xw/202610/t1.html",
        "https://mfa.example.cn/eng/t2.html",
    ]
    assert result.entries[0].title == "President Xi Speaks with U.S. President Trump on the Phone"
    assert result.entries[0].published == datetime(2026, 10, 15, tzinfo=UTC)


def test_parse_dispatches_on_kind() -> None:
    src = Source(name="x", kind="rss", url="http://x/", interval=60)
    fr = FetchResult(
        source="x",
        url="http://x/",
        final_url="http://x/",
        status=200,
        body=(FEEDS / "official.xml").read_bytes(),
    )
    assert len(parse(src, fr).entries) == 2
    fr.body = None
    assert parse(src, fr).entries == []
