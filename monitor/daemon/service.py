"""The long-running monitor: what `monitor run` schedules, and how it starts, reloads and stops.

Each enabled source has its own job at its own interval; each run polls that one source
through `pipeline.run_cycle`, exactly as `monitor once` does. Housekeeping jobs beat the
heartbeat, flush the outbox, write the daily digest and prune old items. Every job opens
the store of its own thread (sqlite3 connections stay on the thread that made them), and
writes in short transactions, so jobs never wait long for each other.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from monitor import articles, pipeline, sources
from monitor.config import Settings
from monitor.daemon import liveness, metrics
from monitor.daemon.scheduler import HOUSEKEEPING, LIVENESS, Scheduler, jitter_for, spread
from monitor.digest import job as digest_job
from monitor.errors import DiskFull, MonitorError
from monitor.sources import backoff
from monitor.store import Store, as_disk_full
from monitor.timeutil import iso, utcnow

if TYPE_CHECKING:
    from monitor.classify import Classifier
    from monitor.fetch import Fetcher

log = logging.getLogger(__name__)

PRUNE_EVERY = 24 * 3600.0
FIRST_PRUNE_AFTER = 60.0
SHORT_INTERVAL = 60.0
# Near-duplicate index rows serve only recent lookups (as `monitor prune` keeps them).
BANDS_KEPT = timedelta(days=7)


class ThreadStores:
    """One Store per thread and database file, opened on first use in that thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self, path: Path) -> Store:
        stores: dict[Path, Store] = self._local.__dict__.setdefault("stores", {})
        store = stores.get(path)
        if store is None:
            store = stores[path] = Store(path)
        return store

    def close_mine(self) -> None:
        """Close the calling thread's stores (other threads' close when those threads end)."""
        for store in self._local.__dict__.pop("stores", {}).values():
            store.close()


def _configured(
    settings: Settings, classifier: Classifier
) -> tuple[Settings, Classifier, Fetcher, articles.Budget]:
    """What every source job works with, made once per config: the fetcher, shared so that
    it keeps [fetch] host_spacing between jobs, and the article budget, shared so that a
    cycle means one pass over the sources, as in `monitor once` (see `articles.Budget`)."""
    enabled = [s.interval for s in settings.sources if s.enabled]
    budget = articles.Budget(
        settings.fetch.articles_per_cycle, period=min(enabled) if enabled else None
    )
    return settings, classifier, pipeline.make_fetcher(settings), budget


