"""Dates: feedparser's rules as the reference, over a generated grid, plus Chinese dates.

The grid crosses each written form with numeric offsets, zone names and broken offsets.
Every string knows the instant it means (or that it means none); our parser must give
that instant, and feedparser must give the same one, except in the few documented cases
where feedparser's answer is wrong and ours is not (`FEEDPARSER_WRONG`).
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import feedparser.datetimes
import pytest

from monitor.models import FetchResult, Source
from monitor.parse import parse
from monitor.parse.dates import chinese_date, http_date, parse_date, text_date

WALL = datetime(2025, 11, 25, 8, 57, 0)
OFFSETS = {
    "+0000": 0, "+0800": 480, "+08:00": 480, "-01:01": -61, "-0500": -300, "+05:30": 330,
    "-12:00": -720, "+1245": 765, "Z": 0,
}  # fmt: skip
ZONES = {
    "GMT": 0, "UT": 0, "Z": 0, "EST": -300, "EDT": -240, "ET": -300, "CT": -360,
    "MT": -420, "PT": -480, "AT": -240, "CST": -360, "CDT": -300, "MST": -420, "PDT": -420,
    "PST": -480, "MET": 60, "MEST": 120, "Etc/GMT": 0, "GMT+08:00": 480, "GMT-0500": -300,
    "XYZ": 0,
}  # fmt: skip
# Zones feedparser does not know and reads as UTC, though each has one meaning.
BETTER_ZONES = {"CET": 60, "CEST": 120, "JST": 540, "HKT": 480, "EET": 120}
INVALID = ["+zz:00", "+8:00", "+08:0x", "-", "+08:00:00x"]
RFC_FORMS = [
    "Tue, 25 Nov 2025 08:57:00 {z}",
    "25 Nov 2025 08:57:00 {z}",
    "Tue, 25 Nov 25 08:57:00 {z}",
    "Tue, 25 November 2025 08:57:00 {z}",
    "Nov 25 2025 08:57:00 {z}",
    "tue, 25 nov 2025 08:57 {z}",
]
ISO_FORMS = ["2025-11-25T08:57:00{z}", "2025-11-25T08:57{z}", "2025-11-25T08:57:00.250{z}"]
DATE_ONLY = {
    "2025-11-25": datetime(2025, 11, 25),
    "2025-11": datetime(2025, 11, 1),
    "2025": datetime(2025, 1, 1),
    "25 Nov 2025": datetime(2025, 11, 25),
    "Tue, 25 Nov 2025": datetime(2025, 11, 25),
    "Nov 25 2025": datetime(2025, 11, 25),
    "Tue Nov 25 08:57:00 2025": WALL,
    "2025-11-25 08:57:00": WALL,
    "20251125": datetime(2025, 11, 25),
    "2025-11-25T08:57:00+08": WALL - timedelta(hours=8),
    "Fri, 2025/11/25 08:57:00 GMT": WALL,
    "25 November 2025": datetime(2025, 11, 25),
    "Tue, 25 Nov 2025 08:57:00 UTC": WALL,
}
# feedparser gives a wrong instant here; what it does, and what ours gives instead.
FEEDPARSER_WRONG = {
    "zone name it lacks, read as UTC": [f"Tue, 25 Nov 2025 08:57:00 {z}" for z in BETTER_ZONES],
    "offset minutes dropped without a colon": [
        "2025-11-25T08:57:00+0530",
        "2025-11-25T08:57:00-1230",
    ],
    "time dropped from a compact date": ["20251125T085700Z", "20251125T0857+0800"],
    "text after a year read as the current month": ["2025/11/25", "2025年11月25日"],
    "a broken offset ignored, as UTC": ["2025-11-25T08:57:00+8:00"],
    "written-out forms it cannot read": ["November 25, 2025", "Nov. 25, 2025"],
}
OURS = {
    "Tue, 25 Nov 2025 08:57:00 CET": WALL - timedelta(hours=1),
    "Tue, 25 Nov 2025 08:57:00 CEST": WALL - timedelta(hours=2),
    "Tue, 25 Nov 2025 08:57:00 JST": WALL - timedelta(hours=9),
    "Tue, 25 Nov 2025 08:57:00 HKT": WALL - timedelta(hours=8),
    "Tue, 25 Nov 2025 08:57:00 EET": WALL - timedelta(hours=2),
    "2025-11-25T08:57:00+0530": WALL - timedelta(minutes=330),
    "2025-11-25T08:57:00-1230": WALL + timedelta(minutes=750),
    "20251125T085700Z": WALL,
    "20251125T0857+0800": WALL - timedelta(hours=8),
    "2025/11/25": datetime(2025, 11, 25),
    "2025年11月25日": datetime(2025, 11, 24, 16),
    "2025-11-25T08:57:00+8:00": None,
    "November 25, 2025": datetime(2025, 11, 25),
    "Nov. 25, 2025": datetime(2025, 11, 25),
}


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """feedparser reads some forms through the local zone; pin it to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# feedparser reads an ISO date up to where it stops making sense and ignores the rest, so
# a broken offset becomes UTC, or a wrong offset; we give no date.
IGNORES_REST = "feedparser ignores what follows a readable ISO prefix"


