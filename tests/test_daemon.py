"""The daemon in-process: concurrent jobs on one database, reloads, the flusher, pruning,
the digest timer, metrics and the lock; real feeds and sinks on 127.0.0.1."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import FeedServer, Webhook, free_port, wait_until, write_config
from helpers import wire_rss as rss

from monitor import config, pipeline
from monitor.classify import Classifier
from monitor.daemon.service import Daemon, ThreadStores
from monitor.errors import ConfigError, StoreError
from monitor.models import Source, SourceState
from monitor.sources import backoff
from monitor.store import Store

FAST = '\n[daemon]\nheartbeat = "1s"\nflush_interval = "1s"\n'


def quiet(prefix: str, n: int, start: int = 0) -> list[tuple[str, str]]:
    return [
        (f"{prefix}-{i}", f"Port authority report number {i} from {prefix}")
        for i in range(start, n)
    ]


CALL = ("call-1", "Trump and Xi Jinping hold phone call on trade and fentanyl")

_classifier: Classifier | None = None


def load(path: Path) -> tuple[config.Settings, Classifier]:
    global _classifier
    settings = config.load(path)
    if _classifier is None:  # the shipped rules, loaded once for the module
        _classifier = Classifier.load(settings.rules_path)
    return settings, _classifier


@pytest.fixture
def running() -> Iterator[list[Daemon]]:
    daemons: list[Daemon] = []
    yield daemons
    for d in daemons:
        if not d._stopping.is_set():
            d.stop(grace=5)


# -- config --------------------------------------------------------------------------------


def test_daemon_section_reads_durations_and_defaults(tmp_path: Path) -> None:
    path = write_config(tmp_path, [], extra=FAST + 'stale_after = "10s"\nprune_after = "30d"\n')
    d = config.load(path).daemon
    assert (d.heartbeat, d.flush_interval, d.stale_seconds) == (1, 1, 10)
    assert d.prune_after == 30 * 86400
    assert (d.metrics_port, d.metrics_address) == (0, "127.0.0.1")
    default = config.load(write_config(tmp_path, [])).daemon
    assert default.stale_seconds == 3 * default.heartbeat


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('heartbeat = "10s"\nstale_after = "5s"', "must be longer than heartbeat"),
        ("metrics_port = 70000", "daemon.metrics_port"),
        ('flush_interval = "0s"', "daemon.flush_interval: must be at least 1s"),
        ("heartbeats = 3", "daemon.heartbeats: unknown key"),
    ],
)
def test_daemon_section_problems_name_the_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        config.load(write_config(tmp_path, [], extra=f"\n[daemon]\n{extra}\n"))
    assert message in str(err.value)


# -- when a source's job polls -------------------------------------------------------------


def test_skip_reason_follows_backoff_gone_and_tolerates_an_early_run() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    src = Source(name="a", kind="rss", url="https://a.example/feed", interval=60)

    def skip_reason(state: SourceState | None, source: Source) -> str | None:
        # What a source's job does: the stored state, reconciled with the config, then the rule.
        st = replace(state) if state else SourceState(name=source.name)
        backoff.reconcile(st, source)
        return backoff.wait_reason(st, source, now)

    assert skip_reason(None, src) is None
    st = SourceState(name="a", url=src.url, status="ok", next_poll=now + timedelta(seconds=20))
    assert skip_reason(st, src) is None  # a little early (jitter, a slow last fetch)
    st.next_poll = now + timedelta(minutes=10)
    assert "backing off" in (skip_reason(st, src) or "")
    st.status, st.next_poll = "gone", None
    assert skip_reason(st, src) == "gone"
    moved = Source(name="a", kind="rss", url="https://a.example/new-feed", interval=60)
    assert skip_reason(st, moved) is None  # a new URL in the config gets a new chance


def test_thread_stores_gives_each_thread_its_own_connection(tmp_path: Path) -> None:
    stores = ThreadStores()
    db = tmp_path / "m.db"
    mine = stores.get(db)
    assert stores.get(db) is mine
    theirs: list[Store] = []

    def other_thread() -> None:
        theirs.append(stores.get(db))
        theirs[0].set_meta("written_by", "other thread")
        stores.close_mine()

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert theirs and theirs[0] is not mine
    assert mine.get_meta("written_by") == "other thread"
    stores.close_mine()


# -- concurrency ---------------------------------------------------------------------------


def test_concurrent_source_jobs_share_the_database_without_lock_errors(
    tmp_path: Path,
    feed_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
    running: list[Daemon],
) -> None:
    caplog.set_level(logging.INFO)
    names = [f"s{i}" for i in range(10)]
    for name in names:
        feed_server.serve(f"/{name}.xml", rss(quiet(name, 40)))
    sources = [{"name": n, "url": f"{feed_server.url}/{n}.xml", "interval": "1s"} for n in names]
    cfg = write_config(tmp_path, sources, extra=FAST)
    daemon = Daemon(*load(cfg))
    running.append(daemon)
    daemon.start()
    # Every source gets new items while the others write theirs, the heartbeat beats and
    # the pruner deletes: many writers on one SQLite file, from many threads.
    for round_ in range(1, 4):
        time.sleep(0.8)
        for name in names:
            feed_server.serve(f"/{name}.xml", rss(quiet(name, 40 + 10 * round_)))
        daemon.prune()
    db = sqlite3.connect(tmp_path / "state" / "monitor.db")

    def stored() -> dict[str, int]:
        return dict(db.execute("SELECT source, count(*) FROM items GROUP BY source").fetchall())

    wait_until(lambda: stored() == dict.fromkeys(names, 70), 20)  # a busy machine polls later
    assert daemon.stop(grace=10) == 0
    assert stored() == dict.fromkeys(names, 70)
    db.close()
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not problems
    assert not [r for r in caplog.records if "locked" in r.getMessage()]
    polls = [r for r in caplog.records if r.getMessage().startswith("polled source=")]
    assert len(polls) >= 2 * len(names)


def test_flushes_from_many_threads_send_each_delivery_once(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    webhook.delay = 0.3  # answers slowly, so that overlapping flushes would overlap
    url = feed_server.serve("/wire.xml", rss(quiet("w", 2)))
    cfg = write_config(
        tmp_path, [{"name": "wire", "url": url}], [{"name": "hook", "url": webhook.apprise_url}]
    )
    settings, classifier = load(cfg)
    store = Store(settings.db_path)
    ctx = pipeline.Context(settings=settings, store=store, classifier=classifier)
    pipeline.run_cycle(ctx, list(settings.sources), lambda: datetime.now(UTC), flush=False)
    feed_server.serve("/wire.xml", rss([*quiet("w", 2), CALL]))
    report = pipeline.run_cycle(ctx, list(settings.sources), lambda: datetime.now(UTC), flush=False)
    store.close()
    assert report.polls[0].new_events == 1 and report.alerts_sent == 0

    daemon = Daemon(settings, classifier)
    threads = [threading.Thread(target=daemon.flush) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(webhook.received) == 1


# -- reload --------------------------------------------------------------------------------


def test_reload_adds_removes_and_retimes_sources_and_refuses_bad_configs(
    tmp_path: Path, feed_server: FeedServer, running: list[Daemon]
) -> None:
    urls = {n: feed_server.serve(f"/{n}.xml", rss(quiet(n, 1))) for n in ("a", "b", "c")}
    cfg = write_config(
        tmp_path,
        [{"name": "a", "url": urls["a"], "interval": "1h"}, {"name": "b", "url": urls["b"]}],
    )
    daemon = Daemon(*load(cfg))
    running.append(daemon)
    daemon.start()
    assert {"source:a", "source:b", "heartbeat", "flush", "digest", "prune"} <= (
        daemon.scheduler.job_ids()
    )

    write_config(
        tmp_path,
        [
            {"name": "b", "url": urls["b"], "interval": "2h"},
            {"name": "c", "url": urls["c"], "interval": "30m"},
        ],
        extra='\n[digest]\nat = "06:30"\n',
    )
    assert daemon.reload(lambda: load(cfg))
    jobs = daemon.scheduler.job_ids()
    assert "source:a" not in jobs and {"source:b", "source:c"} <= jobs
    assert daemon._intervals == {"b": 7200, "c": 1800}
    digest_at = daemon.scheduler.next_run("digest")
    assert digest_at is not None and (digest_at.hour, digest_at.minute) == (6, 30)

    def broken() -> tuple[config.Settings, Classifier]:
        raise ConfigError(str(cfg), ["sources[0].interval: not a duration"])

    assert not daemon.reload(broken)
    assert daemon._intervals == {"b": 7200, "c": 1800}

    moved = tmp_path / "elsewhere"
    moved.mkdir()
    other = write_config(moved, [{"name": "b", "url": urls["b"]}])
    assert not daemon.reload(lambda: load(other))  # another state_dir needs a restart
    assert daemon.settings.state_dir == tmp_path / "state"


def test_first_polls_come_soon_and_a_restart_keeps_each_sources_next_poll(
    tmp_path: Path, running: list[Daemon]
) -> None:
    urls = {n: f"http://127.0.0.1:9/{n}.xml" for n in ("fresh", "polled")}
    cfg = write_config(
        tmp_path,
        [{"name": n, "url": u, "interval": "1h"} for n, u in urls.items()],
    )
    settings, classifier = load(cfg)
    later = datetime.now(UTC) + timedelta(minutes=40)
    store = Store(settings.db_path)
    store.sources.save_source_state(
        SourceState(name="polled", url=urls["polled"], status="ok", next_poll=later)
    )
    store.close()
    daemon = Daemon(settings, classifier)
    running.append(daemon)
    started = datetime.now(UTC)
    daemon.start()
    fresh = daemon.scheduler.next_run("source:fresh")
    polled = daemon.scheduler.next_run("source:polled")
    # Never polled: within the jitter (30 s for 1 h), not an hour from now.
    assert fresh is not None and fresh - started < timedelta(seconds=31)
    # Polled by the last daemon: when that one said, not all sources at once on start.
    assert polled is not None and later <= polled < later + timedelta(seconds=31)


def test_a_second_daemon_on_the_same_state_is_refused(
    tmp_path: Path, running: list[Daemon]
) -> None:
    cfg = write_config(tmp_path, [])
    first = Daemon(*load(cfg))
    running.append(first)
    first.start()
    with pytest.raises(StoreError, match="another monitor daemon"):
        Daemon(*load(cfg)).start()
    first.stop(grace=1)
    again = Daemon(*load(cfg))  # the lock went with the first daemon
    running.append(again)
    again.start()


# -- housekeeping --------------------------------------------------------------------------


def test_prune_removes_old_items_but_keeps_their_keys(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.serve("/wire.xml", rss(quiet("old", 5)))
    cfg = write_config(
        tmp_path, [{"name": "wire", "url": url}], extra='\n[daemon]\nprune_after = "30d"\n'
    )
    settings, classifier = load(cfg)
    long_ago = datetime.now(UTC) - timedelta(days=40)
    store = Store(settings.db_path)
    ctx = pipeline.Context(settings=settings, store=store, classifier=classifier)
    pipeline.run_cycle(ctx, list(settings.sources), lambda: long_ago)
    feed_server.serve("/wire.xml", rss([*quiet("old", 5), *quiet("new", 2)]))
    pipeline.run_cycle(ctx, list(settings.sources), lambda: datetime.now(UTC))
    assert store.items.count_items() == 7

    daemon = Daemon(settings, classifier)
    daemon.prune()
    assert store.items.count_items() == 2  # the 40-day-old ones went
    # The same old entries are still in the feed: their keys say they are known.
    feed_server.serve("/wire.xml", rss([*quiet("old", 5), *quiet("new", 3)]))
    report = pipeline.run_cycle(ctx, list(settings.sources), lambda: datetime.now(UTC))
    assert report.polls[0].new_items == 1
    daemon.stores.close_mine()
    store.close()


def test_digest_job_writes_the_day_that_ended(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, [], extra='\n[digest]\nat = "07:00"\n')
    text = cfg.read_text().replace("[monitor]\n", '[monitor]\ntimezone = "Asia/Shanghai"\n')
    cfg.write_text(text)
    settings, classifier = load(cfg)
    now = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)  # 07:30 on 5 May in Shanghai
    daemon = Daemon(settings, classifier, clock=lambda: now)
    daemon.write_digest()
    daemon.stores.close_mine()
    assert (settings.state_dir / "digests" / "2026-05-04.md").is_file()

    daemon.scheduler.daily("digest", daemon.write_digest, settings.digest_at, settings.tz)
    daemon.scheduler.start()
    try:
        at = daemon.scheduler.next_run("digest")
        assert at is not None
        local = at.astimezone(settings.tz)
        assert (local.hour, local.minute) == (7, 0)
    finally:
        daemon.scheduler.shutdown()


def test_metrics_count_polls_and_items_on_loopback(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook, running: list[Daemon]
) -> None:
    pytest.importorskip("prometheus_client")
    port = free_port()  # as a user would pick one
    url = feed_server.serve("/wire.xml", rss(quiet("w", 3)))
    cfg = write_config(
        tmp_path,
        [{"name": "wire", "url": url, "interval": "1s"}],
        [{"name": "hook", "url": webhook.apprise_url}],
        extra=FAST + f"metrics_port = {port}\n",
    )
    daemon = Daemon(*load(cfg))
    running.append(daemon)
    daemon.start()
    assert daemon.metrics.url == f"http://127.0.0.1:{port}/metrics"

    def scrape() -> str:
        with urllib.request.urlopen(daemon.metrics.url, timeout=5) as resp:  # type: ignore[arg-type]
            return resp.read().decode()

    assert wait_until(lambda: 'monitor_items_total{source="wire"} 3.0' in scrape(), 5) is not None
    feed_server.serve("/wire.xml", rss([*quiet("w", 3), CALL]))
    assert wait_until(lambda: 'monitor_alerts_total{outcome="sent"} 1.0' in scrape(), 6) is not None
    text = scrape()
    assert 'monitor_polls_total{outcome="ok",source="wire"}' in text
    assert "monitor_outbox_pending 0.0" in text
    assert "monitor_events_total 1.0" in text
    daemon.stop(grace=5)
    with pytest.raises(OSError):
        scrape()
