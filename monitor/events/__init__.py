"""Clustering reports into real-world events, and deciding which changes alert. Pure.

The rules, in the order they are applied to a relevant report (kind K, status S, the
same two leaders, instant t in UTC):

- It joins an event of the same leaders whose anchor lies within `window` (36 h) of t
  and that has the same kind or the same status; the nearest such event, same kind
  first. A planned event also takes an occurred report of its kind from up to
  `planned_window` after the plan was reported: the plan came true.
- A near-duplicate of an item already in an event joins that event when it lies within
  the window and names the same leaders, whatever kind or status it reads as; a copy
  in which the rules found nothing joins only when near-verbatim (see `cluster`).
- Otherwise it starts a new event.

An event's status only moves forward (planned to occurred, never back). Its kind is
the one best supported by the reports of its status: the highest source tier first
(official and state media, then wires, then outlets), then the most distinct sources;
a tie keeps the current kind, so a dissenting report never flips it. Its anchor is the
earliest report of its status, and its date that anchor's UTC day. Its best item is
a report of its status from the highest tier, earliest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.models import Classification, Event, EventReport, Item, KindTally

WINDOW = timedelta(hours=36)
PLANNED_WINDOW = timedelta(days=14)
TIER_RANK = {"official": 0, "state_media": 0, "wire": 1, "outlet": 2}
OUTLET_RANK = 2  # any tier not named above


@dataclass(frozen=True)
class Policy:
    """The [events] settings."""

    window: timedelta = WINDOW
    planned_window: timedelta = PLANNED_WINDOW
    alert_planned: bool = False


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


def search_span(at: datetime, policy: Policy) -> tuple[datetime, datetime]:
    """The range of event anchors a report at `at` may join."""
    return at - max(policy.window, policy.planned_window), at + policy.window


def choose(
    cls: Classification, at: datetime, candidates: list[Event], policy: Policy
) -> Event | None:
    """The event among `candidates` (same leaders) that a relevant report belongs to."""

    def fits(e: Event) -> bool:
        gap = at - (e.at or e.first_seen)
        if abs(gap) <= policy.window and (e.kind == cls.kind or e.status == cls.status):
            return True
        return (
            e.status == "planned"
            and cls.status == "occurred"
            and e.kind == cls.kind
            and timedelta(0) <= gap <= policy.planned_window
        )

    fitting = [e for e in candidates if fits(e)]
    if not fitting:
        return None
    return min(
        fitting,
        key=lambda e: (e.kind != cls.kind, abs((at - (e.at or e.first_seen)).total_seconds())),
    )


def accepts_copy(event: Event, cls: Classification, at: datetime, policy: Policy) -> bool:
    """May a near-duplicate of one of `event`'s reports join it, whatever its own reading?

    Only within the window: a readout issued from the same template for a second call
    two days later is as similar to the first as a copy is, and it is a new event.
    """
    if abs(at - (event.at or event.first_seen)) > policy.window:
        return False
    return not cls.relevant or leader_key(event.leaders) == leader_key(cls.leaders)


def start(cls: Classification, report: EventReport, now: datetime) -> Assignment:
    event = Event(
        kind=cls.kind,
        status=cls.status or "occurred",
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


def alert_reason(assignment: Assignment, policy: Policy, alerted_before: bool) -> str | None:
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
