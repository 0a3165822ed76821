"""Context lines of an event: the last like it, the count this year, who asked, length, venue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from monitor.models import Event
from monitor.record.context import compute, ordinal, place
from monitor.record.model import HistoryEntry
from monitor.record.reports import side_named, stated_length, stated_venue, who_asked

TX = ["Donald Trump", "Xi Jinping"]
BX = ["Joe Biden", "Xi Jinping"]


def _entry(
    day: str,
    kind: str,
    leaders: list[str] = TX,
    origin: str = "record",
    venue: str | None = None,
    initiated_by: str | None = None,
    event_id: int | None = None,
) -> HistoryEntry:
    return HistoryEntry(
        day=date.fromisoformat(day),
        kind=kind,
        leaders=list(leaders),
        origin=origin,
        venue=venue,
        initiated_by=initiated_by,
        event_id=event_id,
    )


HISTORY = [
    _entry("2026-01-09", "letter_or_message"),
    _entry("2025-11-24", "phone_call"),
    _entry("2025-10-30", "in_person_meeting", venue="Busan, South Korea (APEC)"),
    _entry("2025-06-05", "phone_call"),
    _entry("2023-11-15", "in_person_meeting", BX, venue="Filoli estate, Woodside, California"),
    _entry("2022-03-18", "video_call", BX),
]


def _event(day: str, kind: str, status: str = "occurred", leaders: list[str] = TX) -> Event:
    return Event(
        kind=kind,
        status=status,
        leaders=list(leaders),
        date=day,
        first_seen=datetime.fromisoformat(day).replace(tzinfo=UTC),
        id=41,
    )


def test_a_call_counts_days_since_the_last_call_between_the_same_leaders() -> None:
    ctx = compute(_event("2026-02-04", "phone_call"), HISTORY, [])
    assert ctx.since_kind == "First phone call since 2025-11-24 (72 days)"
    # The letter in January came after the last call: it is the last contact of any kind.
    assert ctx.since_any == "Last contact: letter or message, 2026-01-09 (26 days)"
    assert ctx.this_year == "Their 2nd communication this year"
    assert ctx.venue is None


def test_a_meeting_names_the_place_of_the_last_meeting() -> None:
    ctx = compute(_event("2026-04-02", "in_person_meeting"), HISTORY, [])
    assert ctx.since_kind == "First in-person meeting since Busan, 2025-10-30 (154 days)"
    assert ctx.since_any == "Last contact: letter or message, 2026-01-09 (83 days)"


def test_a_video_call_after_a_phone_call_says_which_kind_the_last_call_was() -> None:
    ctx = compute(_event("2025-12-01", "video_call"), HISTORY, [])
    assert ctx.since_kind == "First call since 2025-11-24 (7 days), a phone call"
    assert ctx.since_any is None  # the last call was also the last contact


def test_other_leaders_are_another_pair() -> None:
    ctx = compute(_event("2024-11-16", "in_person_meeting", leaders=BX), HISTORY, [])
    assert ctx.since_kind == "First in-person meeting since Filoli estate, 2023-11-15 (367 days)"
    assert ctx.this_year == "Their first communication this year"
    first = compute(
        _event("2026-03-01", "letter_or_message", leaders=["Donald Trump", "Li Qiang"]), HISTORY, []
    )
    assert first.since_kind == "First letter or message between them on record"
    assert first.since_any is None


def test_the_event_itself_in_the_history_is_not_its_own_predecessor() -> None:
    history = [
        _entry("2026-02-05", "phone_call", origin="both", initiated_by="cn", event_id=41),
        _entry("2026-02-04", "phone_call", origin="detected"),  # a second cluster of it
        *HISTORY,
    ]
    ctx = compute(_event("2026-02-04", "phone_call"), history, [])
    assert ctx.since_kind == "First phone call since 2025-11-24 (72 days)"
    assert ctx.this_year == "Their 2nd communication this year"
    # No report says who asked: the record's word for it is used, and named as such.
    assert ctx.asked == "the Chinese side (per the record)"


def test_the_count_runs_up_to_the_event_only() -> None:
    later = [_entry("2026-07-01", "phone_call"), _entry("2026-03-01", "phone_call"), *HISTORY]
    assert compute(_event("2026-05-20", "phone_call"), later, []).this_year == (
        "Their 3rd communication this year"
    )
    assert compute(_event("2025-01-02", "phone_call"), HISTORY, []).this_year == (
        "Their first communication this year"
    )


def test_a_planned_meeting_is_phrased_as_what_it_would_be() -> None:
    ctx = compute(_event("2026-03-10", "in_person_meeting", "planned"), HISTORY, [])
    assert ctx.since_kind == "Would be the first in-person meeting since Busan, 2025-10-30"
    assert ctx.this_year == "Would be their 2nd communication this year"


def test_the_venue_comes_from_the_record_else_from_a_report() -> None:
    history = [
        _entry("2025-10-30", "in_person_meeting", venue="Busan, South Korea (APEC)", event_id=41)
    ]
    meeting = _event("2025-10-30", "in_person_meeting")
    assert compute(meeting, history, []).venue == "Busan, South Korea (APEC)"
    report = ("wire", "The two presidents met in Kuala Lumpur, Malaysia, on Sunday for talks.")
    assert compute(meeting, [], [report]).venue == "Kuala Lumpur, Malaysia (per wire)"
    assert compute(_event("2025-10-30", "phone_call"), [], [report]).venue is None


def test_lines_keep_an_order_and_label_what_needs_one() -> None:
    reports = [
        (
            "statenews",
            "Xi talked with Trump at the request of the U.S. side; the call lasted 90 minutes.",
        )
    ]
    lines = compute(_event("2026-02-04", "phone_call"), HISTORY, reports).lines
    assert lines == [
        "First phone call since 2025-11-24 (72 days)",
        "Last contact: letter or message, 2026-01-09 (26 days)",
        "Their 2nd communication this year",
        "Asked for: at the request of the US side (per statenews)",
        "Length: 90 minutes (per statenews)",
    ]


@pytest.mark.parametrize(
    ("text", "side", "how"),
    [
        ("Xi spoke with Trump on the phone at the request of the U.S. side.", "us", "request"),
        ("The call took place at the request of President Xi Jinping.", "cn", "request"),
        (
            "Trump travelled to Beijing at the invitation of Chinese President Xi.",
            "cn",
            "invitation",
        ),
        ("The leaders met at the invitation of the United States government.", "us", "invitation"),
        ("国家主席习近平应约同美国总统特朗普通电话。", "us", "request"),
        ("应美方约请，两国元首通电话。", "us", "request"),
        ("应国家主席习近平邀请，美国总统将对中国进行国事访问。", "cn", "invitation"),
    ],
)
def test_who_asked_reads_english_and_chinese(text: str, side: str, how: str) -> None:
    found = who_asked([("src", text)])
    assert found is not None
    assert found[:2] == (side, how)
    assert found[2].sources == ("src",)


def test_who_asked_needs_a_majority_and_is_silent_without_a_phrase() -> None:
    us = ("a", "They spoke at the request of the U.S. side.")
    cn = ("b", "They spoke at the request of the Chinese side.")
    assert who_asked([us, cn]) is None
    assert who_asked([us, cn, ("c", "习近平应约同特朗普通电话")]) is not None
    assert who_asked([("a", "The two presidents spoke by phone on Tuesday.")]) is None
    # A request of someone else, with no side named, says nothing.
    assert who_asked([("a", "at the request of the organisers, the talks moved")]) is None


@pytest.mark.parametrize(
    ("text", "length"),
    [
        (
            "Their talks lasted two hours and 17 minutes, officials said.",
            "two hours and 17 minutes",
        ),
        ("Trump described it as a 90-minute call with Xi.", "90 minutes"),
        ("The two men spoke for more than an hour.", "more than an hour"),
        ("The meeting ran for about 100 minutes in total.", "about 100 minutes"),
        ("It was a one-hour video call.", "one hour"),
        ("两国元首通话持续约两个小时。", "约两个小时"),
    ],
)
def test_length_is_quoted_as_stated(text: str, length: str) -> None:
    said = stated_length([("x", "no length here"), ("src", text)])
    assert said is not None
    assert (said.value, said.sources) == (length, ("src",))


def test_no_length_and_no_venue_without_a_phrase() -> None:
    reports = [("x", "Two hours before the call, markets rose. Trump met reporters in May.")]
    assert stated_length(reports) is None
    assert stated_venue(reports) is None


def test_side_named_takes_the_first_side_mentioned() -> None:
    assert side_named("the U.S. side, not China") == "us"
    assert side_named("Chinese President Xi, with U.S. officials") == "cn"
    assert side_named("the organisers") is None


def test_place_and_ordinal() -> None:
    assert place("Busan, South Korea (APEC)") == "Busan"
    assert place("G20 summit, Osaka, Japan") == "Osaka"
    assert place("Nuclear Security Summit, The Hague, Netherlands") == "The Hague"
    assert place("Sunnylands (Annenberg estate), Rancho Mirage, California, United States") == (
        "Sunnylands"
    )
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "111th",
    ]
