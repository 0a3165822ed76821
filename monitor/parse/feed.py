"""RSS, Atom and RSS 1.0 parsing. The only importer of feedparser.

feedparser always gets a bytes stream and the response headers, never a URL or a path
string (a body that reads like a file name must not be opened). The DOCTYPE, with any
entity declarations in it, is cut from the prolog before parsing, so entity expansion
cannot blow up; UTF-16 and UTF-32 bodies are re-encoded as UTF-8 first so that the cut
sees them. feedparser's HTML sanitizing and relative-URI rewriting are off: they are
most of its time, and `normalize.html_to_text` turns every field into plain text anyway.
"""

from __future__ import annotations

import codecs
import io
import re
from datetime import datetime
from functools import partial
from urllib.parse import urljoin, urlsplit

import feedparser
import feedparser.api

from monitor.models import Entry, ParseResult
from monitor.normalize import clean_text, html_to_text
from monitor.parse.charset import header_charset
from monitor.parse.dates import parse_date
from monitor.parse.feedrules import HTML_TYPES
from monitor.parse.xmlfeed import RawEntry, parse_xml_feed

# Whitespace, the XML declaration, processing instructions and comments before the root.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_DTD_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--.*?-->|\]\s*>|[^\"'<\[\]>]+|.", re.S)
_STRAY_ENTITY = re.compile(rb"<!ENTITY[^>]*>", re.I)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
# A feed root right after an HTML doctype: a generator's template slip; the feed is fine.
_FEED_ROOT = re.compile(rb"\s*>\s*<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_XML_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")
_ALTERNATE = re.compile(
    rb"<link\b(?=[^>]*\brel=[\"']?alternate)(?=[^>]*\btype=[\"']?application/(?:rss|atom|feed)\+(?:xml|json))"
    rb"[^>]*\bhref=[\"']?([^\"'\s>]+)",
    re.I,
)
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def as_utf8(body: bytes) -> bytes:
    """UTF-16/32 bodies as UTF-8 (with the declaration to match); others unchanged."""
    for mark, encoding in _WIDE:
        if body.startswith(mark):
            text = body.decode(encoding, "replace").lstrip("\ufeff")
            return _XML_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")
    return body


def _prolog_end(body: bytes) -> int:
    start = 3 if body.startswith(codecs.BOM_UTF8) else 0
    m = _PROLOG.match(body, start)
    return m.end() if m else start


def strip_dtd(body: bytes) -> bytes:
    """Remove the DOCTYPE (with its internal subset) and any ENTITY declaration from the prolog."""
    start = _prolog_end(body)
    if body[start : start + 9].upper() != b"<!DOCTYPE":
        if body[start : start + 8].upper() == b"<!ENTITY":
            return body[:start] + _STRAY_ENTITY.sub(b"", body[start:], count=64)
        return body
    end = len(body)
    subset = False
    for token in _DTD_TOKEN.finditer(body, start + 9):
        text = token.group()
        if text == b"[":
            subset = True
            continue
        closes_subset = text[:1] == b"]" and text.endswith(b">")
        if (subset and closes_subset) or (not subset and text == b">"):
            end = token.end()
            break
    rest = body[end:]
    # Declarations left between the DOCTYPE and the root are not XML, but cut them too.
    if rest.lstrip()[:8].upper() == b"<!ENTITY":
        rest = _STRAY_ENTITY.sub(b"", rest, count=64)
    return body[:start] + rest


def _not_a_feed(body: bytes, start: int, url: str) -> str | None:
    """A clear reason when the body is plainly no feed, else None."""
    if not body[start:].strip():
        return "empty body"
    html = _HTML_START.match(body, start)
    if html and not _FEED_ROOT.match(body, html.end()):
        alternate = _ALTERNATE.search(body[:262144])
        hint = ""
        if alternate:
            link = urljoin(url, alternate.group(1).decode("ascii", "replace"))
            hint = f"; the page names a feed at {link}"
        return "an HTML page, not a feed" + hint
    return None


