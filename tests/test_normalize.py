from __future__ import annotations

from datetime import UTC, datetime

from monitor import dedupe
from monitor.models import Entry
from monitor.normalize import canonical_url, content_hash, html_to_text, normalize

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)


def test_canonical_url_drops_tracking_and_noise() -> None:
    a = canonical_url(
        "HTTPS://WWW.Example.com:443/world/story/?utm_source=rss&utm_medium=feed&id=7#top"
    )
    b = canonical_url("http://example.com/world/story?id=7&fbclid=abc")
    assert a == b == "https://example.com/world/story?id=7"
    assert canonical_url("https://example.com:8443/a/") == "https://example.com:8443/a"
    assert canonical_url(None) is None


def test_html_to_text() -> None:
    assert (
        html_to_text("<p>Xi &amp; Trump</p><script>alert(1)</script><p>spoke</p>")
        == "Xi & Trump\nspoke"
    )
    assert html_to_text("plain &lt;b&gt; text") == "plain <b> text"


def test_identity_keys_and_batch_dedupe() -> None:
    one = normalize(
        Entry(title="Xi  and Trump speak", url="https://a.example/x?utm_source=1", guid="g1"),
        "a",
        NOW,
    )
    copy = normalize(
        Entry(title="Xi and Trump speak", url="https://a.example/x", guid="g2"), "a", NOW
    )
    other = normalize(Entry(title="Something else", url="https://a.example/y", guid="g3"), "a", NOW)
    assert "url:https://a.example/x" in dedupe.identity_keys(one)
    assert "guid:a:g1" in dedupe.identity_keys(one)
    assert dedupe.unique_within([one, copy, other]) == [one, other]
    assert content_hash("Xi and Trump SPEAK", "") == content_hash("xi and trump speak", "")


def test_far_future_dates_are_dropped() -> None:
    item = normalize(Entry(title="t", published=datetime(2030, 1, 1, tzinfo=UTC)), "a", NOW)
    assert item.published is None
    assert item.date == NOW
