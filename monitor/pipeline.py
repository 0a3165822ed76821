"""Wires the stages together: one source's poll, and one cycle over many sources.

fetch -> parse -> normalize -> dedupe -> classify -> cluster into events -> store -> outbox.
`monitor once` and the daemon's jobs call the very same `run_cycle`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from monitor import cluster, dedupe, digest_job, events, outbox, source_health
from monitor.config import Settings
from monitor.fetch import DEFAULT_USER_AGENT, FetchSettings, fetch_sync
from monitor.models import (
    Classification,
    CycleReport,
    Document,
    Entry,
    FetchRequest,
    FetchResult,
    Item,
    PollReport,
    Source,
    SourceState,
)
from monitor.normalize import normalize
from monitor.parse import parse
from monitor.store import Store

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=4)


class Classifies(Protocol):
    def classify(self, doc: Document, now: datetime) -> Classification: ...


@dataclass
class Context:
    settings: Settings
    store: Store
    classifier: Classifies
    catchup: bool = False


def fetch_settings(settings: Settings) -> FetchSettings:
    f = settings.fetch
    return FetchSettings(
        timeout=f.timeout,
        connect_timeout=f.connect_timeout,
        max_bytes=f.max_bytes,
        concurrency=f.concurrency,
        per_host=f.per_host,
        user_agent=settings.user_agent or DEFAULT_USER_AGENT,
    )


def _state_for(store: Store, source: Source) -> SourceState:
    st = store.source_state(source.name) or SourceState(name=source.name)
    st.kind = source.kind
    if st.url != source.url and st.redirect_url is None:
        st.url = source.url
    return st


def _request(source: Source, st: SourceState) -> FetchRequest:
    same = st.url == source.url or st.redirect_url
    return FetchRequest(
        source=source.name,
        url=st.redirect_url or source.url,
        etag=st.etag if same else None,
        last_modified=st.last_modified if same else None,
        body_hash=st.body_hash if same else None,
    )


def backoff_delay(failures: int, interval: float, retry_after: float | None) -> timedelta:
    """Exponential backoff with jitter, capped, never giving up; Retry-After wins when longer."""
    base = interval * (2 ** min(failures - 1, 16))
    delay = min(MAX_BACKOFF.total_seconds(), base) * random.uniform(0.8, 1.2)
    if retry_after:
        delay = max(delay, retry_after)
    return timedelta(seconds=delay)


def record_fetch(st: SourceState, source: Source, result: FetchResult, now: datetime) -> None:
    """Update a source's health from one fetch outcome."""
    st.last_poll = now
    if result.ok:
        st.last_success = now
        st.consecutive_failures = 0
        st.status = "ok"
        st.next_poll = now + timedelta(seconds=source.interval)
        if result.etag or result.last_modified or not result.not_modified:
            st.etag, st.last_modified = result.etag, result.last_modified
        if result.body_hash:
            st.body_hash = result.body_hash
        return
    st.consecutive_failures += 1
    st.last_error = result.error
    st.last_error_at = now
    st.status = "backoff"
    st.next_poll = now + backoff_delay(st.consecutive_failures, source.interval, result.retry_after)


def process(ctx: Context, source: Source, result: FetchResult, now: datetime) -> PollReport:
    """Everything after the fetch for one source, stored in one transaction."""
    report = PollReport(source=source.name, fetched=result.ok, not_modified=result.not_modified)
    store = ctx.store
    with store.transaction():
        st = _state_for(store, source)
        ctx = _catchup_context(ctx, st)
        report.catchup = ctx.catchup
        record_fetch(st, source, result, now)
        if not result.ok:
            report.error = result.error
            log.warning(
                "fetch failed source=%s error=%s failures=%d",
                source.name,
                result.error,
                st.consecutive_failures,
            )
            store.save_source_state(st)
            return report
        parsed = parse(source, result)
        report.entries = len(parsed.entries)
        if parsed.error:
            st.last_error, st.last_error_at = f"parse: {parsed.error}", now
            log.warning(
                "parse problem source=%s error=%s entries=%d",
                source.name,
                parsed.error,
                len(parsed.entries),
            )
            if not parsed.entries:
                report.error = st.last_error
        ingest(ctx, source, parsed.entries, now, report)
        st.items_seen += report.new_items
        if report.new_items:
            st.last_new_item = now
        store.save_source_state(st)
    log.info(
        "polled source=%s entries=%d new=%d relevant=%d events=%d",
        source.name,
        report.entries,
        report.new_items,
        report.relevant,
        report.new_events,
    )
    return report


