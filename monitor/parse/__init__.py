"""Turn fetched bytes into `Entry` objects: feeds (`feed.py`) and HTML listing pages (`page.py`)."""

from __future__ import annotations

from monitor.models import FetchResult, ParseResult, Source


def parse(source: Source, result: FetchResult) -> ParseResult:
    """Parse a fetched body according to the source's kind."""
    if result.body is None:
        return ParseResult()
    if source.kind == "page":
        from monitor.parse.page import parse_page

        return parse_page(result.body, result.headers, result.final_url, source)
    from monitor.parse.feed import parse_feed

    return parse_feed(result.body, result.headers, result.final_url)
