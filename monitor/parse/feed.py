"""RSS, Atom and RSS 1.0 parsing. The only importer of feedparser.

feedparser always gets a bytes stream and the response headers, never a URL or a path
string (a body that reads like a file name must not be opened). DOCTYPE and ENTITY
declarations are cut before parsing so entity expansion cannot blow up.
"""

from __future__ import annotations

import calendar
import io
import re
from datetime import UTC, datetime
from typing import Any

import feedparser

from monitor.models import Entry, ParseResult
from monitor.normalize import html_to_text

_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.S | re.I)
_ENTITY = re.compile(rb"<!ENTITY[^>]*>", re.S | re.I)


def strip_dtd(body: bytes) -> bytes:
    """Remove DOCTYPE (with any internal subset) and ENTITY declarations."""
    head = body[:65536]
    if b"<!" not in head:
        return body
    return _ENTITY.sub(b"", _DOCTYPE.sub(b"", body, count=1))


def _date(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> ParseResult:
    clean = strip_dtd(body)
    parsed = feedparser.parse(
        io.BytesIO(clean),
        response_headers={**{k.lower(): v for k, v in headers.items()}, "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries: list[Entry] = []
    for e in parsed.entries:
        title = html_to_text(e.get("title", ""))
        link = e.get("link") or None
        summary = html_to_text(e.get("summary", ""))
        content = ""
        if e.get("content"):
            content = html_to_text(" ".join(c.get("value", "") for c in e["content"]))
        if content == summary:
            content = ""
        if not title and not summary and not link:
            continue
        entries.append(
            Entry(
                title=title or summary[:120],
                url=link,
                guid=e.get("id") or None,
                summary=summary,
                text=content,
                published=_date(e.get("published_parsed") or e.get("updated_parsed")),
                author=e.get("author") or None,
            )
        )
    error = None
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        exc = parsed["bozo_exception"]
        kind = type(exc).__name__
        # A wrong declared charset that feedparser recovered from is not worth an error.
        if kind not in ("CharacterEncodingOverride",):
            error = f"{kind}: {exc}"
    if not entries and not parsed.get("version"):
        error = error or "not a feed (no RSS/Atom structure found)"
    return ParseResult(entries=entries, error=error, feed_title=parsed.feed.get("title"))
