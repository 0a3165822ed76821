"""feedparser against the project's feed parser on the same bytes.

`reference` reads a document with feedparser alone and says what an entry must come out
as: its title as plain text (markup read as markup only where feedparser types it HTML),
its link (http(s) only: the project keeps no other kind), its id and its instant.
`ours` reads it with `parse_feed`, fast path included. `compare` lines the two up entry by
entry. `variants` generates small documents, one construct changed at a time.

Also used by bench/parse_agreement.py over the real corpus.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from monitor.normalize import clean_text, html_to_text
from monitor.parse.feed import parse_feed

URL = "https://news.example/feeds/world.xml"
Row = tuple[str, str | None, str | None, datetime | None]
_HTML = ("text/html", "application/xhtml+xml")


@dataclass
class Diff:
    agree: int
    total: int
    mismatches: list[tuple[Row | None, Row | None]]


def _plain(value: str, detail: Any) -> str:
    kind = (detail or {}).get("type", "text/html")
    return html_to_text(value) if kind in _HTML else clean_text(value)


def _instant(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (ValueError, OverflowError):  # past year 9999 once in UTC
        return None


def _web(link: str | None) -> str | None:
    return link if link and urlsplit(link).scheme in ("http", "https") else None


def reference(body: bytes, headers: dict[str, str], url: str = URL) -> list[Row]:
    lower = {k.lower(): v for k, v in headers.items()}
    lower["content-location"] = urljoin(url, lower.get("content-location", ""))
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=lower, sanitize_html=False, resolve_relative_uris=False
    )
    rows: list[Row] = []
    for e in parsed.entries:
        title = _plain(e.get("title", ""), e.get("title_detail"))
        summary = _plain(e.get("summary", ""), e.get("summary_detail"))
        link = _web(e.get("link"))
        if not title and not summary and not link:
            continue
        # dict.get: FeedParserDict maps a missing "updated" to "published", with a warning.
        when = _instant(dict.get(e, "published_parsed") or dict.get(e, "updated_parsed"))
        rows.append((title or summary[:120], link, e.get("id") or None, when))
    return rows


def ours(body: bytes, headers: dict[str, str], url: str = URL) -> list[Row]:
    result = parse_feed(body, headers, url)
    return [(e.title, e.url, e.guid, e.published) for e in result.entries]


def compare(body: bytes, headers: dict[str, str], url: str = URL) -> Diff:
    """Entry by entry; a parser that raises has read no entry."""
    want = reference(body, headers, url)
    try:
        got = ours(body, headers, url)
    except (ValueError, OverflowError):
        got = []
    total = max(len(want), len(got))
    mismatches = []
    for i in range(total):
        a = want[i] if i < len(want) else None
        b = got[i] if i < len(got) else None
        if a != b:
            mismatches.append((a, b))
    return Diff(total - len(mismatches), total, mismatches)


# -- generated documents ----------------------------------------------------------------

NS = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:atom="http://www.w3.org/2005/Atom"'
)

RFC_DATES = [
    "Tue, 25 Nov 2025 08:57:00 +0800",
    "Tue, 25 Nov 2025 08:57:00 +08:00",
    "Tue, 25 Nov 2025 08:57:00 -01:01",
    "Tue, 25 Nov 2025 08:57:00 GMT",
    "Tue, 25 Nov 2025 08:57:00 ET",
    "Tue, 25 Nov 2025 08:57:00 PT",
    "Tue, 25 Nov 2025 08:57:00 EST",
    "Tue, 25 Nov 2025 08:57:00 MEST",
    "25 Nov 2025 08:57 +0000",
    "Tue, 25 Nov 25 08:57:00 Z",
    "Tue, 25 Nov 2025 08:57:00 +zz:00",
    "Nov 25 2025",
]
ISO_DATES = [
    "2025-11-25T08:57:00Z",
    "2025-11-25T08:57:00+08:00",
    "2025-11-25T08:57:00.123-05:00",
    "2025-11-25 08:57:00",
    "2025-11-25",
    "2025-11",
    "20251125T085700Z",
]

RSS_ITEMS: dict[str, str] = {
    "plain": "<title>Leaders talk</title><link>https://news.example/a</link>"
    "<guid>https://news.example/a</guid>",
    "guid not permalink": '<title>Leaders talk</title><guid isPermaLink="false">id-1</guid>',
    "guid permalink only": "<title>Leaders talk</title><guid>https://news.example/g</guid>",
    "relative link": "<title>Leaders talk</title><link>/world/b</link>",
    "dc:title only": "<dc:title>Leaders talk</dc:title><link>https://news.example/c</link>",
    "media:title only": "<media:title>Leaders talk</media:title><link>https://news.example/d</link>",
    "media:title then title": "<media:title>Media name</media:title><title>Real title</title>"
    "<link>https://news.example/e</link>",
    "title then media:title": "<title>Real title</title><media:title>Media name</media:title>"
    "<link>https://news.example/e2</link>",
    "itunes:summary only": '<itunes:summary>A call was held today.</itunes:summary><guid isPermaLink="false">id-2</guid>',
    "dc:description only": '<dc:description>A call was held today.</dc:description><guid isPermaLink="false">id-3</guid>',
    "blink title": "<title>History of the &lt;blink&gt; tag</title><link>https://news.example/f</link>",
    "markup title": "<title>Xi &lt;b&gt;and&lt;/b&gt; Trump</title><link>https://news.example/f2</link>",
    "double-encoded title": "<title>Wait for it&amp;#8230;</title><link>https://news.example/g2</link>",
    "named entity title": "<title>Fish &amp;amp; chips</title><link>https://news.example/g3</link>",
    "cdata title": "<title><![CDATA[Talks <em>resume</em>]]></title><link>https://news.example/h</link>",
    "atom link in rss": '<title>Leaders talk</title><atom:link rel="alternate" href="https://news.example/i"/>',
    "enclosure only": '<title>Leaders talk</title><enclosure url="https://cdn.example/x.mp3" length="1" type="audio/mpeg"/>',
    "enclosure and guid": '<title>T</title><enclosure url="https://cdn.example/a.mp3" type="audio/mpeg" length="1"/><guid>https://news.example/g</guid>',
    "two links": "<title>T</title><link>https://news.example/1</link><link>https://news.example/2</link>",
    "guid then link": "<title>T</title><guid>https://news.example/g</guid><link>https://news.example/l</link>",
    "guid isPermaLink False": '<title>T</title><guid isPermaLink="False">https://news.example/g</guid>',
    "atom self link and guid": '<title>T</title><atom:link rel="self" href="https://news.example/s"/><guid>https://news.example/g</guid>',
    "empty title then media:title": "<title/><media:title>M</media:title><link>https://news.example/x</link>",
    "media:title in media:group": "<media:group><media:title>M</media:title></media:group><link>https://news.example/x</link>",
    "unescaped markup title": "<title>Hello <b>world</b></title><link>https://news.example/1</link>",
    "unescaped unknown tag title": "<title>Hello <blink>world</blink></title><link>https://news.example/1</link>",
    "unknown entity title": "<title>Re&amp;colon; the plan</title><link>https://news.example/1</link>",
    "cdata entity title": "<title><![CDATA[Fish &amp; chips]]></title><link>https://news.example/1</link>",
    "link with query": "<title>T</title><link>https://news.example/x?a=1&amp;b=2</link>",
    "xml:base on item": '<title>T</title><link xml:base="https://other.example/d/">x/y</link>',
    "description only, markup": '<description>&lt;p&gt;Hello &amp;amp; bye&lt;/p&gt;</description><guid isPermaLink="false">z</guid>',
    "mojibake title": "<title>CafÃ© reopens</title><link>https://news.example/1</link>",
}
RSS_DATE_ELEMENTS = ["pubDate", "dc:date", "dcterms:issued", "dcterms:modified"]

ATOM_LINKS = [
    '<link href="https://news.example/p"/>',
    '<link rel="alternate" href="https://news.example/p"/>',
    '<link rel="alternate" type="text/html" href="https://news.example/p"/>',
    '<link rel="alternate" type="application/pdf" href="https://news.example/p.pdf"/>',
    '<link rel="enclosure" href="https://cdn.example/a.mp3"/>',
    '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/>',
    '<link rel="self" href="https://news.example/entry.atom"/>',
    '<link rel="related" href="https://other.example/r"/>',
    '<link rel="via" href="https://other.example/v"/>',
    '<link rel="enclosure" href="https://cdn.example/a.mp3"/><link rel="alternate" href="https://news.example/p"/>',
    '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/><link href="/rel/p"/>',
    "",
]
ATOM_IDS = ["<id>tag:news.example,2025:1</id>", "<id>https://news.example/id/1</id>", ""]
ATOM_DATES = [
    "<published>{d}</published>",
    "<updated>{d}</updated>",
    "<updated>2020-01-01T00:00:00Z</updated><updated>{d}</updated>",
    "<published>{d}</published><updated>2020-01-01T00:00:00Z</updated>",
    "<dcterms:issued>{d}</dcterms:issued>",
    "<dcterms:modified>{d}</dcterms:modified>",
    "<dc:date>{d}</dc:date>",
    "<updated>{d}</updated><dcterms:issued>2020-01-01T00:00:00Z</dcterms:issued>",
]
ATOM_TITLES = [
    "<title>Plain words</title>",
    '<title type="text">History of the &lt;blink&gt; tag</title>',
    '<title type="html">Xi &amp;amp; Trump &lt;b&gt;talk&lt;/b&gt;</title>',
    '<title type="html">Wait&amp;amp;#8230;</title>',
    '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Bold <b>words</b></div></title>',
    '<title mode="base64">TGVhZGVycyB0YWxr</title>',
    '<title type="text">Wait for it&amp;#8230;</title>',
    "",
]
ATOM_SUMMARIES = [
    "",
    "<summary>Only a summary here.</summary>",
    '<summary mode="base64" type="text/html">PGI+QmFzZTY0PC9iPiBzdW1tYXJ5</summary>',
    '<content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content>',
]
ATOM_ENTRIES = {
    "two alternate links": '<title>T</title><id>i</id><link href="https://news.example/1"/><link href="https://news.example/2"/>',
    "alternate link then id": '<title>T</title><link href="https://news.example/1"/><id>https://news.example/id</id>',
    "xhtml link type": '<title>T</title><id>i</id><link type="application/xhtml+xml" href="https://news.example/1"/>',
    "capitalised rel and type": '<title>T</title><id>i</id><link rel="Alternate" type="Text/HTML" href="https://news.example/1"/>',
    "link with xml:base": '<title>T</title><id>i</id><link xml:base="https://other.example/d/" href="x"/>',
    "entry xml:base": '<title>T</title><id>i</id><link href="x"/>',
    "source element": '<source><title>Src</title><link href="https://src.example/"/><updated>2019-01-01T00:00:00Z</updated></source><id>i</id><updated>2025-11-25T00:00:00Z</updated>',
    "no title": "<id>https://news.example/c</id><updated>2025-11-25T00:00:00Z</updated>",
    "summary only": '<id>i</id><summary type="html">&lt;b&gt;Bold&lt;/b&gt; news</summary>',
    "xhtml content only": '<id>https://news.example/c</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para text</p></div></content>',
    "text title with elements": "<title>Hello <b>world</b></title><id>i</id>",
    "unreadable published, readable updated": "<title>T</title><id>i</id><published>soon</published><updated>2025-11-25T00:00:00Z</updated>",
}


def _rss(items: str, root: str = "rss") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {NS}><channel>'
        f"<title>Feed</title><link>https://news.example/</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode()


def _atom(entries: str, base: str = "") -> bytes:
    xml_base = f' xml:base="{base}"' if base else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" {NS}'
        f"{xml_base}><title>Feed</title><id>tag:news.example,2025:feed</id>"
        f"<updated>2025-11-25T00:00:00Z</updated>{entries}</feed>"
    ).encode()


def _rdf(items: str, ns: str = "http://purl.org/rss/1.0/") -> bytes:
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns="{ns}" {NS}><channel><title>Feed</title><link>https://news.example/</link>'
        f"<description>d</description></channel>{items}</rdf:RDF>"
    ).encode()


Variant = tuple[str, bytes, dict[str, str]]


def variants() -> Iterator[Variant]:
    """(name, body, headers): each construct, one at a time, in each format it occurs in."""
    for name, item in RSS_ITEMS.items():
        yield f"rss {name}", _rss(f"<item>{item}</item>"), {}
    for element in RSS_DATE_ELEMENTS:
        for d in RFC_DATES + ISO_DATES:
            item = f"<title>T</title><link>https://news.example/d</link><{element}>{d}</{element}>"
            yield f"rss <{element}>{d}", _rss(f"<item>{item}</item>"), {}
    both = (
        "<title>T</title><link>https://news.example/d</link>"
        "<pubDate>Tue, 25 Nov 2025 08:57:00 +0800</pubDate><dc:date>2020-01-01T00:00:00Z</dc:date>"
    )
    yield "rss pubDate and dc:date", _rss(f"<item>{both}</item>"), {}
    late = both + "<pubDate>not a date</pubDate>"
    yield "rss last pubDate unreadable", _rss(f"<item>{late}</item>"), {}
    year = "<title>T</title><link>https://news.example/y</link><pubDate>9999-12-31T23:59:59-05:00</pubDate>"
    yield "rss date past year 9999", _rss(f"<item>{year}</item>"), {}
    for i, link in enumerate(ATOM_LINKS):
        for j, id_ in enumerate(ATOM_IDS):
            entry = (
                f"<entry><title>T</title>{id_}{link}<updated>2025-11-25T00:00:00Z</updated></entry>"
            )
            yield f"atom link {i} id {j}", _atom(entry), {}
    for i, template in enumerate(ATOM_DATES):
        for d in ISO_DATES + RFC_DATES:
            entry = f"<entry><title>T</title><id>u{i}</id>{template.format(d=d)}</entry>"
            yield f"atom date {i} {d}", _atom(entry), {}
    for i, title in enumerate(ATOM_TITLES):
        for j, summary in enumerate(ATOM_SUMMARIES):
            entry = (
                f'<entry>{title}<id>x</id><link href="https://news.example/t"/>{summary}</entry>'
            )
            yield f"atom title {i} summary {j}", _atom(entry), {}
    for name, entry in ATOM_ENTRIES.items():
        start = '<entry xml:base="https://other.example/d/">' if "xml:base" in name else "<entry>"
        yield f"atom {name}", _atom(f"{start}{entry}</entry>"), {}
    rel = '<entry><title>T</title><id>r</id><link href="rel/1"/></entry>'
    yield "atom relative link", _atom(rel), {}
    yield (
        "atom behind an html doctype",
        _atom(rel).replace(b"?><feed", b"?><!DOCTYPE html><feed"),
        {},
    )
    yield "atom xml:base", _atom(rel, base="https://base.example/dir/"), {}
    for where in ("https://mirror.example/feeds/", "/elsewhere/feed.xml"):
        yield f"atom content-location {where}", _atom(rel), {"Content-Location": where}
        item = "<item><title>T</title><link>story/2</link></item>"
        yield f"rss content-location {where}", _rss(item), {"Content-Location": where}
    rdf_item = (
        '<item rdf:about="https://news.example/r1"><title>T</title>'
        "<link>https://news.example/r1</link><dc:date>2025-11-25T08:57:00+08:00</dc:date></item>"
    )
    yield "rss 1.0", _rdf(rdf_item), {}
    yield "rss 0.90", _rdf(rdf_item, "http://my.netscape.com/rdf/simple/0.9/"), {}
    old = (
        "<item><title>T</title><link>https://news.example/o</link>"
        "<pubDate>Tue, 25 Nov 2025 08:57:00 +08:00</pubDate></item>"
    )
    for version in ("0.91", "0.92", "2.0"):
        body = _rss(old).replace(b'version="2.0"', f'version="{version}"'.encode())
        yield f"rss {version}", body, {}
