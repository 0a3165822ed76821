"""feedparser and the project's feed parser, on the same bytes, must give every entry the
same title, link, id and instant (tests/feed_diff.py says how each is compared).

The documents are the project's feed fixtures and generated variations of each element,
link relation and date form. Where the fast path cannot follow feedparser exactly, it
hands the document to feedparser; the last test pins down which constructs those are, so
that agreement is not bought by falling back everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from feed_diff import URL, Variant, compare, ours, reference, variants
from helpers import FIXTURES

from monitor.parse.dates import parse_date
from monitor.parse.feed import base_url, feed_date, strip_dtd
from monitor.parse.xmlfeed import parse_xml_feed

# Date forms where ours is the better answer (tests/test_dates.py, FEEDPARSER_WRONG).
BETTER_DATES = ["20251125T085700Z"]
# Constructs the fast path leaves to feedparser.
FALLBACK = ('mode="base64"', "rss 0.90")

ALL = list(variants())


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """feedparser reads some ISO dates through the local zone; pin it to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("name", ["official.xml", "statemedia.atom", "outlet.rdf"])
def test_fixtures_agree(name: str) -> None:
    diff = compare((FIXTURES / "feeds" / name).read_bytes(), {})
    assert diff.total > 0
    assert diff.mismatches == []


@pytest.mark.parametrize(("name", "body", "headers"), ALL, ids=[v[0] for v in ALL])
def test_variant_agrees(name: str, body: bytes, headers: dict[str, str]) -> None:
    better = next((d for d in BETTER_DATES if d in name), None)
    want, got = reference(body, headers), ours(body, headers)
    assert len(want) == len(got) == 1
    if better and got != want:
        assert got[0][:3] == want[0][:3]
        assert got[0][3] == parse_date(better)
    else:
        assert got == want


def _fast(variant: Variant) -> bool:
    _, body, headers = variant
    found = parse_xml_feed(strip_dtd(body), None, base_url(headers, URL), feed_date)
    return found is not None


def test_the_fast_path_reads_all_but_the_documented_constructs() -> None:
    left = [v[0] for v in ALL if not _fast(v)]
    expected = [v[0] for v in ALL if "rss 0.90" in v[0] or b'mode="base64"' in v[1]]
    assert left == expected
    assert len(left) < len(ALL) / 10


def test_the_reported_classes() -> None:
    """One of each class of disagreement found on real feeds, read right."""
    by_name = {v[0]: v for v in ALL}

    def first(name: str) -> tuple[object, ...]:
        _, body, headers = by_name[name]
        return ours(body, headers)[0]

    assert first("rss dc:title only")[0] == "Leaders talk"
    assert first("rss media:title only")[0] == "Leaders talk"
    assert first("rss itunes:summary only")[0] == "A call was held today."
    assert first("rss dc:description only")[0] == "A call was held today."
    assert first("rss blink title")[0] == "History of the <blink> tag"
    assert first("rss double-encoded title")[0] == "Wait for it\u2026"
    assert first("rss 0.90")[1] == "https://news.example/r1"
    assert first("atom link 4 id 0")[1] is None  # an enclosure is not the item's page
    assert first("atom link 5 id 1")[1] == "https://news.example/id/1"  # nor a licence
    assert first("atom content-location https://mirror.example/feeds/")[1] == (
        "https://mirror.example/feeds/rel/1"
    )
    assert first("atom title 5 summary 0")[0] == "Leaders talk"  # base64
