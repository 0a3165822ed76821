from __future__ import annotations

import json
from datetime import UTC, datetime

from helpers import FIXTURES

from monitor.models import FetchResult, Source
from monitor.parse import parse
from monitor.parse.jsonfeed import looks_like_json, parse_json_feed

BODY = (FIXTURES / "feeds" / "wire.json").read_bytes()


def test_items_become_entries() -> None:
    result = parse_json_feed(BODY, "https://wire.example.net/feed.json")
    assert result.feed_title == "Pacific Wire"
    first, second, third = result.entries
    assert first.title == "Xi and Trump talk by phone as trade deadline nears"
    assert first.text.startswith("Chinese President Xi Jinping and U.S. President Donald Trump")
    assert first.guid == "wire-20261014-771" and first.author == "Lena Ortiz"
    assert first.published == datetime(2026, 10, 14, 22, 5, tzinfo=UTC)
    assert second.guid == "772" and second.author == "Markets desk"
    assert second.url == "https://partner.example.org/markets/asia-close"
    assert second.published == datetime(2026, 10, 14, 9, 0, tzinfo=UTC)
    assert second.text == "Shares in Tokyo and Hong Kong rose for a third day."
    # No title: the summary stands in; a relative URL is resolved; a bad date is dropped.
    assert third.title.startswith("A typhoon is expected")
    assert third.url == "https://wire.example.net/2026/10/13/typhoon/"
    assert third.published is None
    assert result.error == "2 item(s) without usable fields skipped"


def test_not_json_and_not_a_json_feed() -> None:
    assert parse_json_feed(b'{"items": [', "http://x/").error.startswith("not valid JSON")  # type: ignore[union-attr]
    other = parse_json_feed(json.dumps({"version": "2", "items": []}).encode(), "http://x/")
    assert other.error == "JSON, but not a JSON Feed (no jsonfeed.org version)"
    assert parse_json_feed(b"[1, 2]", "http://x/").error
    no_items = {"version": "https://jsonfeed.org/version/1", "items": "none"}
    assert parse_json_feed(json.dumps(no_items).encode(), "http://x/").error
    deep = b"[" * 100_000 + b"]" * 100_000
    assert parse_json_feed(deep, "http://x/").error  # nesting that would overflow the stack


def test_only_http_links_are_kept() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "1", "title": "t", "url": "javascript:alert(1)"}],
    }
    (entry,) = parse_json_feed(json.dumps(feed).encode(), "http://x/").entries
    assert entry.url is None


def test_detection_by_body_then_content_type() -> None:
    assert looks_like_json(b'  \n{"version": 1}', "text/plain")
    assert looks_like_json(b"\xef\xbb\xbf{}", "")
    assert looks_like_json(b"", "application/feed+json")
    assert not looks_like_json(b"<?xml version='1.0'?><rss/>", "application/json")
    assert not looks_like_json(b"<rss/>", "application/rss+xml")
    src = Source(name="w", kind="rss", url="http://x/", interval=60)
    fr = FetchResult(source="w", url="http://x/", final_url="http://x/", status=200, body=BODY)
    assert len(parse(src, fr).entries) == 3
