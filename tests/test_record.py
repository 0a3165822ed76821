"""The shipped record of past communications: its schema, its sources, and the merge."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import ROOT, RULES

from monitor.classify.rules import load_rules
from monitor.models import Event, EventItem
from monitor.record import (
    KINDS,
    RecordEntry,
    RecordError,
    compatible,
    count_in_year,
    last_before,
    load_record,
    merge,
    parse_record,
)
from monitor.record.hosts import official

TRUMP_XI = ("Donald Trump", "Xi Jinping")


@pytest.fixture(scope="module")
def shipped() -> tuple[RecordEntry, ...]:
    return load_record()


# -- the shipped file ---------------------------------------------------------------------


def test_shipped_record_covers_every_president_since_2013(shipped: tuple[RecordEntry, ...]) -> None:
    assert shipped[0].day.year == 2013
    us = {e.leaders[0] for e in shipped}
    assert us == {"Barack Obama", "Donald Trump", "Joe Biden"}
    assert {e.kind for e in shipped} <= set(KINDS)
    assert {"phone_call", "video_call", "in_person_meeting", "letter_or_message"} == {
        e.kind for e in shipped
    }


def test_shipped_record_is_sorted_without_duplicates(shipped: tuple[RecordEntry, ...]) -> None:
    text = (ROOT / "monitor" / "record" / "communications.toml").read_text(encoding="utf-8")
    # The file itself is in order, not only the loaded tuple.
    written = [
        line.split("=", 1)[1].strip() for line in text.splitlines() if line.startswith("date =")
    ]
    assert written == sorted(written)
    assert len(written) == len(shipped)
    keys = [(e.day, e.kind, frozenset(e.leaders)) for e in shipped]
    assert len(keys) == len(set(keys))


def test_every_entry_has_an_official_https_source(shipped: tuple[RecordEntry, ...]) -> None:
    missing = [e.day.isoformat() for e in shipped if not any(official(u) for u in e.sources)]
    assert missing == []


def test_leaders_held_office_on_the_day(shipped: tuple[RecordEntry, ...]) -> None:
    rules = load_rules(RULES)
    terms = {lead.name: (lead.country, lead.terms) for lead in rules.leaders}
    for e in shipped:
        countries = []
        for name in e.leaders:
            assert name in terms, f"{e.day}: {name!r} is not a leader of the rule file"
            country, spans = terms[name]
            countries.append(country)
            held = any(t.start <= e.day and (t.end is None or e.day <= t.end) for t in spans)
            assert held, f"{e.day}: {name} was not in office"
        assert sorted(countries) == ["cn", "us"], e.day


def test_fields_are_consistent(shipped: tuple[RecordEntry, ...]) -> None:
    for e in shipped:
        assert e.initiated_by in (None, "us", "cn")
        if e.kind == "in_person_meeting":
            assert e.venue, f"{e.day}: a meeting names its venue"
        else:
            assert e.end_day is None
        if e.day_utc is not None:
            assert e.day_utc != e.day and abs((e.day_utc - e.day).days) == 1
        assert e.note is None or len(e.note) <= 120


def test_no_two_entries_of_a_kind_within_two_days(shipped: tuple[RecordEntry, ...]) -> None:
    # One communication is one entry: a second one of the same kind between the same
    # pair within two days is a duplicate written from another side's date.
    last: dict[tuple[str, frozenset[str]], date] = {}
    close = []
    for e in shipped:
        key = (e.kind, frozenset(e.leaders))
        if key in last and (e.day - last[key]).days <= 2:
            close.append(f"{last[key]} and {e.day} ({e.kind})")
        last[key] = e.end_day or e.day
    assert close == []


# Communications known to have happened, each with an official readout found for it.
KNOWN = [
    ("2013-06-07", "in_person_meeting", "Barack Obama"),
    ("2014-11-11", "in_person_meeting", "Barack Obama"),
    ("2015-09-24", "in_person_meeting", "Barack Obama"),
    ("2016-09-03", "in_person_meeting", "Barack Obama"),
    ("2016-11-19", "in_person_meeting", "Barack Obama"),
    ("2017-04-06", "in_person_meeting", "Donald Trump"),
    ("2017-11-08", "in_person_meeting", "Donald Trump"),
    ("2018-05-08", "phone_call", "Donald Trump"),
    ("2018-12-01", "in_person_meeting", "Donald Trump"),
    ("2019-06-29", "in_person_meeting", "Donald Trump"),
    ("2020-03-27", "phone_call", "Donald Trump"),
    ("2021-02-11", "phone_call", "Joe Biden"),
    ("2021-09-10", "phone_call", "Joe Biden"),
    ("2021-11-16", "video_call", "Joe Biden"),
    ("2022-03-18", "video_call", "Joe Biden"),
    ("2022-07-28", "phone_call", "Joe Biden"),
    ("2022-11-14", "in_person_meeting", "Joe Biden"),
    ("2023-11-15", "in_person_meeting", "Joe Biden"),
    ("2024-01-01", "letter_or_message", "Joe Biden"),
    ("2024-04-02", "phone_call", "Joe Biden"),
    ("2024-11-16", "in_person_meeting", "Joe Biden"),
    ("2025-06-05", "phone_call", "Donald Trump"),
    ("2025-09-19", "phone_call", "Donald Trump"),
    ("2025-10-30", "in_person_meeting", "Donald Trump"),
    ("2025-11-24", "phone_call", "Donald Trump"),
    ("2026-02-04", "phone_call", "Donald Trump"),
    ("2026-05-14", "in_person_meeting", "Donald Trump"),
    ("2026-09-23", "in_person_meeting", "Donald Trump"),
]


@pytest.mark.parametrize(("day", "kind", "president"), KNOWN)
def test_known_communications_are_in_the_record(
    shipped: tuple[RecordEntry, ...], day: str, kind: str, president: str
) -> None:
    found = [e for e in shipped if e.day == date.fromisoformat(day) and e.kind == kind]
    assert [e.leaders for e in found] == [(president, "Xi Jinping")]


def test_a_president_elect_is_not_in_the_record(shipped: tuple[RecordEntry, ...]) -> None:
    # Trump's call with Xi on 2025-01-17 came three days before he took office.
    assert not [e for e in shipped if e.day == date(2025, 1, 17)]


def test_meetings_span_their_days_and_calls_say_who_asked_only_where_known(
    shipped: tuple[RecordEntry, ...],
) -> None:
    beijing = next(e for e in shipped if e.day == date(2026, 5, 14))
    assert beijing.end_day == date(2026, 5, 15) and beijing.venue
    assert beijing.venue.startswith("Beijing")
    asked = {e.day.isoformat(): e.initiated_by for e in shipped if e.kind == "phone_call"}
    # China's readouts say 应约 ("at the request of") for these, and not for 2025-09-19.
    assert asked["2022-07-28"] == asked["2024-04-02"] == asked["2025-06-05"] == "us"
    assert asked["2025-09-19"] is None


def test_official_hosts() -> None:
    assert official("https://www.fmprc.gov.cn/eng/zxxx/t1.html")
    assert official("https://bidenwhitehouse.archives.gov/briefing-room/x/")
    assert official("https://english.news.cn/20251124/abc/c.html")
    assert official("https://english.cpc.people.com.cn/206972/1.html")
    assert not official("http://www.fmprc.gov.cn/eng/zxxx/t1.html")  # https only
    assert not official("https://news.cn.example.com/x")
    assert not official("https://notwhitehouse.gov/x")


# -- the schema ---------------------------------------------------------------------------

GOOD = """
[[communication]]
date = 2025-06-05
kind = "phone_call"
leaders = ["Donald Trump", "Xi Jinping"]
initiated_by = "us"
sources = ["https://www.fmprc.gov.cn/eng/a.html"]
"""


def test_a_valid_entry_loads() -> None:
    (entry,) = parse_record(GOOD)
    assert entry.day == date(2025, 6, 5)
    assert entry.leaders == TRUMP_XI
    assert entry.initiated_by == "us"
    assert entry.utc_day == entry.day


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('kind = "phone_call"', 'kind = "telegram"'), "unknown kind 'telegram'"),
        (("date = 2025-06-05", 'date = "2025-06-31"'), "date '2025-06-31' is not a date"),
        (('sources = ["https://www.fmprc.gov.cn/eng/a.html"]', ""), "missing 'sources'"),
        (('sources = ["https://www.fmprc.gov.cn/eng/a.html"]', "sources = []"), "at least one URL"),
        (
            ('sources = ["https://www.fmprc.gov.cn/eng/a.html"]', 'sources = ["fmprc"]'),
            "not an http(s) URL",
        ),
        (('initiated_by = "us"', 'initiated_by = "both"'), "must be 'us' or 'cn'"),
        (('initiated_by = "us"', 'length = "2h"'), "unknown key 'length'"),
        (
            ('leaders = ["Donald Trump", "Xi Jinping"]', 'leaders = ["Donald Trump"]'),
            "at least two names",
        ),
    ],
)
def test_schema_errors_name_the_entry(change: tuple[str, str], expected: str) -> None:
    text = GOOD + GOOD.replace(*change).replace("2025-06-05", "2025-09-19", 1)
    with pytest.raises(RecordError) as info:
        parse_record(text, "mine.toml")
    message = str(info.value)
    assert message.startswith("mine.toml: invalid record (1 problem(s))")
    assert "communication #2" in message
    assert expected in message


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="cannot read it"):
        load_record(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[communication]]\ndate = \n", encoding="utf-8")
    with pytest.raises(RecordError, match="not valid TOML"):
        load_record(bad)


def test_end_date_before_date_is_an_error() -> None:
    text = GOOD.replace('kind = "phone_call"', 'kind = "in_person_meeting"\nend_date = 2025-06-01')
    with pytest.raises(RecordError, match="end_date is before date"):
        parse_record(text)


# -- context helpers ----------------------------------------------------------------------


def _rec(day: str, kind: str, leaders: tuple[str, ...] = TRUMP_XI, **kw: object) -> RecordEntry:
    return RecordEntry(
        day=date.fromisoformat(day),
        kind=kind,
        leaders=leaders,
        sources=("https://www.mfa.gov.cn/x",),
        **kw,  # type: ignore[arg-type]
    )


RECORD = (
    _rec("2025-06-05", "phone_call"),
    _rec("2025-09-19", "phone_call"),
    _rec("2025-10-30", "in_person_meeting", venue="Busan"),
    _rec("2025-11-24", "phone_call"),
    _rec("2024-11-16", "in_person_meeting", ("Joe Biden", "Xi Jinping"), venue="Lima"),
)


def test_last_before_finds_the_previous_of_a_kind() -> None:
    found = last_before(RECORD, "phone_call", date(2026, 2, 4))
    assert found is not None and found.day == date(2025, 11, 24)
    meeting = last_before(RECORD, "in_person_meeting", date(2026, 4, 1))
    assert meeting is not None and meeting.venue == "Busan"
    # Strictly before: the same day does not count.
    same = last_before(RECORD, "phone_call", date(2025, 11, 24))
    assert same is not None and same.day == date(2025, 9, 19)
    assert last_before(RECORD, "phone_call", date(2025, 6, 5)) is None


def test_last_before_by_leaders_and_any_kind() -> None:
    biden = last_before(RECORD, None, date(2026, 1, 1), leaders=["Xi Jinping", "Joe Biden"])
    assert biden is not None and biden.day == date(2024, 11, 16)
    anything = last_before(RECORD, None, date(2025, 11, 1))
    assert anything is not None and anything.kind == "in_person_meeting"


def test_last_before_loose_counts_calls_of_either_kind() -> None:
    assert last_before(RECORD, "video_call", date(2026, 1, 1)) is None
    loose = last_before(RECORD, "video_call", date(2026, 1, 1), loose=True)
    assert loose is not None and loose.day == date(2025, 11, 24)


def test_count_in_year() -> None:
    assert count_in_year(RECORD, 2025) == 4
    assert count_in_year(RECORD, 2025, until=date(2025, 10, 30)) == 3
    assert count_in_year(RECORD, 2025, kind="phone_call") == 3
    assert count_in_year(RECORD, 2024, leaders=TRUMP_XI) == 0
    assert count_in_year(RECORD, 2024) == 1


def test_compatible_kinds() -> None:
    assert compatible("phone_call", "video_call")
    assert compatible("video_call", "phone_call")
    assert compatible("letter_or_message", "letter_or_message")
    assert not compatible("phone_call", "in_person_meeting")


# -- the merge ----------------------------------------------------------------------------


def _event(
    id: int, day: str, kind: str, status: str = "occurred", leaders: tuple[str, ...] = TRUMP_XI
) -> Event:
    url = f"https://news.example/{id}"
    return Event(
        id=id,
        kind=kind,
        status=status,
        leaders=list(leaders),
        date=day,
        first_seen=datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=UTC),
        items=[EventItem("Leaders talk", url, "wire", None)],
        best_title="Leaders talk",
        best_url=url,
    )


def test_merge_marks_record_detected_and_both() -> None:
    events = [
        _event(1, "2025-11-25", "video_call"),  # a day off, a video call: still the 24th
        _event(2, "2026-02-04", "phone_call"),  # not in this record
        _event(3, "2026-04-01", "in_person_meeting", status="planned"),  # not a fact yet
    ]
    history = merge(RECORD, events)
    assert [h.day for h in history] == sorted((h.day for h in history), reverse=True)
    by_day = {h.day.isoformat(): h for h in history}
    assert "2026-04-01" not in by_day
    assert by_day["2026-02-04"].origin == "detected"
    assert by_day["2026-02-04"].sources == ["https://news.example/2"]
    both = by_day["2025-11-24"]
    assert both.origin == "both"
    assert both.kind == "phone_call"  # the record's reading wins
    assert both.event_id == 1
    assert both.sources == ["https://www.mfa.gov.cn/x", "https://news.example/1"]
    assert by_day["2025-10-30"].origin == "record"
    assert len(history) == len(RECORD) + 1


def test_merge_needs_same_leaders_close_dates_and_compatible_kinds() -> None:
    events = [
        _event(1, "2025-10-27", "in_person_meeting"),  # three days before Busan
        _event(2, "2024-11-16", "in_person_meeting"),  # Lima, but the wrong pair
        _event(3, "2025-10-31", "phone_call"),  # right day, wrong kind
    ]
    history = merge(RECORD, events)
    assert {h.origin for h in history if h.event_id} == {"detected"}
    assert sum(1 for h in history if h.origin == "record") == len(RECORD)


def test_merge_matches_each_record_entry_once_and_uses_spans() -> None:
    record = (
        _rec("2017-04-06", "in_person_meeting", end_day=date(2017, 4, 7), venue="Mar-a-Lago"),
    )
    events = [
        _event(1, "2017-04-09", "in_person_meeting"),
        _event(2, "2017-04-08", "in_person_meeting"),
    ]
    history = merge(record, events)
    origins = {h.event_id: h.origin for h in history}
    # The 8th is a day after the end of the meeting and closer than the 9th: it wins.
    assert origins == {2: "both", 1: "detected"}


def test_merge_since() -> None:
    history = merge(RECORD, [_event(9, "2026-02-04", "phone_call")], since=date(2025, 10, 30))
    assert [h.day.isoformat() for h in history] == ["2026-02-04", "2025-11-24", "2025-10-30"]
    assert merge(RECORD, [], since=date(2027, 1, 1)) == []


def test_history_entry_json_shape() -> None:
    (entry,) = merge((_rec("2025-10-30", "in_person_meeting", venue="Busan"),), [])
    data = entry.to_dict()
    assert data == {
        "date": "2025-10-30",
        "kind": "in_person_meeting",
        "leaders": ["Donald Trump", "Xi Jinping"],
        "origin": "record",
        "sources": ["https://www.mfa.gov.cn/x"],
        "venue": "Busan",
    }