class Daemon:
    def __init__(
        self,
        settings: Settings,
        classifier: Classifier,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        # One tuple, swapped whole on reload, so a job never sees new settings with old rules.
        self._config = _configured(settings, classifier)
        self.clock = clock
        self.stores = ThreadStores()
        self.scheduler = Scheduler(workers=settings.fetch.concurrency)
        self.metrics: metrics.Metrics = metrics.Metrics()
        self._lock = liveness.DaemonLock(settings.state_dir)
        self.liveness = liveness.Liveness(settings.state_dir, settings.daemon.stale_seconds)
        self._stopping = threading.Event()
        self._inflight = 0
        self._idle = threading.Condition()
        self._flush_lock = threading.Lock()
        self._flush_wanted = False
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()
        self._intervals: dict[str, float] = {}
        self._skipping: set[str] = set()
        self._disk_full = False

    @property
    def settings(self) -> Settings:
        return self._config[0]

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        settings = self.settings
        self._lock.acquire()
        try:
            self.metrics = metrics.create(
                settings.daemon.metrics_address, settings.daemon.metrics_port
            )
            store = self.stores.get(settings.db_path)
            previous = self.liveness.start(store, os.getpid(), self.clock())
            if previous.get("state") == "running":
                log.warning(
                    "previous daemon did not stop cleanly pid=%s last_heartbeat=%s",
                    previous.get("pid") or "?",
                    previous.get("heartbeat") or "never",
                )
            # Paused while the jobs go in, so each is added with its real next run time.
            self.scheduler.start(paused=True)
            self._schedule(settings, previous=None)
            self.scheduler.resume()
        except BaseException:
            self.metrics.close()
            self._lock.release()
            raise
        enabled = [s for s in settings.sources if s.enabled]
        log.info(
            "daemon started pid=%d sources=%d state_dir=%s",
            os.getpid(),
            len(enabled),
            settings.state_dir,
        )

    def stop(self, grace: float | None = None) -> int:
        """Stop scheduling, give running jobs `grace` seconds, record the stop.

        Returns how many jobs were still running (to be abandoned: each source's writes are
        one transaction, so an abandoned poll leaves nothing half-stored).
        """
        grace = self.settings.daemon.shutdown_grace if grace is None else grace
        self._stopping.set()
        self.scheduler.shutdown()
        with self._idle:
            self._idle.wait_for(lambda: self._inflight == 0, timeout=grace)
            abandoned = self._inflight
        if abandoned:
            log.warning("abandoning running jobs count=%d grace=%gs", abandoned, grace)
        store = self.stores.get(self.settings.db_path)
        self.liveness.stop(store, self.clock(), abandoned)
        self.stores.close_mine()
        self.metrics.close()
        self._lock.release()
        log.info("daemon stopped clean=true abandoned=%d", abandoned)
        return abandoned

    def reload(self, load: Callable[[], tuple[Settings, Classifier]]) -> bool:
        """Apply a new config and rules; keep the running ones if the new ones are bad."""
        old = self.settings
        try:
            settings, classifier = load()
        except MonitorError as exc:
            log.error("reload refused, keeping the running config: %s", exc)
            return False
        if settings.state_dir != old.state_dir:
            log.error(
                "reload refused, keeping the running config: state_dir cannot change while "
                "running (%s -> %s); restart the daemon instead",
                old.state_dir,
                settings.state_dir,
            )
            return False
        self._config = _configured(settings, classifier)
        self.liveness.stale_after = settings.daemon.stale_seconds
        if settings.fetch.per_host != old.fetch.per_host:
            with self._hosts_lock:
                self._hosts = {}  # polls in flight keep (and release) the slots they hold
        self._schedule(settings, previous=old)
        log.info("config reloaded path=%s sources=%d", settings.path, len(self._intervals))
        return True

    # -- scheduling ------------------------------------------------------------------------

    def _schedule(self, settings: Settings, previous: Settings | None) -> None:
        """(Re)create the jobs: sources added, removed or re-timed; housekeeping timers."""
        now = self.clock()
        store = self.stores.get(settings.db_path)
        wanted = {s.name: s for s in settings.sources if s.enabled}
        for name in set(self._intervals) - set(wanted):
            self.scheduler.remove(f"source:{name}")
            del self._intervals[name]
            log.info("source unscheduled source=%s", name)
        for name, source in wanted.items():
            if self._intervals.get(name) == source.interval:
                continue  # unchanged timing; the job reads the new settings when it runs
            state = store.sources.source_state(name)
            due = state.next_poll if state and state.next_poll else now
            first = spread(max(due, now), jitter_for(source.interval))
            self.scheduler.every(
                f"source:{name}",
                self._guarded,
                source.interval,
                first=first,
                jitter=jitter_for(source.interval),
                args=(f"source:{name}", self.poll, name),
            )
            if source.interval < SHORT_INTERVAL and self._intervals.get(name) != source.interval:
                log.warning(
                    "short interval source=%s interval=%gs: under a minute suits tests, "
                    "not real sites",
                    name,
                    source.interval,
                )
            verb = "scheduled" if name not in self._intervals else "rescheduled"
            self._intervals[name] = source.interval
            log.info(
                "source %s source=%s interval=%gs next_poll=%s",
                verb,
                name,
                source.interval,
                iso(self.scheduler.next_run(f"source:{name}") or first),
            )
        self._schedule_housekeeping(settings, previous, now)

    def _schedule_housekeeping(
        self, settings: Settings, previous: Settings | None, now: datetime
    ) -> None:
        d = settings.daemon
        old = previous.daemon if previous else None
        housekeeping: list[tuple[str, float, Callable[[], None], datetime]] = [
            ("heartbeat", d.heartbeat, self.heartbeat, now + timedelta(seconds=d.heartbeat)),
            ("flush", d.flush_interval, self.flush, now + timedelta(seconds=d.flush_interval)),
        ]
        if d.prune_after:
            housekeeping.append(
                ("prune", PRUNE_EVERY, self.prune, now + timedelta(seconds=FIRST_PRUNE_AFTER))
            )
        else:
            self.scheduler.remove("prune")
        for job_id, seconds, func, first in housekeeping:
            unchanged = old is not None and (
                (job_id == "heartbeat" and old.heartbeat == d.heartbeat)
                or (job_id == "flush" and old.flush_interval == d.flush_interval)
                or (job_id == "prune" and old.prune_after)
            )
            if unchanged and job_id in self.scheduler.job_ids():
                continue
            self.scheduler.every(
                job_id,
                self._guarded,
                seconds,
                first=first,
                grace=seconds,
                pool=LIVENESS if job_id == "heartbeat" else HOUSEKEEPING,
                args=(job_id, func),
            )
        same_digest = previous is not None and (
            previous.digest_at == settings.digest_at and previous.timezone == settings.timezone
        )
        if not same_digest:
            self.scheduler.daily("digest", self._digest_job, settings.digest_at, settings.tz)

    def _digest_job(self) -> None:
        self._guarded("digest", self.write_digest)

    # -- jobs ------------------------------------------------------------------------------

    def _guarded(self, job: str, func: Callable[..., None], *args: object) -> None:
        """Run a job unless stopping; count it as running; log, never raise, its failure."""
        if self._stopping.is_set():
            return
        with self._idle:
            self._inflight += 1
        try:
            func(*args)
        except Exception as exc:
            full = as_disk_full(exc, self.settings.state_dir)
            if full is None:
                log.exception("job failed job=%s", job)
            else:
                self._full(full)
        finally:
            with self._idle:
                self._inflight -= 1
                self._idle.notify_all()

    def poll(self, name: str) -> None:
        """One poll of one source, unless its state says not yet."""
        settings, classifier, fetcher, budget = self._config
        source = settings.source(name)
        if source is None or not source.enabled:
            return
        store = self.stores.get(settings.db_path)
        state = sources.state_for(store, source, announce=True)
        reason = backoff.wait_reason(state, source, self.clock())
        if reason:
            # Said once per streak of skips, not at every interval.
            level = logging.DEBUG if name in self._skipping else logging.INFO
            log.log(level, "poll skipped source=%s reason=%s", name, reason)
            self._skipping.add(name)
            return
        self._skipping.discard(name)
        ctx = pipeline.Context(
            settings=settings, store=store, classifier=classifier, fetcher=fetcher
        )
        try:
            with self._host_slot(source.url, settings.fetch.per_host):
                report = pipeline.run_cycle(
                    ctx, [source], self.clock, flush=False, states={name: state}, budget=budget
                )
        except DiskFull as exc:
            self._full(exc)
            return
        except Exception:
            log.exception("poll failed source=%s", name)
            return
        if self._disk_full:
            self._disk_full = False
            log.warning("state_dir is writable again: polls are stored as before")
        self.metrics.polled(report)
        if any(p.new_items for p in report.polls):
            self.flush()

    def _full(self, exc: DiskFull) -> None:
        # Said once while the disk stays full: every job would only repeat it.
        log.log(logging.DEBUG if self._disk_full else logging.ERROR, "%s", exc)
        self._disk_full = True

    @contextmanager
    def _host_slot(self, url: str, per_host: int) -> Iterator[None]:
        """At most `per_host` polls of one host at a time, across all source jobs."""
        host = (urlsplit(url).hostname or "").lower()
        with self._hosts_lock:
            slot = self._hosts.setdefault(host, threading.BoundedSemaphore(per_host))
        with slot:
            yield

    def flush(self) -> None:
        """Send due alerts. One flush at a time (two at once could send a delivery twice);
        a request made while another thread flushes is served by that thread's next round."""
        self._flush_wanted = True
        while self._flush_wanted:
            if not self._flush_lock.acquire(blocking=False):
                return
            try:
                while self._flush_wanted:
                    self._flush_wanted = False
                    self._flush_once()
            finally:
                self._flush_lock.release()

    def _flush_once(self) -> None:
        settings = self.settings
        store = self.stores.get(settings.db_path)
        report = pipeline.send_due(store, settings, self.clock())
        self.metrics.delivered(report.sent, report.failed)
        self.metrics.queue_depth(store.outbox.delivery_counts().get("pending", 0))

    def heartbeat(self) -> None:
        now = self.clock()
        self.liveness.beat(self.stores.get(self.settings.db_path), now)
        self.metrics.heartbeat(now.timestamp())

    def write_digest(self) -> None:
        """The digest of the local day that just ended, sent to the [digest] channels."""
        settings = self.settings
        store = self.stores.get(settings.db_path)
        md_path, _html = digest_job.daily(settings, store, self.clock())
        log.info("digest written path=%s", md_path)
        self.flush()  # queued for the [digest] channels: sent, and counted, like any alert

    def prune(self) -> None:
        settings = self.settings
        if not settings.daemon.prune_after:
            return
        now = self.clock()
        cutoff = now - timedelta(seconds=settings.daemon.prune_after)
        bands = now - min(timedelta(seconds=settings.daemon.prune_after), BANDS_KEPT)
        report = self.stores.get(settings.db_path).dedupe.prune(cutoff, bands_before=bands)
        log.info(
            "pruned items=%d shortened=%d index_rows=%d older_than=%s",
            report.deleted,
            report.stripped,
            report.bands,
            iso(cutoff),
        )