def _catchup_context(ctx: Context, st: SourceState) -> Context:
    """A source that never succeeded before records what it finds without alerting, so
    adding a source never floods a channel with its back catalogue."""
    if ctx.catchup or not ctx.settings.alerts.catchup_new_sources or st.last_success:
        return ctx
    return replace(ctx, catchup=True)


def ingest(
    ctx: Context, source: Source, entries: list[Entry], now: datetime, report: PollReport
) -> None:
    """Everything after parsing: normalize, identity, near-duplicates, classify, cluster, store.

    Runs inside the caller's transaction; counts what it did in `report`.
    """
    store = ctx.store
    for item in dedupe.unique_within([normalize(e, source.name, now) for e in entries]):
        keys = dedupe.identity_keys(item)
        if store.known_keys(keys):
            continue
        cls = ctx.classifier.classify(item.document(), now)
        fingerprint = dedupe.Fingerprint.of(item)
        near = dedupe.find_near(store, fingerprint, now)
        item_id = store.add_item(item, keys)
        store.save_classification(item_id, cls, now)
        store.add_near_bands(item_id, fingerprint.bands)
        if near:
            store.set_copy_of(item_id, near.item_id, near.similarity)
        report.new_items += 1
        if cls.relevant:
            report.relevant += 1
        _cluster(ctx, source, item, cls, near, now, report)


def _cluster(
    ctx: Context,
    source: Source,
    item: Item,
    cls: Classification,
    near: dedupe.NearMatch | None,
    now: datetime,
    report: PollReport,
) -> None:
    policy = event_policy(ctx.settings)
    assignment = cluster.place(ctx.store, item, cls, source.tier, near, policy, now)
    if assignment is None:
        return
    if assignment.is_new:
        report.new_events += 1
    event = assignment.event
    assert event.id is not None
    alerted = not assignment.is_new and ctx.store.has_alerts(event.id)
    reason = events.alert_reason(assignment, policy, alerted)
    if reason and not ctx.catchup:
        outbox.enqueue(ctx.store, event, reason, ctx.settings.channels, now)


def event_policy(settings: Settings) -> events.Policy:
    e = settings.events
    return events.Policy(
        window=timedelta(seconds=e.window),
        planned_window=timedelta(seconds=e.planned_window),
        alert_planned=e.alert_planned,
    )


def select_sources(settings: Settings, names: Iterable[str] | None) -> list[Source]:
    sources = [s for s in settings.sources if s.enabled]
    if names:
        wanted = list(names)
        return [s for s in settings.sources if s.name in wanted]
    return sources


def run_cycle(
    ctx: Context,
    sources: list[Source],
    clock: Callable[[], datetime],
    on_fetched: Callable[[FetchResult], None] | None = None,
    flush: bool = True,
) -> CycleReport:
    """Poll the given sources concurrently, process each, then flush the outbox.

    The daemon passes `flush=False` and flushes from one place at a time, so that two
    sources' jobs never send the same delivery twice.
    """
    states = {s.name: _state_for(ctx.store, s) for s in sources}
    requests = [_request(s, states[s.name]) for s in sources]
    results = fetch_sync(requests, fetch_settings(ctx.settings)) if requests else []
    report = CycleReport()
    for source, result in zip(sources, results, strict=True):
        if on_fetched:
            on_fetched(result)
        try:
            report.polls.append(process(ctx, source, result, clock()))
        except Exception as exc:
            # One source's bad data must not sink the cycle; its error is recorded.
            log.exception("processing failed source=%s", source.name)
            report.polls.append(
                PollReport(source=source.name, error=f"{type(exc).__name__}: {exc}")
            )
    report.health = source_health.check(ctx.store, ctx.settings, sources, clock())
    if flush:
        flushed = flush_outbox(ctx, clock())
        report.alerts_sent, report.alerts_failed = flushed.sent, flushed.failed
    return report


def flush_outbox(ctx: Context, now: datetime) -> outbox.FlushReport:
    """Send every due delivery; the one call shared by `once` and the daemon's flusher."""
    return outbox.flush(ctx.store, ctx.settings, now)


def write_digest(
    settings: Settings,
    store: Store,
    start: datetime,
    end: datetime,
    label: str,
    now: datetime,
    *,
    send: bool = False,
) -> tuple[Path, Path]:
    """Write the digest files for [start, end); with `send`, also to the [digest] channels."""
    return digest_job.write(settings, store, start, end, label, now, send=send)