def grid() -> Iterator[tuple[str, datetime | None, str]]:
    """(text, the instant it means as naive UTC or None, why feedparser differs or "")."""
    for form in RFC_FORMS:
        zones = {**OFFSETS, **ZONES}
        for z, minutes in zones.items():
            wall = WALL.replace(second=0) if ":57 {z}" in form else WALL
            yield form.format(z=z), wall - timedelta(minutes=minutes), ""
        for bad in INVALID:
            yield form.format(z=bad), None, ""
    for form in ISO_FORMS:
        wall = WALL.replace(second=0) if "57{z}" in form else WALL
        for z, minutes in OFFSETS.items():
            if len(z) == 5 and z[0] in "+-" and z[3:] != "00":
                continue  # "+0530": see FEEDPARSER_WRONG
            yield form.format(z=z), wall - timedelta(minutes=minutes), ""
        for bad in INVALID:
            yield form.format(z=bad), None, IGNORES_REST
    for text, meant in DATE_ONLY.items():
        yield text, meant, ""
    for text in ["", "   ", "not a date", "Tue, 32 Nov 2025 08:57:00 GMT"]:
        yield text, None, ""
    yield "2025-13-01", None, "feedparser rolls month 13 over into the next year"


def feedparser_date(text: str) -> datetime | None:
    parsed = feedparser.datetimes._parse_date(text)
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


def aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value else None


@pytest.mark.parametrize(("text", "meant", "feedparser_wrong"), list(grid()))
def test_grid_agrees_with_feedparser(
    text: str, meant: datetime | None, feedparser_wrong: str
) -> None:
    assert parse_date(text) == aware(meant)
    if feedparser_wrong:
        assert feedparser_date(text) != aware(meant), feedparser_wrong
    else:
        assert feedparser_date(text) == aware(meant)


@pytest.mark.parametrize(
    "text", [t for texts in FEEDPARSER_WRONG.values() for t in texts], ids=lambda t: t
)
def test_better_than_feedparser(text: str) -> None:
    assert parse_date(text) == aware(OURS[text])
    assert feedparser_date(text) != parse_date(text)


def test_the_reported_cases() -> None:
    assert parse_date("Tue, 25 Nov 2025 08:57:00 +08:00") == datetime(
        2025, 11, 25, 0, 57, tzinfo=UTC
    )
    assert parse_date("Tue, 25 Nov 2025 08:57:00 -01:01") == datetime(
        2025, 11, 25, 9, 58, tzinfo=UTC
    )
    assert parse_date("Tue, 25 Nov 2025 08:57:00 PT") == datetime(2025, 11, 25, 16, 57, tzinfo=UTC)
    assert parse_date("Tue, 25 Nov 2025 08:57:00 MEST") == datetime(2025, 11, 25, 6, 57, tzinfo=UTC)
    assert parse_date("Tue, 25 Nov 2025 08:57:00 +zz:00") is None


