"""Article text for promising new items, fetched before they are classified.

A new item whose title or summary names a leader (the classifier's cheap pre-filter),
whose summary is short and which has no body text of its own gets its page fetched
once, through `fetch.py` (the same limits, spacing, body cap and scheme checks as the
feeds), and the page's main text becomes the item's text. At most `[fetch]
articles_per_cycle` pages a cycle (see `Budget`); a failed fetch or an empty extraction
leaves the item as it was.

A feed's author chooses its links, so an article page (and every redirect it answers
with) is fetched only from public addresses, unless it is on the host of the source
that listed it or `allow_private` says otherwise.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Protocol
from urllib.parse import urlsplit

from monitor.fetch import Fetcher, GuardedRequest
from monitor.models import FetchRequest, Item

log = logging.getLogger(__name__)

SHORT_SUMMARY = 400  # characters: a longer summary already carries the lead
HTML_TYPES = ("text/html", "application/xhtml+xml")


class Prefilter(Protocol):
    def mentions_leader(self, text: str) -> bool: ...


class Budget:
    """Article fetches allowed per cycle, where a cycle is one pass over the sources.

    `monitor once` is one pass: it makes a budget for its cycle. The daemon polls each
    source in a job of its own, so its jobs share one budget whose allowance comes back
    every `period` seconds, the shortest source interval: the time in which every source
    is polled at least once. Thread-safe, for those jobs.
    """

    def __init__(
        self,
        per_cycle: int,
        period: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_cycle = per_cycle
        self.period = period
        self._clock = clock
        self._lock = threading.Lock()
        self._left = per_cycle
        self._since = clock()

    def _refill(self) -> None:
        if self.period is not None and self._clock() - self._since >= self.period:
            self._left, self._since = self.per_cycle, self._clock()

    @property
    def remaining(self) -> int:
        with self._lock:
            self._refill()
            return self._left

    def take(self, wanted: int) -> int:
        """Spend up to `wanted` fetches; how many may be made."""
        with self._lock:
            self._refill()
            granted = max(0, min(wanted, self._left))
            self._left -= granted
            return granted


def wants_article(item: Item, prefilter: Prefilter) -> bool:
    return (
        bool(item.url)
        and not item.text
        and len(item.summary) < SHORT_SUMMARY
        and prefilter.mentions_leader(f"{item.title} {item.summary}")
    )


def request_for(item: Item, source_urls: Mapping[str, str], allow_private: bool) -> FetchRequest:
    """The article's request: guarded, with the host of the item's own source exempt."""
    url = item.url or ""
    if allow_private:
        return FetchRequest(source=item.source, url=url)
    host = urlsplit(source_urls.get(item.source, "")).hostname
    return GuardedRequest(source=item.source, url=url, exempt=frozenset([host] if host else []))


def enrich(
    items: list[Item],
    fetcher: Fetcher,
    budget: Budget,
    source_urls: Mapping[str, str],
    allow_private: bool = False,
) -> int:
    """Give `items`, those that `wants_article` picked, their article text, as far as the
    budget goes; return how many got one.

    `source_urls` maps each source's name to its URL, whose host the guard exempts."""
    if budget.remaining <= 0:
        return 0
    picked = items[: budget.take(len(items))]
    if not picked:
        return 0
    from monitor.parse.article import extract_article  # bs4: imported only when needed

    requests = [request_for(i, source_urls, allow_private) for i in picked]
    done = 0
    for item, result in zip(picked, fetcher.fetch(requests), strict=True):
        if not result.ok or result.body is None:
            log.info(
                "article not fetched source=%s url=%s error=%s", item.source, item.url, result.error
            )
            continue
        mime = result.headers.get("content-type", "text/html").split(";")[0].strip().lower()
        if mime not in HTML_TYPES:
            log.info("article is not HTML source=%s url=%s type=%s", item.source, item.url, mime)
            continue
        try:
            text = extract_article(result.body, result.headers)
        except Exception:
            # A page that breaks the extractor must not sink the cycle.
            log.exception("article extraction failed source=%s url=%s", item.source, item.url)
            continue
        if text:
            item.text = text
            done += 1
    return done
