"""RSS, Atom and RSS 1.0 parsing. The only importer of feedparser.

feedparser always gets a bytes stream and the response headers, never a URL or a path
string (a body that reads like a file name must not be opened). The DOCTYPE, with any
entity declarations in it, is cut from the prolog before parsing, so entity expansion
cannot blow up; UTF-16 and UTF-32 bodies are re-encoded as UTF-8 first so that the cut
sees them. feedparser's HTML sanitizing and relative-URI rewriting are off: they are
most of its time, and `normalize.html_to_text` turns every field into plain text anyway.
"""

from __future__ import annotations

import calendar
import codecs
import io
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.api
import feedparser.datetimes

from monitor.models import Entry, ParseResult
from monitor.normalize import html_to_text, parse_date
from monitor.parse.xmlfeed import RawEntry, parse_xml_feed

# Text buffering in expat halves feedparser's time (see expat_driver.py).
feedparser.api.PREFERRED_XML_PARSERS = ["monitor.parse.expat_driver"]

# Whitespace, the XML declaration, processing instructions and comments before the root.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_DTD_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--.*?-->|\]\s*>|[^\"'<\[\]>]+|.", re.S)
_STRAY_ENTITY = re.compile(rb"<!ENTITY[^>]*>", re.I)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
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


def _date(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _not_a_feed(body: bytes, start: int, url: str) -> str | None:
    """A clear reason when the body is plainly no feed, else None."""
    if not body[start:].strip():
        return "empty body"
    if _HTML_START.match(body, start):
        alternate = _ALTERNATE.search(body[:262144])
        hint = ""
        if alternate:
            link = urljoin(url, alternate.group(1).decode("ascii", "replace"))
            hint = f"; the page names a feed at {link}"
        return "an HTML page, not a feed" + hint
    return None


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> ParseResult:
    body = as_utf8(body)
    problem = _not_a_feed(body, _prolog_end(body), url)
    if problem:
        return ParseResult(error=problem)
    clean = strip_dtd(body)
    fast = parse_xml_feed(clean, _charset(headers), url, feed_date)
    if fast is not None:
        title, rows = fast
        return ParseResult(entries=to_entries(rows), feed_title=title)
    return parse_with_feedparser(clean, headers, url)


def parse_with_feedparser(body: bytes, headers: dict[str, str], url: str) -> ParseResult:
    """feedparser reads what the fast path does not: malformed XML (keeping the good
    entries), odd charsets, older and rarer formats."""
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={**{k.lower(): v for k, v in headers.items()}, "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    rows = [
        RawEntry(
            title=e.get("title", ""),
            link=e.get("link") or None,
            guid=e.get("id") or None,
            summary=e.get("summary", ""),
            content=" ".join(c.get("value", "") for c in e.get("content") or []),
            published=_date(e.get("published_parsed") or e.get("updated_parsed")),
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


def to_entries(rows: list[RawEntry]) -> list[Entry]:
    """Raw fields to entries: markup to plain text, empty ones dropped."""
    entries = []
    for raw in rows:
        title = html_to_text(raw["title"])
        summary = html_to_text(raw["summary"])
        # Often the summary is the content itself (copied when a feed has no summary).
        content = "" if raw["content"] == raw["summary"] else html_to_text(raw["content"])
        if content == summary:
            content = ""
        link = raw["link"]
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


def _charset(headers: dict[str, str]) -> str | None:
    m = _CHARSET.search(headers.get("content-type", ""))
    return m.group(1) if m else None


def feed_date(text: str) -> datetime | None:
    """ISO 8601 and RFC 822 dates, then the many other forms feedparser knows."""
    return parse_date(text) or _date(feedparser.datetimes._parse_date(text))
