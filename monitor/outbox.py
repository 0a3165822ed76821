"""The durable outbox: queue one delivery per (alert, channel), then flush what is due.

A row exists before anything is sent; it is marked sent only on a confirmed send, so a
crash between sending and marking re-sends at most once and loses nothing. Each channel
is retried on its own schedule, so one channel being down never delays another.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from monitor import alerts
from monitor.config import Channel
from monitor.models import Event
from monitor.store import Store

log = logging.getLogger(__name__)


@dataclass
class FlushReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def enqueue(
    store: Store, event: Event, reason: str, channels: tuple[Channel, ...], now: datetime
) -> int | None:
    """Queue an alert for every channel; None when there is no channel to send to."""
    if event.id is None or not channels:
        return None
    return store.enqueue_alert(event.id, reason, [c.name for c in channels], now)


def flush(store: Store, channels: tuple[Channel, ...], now: datetime) -> FlushReport:
    """Send every due delivery once; record each outcome as it happens."""
    report = FlushReport()
    by_name = {c.name: c for c in channels}
    events: dict[int, Event | None] = {}
    for row in store.due_deliveries(now):
        channel = by_name.get(row["channel"])
        attempts = int(row["attempts"]) + 1
        if channel is None:
            # The channel was removed from the config; keep the row, visibly, instead of dropping it.
            store.update_delivery(
                row["id"],
                state="dead",
                attempts=attempts,
                last_error="channel no longer configured",
            )
            report.dead += 1
            continue
        if row["event_id"] not in events:
            events[row["event_id"]] = store.event(row["event_id"])
        event = events[row["event_id"]]
        if event is None:
            store.update_delivery(
                row["id"], state="dead", attempts=attempts, last_error="event missing"
            )
            report.dead += 1
            continue
        error = alerts.send(channel, alerts.render(event, row["reason"]))
        if error is None:
            store.update_delivery(
                row["id"], state="sent", attempts=attempts, sent_at=now, last_error=None
            )
            report.sent += 1
            log.info(
                "alert sent channel=%s event=%s reason=%s", channel.name, event.id, row["reason"]
            )
            continue
        report.failed += 1
        report.errors.append(f"{channel.name}: {error}")
        if attempts >= alerts.MAX_ATTEMPTS:
            store.update_delivery(row["id"], state="dead", attempts=attempts, last_error=error)
            report.dead += 1
            log.error(
                "alert dead channel=%s event=%s attempts=%d error=%s",
                channel.name,
                event.id,
                attempts,
                error,
            )
        else:
            store.update_delivery(
                row["id"],
                attempts=attempts,
                last_error=error,
                next_attempt=alerts.next_attempt(attempts, now),
            )
            log.warning(
                "alert failed channel=%s event=%s attempt=%d error=%s",
                channel.name,
                event.id,
                attempts,
                error,
            )
    return report
