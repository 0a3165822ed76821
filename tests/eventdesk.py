"""Reports placed into events in a real store, with the alert decision each one makes.

The readings are given (kind, status, leaders), so the event rules are tested apart from
the classifier's wording; the placing, the store and the alert decision are the real ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from monitor import events, pipeline
from monitor.config.schema import EventsSection
from monitor.models import Classification, Item
from monitor.store import Store

TRUMP_XI = ["Donald Trump", "Xi Jinping"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@dataclass
class Placed:
    event_id: int | None
    reason: str | None  # the alert it made: "new", "status", "kind" or None


@dataclass
class Desk:
    store: Store
    policy: EventsSection = field(default_factory=EventsSection)
    alerts: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def open(cls, directory: Path, policy: EventsSection | None = None) -> Desk:
        return cls(Store(directory / "desk.db"), policy or EventsSection())

    def report(
        self,
        title: str,
        published: datetime,
        kind: str = "phone_call",
        status: str | None = "occurred",
        summary: str = "",
        leaders: list[str] | None = None,
        source: str = "wire",
        tier: str = "outlet",
    ) -> Placed:
        item = Item(
            source=source,
            title=title,
            url=None,
            canonical_url=None,
            guid=None,
            summary=summary,
            text="",
            published=published,
            first_seen=published,
            content_hash=hashlib.sha256(f"{title}|{summary}".encode()).hexdigest(),
        )
        names = list(TRUMP_XI if leaders is None else leaders)
        cls = Classification(
            kind=kind,
            status=status if kind != "none" else None,
            leaders=names if kind != "none" else [],
            named=names if kind == "none" else [],
        )
        with self.store.transaction():
            item_id = self.store.items.add_item(item, [f"key:{item.content_hash}"])
            self.store.items.save_classification(item_id, cls, published)
            assignment = pipeline.place(self.store, item, cls, tier, None, self.policy, published)
            if assignment is None:
                return Placed(None, None)
            event = assignment.event
            assert event.id is not None
            alerted = not assignment.is_new and self.store.events.has_alerts(event.id)
            reason = events.alert_reason(assignment, self.policy, alerted)
            if reason:
                self.store.outbox.enqueue_alert(
                    "event", ["desk"], published, event_id=event.id, reason=reason
                )
                self.alerts.append((event.id, reason))
        return Placed(event.id, reason)

    def event(self, event_id: int | None) -> tuple[str, str, str]:
        assert event_id is not None
        ev = self.store.events.head(event_id)
        assert ev is not None
        return ev.kind, ev.status, ev.date
