"""Clustering reports into real-world events, and deciding which changes alert. Pure.

The rules, in the order they are applied to a relevant report (kind K, status S, the
same two leaders, instant t in UTC: the day its headline or lead says the communication
happened, else its publication; see `dates`):

- It joins an event of the same leaders and a kind that may be the same communication
  as K (the same kind; or a video call and a meeting, or a video call and a phone call,
  which outlets call one another) whose anchor lies from `window` (36 h) before t to
  `window` after it, or, for a report that gives no day (or a meeting, which may span
  days), to the kind's follow-up period (`FOLLOW`) after it; the nearest such event,
  same kind first. A planned event also takes an occurred report of such a kind from up
  to `planned_window` after the plan was reported: the plan came true. A letter on
  Monday and a call on Tuesday are two events.
- A near-duplicate of an item already in an event joins that event when it lies within
  the window and names the same leaders with such a kind; a copy in which the rules
  found nothing joins only when near-verbatim (see `cluster`).
- A report that names both leaders but no communication of its own (a follow-up, an
  analysis) joins the latest event of those leaders within the follow-up period before
  it, without changing it; it never starts one.
- Otherwise it starts a new event: occurred only if the report says it happened.

An event's status only moves forward (planned to occurred, never back). Its kind is
the one best supported by the reports of its status: the highest source tier first
(official and state media, then wires, then outlets), then the most distinct sources;
a tie keeps the current kind, so a dissenting report never flips it. Its anchor is the
earliest report of its status, and its date that anchor's UTC day. Its best item is
a report of its status from the highest tier, earliest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from monitor.events.dates import happened_on
from monitor.models import Classification, Event, EventReport, Item, KindTally

if TYPE_CHECKING:
    from monitor.config.schema import EventsSection

# How long after an event reports of it keep coming (follow-ups, analysis, late recounts)
# and still join it, per kind. Two calls or video calls between the same presidents have
# never been less than weeks apart; a state visit spans days and is analysed for a week
# after; two messages (a congratulation, a condolence) can come days apart.
FOLLOW = {
    "phone_call": timedelta(days=5),
    "video_call": timedelta(days=5),
    "in_person_meeting": timedelta(days=7),
    "letter_or_message": timedelta(days=3),
}
_LONGEST_FOLLOW = max(FOLLOW.values())
# Kinds whose one occurrence spans days (a state visit): a report dated to a later day of
# it is still the same communication, where a call dated two days later is another.
SPANS_DAYS = frozenset({"in_person_meeting"})
# Kinds one communication is reported as: a video call is called a meeting, a summit or a
# call; a meeting is never called a letter, nor a letter a call.
SAME_COMMUNICATION = {
    frozenset({"video_call", "in_person_meeting"}),
    frozenset({"video_call", "phone_call"}),
}
TIER_RANK = {"official": 0, "state_media": 0, "wire": 1, "outlet": 2}
OUTLET_RANK = 2  # any tier not named above


@dataclass
class Assignment:
    event: Event
    is_new: bool
    changed: str | None = None  # "status" or "kind" when an existing event was revised
    best_item_id: int | None = None


def leader_key(leaders: list[str]) -> str:
    return "|".join(sorted(leaders))


def item_instant(item: Item) -> datetime:
    return item.published or item.first_seen


def report_instant(item: Item, cls: Classification) -> tuple[datetime, bool]:
    """When the report's communication happened, and whether the report says so.

    For a report that says it happened, the day its headline or lead gives (noon UTC,
    unless that is its publication day); else when it was published. A preview's
    "on Tuesday" is ahead, so it is not read.
    """
    at = item_instant(item)
    if cls.status != "occurred":
        return at, False
    day = happened_on(item.title, item.summary, item.text, at)
    if day is None:
        return at, False
    if day == at.date():
        return at, True
    return datetime.combine(day, time(12, tzinfo=UTC)), True


def same_communication(a: str, b: str) -> bool:
    """May reports of kinds `a` and `b` describe one communication?"""
    return a == b or frozenset((a, b)) in SAME_COMMUNICATION


def follow_period(kind: str, policy: EventsSection) -> timedelta:
    return max(policy.window_span, FOLLOW.get(kind, policy.window_span))


def follows_up(cls: Classification) -> bool:
    """Does a report the rules found no communication in still name both leaders?"""
    return not cls.relevant and len(cls.named) >= 2


def search_span(at: datetime, policy: EventsSection) -> tuple[datetime, datetime]:
    """The range of event anchors a report at `at` may join."""
    back = max(policy.window_span, policy.planned_span, _LONGEST_FOLLOW)
    return at - back, at + policy.window_span


def choose(
    cls: Classification,
    at: datetime,
    candidates: list[Event],
    policy: EventsSection,
    dated: bool = False,
) -> Event | None:
    """The event among `candidates` (same leaders) that a relevant report belongs to.

    A `dated` report (its text says on which day its communication happened) joins only
    within the window: a readout of "today's" call two days after another is a second
    call, while an undated report then is most likely a late account of the first. A
    meeting spans days, so a report of one dated to a later day still joins it.
    """

    def fits(e: Event) -> bool:
        if not same_communication(e.kind, cls.kind):
            return False
        gap = at - (e.at or e.first_seen)
        spans = e.kind in SPANS_DAYS and cls.kind in SPANS_DAYS
        after = policy.window_span if dated and not spans else follow_period(e.kind, policy)
        if -policy.window_span <= gap <= after:
            return True
        return (
            e.status == "planned"
            and cls.status == "occurred"
            and timedelta(0) <= gap <= policy.planned_span
        )

    fitting = [e for e in candidates if fits(e)]
    if not fitting:
        return None
    return min(
        fitting,
        key=lambda e: (e.kind != cls.kind, abs((at - (e.at or e.first_seen)).total_seconds())),
    )


def follow_up_of(at: datetime, candidates: list[Event], policy: EventsSection) -> Event | None:
    """The event a follow-up at `at` belongs to: the latest one it follows, within the
    follow-up period of that event's kind."""
    fitting = [
        e
        for e in candidates
        if -policy.window_span <= at - (e.at or e.first_seen) <= follow_period(e.kind, policy)
    ]
    return max(fitting, key=lambda e: e.at or e.first_seen, default=None)


