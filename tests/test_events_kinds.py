"""Different kinds between the same presidents are different communications, except where
outlets describe one communication two ways (a video call called a meeting or a call)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventdesk import Desk, utc

from monitor import events
from monitor.models import Classification


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk.open(tmp_path)


def test_a_letter_monday_and_a_call_tuesday_are_two_events_and_two_alerts(desk: Desk) -> None:
    letter = desk.report(
        "Trump writes to Xi ahead of the harvest festival",
        utc(2026, 9, 21, 15),
        kind="letter_or_message",
    )
    call = desk.report("Trump and Xi talk by phone", utc(2026, 9, 22, 14), kind="phone_call")
    assert letter.event_id != call.event_id
    assert (letter.reason, call.reason) == ("new", "new")
    assert desk.event(letter.event_id)[0] == "letter_or_message"
    assert desk.event(call.event_id)[0] == "phone_call"


def test_a_call_and_a_letter_on_the_same_day_stay_apart(desk: Desk) -> None:
    call = desk.report("Xi and Trump speak on the phone", utc(2026, 9, 21, 2))
    letter = desk.report(
        "Xi sends Trump a message of condolence", utc(2026, 9, 21, 9), kind="letter_or_message"
    )
    assert call.event_id != letter.event_id and letter.reason == "new"


def test_a_meeting_and_a_call_days_apart_are_two_events(desk: Desk) -> None:
    meeting = desk.report("Trump and Xi meet in Busan", utc(2026, 10, 30, 6), "in_person_meeting")
    call = desk.report("Trump phones Xi about soybeans", utc(2026, 11, 2, 16), "phone_call")
    assert meeting.event_id != call.event_id and call.reason == "new"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("video_call", "in_person_meeting"),  # "the virtual summit" / "the two met"
        ("in_person_meeting", "video_call"),
        ("video_call", "phone_call"),  # "video call" / "the call"
        ("phone_call", "video_call"),
    ],
)
def test_a_video_call_reported_as_a_meeting_or_a_call_is_one_event(
    desk: Desk, first: str, second: str
) -> None:
    a = desk.report("Biden and Xi hold talks by video link", utc(2026, 11, 15, 23), first)
    b = desk.report("Biden and Xi wrap up their talks", utc(2026, 11, 16, 3), second)
    assert a.event_id == b.event_id
    assert b.reason is None  # one more report, the kind stays: no second alert


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("phone_call", "phone_call", True),
        ("video_call", "in_person_meeting", True),
        ("phone_call", "video_call", True),
        ("phone_call", "in_person_meeting", False),
        ("letter_or_message", "phone_call", False),
        ("letter_or_message", "in_person_meeting", False),
        ("letter_or_message", "video_call", False),
    ],
)
def test_which_kinds_may_be_one_communication(a: str, b: str, same: bool) -> None:
    assert events.same_communication(a, b) is same
    assert events.same_communication(b, a) is same


def test_the_official_account_corrects_a_compatible_kind_once(desk: Desk) -> None:
    first = desk.report("Trump and Xi said to hold a call", utc(2026, 9, 21, 14), "phone_call")
    official = desk.report(
        "Readout of the President's video call with President Xi",
        utc(2026, 9, 21, 20),
        "video_call",
        tier="official",
        source="gov",
    )
    assert official.event_id == first.event_id and official.reason == "kind"
    assert desk.event(first.event_id)[0] == "video_call"
    again = desk.report("Trump, Xi call covered trade", utc(2026, 9, 22, 1), "phone_call")
    assert again.event_id == first.event_id and again.reason is None


def test_a_copy_read_as_another_kind_does_not_join_by_similarity(desk: Desk) -> None:
    call = desk.report("Trump and Xi talk by phone", utc(2026, 9, 21, 14))
    assert call.event_id is not None
    head = desk.store.events.head(call.event_id)
    assert head is not None
    at = utc(2026, 9, 21, 18)
    as_letter = Classification("letter_or_message", "occurred", ["Donald Trump", "Xi Jinping"])
    as_video = Classification("video_call", "occurred", ["Donald Trump", "Xi Jinping"])
    unread = Classification()
    assert not events.accepts_copy(head, as_letter, at, desk.policy)
    assert events.accepts_copy(head, as_video, at, desk.policy)
    assert events.accepts_copy(head, unread, at, desk.policy)
