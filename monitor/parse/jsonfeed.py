"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with the standard library.

Every field is checked for its type: a feed is outside input, and a number where a
string belongs, or an item that is no object, skips that field or item, not the feed.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

from monitor.models import Entry, ParseResult
from monitor.normalize import html_to_text
from monitor.parse.dates import parse_date

JSON_TYPES = ("application/feed+json", "application/json")
VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json(body: bytes, content_type: str) -> bool:
    """A body that opens with `{`, or one labelled JSON that does not open with `<`.

    The body decides first: servers label feeds wrongly more often than they
    send a JSON Feed that does not start with an object.
    """
    head = body[:256].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return True
    if head.startswith(b"<"):
        return False
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime in JSON_TYPES or mime.endswith("+json")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _link(value: Any, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    link = urljoin(base, value.strip())
    return link if urlsplit(link).scheme in ("http", "https") else None


def _author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors")
    candidates = authors if isinstance(authors, list) else [item.get("author")]
    for a in candidates:
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip():
            return a["name"].strip()
    return None


def _entry(item: dict[str, Any], base: str) -> Entry | None:
    title = html_to_text(_text(item.get("title")))
    summary = html_to_text(_text(item.get("summary")))
    text = html_to_text(_text(item.get("content_html"))) or html_to_text(
        _text(item.get("content_text"))
    )
    if text == summary:
        text = ""
    url = _link(item.get("url"), base) or _link(item.get("external_url"), base)
    raw_id = item.get("id")
    guid = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else None
    if not title and not summary and not text and not url:
        return None
    published = parse_date(_text(item.get("date_published"))) or parse_date(
        _text(item.get("date_modified"))
    )
    return Entry(
        title=title or (summary or text)[:120],
        url=url,
        guid=guid,
        summary=summary,
        text=text,
        published=published,
        author=_author(item),
    )


def parse_json_feed(body: bytes, url: str) -> ParseResult:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        return ParseResult(error=f"not valid JSON: {exc}")
    if not isinstance(data, dict) or not _text(data.get("version")).startswith(VERSION_PREFIX):
        return ParseResult(error="JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        return ParseResult(error="JSON Feed without an items list", feed_title=None)
    entries: list[Entry] = []
    skipped = 0
    for item in items:
        entry = _entry(item, url) if isinstance(item, dict) else None
        if entry is None:
            skipped += 1
            continue
        entries.append(entry)
    error = f"{skipped} item(s) without usable fields skipped" if skipped else None
    title = _text(data.get("title")).strip() or None
    return ParseResult(entries=entries, error=error, feed_title=title)
