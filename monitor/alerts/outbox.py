"""The durable outbox: queue one delivery per (alert, channel), then flush what is due.

Guarantees, and how they are kept:
- Nothing is lost: a delivery is a row in the database before anything is sent, and it
  is marked sent only when apprise confirms. A crash between sending and marking leaves
  the row pending, so it is sent again (at most once more) by the next flush.
- Nothing is sent twice by two flushers: a flush first claims the rows it will send
  (owner and lease in the row); rows claimed by another live flusher are left alone, and
  claims of a dead process are taken over at once.
- One channel never delays another: each channel's rows are sent by their own thread, each
  send has a deadline (the channel's `timeout`), and a channel that fails stops for this
  flush and is retried on its own exponential backoff ([alerts] backoff, backoff_max).
  After [alerts] max_attempts failures a delivery is dead: listed by `monitor outbox`,
  shown in the digest, and sent again only after `monitor outbox --retry-dead`.

`flush(store, settings, now)` is the one entry point: `pipeline.run_cycle` calls it after
each poll cycle, and the daemon calls it on a timer. It runs in the caller's thread (the
store's thread); only the sending happens in worker threads.
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor import secrets
from monitor.alerts import messages, routing, sender
from monitor.alerts.sender import format_for
from monitor.models import Channel, Delivery, Event, HealthNotice, Message, kind_label
from monitor.record import gather
from monitor.store import Store
from monitor.timeutil import iso, parse_iso

if TYPE_CHECKING:
    from monitor.config import Settings

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a claim outlives a crashed flusher on another host by this
_HOST = socket.gethostname()
_TOKEN = uuid.uuid4().hex[:12]  # tells this process apart from an earlier one with its pid
OWNER = f"{os.getpid()}@{_HOST}#{_TOKEN}"


@dataclass
class FlushReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    deferred: int = 0  # not attempted: their channel failed earlier in this flush
    errors: list[str] = field(default_factory=list)


# -- queueing ----------------------------------------------------------------------------


def enqueue(
    store: Store, event: Event, reason: str, channels: tuple[Channel, ...], now: datetime
) -> int | None:
    """Queue an event alert for every channel whose filters it passes; None if none does."""
    if event.id is None or not channels:
        return None
    event = store.events.get(event.id) or event  # with its reports, for the `sources` filter
    assert event.id is not None
    score = store.outbox.event_score(event.id)
    targets = routing.event_channels(channels, event, score)
    subject = (
        f"{kind_label(event.kind)} ({event.status}): {' – '.join(event.leaders)}, {event.date}"
    )
    return store.outbox.enqueue_alert(
        "event",
        [c.name for c in targets],
        now,
        event_id=event.id,
        reason=reason,
        subject=subject if reason == "new" else f"{subject} [{reason}]",
    )


def enqueue_health(
    store: Store, notice: HealthNotice, settings: Settings, now: datetime
) -> int | None:
    """Queue a source-health alert once (the key makes a repeat a no-op, in any process)."""
    if notice.last_error:
        notice.last_error = secrets.redact(secrets.mask(notice.last_error, settings.secrets))
    return store.outbox.enqueue_alert(
        "health",
        [c.name for c in routing.health_channels(settings.channels)],
        now,
        key=f"health:{notice.source}:{notice.state}:{iso(notice.since)}",
        subject=f"source {notice.source} {notice.state}",
        payload=notice.to_dict(),
    )


def enqueue_digest(
    store: Store, day: str, settings: Settings, now: datetime, *, again: bool = False
) -> int | None:
    """Queue the digest of `day` for [digest] channels: once a day, unless `again`."""
    key = f"digest:{day}" + (f":{iso(now)}" if again else "")
    return store.outbox.enqueue_alert(
        "digest",
        [c.name for c in routing.digest_channels(settings)],
        now,
        key=key,
        subject=f"digest {day}",
        payload={"day": day},
    )


# -- flushing ----------------------------------------------------------------------------


def backoff(attempts: int, settings: Settings, now: datetime) -> datetime:
    a = settings.alerts
    delay = min(a.backoff_max, a.backoff * (2 ** max(0, attempts - 1)))
    return now + timedelta(seconds=delay)


def _alive(owner: str) -> bool:
    """Whether the flusher that claimed a row may still be sending it."""
    if owner == OWNER:
        return True  # another flush in this process (another thread)
    pid_text, _, rest = owner.partition("@")
    host, _, _token = rest.partition("#")
    if host != _HOST or not pid_text.isdigit():
        return True  # cannot tell from here: the lease decides
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # an earlier process that had our pid (a restarted container)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Events:
    """What a round of sends needs of the events it announces: each event, its score and its
    context read once, however many channels it goes to, and the history once for all."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store, self._settings = store, settings
        self._read: dict[int, tuple[Event, float | None, gather.EventContext | None]] = {}
        self._history: list[gather.HistoryEntry] | None = None
        self._history_read = False

    def get(self, event_id: int | None) -> tuple[Event, float | None, gather.EventContext | None]:
        """The event, its score and its context (raises LookupError if the event is gone)."""
        if event_id is not None and event_id in self._read:
            return self._read[event_id]
        store = self._store
        event = store.events.get(event_id) if event_id is not None else None
        if event is None or event.id is None:
            raise LookupError("event missing")
        if not self._history_read:
            self._history, self._history_read = gather.alert_history(store), True
        score = store.outbox.event_score(event.id)
        extra = (
            gather.for_alert(store, self._settings, event, self._history)
            if self._history is not None
            else None
        )
        self._read[event.id] = (event, score, extra)
        return self._read[event.id]


