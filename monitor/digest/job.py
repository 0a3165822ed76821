"""Making a digest: collect a period's events and health from the store, write the files,
and optionally send it to the [digest] channels through the outbox.

`daily(settings, store, now)` is what the daemon runs at `digest.at`: the digest of the
previous calendar day in `monitor.timezone` (a complete day, so the file is final), sent
to the digest channels once. `monitor digest` writes any day or window on demand.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from monitor.alerts import outbox, routing
from monitor.config import Settings
from monitor.digest import render as digest
from monitor.models import Event
from monitor.record import gather
from monitor.record.timeline import timeline
from monitor.store import Store

PLANNED_LOOKBACK = timedelta(days=30)


def collect(
    settings: Settings, store: Store, start: datetime, end: datetime, label: str, now: datetime
) -> digest.DigestData:
    all_events = store.events.all(since=start, until=end)
    occurred = [e for e in all_events if e.status == "occurred"]
    # Planned communications still ahead (known by the period's end), soonest first. An
    # event's date may be the day a plan was announced, so recent announcements count too.
    first_day = (start.astimezone(settings.tz).date() - PLANNED_LOOKBACK).isoformat()
    planned = sorted(
        (
            e
            for e in store.events.all(until=end)
            if e.status == "planned" and e.date >= first_day and not _superseded(e, occurred)
        ),
        key=lambda e: (e.date, e.first_seen),
    )
    in_events = {(i.source, i.url, i.title) for e in all_events for i in e.items}
    other = [
        i
        for i in store.items.items_between(start, end, coverage=True)
        if (i.source, i.url, i.title) not in in_events
    ]
    enabled = {s.name for s in settings.sources if s.enabled}
    sources = [s for s in store.sources.source_states() if s.name in enabled]
    undelivered = [
        d
        for d in store.outbox.deliveries(states=("dead", "pending"))
        if d.state == "dead" or d.attempts > 0
    ]
    merged = gather.safe_history(store)
    context: dict[int, list[str]] = {}
    readouts = {}
    for e in [*occurred, *planned]:
        extra = gather.for_alert(store, settings, e, merged) if e.id is not None else None
        if extra is not None and e.id is not None:
            context[e.id] = extra.context.lines
            if extra.readouts is not None:
                readouts[e.id] = extra.readouts
    last_day = (end - timedelta(microseconds=1)).astimezone(settings.tz).date()
    return digest.DigestData(
        day=label,
        timezone=settings.timezone,
        generated=now.astimezone(settings.tz),
        events=occurred,
        planned=planned,
        other=other,
        sources=sources,
        undelivered=undelivered,
        health=store.sources.source_healths(),
        window=_describe(start, end, settings),
        context=context,
        readouts=readouts,
        timeline=timeline(merged, last_day, event_ids={e.id for e in occurred if e.id}),
    )


def _superseded(plan: Event, occurred: list[Event]) -> bool:
    """A plan whose meeting has since been reported as held is not 'ahead' any more."""
    return any(
        e.kind == plan.kind and e.leaders == plan.leaders and e.date >= plan.date for e in occurred
    )


def _describe(start: datetime, end: datetime, settings: Settings) -> str:
    local_start = start.astimezone(settings.tz)
    if end - start == timedelta(days=1) and local_start.hour == local_start.minute == 0:
        return f"the day {local_start.date().isoformat()}"
    hours = round((end - start).total_seconds() / 3600)
    return f"the {hours} hours to {end.astimezone(settings.tz).strftime('%Y-%m-%d %H:%M')}"


def write(
    settings: Settings,
    store: Store,
    start: datetime,
    end: datetime,
    label: str,
    now: datetime,
    *,
    send: bool = False,
    again: bool = False,
) -> tuple[Path, Path]:
    """Write the digest files (and keep a copy in the store); queue it for the digest
    channels when `send` (once per day label unless `again`). The caller sends it
    (`pipeline.send_due`)."""
    data = collect(settings, store, start, end, label, now)
    markdown, html = digest.render(data)
    paths = digest.write(settings.state_dir / "digests", label, markdown, html)
    store.outbox.record_digest(label, markdown, html, now)
    if send and routing.digest_channels(settings):
        outbox.enqueue_digest(store, label, settings, now, again=again)
    return paths


def daily(
    settings: Settings, store: Store, now: datetime, *, send: bool = True
) -> tuple[Path, Path]:
    """The scheduled digest: yesterday (in monitor.timezone), complete."""
    day = now.astimezone(settings.tz).date() - timedelta(days=1)
    return for_day(settings, store, day, now, send=send)


def for_day(
    settings: Settings,
    store: Store,
    day: date,
    now: datetime,
    *,
    send: bool = False,
    again: bool = False,
) -> tuple[Path, Path]:
    start, end = digest.day_window(day, settings.tz)
    return write(settings, store, start, end, day.isoformat(), now, send=send, again=again)