REF = datetime(2025, 11, 25, 3, 0, tzinfo=UTC)  # 11:00 on 25 November in Beijing


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("2025年11月24日", None, datetime(2025, 11, 23, 16, tzinfo=UTC)),
        ("2025年11月24日 14:30", None, datetime(2025, 11, 24, 6, 30, tzinfo=UTC)),
        ("2025年11月24日14时30分", None, datetime(2025, 11, 24, 6, 30, tzinfo=UTC)),
        ("２０２５年１１月２４日 １４：３０", None, datetime(2025, 11, 24, 6, 30, tzinfo=UTC)),
        ("发布时间：2025年11月24日 下午2:30", None, datetime(2025, 11, 24, 6, 30, tzinfo=UTC)),
        ("11月24日", REF, datetime(2025, 11, 23, 16, tzinfo=UTC)),
        ("11月25日 20:00", REF, datetime(2025, 11, 25, 12, tzinfo=UTC)),  # later that day
        ("12月30日", REF, datetime(2024, 12, 29, 16, tzinfo=UTC)),  # not yet this year
        ("2月29日", REF, datetime(2024, 2, 28, 16, tzinfo=UTC)),
        ("24日", REF, datetime(2025, 11, 23, 16, tzinfo=UTC)),
        ("28日", REF, datetime(2025, 10, 27, 16, tzinfo=UTC)),
        ("31日", REF, datetime(2025, 10, 30, 16, tzinfo=UTC)),
        ("11月24日", None, None),
        ("24日", None, None),
        ("2025年13月24日", None, None),
    ],
)
def test_chinese_dates(text: str, reference: datetime | None, expected: datetime | None) -> None:
    assert chinese_date(text, reference) == expected
    assert parse_date(text, reference) == expected


def test_reference_late_at_night_utc_is_already_the_next_day_in_china() -> None:
    evening = datetime(2025, 11, 24, 17, 0, tzinfo=UTC)  # 01:00 on the 25th in Beijing
    assert parse_date("25日", evening) == datetime(2025, 11, 24, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-10-15", datetime(2026, 10, 15, tzinfo=UTC)),
        ("Posted 2026-10-15 09:30 by staff", datetime(2026, 10, 15, 9, 30, tzinfo=UTC)),
        ("Updated Oct. 15, 2026", datetime(2026, 10, 15, tzinfo=UTC)),
        ("2026年10月15日 09:30", datetime(2026, 10, 15, 1, 30, tzinfo=UTC)),
        ("发布时间：2026/10/5", datetime(2026, 10, 5, tzinfo=UTC)),
        ("no date here", None),
    ],
)
def test_text_dates(raw: str, expected: datetime | None) -> None:
    assert text_date(raw) == expected


def test_http_dates() -> None:
    assert http_date("Mon, 02 Nov 2026 08:00:00 GMT") == datetime(2026, 11, 2, 8, tzinfo=UTC)
    assert http_date(None) is None


PAGE = (
    "<html><body><ul class='news'>"
    "<li><a href='/a.html'>Leaders speak by phone</a><span>11月24日 14:30</span></li>"
    "<li><a href='/b.html'>Earlier remarks</a><span>12月30日</span></li>"
    "</ul></body></html>"
).encode()


def test_a_page_without_years_takes_them_from_the_poll() -> None:
    source = Source("mfa", "page", "https://mfa.example/news/", 600, item="ul.news li", date="span")
    result = FetchResult("mfa", source.url, source.url, 200, body=PAGE)
    entries = parse(source, result, datetime(2025, 11, 25, 3, tzinfo=UTC)).entries
    assert [e.published for e in entries] == [
        datetime(2025, 11, 24, 6, 30, tzinfo=UTC),
        datetime(2024, 12, 29, 16, tzinfo=UTC),
    ]


def test_without_the_poll_date_the_response_date_serves() -> None:
    source = Source("mfa", "page", "https://mfa.example/news/", 600, item="ul.news li", date="span")
    headers = {"date": "Tue, 25 Nov 2025 03:00:00 GMT"}
    result = FetchResult("mfa", source.url, source.url, 200, body=PAGE, headers=headers)
    assert parse(source, result).entries[0].published == datetime(2025, 11, 24, 6, 30, tzinfo=UTC)
    assert (
        parse(source, FetchResult("mfa", source.url, source.url, 200, body=PAGE))
        .entries[0]
        .published
        is None
    )


def test_feed_dates_in_chinese_and_with_a_colon_offset() -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>F</title>'
        "<item><title>A</title><link>https://news.example/a</link>"
        "<pubDate>Tue, 25 Nov 2025 08:57:00 +08:00</pubDate></item>"
        "<item><title>B</title><link>https://news.example/b</link>"
        "<pubDate>11月24日 14:30</pubDate></item>"
        "</channel></rss>"
    ).encode()
    source = Source("wire", "rss", "https://news.example/feed", 600)
    result = FetchResult("wire", source.url, source.url, 200, body=body)
    entries = parse(source, result, datetime(2025, 11, 25, 3, tzinfo=UTC)).entries
    assert [e.published for e in entries] == [
        datetime(2025, 11, 25, 0, 57, tzinfo=UTC),
        datetime(2025, 11, 24, 6, 30, tzinfo=UTC),
    ]
