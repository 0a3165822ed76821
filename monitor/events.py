"""Clustering relevant items into real-world events. Pure: no store, no clock.

Items of the same kind between the same leaders whose dates fall within `WINDOW`
belong to one event; a planned event that is then reported as having happened is the
same event, upgraded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.models import Classification, Event, Item

WINDOW = timedelta(hours=36)


@dataclass
class Assignment:
    event: Event
    is_new: bool
    changed: str | None = None  # "status" or "kind" when an existing event was upgraded


def leader_key(leaders: list[str]) -> str:
    return "|".join(sorted(leaders))


def item_instant(item: Item) -> datetime:
    return item.published or item.first_seen


def assign(item: Item, cls: Classification, candidates: list[Event], now: datetime) -> Assignment:
    """Attach a relevant item to the nearest matching candidate event, or start a new one.

    `candidates` are the stored events with the same leaders within WINDOW of the item.
    """
    at = item_instant(item)
    same_kind = [e for e in candidates if e.kind == cls.kind]
    if same_kind:
        event = min(same_kind, key=lambda e: abs(((e.at or e.first_seen) - at).total_seconds()))
        changed = None
        if event.status == "planned" and cls.status == "occurred":
            event.status = "occurred"
            event.date = at.date().isoformat()
            event.at = at
            changed = "status"
        event.topics = sorted(set(event.topics) | set(cls.topics))
        event.updated = now
        return Assignment(event=event, is_new=False, changed=changed)
    event = Event(
        kind=cls.kind,
        status=cls.status or "occurred",
        leaders=sorted(cls.leaders),
        date=at.date().isoformat(),
        first_seen=now,
        topics=sorted(cls.topics),
        at=at,
        updated=now,
        evidence=list(cls.evidence),
    )
    return Assignment(event=event, is_new=True)
