"""Wires the stages together: one source's poll, and one cycle over many sources.

fetch -> parse -> normalize -> dedupe -> (article text) -> classify -> cluster into events
-> store -> outbox. A cycle fetches every source concurrently, then `prepare`s each (health,
parse, new items), fetches the article pages of promising new items in one batch, then
`commit`s each source in its own transaction. `monitor once` and the daemon's jobs call
the very same `run_cycle`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from monitor import articles, dedupe, events
from monitor import sources as sources_
from monitor.config import Settings
from monitor.events import cluster
from monitor.fetch import DEFAULT_USER_AGENT, Fetcher, FetchSettings
from monitor.models import (
    Classification,
    CycleProgress,
    CycleReport,
    Document,
    Entry,
    FetchResult,
    Item,
    PollReport,
    Source,
    SourceState,
)
from monitor.normalize import normalize
from monitor.parse import parse
from monitor.sources import backoff, notices
from monitor.store import Store

if TYPE_CHECKING:
    from monitor.alerts import outbox

log = logging.getLogger(__name__)


class Classifies(Protocol):
    def classify(self, doc: Document, now: datetime) -> Classification: ...

    def mentions_leader(self, text: str) -> bool: ...


@dataclass
class Context:
    settings: Settings
    store: Store
    classifier: Classifies
    catchup: bool = False
    rng: random.Random = field(default_factory=random.Random)  # backoff jitter
    fetcher: Fetcher | None = None  # made on first use; keeps per-host spacing across cycles
    # Band keys of recent items; None: the process-wide index of this database.
    near: dedupe.NearIndex | None = None

    def get_fetcher(self) -> Fetcher:
        if self.fetcher is None:
            self.fetcher = Fetcher(fetch_settings(self.settings))
        return self.fetcher

    @property
    def policy(self) -> backoff.Policy:
        f = self.settings.fetch
        return backoff.Policy(max_backoff=f.max_backoff, moved_after=f.moved_after)


@dataclass
class Staged:
    """One source's poll between fetch and store: health recorded, new items found."""

    source: Source
    state: SourceState
    report: PollReport
    items: list[Item] = field(default_factory=list)
    ctx: Context | None = None  # the context to commit with (catch-up for a new source)


def fetch_settings(settings: Settings) -> FetchSettings:
    f = settings.fetch
    return FetchSettings(
        timeout=f.timeout,
        connect_timeout=f.connect_timeout,
        max_bytes=f.max_bytes,
        concurrency=f.concurrency,
        per_host=f.per_host,
        host_spacing=f.host_spacing,
        user_agent=settings.user_agent or DEFAULT_USER_AGENT,
    )


def _failed(ctx: Context, staged: Staged, result: FetchResult, now: datetime, error: str) -> Staged:
    st = staged.state
    change = backoff.record_failure(st, staged.source, result, now, ctx.rng, ctx.policy, error)
    staged.report.error = st.last_error
    if change.gone:
        log.warning(
            "source %s is gone (HTTP 410): not polled again until its url changes in the config",
            st.name,
        )
    else:
        log.warning(
            "poll failed source=%s error=%s failures=%d next_poll=%s",
            st.name,
            st.last_error,
            st.consecutive_failures,
            st.next_poll.isoformat() if st.next_poll else "-",
        )
    return staged


def prepare(
    ctx: Context,
    source: Source,
    result: FetchResult,
    now: datetime,
    state: SourceState | None = None,
) -> Staged:
    """Record the fetch in the source's health, parse, normalize, and keep what is new.

    `state` is the source's state as the request was made from it (read here if not given).
    """
    st = state or sources_.state_for(ctx.store, source, announce=True)
    staged = Staged(source, st, PollReport(source.name, result.ok, result.not_modified))
    staged.ctx = _catchup_context(ctx, st)
    staged.report.catchup = staged.ctx.catchup
    if not result.ok:
        return _failed(ctx, staged, result, now, result.error or "failed")
    if backoff.unusable_again(st, result):
        staged.report.not_modified = False  # unchanged, and still not a feed: still failing
        return _failed(ctx, staged, result, now, st.last_error or backoff.UNUSABLE)
    parsed = parse(source, result)
    result.body = None  # parsed: the bytes are no longer needed, and may be large
    staged.report.entries = len(parsed.entries)
    if parsed.error and not parsed.entries:
        # Nothing usable: a failure like any other. Its validators are kept, so the same
        # body next time is known to be the same failure without fetching it again.
        backoff.keep_validators(st, result)
        return _failed(ctx, staged, result, now, f"{backoff.UNUSABLE}{parsed.error}")
    change = backoff.record_success(st, source, result, now, ctx.policy)
    if change.moved_to:
        log.warning(
            "source %s moved permanently to %s (%d polls in a row); polling the new url, "
            "update the config to match",
            source.name,
            change.moved_to,
            ctx.policy.moved_after,
        )
    if parsed.error:
        st.last_error, st.last_error_at = f"parse: {parsed.error}", now
        log.warning(
            "parse problem source=%s error=%s entries=%d",
            source.name,
            parsed.error,
            len(parsed.entries),
        )
    staged.items = new_items(ctx.store, source, parsed.entries, now)
    return staged


def new_items(store: Store, source: Source, entries: list[Entry], now: datetime) -> list[Item]:
    """Entries normalized, repeats within the batch dropped, and those already known left out."""
    items = dedupe.unique_within([normalize(e, source.name, now) for e in entries])
    keyed = [(i, dedupe.identity_keys(i)) for i in items]
    known = store.known_keys([k for _, keys in keyed for k in keys])  # one query per feed
    return [i for i, keys in keyed if not known.intersection(keys)]


