"""Turn fetched bytes into `Entry` objects: feeds (`feed.py`, `jsonfeed.py`), HTML listing
pages (`page.py`), and the main text of an article page (`article.py`)."""

from __future__ import annotations

from monitor.models import FetchResult, ParseResult, Source


def parse(source: Source, result: FetchResult) -> ParseResult:
    """Parse a fetched body according to the source's kind (a feed may be RSS, Atom or JSON)."""
    if result.body is None:
        return ParseResult()
    if source.kind == "page":
        from monitor.parse.page import parse_page

        return parse_page(result.body, result.headers, result.final_url, source)
    from monitor.parse.jsonfeed import looks_like_json

    if looks_like_json(result.body, result.headers.get("content-type", "")):
        from monitor.parse.jsonfeed import parse_json_feed

        return parse_json_feed(result.body, result.final_url)
    from monitor.parse.feed import parse_feed

    return parse_feed(result.body, result.headers, result.final_url)
