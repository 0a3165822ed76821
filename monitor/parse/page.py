"""HTML listing pages: entries picked with CSS selectors. bs4 on lxml.

A `page` source names the CSS selector of one entry (`item`) and, optionally, of its
title, link and date inside it. Links are resolved against the page (or its <base>);
only http(s) links are kept. A date is read from a `datetime` attribute or the text
(`dates.text_date`);
an entry without one is dated when it is first seen (by normalize).
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from monitor.models import Entry, ParseResult, Source
from monitor.normalize import clean_text
from monitor.parse.charset import header_charset
from monitor.parse.dates import text_date

# Labels that browsers read as a larger encoding, because pages use the larger one anyway.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252"}
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def decode_html(body: bytes, headers: dict[str, str]) -> str:
    """Bytes to text: the HTTP charset, else the page's <meta> one, else UTF-8, each only
    if it decodes the bytes cleanly; else windows-1252. A wrong label costs nothing."""
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace")
    meta = _META_CHARSET.search(body[:4096])
    candidates = [
        header_charset(headers),
        meta.group(1).decode("ascii") if meta else None,
        "utf-8",
    ]
    for charset in candidates:
        if not charset:
            continue
        charset = charset.lower()
        try:
            return body.decode(_SUPERSETS.get(charset, charset)).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", "replace")


def soup_of(body: bytes, headers: dict[str, str]) -> BeautifulSoup:
    return BeautifulSoup(decode_html(body, headers), "lxml")


def _select_one(node: Any, selector: str | None) -> Any:
    return node.select_one(selector) if selector else None


def parse_page(
    body: bytes,
    headers: dict[str, str],
    url: str,
    source: Source,
    reference: datetime | None = None,
) -> ParseResult:
    """Entries of a listing page; `reference` (the poll's date) completes dates written
    without a year, as Chinese pages often do ("11月24日")."""
    soup = soup_of(body, headers)
    for bad in soup(["script", "style", "noscript", "template"]):
        bad.decompose()
    base_tag = soup.find("base", href=True)
    base = urljoin(url, str(base_tag["href"])) if base_tag is not None else url
    entries: list[Entry] = []
    try:
        nodes = soup.select(source.item or "li")
        for node in nodes:
            title_node = _select_one(node, source.title)
            link_node = _select_one(node, source.link) if source.link else node.find("a", href=True)
            if link_node is not None and link_node.name != "a":
                link_node = link_node.find("a", href=True) or link_node
            title = clean_text((title_node or link_node or node).get_text(" "))
            href = link_node.get("href") if link_node is not None else None
            link = urljoin(base, str(href).strip()) if href else None
            if link and urlsplit(link).scheme not in ("http", "https"):
                link = None  # javascript:, mailto: and the like name no article
            published = None
            date_node = _select_one(node, source.date)
            if date_node is not None:
                raw = str(date_node.get("datetime") or date_node.get_text(" "))
                published = text_date(clean_text(raw), reference)
            if title:
                entries.append(Entry(title=title, url=link, guid=link, published=published))
    except ValueError as exc:  # soupsieve's SelectorSyntaxError
        return ParseResult(error=f"bad CSS selector: {exc}")
    error = None if entries else f"no entries matched {source.item!r}"
    title_tag = soup.find("title")
    return ParseResult(
        entries=entries,
        error=error,
        feed_title=clean_text(title_tag.get_text()) if title_tag else None,
    )
