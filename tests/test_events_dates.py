"""The day a report says its communication happened, resolved against its publication."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from monitor import events
from monitor.events.dates import happened_on
from monitor.models import Classification, Item

# A Thursday.
THU = datetime(2026, 11, 19, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        ("Trump and Xi spoke by phone on Tuesday", "", date(2026, 11, 17)),
        ("Xi, Trump talk", "The two presidents held a call on Thursday.", date(2026, 11, 19)),
        ("Trump says he spoke with Xi Friday", "", date(2026, 11, 13)),  # the Friday before
        (
            "Call between the presidents",
            "They talked on Nov. 16 about fentanyl.",
            date(2026, 11, 16),
        ),
        ("Presidents spoke November 18th, aides say", "", date(2026, 11, 18)),
        ("Readout: the presidents met on 17 November", "", date(2026, 11, 17)),
        ("Xi congratulated Trump yesterday", "", date(2026, 11, 18)),
        ("Trump spoke with Xi this evening", "", date(2026, 11, 19)),
        ("The presidents held a call", "", None),
    ],
)
def test_english_days(title: str, summary: str, expected: date | None) -> None:
    assert happened_on(title, summary, "", THU) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("习近平11月17日同特朗普通电话", date(2026, 11, 17)),
        ("习近平周二同特朗普通电话", date(2026, 11, 17)),
        ("習近平星期一與特朗普會晤", date(2026, 11, 16)),
        ("习近平昨天致电特朗普", date(2026, 11, 18)),
        ("习近平今天同特朗普通电话", date(2026, 11, 19)),
    ],
)
def test_chinese_days(title: str, expected: date) -> None:
    assert happened_on(title, "", "", THU) == expected


@pytest.mark.parametrize(
    "title",
    [
        "The summit runs until Saturday",  # ahead of the report
        "Trump to call Xi by Friday",
        "The two will meet next Tuesday",
        "Trump recalls his Nov. 30 call with Xi",  # would be in the future: last year, too far
        "Trump and Xi met on Oct. 30 in Busan",  # three weeks back: history, not the news
        "Trump and Xi met on Nov. 17, 2019",  # a year given: history
        "Trump says he and Xi spoke at 10:15",
    ],
)
def test_days_that_are_not_the_news(title: str) -> None:
    assert happened_on(title, "", "", THU) is None


def test_a_date_early_in_january_reaches_back_into_december() -> None:
    jan2 = datetime(2027, 1, 2, 9, tzinfo=UTC)
    assert happened_on("Xi sent Trump a New Year message on Dec. 31", "", "", jan2) == date(
        2026, 12, 31
    )


def test_the_headline_and_lead_are_read_not_the_body() -> None:
    body = "x " * 300 + "Back on Monday, aides had prepared the call."
    assert happened_on("Trump and Xi hold a call", "", body, THU) is None
    assert happened_on("Trump and Xi hold a call", "", "They spoke on Monday. " + body, THU) == (
        date(2026, 11, 16)
    )


def _item(title: str, summary: str = "") -> Item:
    return Item(
        source="wire",
        title=title,
        url=None,
        canonical_url=None,
        guid=None,
        summary=summary,
        text="",
        published=THU,
        first_seen=THU,
        content_hash=title,
    )


def test_a_report_of_what_happened_is_placed_on_its_day() -> None:
    said = Classification("phone_call", "occurred", ["Donald Trump", "Xi Jinping"])
    assert events.report_instant(_item("Trump, Xi spoke on Tuesday"), said) == (
        datetime(2026, 11, 17, 12, tzinfo=UTC),
        True,
    )
    # Its own day keeps the exact instant it was published.
    assert events.report_instant(_item("Trump and Xi talk today"), said) == (THU, True)
    assert events.report_instant(_item("Trump and Xi talk"), said) == (THU, False)


def test_a_preview_keeps_its_publication_date() -> None:
    plan = Classification("phone_call", "planned", ["Donald Trump", "Xi Jinping"])
    assert events.report_instant(_item("Trump and Xi to talk on Tuesday"), plan) == (THU, False)


def test_the_writers_own_day_east_of_utc_is_the_publication_day() -> None:
    # Friday 07:30 in Beijing is still Thursday in UTC.
    beijing_morning = datetime(2026, 11, 19, 23, 30, tzinfo=UTC)
    assert happened_on("习近平周五同特朗普通电话", "", "", beijing_morning) == date(2026, 11, 19)
    assert happened_on("Xi and Trump spoke on Friday", "", "", beijing_morning) == date(
        2026, 11, 19
    )
    assert happened_on("Xi and Trump spoke on Nov. 20", "", "", beijing_morning) == date(
        2026, 11, 19
    )
    # Two days ahead is nothing of the kind: the Saturday before.
    assert happened_on("Xi and Trump spoke on Saturday", "", "", beijing_morning) == date(
        2026, 11, 14
    )


def test_the_next_day_is_only_the_writers_own_once_it_has_begun_in_beijing() -> None:
    washington_morning = datetime(2026, 11, 19, 13, 0, tzinfo=UTC)
    assert happened_on("Xi and Trump spoke on Friday", "", "", washington_morning) == date(
        2026, 11, 13
    )
    assert happened_on("Xi and Trump spoke on Nov. 20", "", "", washington_morning) is None