def base_url(headers: dict[str, str], url: str) -> str:
    """The URL relative references resolve against: Content-Location, else the feed's."""
    location = next((v for k, v in headers.items() if k.lower() == "content-location"), "")
    try:
        return urljoin(url, location.strip()) if location.strip() else url
    except ValueError:
        return url


def parse_feed(
    body: bytes, headers: dict[str, str], url: str, reference: datetime | None = None
) -> ParseResult:
    """Entries of an RSS, Atom or RSS 1.0 body. `reference` (the poll's date) completes
    dates written without a year."""
    body = as_utf8(body)
    problem = _not_a_feed(body, _prolog_end(body), url)
    if problem:
        return ParseResult(error=problem)
    clean = strip_dtd(body)
    base = base_url(headers, url)
    fast = parse_xml_feed(
        clean, header_charset(headers), base, partial(feed_date, reference=reference)
    )
    if fast is not None:
        title, rows = fast
        return ParseResult(entries=to_entries(rows), feed_title=title)
    return parse_with_feedparser(clean, headers, base, reference)


def _markup(detail: dict[str, str] | None) -> bool:
    return (detail or {}).get("type", "text/html") in HTML_TYPES


def parse_with_feedparser(
    body: bytes, headers: dict[str, str], url: str, reference: datetime | None = None
) -> ParseResult:
    """feedparser reads what the fast path does not: malformed XML (keeping the good
    entries), odd charsets, older and rarer formats. `url` is the base URL."""
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={**{k.lower(): v for k, v in headers.items()}, "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    rows = [
        RawEntry(
            title=e.get("title", ""),
            title_html=_markup(e.get("title_detail")),
            link=e.get("link") or None,
            guid=e.get("id") or None,
            summary=e.get("summary", ""),
            summary_html=_markup(e.get("summary_detail")),
            content=" ".join(c.get("value", "") for c in e.get("content") or []),
            # The raw texts, read by our rules: they know zones and forms feedparser's do not.
            published=_entry_date(e, reference),
            author=e.get("author") or None,
        )
        for e in parsed.entries
    ]
    entries = to_entries(rows)
    error = None
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        exc = parsed["bozo_exception"]
        kind = type(exc).__name__
        # A wrong declared charset or content type that feedparser read through is no error.
        if kind not in ("CharacterEncodingOverride", "NonXMLContentType"):
            error = f"{kind}: {exc}"
    if not entries and not parsed.get("version"):
        error = error or "not a feed (no RSS/Atom structure found)"
    return ParseResult(entries=entries, error=error, feed_title=parsed.feed.get("title"))


def _entry_date(e: dict[str, str], reference: datetime | None) -> datetime | None:
    """feedparser's choice (the publication date, else the update date), read by ours.
    (dict.get: FeedParserDict maps a missing "updated" to "published", with a warning.)"""
    published, updated = dict.get(e, "published"), dict.get(e, "updated")
    found = feed_date(published, reference) if published else None
    if found is None and updated:
        found = feed_date(updated, reference)
    return found


def _plain(value: str, markup: bool) -> str:
    return html_to_text(value) if markup else clean_text(value)


def to_entries(rows: list[RawEntry]) -> list[Entry]:
    """Raw fields to entries: markup to plain text (plain text stays as written), links
    other than http(s) (a tag: id standing in for a link) dropped, empty entries dropped."""
    entries = []
    for raw in rows:
        title = _plain(raw["title"], raw["title_html"])
        summary = _plain(raw["summary"], raw["summary_html"])
        # Often the summary is the content itself (copied when a feed has no summary).
        content = "" if raw["content"] == raw["summary"] else html_to_text(raw["content"])
        if content == summary:
            content = ""
        link = raw["link"]
        if link and urlsplit(link).scheme not in ("http", "https"):
            link = None
        if not title and not summary and not link:
            continue
        entries.append(
            Entry(
                title=title or summary[:120],
                url=link,
                guid=raw["guid"],
                summary=summary,
                text=content,
                published=raw["published"],
                author=raw["author"],
            )
        )
    return entries


def feed_date(text: str, reference: datetime | None = None) -> datetime | None:
    """A feed's date field (see dates.py), to the second, as feedparser keeps it."""
    found = parse_date(text, reference)
    return found.replace(microsecond=0) if found else None
