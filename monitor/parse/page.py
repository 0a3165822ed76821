"""HTML listing pages: entries picked with CSS selectors. The only importer of bs4."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from monitor.models import Entry, ParseResult, Source
from monitor.normalize import clean_text, parse_date


def parse_page(body: bytes, headers: dict[str, str], url: str, source: Source) -> ParseResult:
    soup = BeautifulSoup(body, "lxml")
    for bad in soup(["script", "style", "noscript", "template"]):
        bad.decompose()
    entries: list[Entry] = []
    try:
        nodes = soup.select(source.item or "li")
    except ValueError as exc:  # soupsieve's SelectorSyntaxError
        return ParseResult(error=f"bad item selector {source.item!r}: {exc}")
    for node in nodes:
        title_node = node.select_one(source.title) if source.title else None
        link_node = node.select_one(source.link) if source.link else node.find("a", href=True)
        if link_node is not None and link_node.name != "a":
            link_node = link_node.find("a", href=True) or link_node
        title = clean_text((title_node or link_node or node).get_text(" "))
        href = link_node.get("href") if link_node is not None else None
        link = urljoin(url, str(href)) if href else None
        published = None
        if source.date:
            date_node = node.select_one(source.date)
            if date_node is not None:
                raw = str(date_node.get("datetime") or date_node.get_text(" "))
                published = parse_date(raw)
        if title:
            entries.append(Entry(title=title, url=link, guid=link, published=published))
    error = None if entries else f"no entries matched {source.item!r}"
    title_tag = soup.find("title")
    return ParseResult(
        entries=entries,
        error=error,
        feed_title=clean_text(title_tag.get_text()) if title_tag else None,
    )
