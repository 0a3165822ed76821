"""One cycle over some sources, each through to the store as its fetch completes; the
article batch; source health; the one send path."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from monitor import articles
from monitor import sources as sources_
from monitor.config import Settings
from monitor.models import (
    CycleProgress,
    CycleReport,
    FetchResult,
    HealthNotice,
    Item,
    PollReport,
    Source,
    SourceState,
)
from monitor.parse import parse
from monitor.pipeline.context import Context, SourcePoll
from monitor.pipeline.intake import ingest, new_items
from monitor.sources import backoff, notices
from monitor.store import Store

if TYPE_CHECKING:
    from monitor.alerts import outbox

# One logger for the hallway, whatever its module: `monitor once` filters its records.
log = logging.getLogger("monitor.pipeline")
POLL_FAILURE = "poll_failure"  # a log record's attribute: it reports one source's failed poll


def _failed(
    ctx: Context, poll: SourcePoll, result: FetchResult, now: datetime, error: str
) -> SourcePoll:
    st = poll.state
    change = backoff.record_failure(
        st, poll.source, result, now, ctx.rng, ctx.settings.fetch, error
    )
    poll.report.error = st.last_error
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
            # Marked, so that `monitor once`, which prints each poll's outcome itself, can
            # leave it out of its log rather than say every failure twice.
            extra={POLL_FAILURE: True},
        )
    return poll


def prepare(
    ctx: Context, source: Source, result: FetchResult, now: datetime, state: SourceState
) -> SourcePoll:
    """Record the fetch in the source's state, parse, normalize, and keep what is new.

    `state` is the source's state as the request was made from it (`sources.states`).
    """
    # A source that never succeeded before records what it finds without alerting, so
    # adding a source never floods a channel with its back catalogue.
    catchup = ctx.catchup or (
        ctx.settings.alerts.catchup_new_sources and state.last_success is None
    )
    report = PollReport(source.name, result.ok, result.not_modified, catchup=catchup)
    poll = SourcePoll(source, state, report)
    if not result.ok:
        return _failed(ctx, poll, result, now, result.error or "failed")
    if backoff.unusable_again(state, result):
        poll.report.not_modified = False  # unchanged, and still not a feed: still failing
        return _failed(ctx, poll, result, now, state.last_error or backoff.UNUSABLE)
    parsed = parse(source, result, now)
    result.body = None  # parsed: the bytes are no longer needed, and may be large
    poll.report.entries = len(parsed.entries)
    if parsed.error and not parsed.entries:
        # Nothing usable: a failure like any other. Its validators are kept, so the same
        # body next time is known to be the same failure without fetching it again.
        backoff.keep_validators(state, result)
        return _failed(ctx, poll, result, now, f"{backoff.UNUSABLE}{parsed.error}")
    change = backoff.record_success(state, source, result, now, ctx.settings.fetch)
    if change.moved_to:
        log.warning(
            "source %s moved permanently to %s (%d polls in a row); polling the new url, "
            "update the config to match",
            source.name,
            change.moved_to,
            ctx.settings.fetch.moved_after,
        )
    if parsed.error:
        state.last_error, state.last_error_at = f"parse: {parsed.error}", now
        log.warning(
            "parse problem source=%s error=%s entries=%d",
            source.name,
            parsed.error,
            len(parsed.entries),
        )
    poll.items = new_items(ctx.store, source, parsed.entries, now)
    return poll


def commit(ctx: Context, poll: SourcePoll, now: datetime, *, recheck: bool = False) -> PollReport:
    """Classify the new items and store them with the source's state, in one transaction.

    `recheck`: other sources were stored since `new_items` looked (a source that waited for
    its articles), so the keys are looked up once more.
    """
    store, report, st = ctx.store, poll.report, poll.state
    with store.transaction():
        ingest(ctx, poll.source, poll.items, now, report, catchup=report.catchup, recheck=recheck)
        st.items_seen += report.new_items
        if report.new_items:
            st.last_new_item = now
        store.sources.save_source_state(st)
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


def _enrich(ctx: Context, items: list[Item], budget: articles.Budget) -> None:
    try:
        articles.enrich(
            items,
            ctx.get_fetcher(),
            budget,
            {s.name: s.url for s in ctx.settings.sources},
            ctx.settings.fetch.allow_private_articles,
        )
    except Exception:
        # Articles only add text: without them the items are classified on what they have.
        log.exception("article fetching failed")


def run_cycle(
    ctx: Context,
    sources: list[Source],
    clock: Callable[[], datetime],
    on_progress: Callable[[CycleProgress], None] | None = None,
    flush: bool = True,
    states: dict[str, SourceState] | None = None,
    budget: articles.Budget | None = None,
) -> CycleReport:
    """Poll the given sources, each through to the store as its fetch completes; then the
    article batch, source health, and (unless `flush` is off) the sends that are due.

    `states` are the sources' states if the caller has already read them (`sources.states`);
    `budget` is the article fetches allowed, when the caller shares one between cycles
    (the daemon's source jobs do), else this cycle gets `[fetch] articles_per_cycle`.
    The daemon passes `flush=False` and sends from one place at a time, so that two
    sources' jobs never send the same delivery twice. A full disk under state_dir ends the
    cycle with one `DiskFull`: every later write would fail the same way.
    """
    try:
        return _cycle(ctx, sources, clock, on_progress, flush, states, budget)
    except Exception as exc:
        full = ctx.store.disk_full(exc)
        if full is None:
            raise
        raise full from None


def _cycle(
    ctx: Context,
    sources: list[Source],
    clock: Callable[[], datetime],
    on_progress: Callable[[CycleProgress], None] | None,
    flush: bool,
    states: dict[str, SourceState] | None,
    budget: articles.Budget | None,
) -> CycleReport:
    known = states if states is not None else sources_.states(ctx.store, sources, announce=True)
    by_name = {s.name: s for s in sources}
    total = len(sources)
    fetched = CycleProgress("fetch", 0, total)
    processed = CycleProgress("process", 0, total)
    polls: dict[str, PollReport] = {}
    crashed: set[str] = set()
    waiting: list[SourcePoll] = []
    wanting: list[Item] = []  # the waiting polls' items that want their article
    if budget is None:
        budget = articles.Budget(ctx.settings.fetch.articles_per_cycle)
    reserved = 0  # article fetches promised to the sources waiting for them

    def show(progress: CycleProgress) -> None:
        if on_progress:
            on_progress(progress)

    def done(name: str, report: PollReport) -> None:
        polls[name] = report
        processed.done += 1
        processed.new_items += report.new_items
        processed.errors += bool(report.error)
        show(processed)

    def failed(source: Source, exc: Exception) -> None:
        crashed.add(source.name)
        done(source.name, _crashed(ctx, source, exc))

    def arrived(result: FetchResult) -> None:
        # Runs as each fetch completes, before the next one is handled.
        nonlocal reserved
        fetched.done += 1
        fetched.errors += not result.ok
        show(fetched)
        source = by_name[result.source]
        try:
            poll = prepare(ctx, source, result, clock(), known[source.name])
            if reserved < budget.remaining:
                wanted = [
                    n.item for n in poll.items if articles.wants_article(n.item, ctx.classifier)
                ]
                if wanted:
                    reserved += len(wanted)
                    waiting.append(poll)
                    wanting.extend(wanted)
                    return
            done(source.name, commit(ctx, poll, clock()))
        except Exception as exc:
            failed(source, exc)

    ctx.get_fetcher().fetch([sources_.request_for(s, known[s.name]) for s in sources], arrived)
    if wanting:
        _enrich(ctx, wanting, budget)
    for poll in waiting:
        try:
            done(poll.source.name, commit(ctx, poll, clock(), recheck=True))
        except Exception as exc:
            failed(poll.source, exc)
    report = CycleReport(polls=[polls[s.name] for s in sources])
    report.health = _assess_health(ctx, sources, known, crashed, clock())
    # Nothing pending (most polls): no need to load the outbox, its templates and apprise.
    if flush and ctx.store.outbox.delivery_counts().get("pending"):
        flushed = send_due(ctx.store, ctx.settings, clock())
        report.alerts_sent, report.alerts_failed = flushed.sent, flushed.failed
    return report


def _assess_health(
    ctx: Context,
    sources: list[Source],
    known: dict[str, SourceState],
    crashed: set[str],
    now: datetime,
) -> list[HealthNotice]:
    """Each polled source's health after the poll; store what changed, queue what to say.

    A source whose processing crashed stored nothing: its stored state is the one to judge.
    """
    store, settings = ctx.store, ctx.settings
    said = []
    for source in sources:
        st = (
            store.sources.source_state(source.name)
            if source.name in crashed
            else known[source.name]
        )
        if st is None or st.last_poll is None or not source.enabled:
            continue
        silence = settings.alerts.silence if source.silence is None else source.silence
        with store.transaction():
            record = store.sources.source_health(source.name)
            new, notice = notices.assess(st, record, settings.alerts.source_failures, silence, now)
            if new != record:
                store.sources.save_source_health(new)
            if notice is not None:
                from monitor.alerts import outbox  # loaded only when there is something to say

                outbox.enqueue_health(store, notice, settings, now)
                said.append(notice)
    return said


def send_due(store: Store, settings: Settings, now: datetime) -> outbox.FlushReport:
    """Send every due delivery: the one send path of `once`, the daemon, digests and
    `monitor outbox`."""
    from monitor.alerts import outbox  # with its templates and apprise: only when there is work

    return outbox.flush(store, settings, now)


def _crashed(ctx: Context, source: Source, exc: Exception) -> PollReport:
    # One source's bad data must not sink the cycle; its error is reported. A full disk
    # is no source's fault and fails every write after it: it ends the cycle instead.
    if ctx.store.disk_full(exc) is not None:
        raise exc
    log.error("processing failed source=%s", source.name, exc_info=exc)
    return PollReport(source=source.name, error=f"{type(exc).__name__}: {exc}")