def commit(ctx: Context, staged: Staged, now: datetime) -> PollReport:
    """Classify the new items and store them with the source's state, in one transaction."""
    store, report, st = ctx.store, staged.report, staged.state
    with store.transaction():
        ingest(staged.ctx or ctx, staged.source, staged.items, now, report)
        st.items_seen += report.new_items
        if report.new_items:
            st.last_new_item = now
        store.save_source_state(st)
    if report.fetched:
        log.info(
            "polled source=%s entries=%d new=%d relevant=%d events=%d",
            st.name,
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
    ctx: Context, source: Source, items: list[Item], now: datetime, report: PollReport
) -> None:
    """Everything after `new_items`: identity, near-duplicates, classify, cluster, store.

    Runs inside the caller's transaction; counts what it did in `report`.
    """
    if not items:
        return  # nothing new: the near-duplicate index need not even be loaded
    store = ctx.store
    index = ctx.near if ctx.near is not None else dedupe.shared_index(str(store.path))
    keyed = [(item, dedupe.identity_keys(item)) for item in items]
    # Another source of this cycle may have stored some since `new_items`; one query for
    # the batch suffices, since the batch holds no repeats and nothing else writes now.
    known = store.known_keys([k for _, keys in keyed for k in keys])
    with index.lock:
        index.sync(store, now)
        for item, keys in keyed:
            if known.intersection(keys):
                continue
            cls = ctx.classifier.classify(item.document(), now)
            fingerprint = dedupe.Fingerprint.of(item)
            near = index.find(store, fingerprint)
            item_id = store.add_item(item, keys)
            store.save_classification(item_id, cls, now)
            store.add_near_signature(item_id, fingerprint.signature)
            index.add(item_id, fingerprint.signature, fingerprint.bands)
            if near:
                store.set_copy_of(item_id, near.item_id, near.similarity)
            report.new_items += 1
            if cls.relevant:
                report.relevant += 1
            if (
                cls.relevant
                or events.follows_up(cls)
                or (near is not None and near.event_id is not None)
            ):
                _cluster(ctx, source, item, cls, near, now, report)


def _enrich(ctx: Context, items: list[Item], budget: articles.Budget) -> None:
    try:
        articles.enrich(items, ctx.classifier, ctx.get_fetcher(), budget)
    except Exception:
        # Articles only add text: without them the items are classified on what they have.
        log.exception("article fetching failed")


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
        from monitor.alerts import outbox

        outbox.enqueue(ctx.store, event, reason, ctx.settings.channels, now)


def event_policy(settings: Settings) -> events.Policy:
    e = settings.events
    return events.Policy(
        window=timedelta(seconds=e.window),
        planned_window=timedelta(seconds=e.planned_window),
        alert_planned=e.alert_planned,
    )


def run_cycle(
    ctx: Context,
    sources: list[Source],
    clock: Callable[[], datetime],
    on_progress: Callable[[CycleProgress], None] | None = None,
    flush: bool = True,
) -> CycleReport:
    """Poll the given sources concurrently, fetch promising articles, store, flush the outbox.

    The daemon passes `flush=False` and flushes from one place at a time, so that two
    sources' jobs never send the same delivery twice.
    """
    total = len(sources)
    progress = CycleProgress("fetch", 0, total)

    def fetched(result: FetchResult) -> None:
        progress.done += 1
        progress.errors += not result.ok
        if on_progress:
            on_progress(progress)

    states = [sources_.state_for(ctx.store, s, announce=True) for s in sources]
    requests = [sources_.request_for(s, st) for s, st in zip(sources, states, strict=True)]
    results = ctx.get_fetcher().fetch(requests, fetched)
    polls: dict[str, PollReport] = {}
    staged: list[Staged] = []
    for source, result, st in zip(sources, results, states, strict=True):
        try:
            staged.append(prepare(ctx, source, result, clock(), st))
        except Exception as exc:
            polls[source.name] = _crashed(source, exc)
    _enrich(
        ctx,
        [i for s in staged for i in s.items],
        articles.Budget(ctx.settings.fetch.articles_per_cycle),
    )
    progress = CycleProgress("process", 0, total)
    for s in staged:
        try:
            polls[s.source.name] = commit(ctx, s, clock())
        except Exception as exc:
            polls[s.source.name] = _crashed(s.source, exc)
        progress.done += 1
        progress.new_items += polls[s.source.name].new_items
        progress.errors += bool(polls[s.source.name].error)
        if on_progress:
            on_progress(progress)
    report = CycleReport(polls=[polls[s.name] for s in sources])
    report.health = notices.check(ctx.store, ctx.settings, sources, clock())
    # Nothing pending (most polls): no need to load the outbox, its templates and apprise.
    if flush and ctx.store.delivery_counts().get("pending"):
        flushed = flush_outbox(ctx, clock())
        report.alerts_sent, report.alerts_failed = flushed.sent, flushed.failed
    return report


def flush_outbox(ctx: Context, now: datetime) -> outbox.FlushReport:
    """Send every due delivery; the one call shared by `once` and the daemon's flusher."""
    from monitor.alerts import outbox  # with its templates and apprise: only when there is work

    return outbox.flush(ctx.store, ctx.settings, now)


def _crashed(source: Source, exc: Exception) -> PollReport:
    # One source's bad data must not sink the cycle; its error is reported.
    log.error("processing failed source=%s", source.name, exc_info=exc)
    return PollReport(source=source.name, error=f"{type(exc).__name__}: {exc}")