def _message(
    events: _Events, store: Store, settings: Settings, channel: Channel, d: Delivery, now: datetime
) -> Message:
    """Render a delivery for its channel (raises LookupError if its subject is gone)."""
    if d.kind == "event":
        event, score, extra = events.get(d.event_id)
        return messages.event_message(
            event,
            d.reason or "new",
            format_for(channel),
            settings.tz,
            channel.template,
            score,
            extra.context if extra else None,
            extra.readouts if extra else None,
        )
    if d.kind == "health":
        p = d.payload
        notice = HealthNotice(
            source=str(p["source"]),
            state=str(p["state"]),
            since=parse_iso(str(p["since"])) or now,
            failures=int(p.get("failures") or 0),  # type: ignore[call-overload]
            last_error=str(p["last_error"]) if p.get("last_error") else None,
            last_new_item=parse_iso(str(p["last_new_item"])) if p.get("last_new_item") else None,
            previous=str(p["previous"]) if p.get("previous") else None,
        )
        return messages.health_message(
            notice, format_for(channel), settings.tz, now, channel.health_template
        )
    if d.kind == "digest":
        day = str(d.payload.get("day"))
        files = store.outbox.digest_files(day)
        if files is None:
            raise LookupError(f"digest {day} missing")
        return messages.digest_message(day, files[0], files[1], format_for(channel))
    raise LookupError(f"unknown alert kind {d.kind!r}")


def flush(store: Store, settings: Settings, now: datetime) -> FlushReport:
    """Send every due delivery once, channels in parallel; record each outcome as it happens."""
    report = FlushReport()
    claimed = store.outbox.claim_due(now, OWNER, now + LEASE, _alive)
    if not claimed:
        return report
    open_ids = {d.id for d in claimed}
    events = _Events(store, settings)
    try:
        jobs: dict[str, list[tuple[Delivery, Message]]] = defaultdict(list)
        for d in claimed:
            channel = settings.channel(d.channel)
            if channel is None:
                # Removed from the config: keep the row, visibly, instead of dropping it.
                _failed(store, settings, report, d, "channel no longer configured", now, dead=True)
                open_ids.discard(d.id)
                continue
            try:
                jobs[d.channel].append((d, _message(events, store, settings, channel, d, now)))
            except LookupError as exc:
                _failed(store, settings, report, d, str(exc), now, dead=True)
                open_ids.discard(d.id)
            except Exception as exc:  # a user's template failing while rendering
                _failed(store, settings, report, d, f"cannot render: {exc}", now)
                open_ids.discard(d.id)
        _send_all(store, settings, jobs, report, open_ids, now)
    finally:
        if open_ids:
            store.outbox.release(open_ids)
    return report


def _send_all(
    store: Store,
    settings: Settings,
    jobs: dict[str, list[tuple[Delivery, Message]]],
    report: FlushReport,
    open_ids: set[int],
    now: datetime,
) -> None:
    results: queue.Queue[tuple[Delivery | None, str | None]] = queue.Queue()

    def run(channel: Channel, work: list[tuple[Delivery, Message]]) -> None:
        try:
            for d, message in work:
                error = sender.send(channel, message)
                results.put((d, error))
                if error:
                    return  # the channel is failing: the rest waits for its next retry
        finally:
            results.put((None, channel.name))

    with ThreadPoolExecutor(max_workers=max(1, len(jobs)), thread_name_prefix="send") as pool:
        for name, work in jobs.items():
            channel = settings.channel(name)
            assert channel is not None
            pool.submit(run, channel, work)
        running = len(jobs)
        while running:
            d, error = results.get()
            if d is None:
                running -= 1
                continue
            open_ids.discard(d.id)
            if error is None:
                store.outbox.record_sent(d.id, d.attempts + 1, now)
                report.sent += 1
                log.info("alert sent channel=%s alert=%d kind=%s", d.channel, d.alert_id, d.kind)
                continue
            hold = _failed(store, settings, report, d, error, now)
            rest = [w.id for w, _ in jobs[d.channel] if w.id in open_ids]
            report.deferred += len(rest)
            store.outbox.release(rest, not_before=hold)
            open_ids.difference_update(rest)
            store.outbox.defer_channel(d.channel, hold)


def _failed(
    store: Store,
    settings: Settings,
    report: FlushReport,
    d: Delivery,
    error: str,
    now: datetime,
    *,
    dead: bool = False,
) -> datetime:
    """Record a failed attempt; returns when the channel should next be tried."""
    attempts = d.attempts + 1
    hold = backoff(attempts, settings, now)
    dead = dead or attempts >= settings.alerts.max_attempts
    store.outbox.record_failure(d.id, attempts, error, None if dead else hold)
    report.failed += 1
    report.errors.append(f"{d.channel}: {error}")
    if dead:
        report.dead += 1
        log.error(
            "alert dead channel=%s alert=%d attempts=%d error=%s",
            d.channel,
            d.alert_id,
            attempts,
            error,
        )
    else:
        log.warning(
            "alert failed channel=%s alert=%d attempt=%d retry_at=%s error=%s",
            d.channel,
            d.alert_id,
            attempts,
            iso(hold),
            error,
        )
    return hold


def retry_dead(store: Store, now: datetime, channel: str | None = None) -> int:
    """Give dead deliveries a fresh set of attempts, due now."""
    return store.outbox.retry_dead(now, channel)
