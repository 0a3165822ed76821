"""Late accounts, follow-ups and analysis join the event they follow, for a period that
fits its kind; a report that dates a communication of its own to another day does not."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from eventdesk import Desk, Placed, utc

from monitor import events
from monitor.models import Classification


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk.open(tmp_path)


CALL = utc(2026, 9, 15, 23, 40)  # a Tuesday evening in Washington


def test_an_account_published_two_days_later_joins_the_call(desk: Desk) -> None:
    call = desk.report("Trump and Xi hold phone call", CALL)
    late = desk.report("Inside the Trump–Xi phone call", CALL + timedelta(days=2))
    assert late.event_id == call.event_id and late.reason is None


def test_an_account_dating_the_call_joins_it_whenever_it_comes(desk: Desk) -> None:
    call = desk.report("Trump and Xi hold phone call", CALL)
    late = desk.report(
        "What Trump and Xi agreed",
        CALL + timedelta(days=3),
        summary="Trump and Xi spoke by phone on Tuesday about chips.",
    )
    assert late.event_id == call.event_id and late.reason is None
    assert desk.event(call.event_id)[2] == "2026-09-15"


def test_a_report_dated_before_the_first_moves_the_event_to_its_day(desk: Desk) -> None:
    first = desk.report(
        "Trump says Xi call went well", utc(2026, 9, 17, 14), summary="Trump said on Thursday."
    )
    recount = desk.report(
        "Xi and Trump talked trade", utc(2026, 9, 17, 20), summary="The two spoke on Wednesday."
    )
    assert recount.event_id == first.event_id
    assert desk.event(first.event_id)[2] == "2026-09-16"


def test_a_readout_of_todays_call_two_days_later_is_another_call(desk: Desk) -> None:
    first = desk.report("Readout of the President's call with President Xi", CALL)
    second = desk.report(
        "Readout of the President's second call with President Xi this week",
        CALL + timedelta(days=2),
        summary="The President spoke by telephone today with President Xi.",
    )
    assert second.event_id != first.event_id and second.reason == "new"


def test_a_later_day_of_a_state_visit_is_the_same_visit(desk: Desk) -> None:
    arrival = desk.report("Xi welcomes Trump in Beijing", utc(2026, 4, 7, 4), "in_person_meeting")
    day_three = desk.report(
        "Trump and Xi wrap up talks",
        utc(2026, 4, 9, 10),
        "in_person_meeting",
        summary="Trump and Xi concluded their meetings in Beijing on Thursday.",
    )
    assert day_three.event_id == arrival.event_id and day_three.reason is None


@pytest.mark.parametrize(
    ("kind", "days", "joins"),
    [
        ("phone_call", 4, True),
        ("phone_call", 6, False),
        ("video_call", 4, True),
        ("in_person_meeting", 6, True),  # a summit is analysed for a week
        ("in_person_meeting", 8, False),
        ("letter_or_message", 2, True),
        ("letter_or_message", 4, False),  # another message: a congratulation, a condolence
    ],
)
def test_how_long_after_an_event_an_undated_report_joins_it(
    desk: Desk, kind: str, days: int, joins: bool
) -> None:
    first = desk.report("The presidents communicate", CALL, kind)
    later = desk.report("More on the presidents", CALL + timedelta(days=days), kind)
    assert (later.event_id == first.event_id) is joins
    assert later.reason == (None if joins else "new")


def test_a_follow_up_naming_both_leaders_joins_without_changing_anything(desk: Desk) -> None:
    call = desk.report("Trump and Xi hold phone call", CALL)
    analysis = desk.report(
        "Analysis: what Trump and Xi left unsaid", CALL + timedelta(days=3), kind="none"
    )
    assert analysis.event_id == call.event_id and analysis.reason is None
    assert desk.event(call.event_id)[:2] == ("phone_call", "occurred")
    assert desk.alerts == [(call.event_id, "new")]


def test_a_follow_up_joins_the_latest_event_it_follows(desk: Desk) -> None:
    letter = desk.report("Xi writes to Trump", CALL - timedelta(days=2), "letter_or_message")
    call = desk.report("Trump and Xi hold phone call", CALL)
    follow = desk.report("Markets weigh Trump and Xi", CALL + timedelta(days=1), kind="none")
    assert letter.event_id != call.event_id
    assert follow.event_id == call.event_id


def test_a_follow_up_starts_no_event_and_joins_none_too_late(desk: Desk) -> None:
    alone = desk.report("Opinion: Trump and Xi need to talk", CALL, kind="none")
    assert alone == Placed(None, None)
    desk.report("Trump and Xi hold phone call", CALL)
    late = desk.report("Trump and Xi, a month on", CALL + timedelta(days=30), kind="none")
    assert late.event_id is None
    # Naming one leader is no follow-up of theirs.
    one = desk.report(
        "Xi tours a factory", CALL + timedelta(days=1), "none", leaders=["Xi Jinping"]
    )
    assert one.event_id is None


def test_follow_up_reports_are_told_apart_in_the_store(desk: Desk) -> None:
    call = desk.report("Trump and Xi hold phone call", CALL)
    desk.report("Analysis: after Trump and Xi", CALL + timedelta(days=1), kind="none")
    assert call.event_id is not None
    tallies = desk.store.events.tallies(call.event_id)
    assert sorted((t.status, t.kind) for t in tallies if t.status is None) == [(None, "none")]
    assert events.follows_up(Classification(named=["Donald Trump", "Xi Jinping"]))
    assert not events.follows_up(Classification(named=["Xi Jinping"]))
