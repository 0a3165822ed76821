"""Turn fetched bytes into `Entry` objects: feeds (`feed.py`, `jsonfeed.py`), HTML listing
pages (`page.py`), and the main text of an article page (`article.py`). Every date read
from outside goes through `dates.py`."""

from __future__ import annotations

from datetime import datetime

from monitor.models import FetchResult, ParseResult, Source
from monitor.parse.dates import http_date


def parse(source: Source, result: FetchResult, now: datetime | None = None) -> ParseResult:
    """Parse a fetched body according to the source's kind (a feed may be RSS, Atom or JSON).

    `now` (else the response's Date) completes dates written without a year ("11月24日")."""
    if result.body is None:
        return ParseResult()
    reference = now or http_date(result.headers.get("date"))
    if source.kind == "page":
        from monitor.parse.page import parse_page

        return parse_page(result.body, result.headers, result.final_url, source, reference)
    from monitor.parse.jsonfeed import looks_like_json

    if looks_like_json(result.body, result.headers.get("content-type", "")):
        from monitor.parse.jsonfeed import parse_json_feed

        return parse_json_feed(result.body, result.final_url)
    from monitor.parse.feed import parse_feed

    return parse_feed(result.body, result.headers, result.final_url, reference)
