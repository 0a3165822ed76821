"""The pure event rules: which event a report joins, how an event is revised, what alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor import events
from monitor.config.schema import EventsSection
from monitor.events import Assignment
from monitor.models import Classification, Event, KindTally

T0 = datetime(2026, 9, 15, 22, 0, tzinfo=UTC)
PAIR = ["Donald Trump", "Xi Jinping"]
POLICY = EventsSection()


def _cls(
    kind: str = "phone_call", status: str = "occurred", topics: list[str] | None = None
) -> Classification:
    return Classification(kind=kind, status=status, leaders=list(PAIR), topics=topics or [])


def _event(
    kind: str = "phone_call", status: str = "occurred", at: datetime = T0, id: int = 1
) -> Event:
    return Event(
        kind=kind,
        status=status,
        leaders=list(PAIR),
        date=at.date().isoformat(),
        first_seen=at,
        at=at,
        id=id,
    )


def _tally(
    kind: str = "phone_call",
    status: str = "occurred",
    rank: int = 2,
    sources: int = 1,
    at: datetime = T0,
    best: int = 1,
) -> KindTally:
    return KindTally(
        status=status,
        kind=kind,
        rank=rank,
        sources=sources,
        earliest=at,
        best_at=at,
        best_item_id=best,
    )


@pytest.mark.parametrize(
    ("kind", "status", "hours", "joins"),
    [
        ("phone_call", "occurred", 30, True),  # Beijing's next morning
        ("phone_call", "occurred", -30, True),
        ("phone_call", "occurred", 48, True),  # an account two days later that gives no day
        ("phone_call", "occurred", 24 * 6, False),  # past the follow-up period of a call
        ("letter_or_message", "occurred", 5, False),  # another kind: another communication
        ("video_call", "occurred", 5, True),  # a video call reported as a call
        ("in_person_meeting", "planned", 5, False),  # another kind and another status
        ("phone_call", "planned", 5, True),
    ],
)
def test_which_reports_join_an_occurred_event(
    kind: str, status: str, hours: int, joins: bool
) -> None:
    ev = _event()
    chosen = events.choose(_cls(kind, status), T0 + timedelta(hours=hours), [ev], POLICY)
    assert (chosen is ev) is joins


def test_a_plan_that_comes_true_days_later_is_the_same_event() -> None:
    plan = _event(status="planned", at=T0)
    assert events.choose(_cls(), T0 + timedelta(days=5), [plan], POLICY) is plan
    assert events.choose(_cls(), T0 + timedelta(days=15), [plan], POLICY) is None
    assert events.choose(_cls("in_person_meeting"), T0 + timedelta(days=5), [plan], POLICY) is None
    # A plan reported after the call does not reach back to it.
    assert events.choose(_cls(), T0 - timedelta(days=3), [plan], POLICY) is None


def test_nearest_event_of_the_same_kind_wins() -> None:
    call = _event("phone_call", at=T0, id=1)
    letter = _event("letter_or_message", at=T0 + timedelta(hours=2), id=2)
    assert events.choose(_cls("letter_or_message"), T0, [call, letter], POLICY) is letter
    later = _event(at=T0 + timedelta(hours=30), id=3)
    assert events.choose(_cls(), T0 + timedelta(hours=25), [call, later], POLICY) is later


def test_upgrade_moves_status_and_date() -> None:
    plan = _event(status="planned", at=T0)
    happened = T0 + timedelta(days=3)
    tallies = [
        _tally(status="planned", at=T0, rank=0, best=1),
        _tally(rank=1, sources=2, at=happened, best=2),
    ]
    result = events.fold(plan, tallies, _cls(topics=["trade_tariffs"]), happened)
    assert result.changed == "status" and not result.is_new
    assert result.best_item_id == 2  # the best report of what happened, not of the plan
    assert plan.status == "occurred" and plan.at == happened
    assert plan.date == happened.date().isoformat()
    assert plan.topics == ["trade_tariffs"]
    assert plan.updated == happened


def test_status_never_moves_back() -> None:
    ev = _event(status="occurred")
    result = events.fold(ev, [_tally(), _tally(status="planned", rank=0, sources=5)], _cls(), T0)
    assert result.changed is None and ev.status == "occurred" and ev.kind == "phone_call"


def test_kind_follows_the_higher_tier_then_the_most_sources() -> None:
    tallies = [_tally(sources=2), _tally("letter_or_message")]
    assert events.settled_kind("phone_call", tallies) == "phone_call"
    assert events.settled_kind("letter_or_message", tallies) == "phone_call"
    tallies[1] = _tally("letter_or_message", rank=0)
    assert events.settled_kind("phone_call", tallies) == "letter_or_message"
    # A tie keeps the current kind: one dissenting report does not flip an event.
    tie = [_tally(), _tally("video_call")]
    assert events.settled_kind("phone_call", tie) == "phone_call"
    assert events.settled_kind("video_call", tie) == "video_call"
    # A copy the rules read as nothing never decides the kind.
    assert events.settled_kind("phone_call", [_tally(), _tally("none", rank=0, sources=9)]) == (
        "phone_call"
    )


def test_corrected_kind_is_a_change_and_later_reports_are_not() -> None:
    ev = _event()
    later = T0 + timedelta(hours=2)
    tallies = [_tally(), _tally("letter_or_message", rank=0, at=later)]
    result = events.fold(ev, tallies, _cls("letter_or_message"), T0)
    assert result.changed == "kind"
    # The anchor moves to the corrected kind's earliest report.
    assert ev.kind == "letter_or_message" and ev.at == later
    tallies[0] = _tally(sources=2)
    assert events.fold(ev, tallies, _cls(), T0).changed is None
    assert ev.kind == "letter_or_message"


def test_best_item_is_of_the_event_status_then_highest_tier_then_earliest() -> None:
    later = T0 + timedelta(hours=3)
    tallies = [
        _tally(rank=2, best=1),
        _tally("video_call", rank=1, at=later, best=2),
        _tally("letter_or_message", rank=1, at=T0 + timedelta(hours=1), best=3),
        _tally(status="planned", rank=0, best=4),
    ]
    assert events.best_item(tallies, "occurred") == 3
    assert events.best_item(tallies, "planned") == 4
    assert events.best_item(tallies[:1], "planned") == 1  # none of its status: any
    assert events.best_item([], "occurred") is None


def test_an_earlier_report_moves_the_anchor_back_but_not_forward() -> None:
    ev = _event(at=T0)
    events.fold(ev, [_tally(at=T0 - timedelta(hours=6))], _cls(), T0)
    assert ev.at == T0 - timedelta(hours=6)
    assert ev.date == (T0 - timedelta(hours=6)).date().isoformat()
    events.fold(ev, [_tally(at=T0 + timedelta(hours=6))], _cls(), T0)
    assert ev.at == T0 - timedelta(hours=6)


def _assignment(status: str, is_new: bool, changed: str | None = None) -> Assignment:
    return Assignment(event=_event(status=status), is_new=is_new, changed=changed)


@pytest.mark.parametrize(
    ("status", "is_new", "changed", "alert_planned", "alerted", "reason"),
    [
        ("occurred", True, None, False, False, "new"),
        ("planned", True, None, False, False, None),
        ("planned", True, None, True, False, "new"),
        ("occurred", False, "status", True, True, "status"),
        ("occurred", False, "status", False, False, "new"),  # nobody heard of the plan
        ("occurred", False, "kind", False, True, "kind"),
        ("occurred", False, "kind", False, False, None),  # recorded during a catch-up
        ("planned", False, "kind", False, False, None),
        ("occurred", False, None, False, True, None),  # one more report: no alert
    ],
)
def test_alert_reason(
    status: str,
    is_new: bool,
    changed: str | None,
    alert_planned: bool,
    alerted: bool,
    reason: str | None,
) -> None:
    policy = EventsSection(alert_planned=alert_planned)
    assert events.alert_reason(_assignment(status, is_new, changed), policy, alerted) == reason


def test_copies_join_only_within_the_window() -> None:
    ev = _event()
    assert events.accepts_copy(ev, Classification(), T0 + timedelta(hours=20), POLICY)
    assert not events.accepts_copy(ev, Classification(), T0 + timedelta(days=2), POLICY)
    other = Classification(
        kind="phone_call", status="occurred", leaders=["Joe Biden", "Xi Jinping"]
    )
    assert not events.accepts_copy(ev, other, T0, POLICY)
