"""The lxml fast path: what it reads, that it reads it as feedparser does, and what it
leaves to feedparser."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import FIXTURES

from monitor.parse import feed
from monitor.parse.feed import parse_feed
from monitor.parse.xmlfeed import parse_xml_feed

URL = "https://news.example/feeds/world.xml"


def fast(body: bytes, charset: str | None = None) -> list[dict[str, object]] | None:
    found = parse_xml_feed(feed.strip_dtd(body), charset, URL, feed.feed_date)
    return None if found is None else [dict(r) for r in found[1]]


def both(body: bytes) -> tuple[list[object], list[object]]:
    """Entries through the fast path and through feedparser, for comparison."""
    found = parse_xml_feed(feed.strip_dtd(body), None, URL, feed.feed_date)
    assert found is not None, "the fast path should read this feed"
    return feed.to_entries(found[1]), feed.parse_with_feedparser(body, {}, URL).entries


@pytest.mark.parametrize("name", ["official.xml", "statemedia.atom", "outlet.rdf"])
def test_fixture_feeds_read_the_same_both_ways(name: str) -> None:
    quick, slow = both((FIXTURES / "feeds" / name).read_bytes())
    assert quick == slow and len(quick) >= 2


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>World desk</title>
<item>
  <title>Leaders speak by phone &amp;amp; agree to meet</title>
  <link>/2026/10/14/call.html</link>
  <guid isPermaLink="false">desk-4411</guid>
  <dc:date>2026-10-14T21:30:00.250+00:00</dc:date>
  <description><![CDATA[<p>The two presidents spoke for an hour.</p>]]></description>
  <content:encoded><![CDATA[<p>The two presidents spoke for an hour.</p><p>Aides said a summit is planned.</p>]]></content:encoded>
  <media:content url="https://img.example/1.jpg"><media:description>A caption</media:description></media:content>
</item>
<item>
  <title>Markets close higher</title>
  <guid>https://news.example/markets/close</guid>
  <pubDate>Wed, 14 Oct 2026 16:00:00 EDT</pubDate>
  <description>Shares rose \xc2\x97 again.</description>
  <description>A second description becomes content.</description>
</item>
<item>
  <title>Caption only</title>
  <link>https://news.example/photo</link>
  <media:group><media:description>Only a caption here</media:description></media:group>
</item>
</channel></rss>"""


def test_rss_fields_by_feedparsers_rules() -> None:
    rows = fast(RSS)
    assert rows is not None
    call, markets, photo = rows
    assert call["link"] == "https://news.example/2026/10/14/call.html"  # resolved
    assert call["guid"] == "desk-4411"  # not a permalink: left as it is
    assert call["published"] == datetime(2026, 10, 14, 21, 30, tzinfo=UTC)
    # The item's description is the summary; the deeper media caption does not replace it.
    assert call["summary"] == "<p>The two presidents spoke for an hour.</p>"
    assert "summit is planned" in str(call["content"])
    assert markets["link"] == "https://news.example/markets/close"  # a permalink guid
    assert markets["summary"] == "Shares rose \u2014 again."  # C1 control read as cp1252
    assert markets["content"] == "A second description becomes content."
    assert markets["published"] == datetime(2026, 10, 14, 20, 0, tzinfo=UTC)
    assert photo["summary"] == "Only a caption here"
    quick, slow = both(RSS)
    assert quick == slow


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example/en/">
<title>Wire</title>
<entry>
  <title type="html">Xi &lt;b&gt;and&lt;/b&gt; Trump talk</title>
  <link rel="enclosure" href="https://wire.example/audio.mp3"/>
  <link rel="alternate" href="2026/10/14/talk"/>
  <id>tag:wire.example,2026:talk</id>
  <updated>2026-10-14T22:00:00Z</updated>
  <published>2026-10-14T21:00:00Z</published>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>They <em>spoke</em>.</p></div></content>
  <source><title>Other feed</title><summary>Not this entry's summary</summary></source>
</entry>
<entry>
  <title>No link</title>
  <id>/items/77</id>
  <updated>2026-10-13T08:00:00Z</updated>
  <summary>Short.</summary>
</entry>
</feed>"""


def test_atom_fields_by_feedparsers_rules() -> None:
    rows = fast(ATOM)
    assert rows is not None
    talk, bare = rows
    assert talk["link"] == "https://wire.example/en/2026/10/14/talk"  # alternate, xml:base
    assert talk["guid"] == "tag:wire.example,2026:talk"
    assert talk["published"] == datetime(2026, 10, 14, 21, 0, tzinfo=UTC)
    assert "<em>spoke</em>" in str(talk["content"]) and talk["summary"] == talk["content"]
    assert bare["guid"] == "https://wire.example/items/77"
    assert bare["link"] == "https://wire.example/items/77"  # no link: the id stands in
    assert bare["published"] == datetime(2026, 10, 13, 8, 0, tzinfo=UTC)
    quick, slow = both(ATOM)
    assert quick == slow
    assert quick[0].title == "Xi and Trump talk" and quick[0].summary == "They spoke ."


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        # Not well-formed: feedparser's loose parser keeps the good entries.
        (RSS.replace(b"</channel>", b"<item><title>cut"), None),
        # The HTTP label contradicts the document's own: feedparser weighs the two.
        (RSS, "iso-8859-1"),
        # A format this path does not read.
        (b'<?xml version="1.0"?><feed xmlns="http://purl.org/atom/ns#"><entry/></feed>', None),
        # An entity reference that only a DTD could define.
        (RSS.replace(b"Markets close", b"Markets&nbsp;close"), None),
    ],
)
def test_what_it_leaves_to_feedparser(body: bytes, charset: str | None) -> None:
    assert fast(body, charset) is None


def test_a_feed_the_fast_path_declines_is_still_read() -> None:
    broken = RSS.replace(b"<title>Caption only", b"<title>Caption &nbsp; only")
    result = parse_feed(broken, {"content-type": "application/rss+xml"}, URL)
    assert [e.title for e in result.entries][:2] == [
        "Leaders speak by phone & agree to meet",
        "Markets close higher",
    ]


def test_labels_that_agree_keep_the_fast_path() -> None:
    assert fast(RSS, "UTF-8") is not None
    latin = RSS.replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"').replace(b"\xc2\x97", b"")
    assert fast(latin, "latin-1") is not None


def test_dates_iso_and_rfc_822_first_then_feedparsers_forms() -> None:
    assert feed.feed_date("Wed, 14 Oct 2026 21:30:00 +0800") == datetime(
        2026, 10, 14, 13, 30, tzinfo=UTC
    )
    assert feed.feed_date("2026-10-14T21:30:00Z") == datetime(2026, 10, 14, 21, 30, tzinfo=UTC)
    assert feed.feed_date("2026-10") == datetime(2026, 10, 1, tzinfo=UTC)  # W3C-DTF month
    assert feed.feed_date("last Tuesday") is None