def accepts_copy(event: Event, cls: Classification, at: datetime, policy: EventsSection) -> bool:
    """May a near-duplicate of one of `event`'s reports join it?

    Only within the window: a readout issued from the same template for a second call
    two days later is as similar to the first as a copy is, and it is a new event. A copy
    read as a communication joins only with the same leaders and a kind it may share.
    """
    if abs(at - (event.at or event.first_seen)) > policy.window_span:
        return False
    if not cls.relevant:
        return True
    return leader_key(event.leaders) == leader_key(cls.leaders) and same_communication(
        event.kind, cls.kind
    )


def start(cls: Classification, report: EventReport, now: datetime) -> Assignment:
    event = Event(
        kind=cls.kind,
        # Occurred only on a report that says so: anything else is at most a plan.
        status="occurred" if cls.status == "occurred" else "planned",
        leaders=sorted(cls.leaders),
        date=report.at.date().isoformat(),
        first_seen=now,
        topics=sorted(cls.topics),
        at=report.at,
        updated=now,
        evidence=list(cls.evidence),
    )
    return Assignment(event=event, is_new=True, best_item_id=report.item_id)


def fold(event: Event, tallies: list[KindTally], cls: Classification, now: datetime) -> Assignment:
    """Revise `event` from the tallies of all its reports (the new one included) and the
    new report's reading."""
    changed: str | None = None
    if event.status == "planned" and any(t.status == "occurred" for t in tallies):
        event.status = "occurred"
        changed = "status"
    mine = [t for t in tallies if t.status == event.status]
    kind = settled_kind(event.kind, mine)
    if kind != event.kind:
        event.kind = kind
        changed = changed or "kind"
    own = [t.earliest for t in mine if t.kind == event.kind]
    if own:
        anchor = min(own)
        if changed or event.at is None or anchor < event.at:
            event.at = anchor
            event.date = anchor.date().isoformat()
    if changed and cls.kind == event.kind:
        event.evidence = list(cls.evidence)
    event.topics = sorted(set(event.topics) | set(cls.topics))
    event.updated = now
    return Assignment(
        event=event, is_new=False, changed=changed, best_item_id=best_item(tallies, event.status)
    )


def settled_kind(current: str, tallies: list[KindTally]) -> str:
    """The kind best supported by `tallies` (one status): highest tier, then most sources."""
    support = {t.kind: (t.rank, -t.sources) for t in tallies if t.kind != "none"}
    unsupported = (len(TIER_RANK) + 1, 0)
    best = current
    for kind in sorted(support):
        if support[kind] < support.get(best, unsupported):
            best = kind
    return best


def best_item(tallies: list[KindTally], status: str) -> int | None:
    """A report of `status` if there is one; of those, official readouts and state media
    first, then wires, then outlets; earliest first."""
    pool = [t for t in tallies if t.status == status] or tallies
    if not pool:
        return None
    return min(pool, key=lambda t: (t.rank, t.best_at, t.best_item_id)).best_item_id


def alert_reason(assignment: Assignment, policy: EventsSection, alerted_before: bool) -> str | None:
    """Whether a clustering step makes an alert, and why: "new", "status", "kind" or None.

    One alert when an event is first alertable; one update when it moves from planned to
    occurred or its kind is corrected; nothing for further reports. Planned events alert
    only with `alert_planned`; without it, the first alert comes when the plan comes
    true, and it is a "new" one, since nobody was told of the plan.
    """
    event = assignment.event
    if event.status == "planned" and not policy.alert_planned:
        return None
    if assignment.is_new:
        return "new"
    if assignment.changed is None:
        return None
    if not alerted_before:
        # A kind corrected on an event nobody was told about (recorded during a
        # catch-up) is no news; a plan that came true is.
        return "new" if assignment.changed == "status" else None
    return assignment.changed
