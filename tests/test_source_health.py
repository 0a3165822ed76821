"""Source health alerts (failing, gone, silent, recovered: each said once) and the automatic
catch-up of a new source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import hostile
from helpers import CALL, VISIT, FeedServer, Webhook, rss, run_cli, write_config

from monitor import config, pipeline
from monitor.classify import Classifier
from monitor.models import SourceHealth, SourceState
from monitor.sources import notices
from monitor.store import Store

T0 = datetime(2026, 10, 15, 8, 0, tzinfo=UTC)
DAY = 86400.0


def _state(**kw: Any) -> SourceState:
    return SourceState(name="mfa", last_poll=T0, **kw)


def test_assess_failing_once_then_recovered_once() -> None:
    rec = None
    said = []
    for failures in (1, 2, 3, 4, 5, 6, 7, 0, 0):
        st = _state(consecutive_failures=failures, last_success=T0 - timedelta(hours=3))
        rec, notice = notices.assess(st, rec, 5, 2 * DAY, T0)
        said.append(notice.state if notice else None)
    assert said == [None, None, None, None, "failing", None, None, "recovered", None]
    assert rec is not None and rec.state == "ok"


def test_assess_silence_counts_from_the_last_new_item_or_recovery() -> None:
    rec = SourceHealth("mfa", "ok", T0, T0, None)
    st = _state(last_new_item=T0 + timedelta(hours=1))
    quiet_at = T0 + timedelta(hours=1, days=2)
    _, notice = notices.assess(st, rec, 5, 2 * DAY, quiet_at - timedelta(minutes=1))
    assert notice is None
    rec, notice = notices.assess(st, rec, 5, 2 * DAY, quiet_at)
    assert notice is not None and notice.state == "silent"
    assert notice.since == T0 + timedelta(hours=1)
    _, again = notices.assess(st, rec, 5, 2 * DAY, quiet_at + timedelta(days=5))
    assert again is None  # said once
    st.last_new_item = quiet_at + timedelta(days=1)
    rec, back = notices.assess(st, rec, 5, 2 * DAY, quiet_at + timedelta(days=1, hours=1))
    assert back is not None and back.state == "recovered" and back.previous == "silent"
    # An outage is not silence: after recovering from failing, the clock starts afresh.
    failing = SourceHealth("mfa", "failing", T0, T0, T0)
    old = _state(last_new_item=T0 - timedelta(days=30))
    rec, notice = notices.assess(old, failing, 5, 2 * DAY, T0 + timedelta(days=3))
    assert notice is not None and notice.state == "recovered" and rec.baseline == rec.since
    _, notice = notices.assess(old, rec, 5, 2 * DAY, T0 + timedelta(days=4))
    assert notice is None


def test_assess_gone_at_once_then_recovered_when_the_url_changed() -> None:
    st = _state(consecutive_failures=1, status="gone", last_error="HTTP 410", last_error_at=T0)
    rec, notice = notices.assess(st, None, 5, 2 * DAY, T0)
    assert notice is not None and notice.state == "gone" and notice.since == T0
    assert notice.last_error == "HTTP 410" and rec.state == "gone"
    # Polled again by name, or simply still gone: said once.
    assert notices.assess(st, rec, 5, 2 * DAY, T0 + timedelta(days=3))[1] is None
    # A failing source that turns gone is news again: it will not be polled any more.
    failing = SourceHealth("mfa", "failing", T0, T0, T0)
    assert notices.assess(st, failing, 5, 2 * DAY, T0)[1] is not None
    # Its url changed in the config and the new one answers.
    moved = _state(status="ok", last_success=T0 + timedelta(days=4))
    rec, back = notices.assess(moved, rec, 5, 2 * DAY, T0 + timedelta(days=4))
    assert back is not None and back.state == "recovered" and back.previous == "gone"
    assert rec.state == "ok" and rec.baseline == T0 + timedelta(days=4)


def test_zero_turns_each_check_off() -> None:
    st = _state(consecutive_failures=50, last_new_item=T0 - timedelta(days=99))
    assert notices.assess(st, None, 0, 0, T0)[1] is None
    st.status = "gone"
    assert notices.assess(st, None, 0, 0, T0)[1] is None
    st.status = "ok"
    st.consecutive_failures = 0
    assert (
        notices.assess(st, SourceHealth("mfa", "ok", T0, T0 - timedelta(days=99)), 5, 0, T0)[1]
        is None
    )


def test_silent_source_alerts_once_across_processes_and_recovers(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    url = feed_server.serve("/feed.xml", rss([CALL]))
    cfg = write_config(
        tmp_path,
        [{"name": "official", "url": url, "silence": "1d"}],
        [{"name": "ops", "url": webhook.apprise_url}],
    )
    settings = config.load(cfg)
    classifier = Classifier.load(settings.rules_path)

    def cycle(at: datetime) -> Any:
        store = Store(settings.db_path)  # a fresh connection each time, like a new process
        try:
            ctx = pipeline.Context(settings, store, classifier)
            return pipeline.run_cycle(ctx, list(settings.sources), lambda: at)
        finally:
            store.close()

    cycle(T0)  # the first poll: a silent catch-up of what is there
    assert webhook.received == []
    cycle(T0 + timedelta(hours=23))
    report = cycle(T0 + timedelta(hours=25))
    assert [n.state for n in report.health] == ["silent"]
    cycle(T0 + timedelta(hours=30))
    assert [r["title"] for r in webhook.received] == ["Source silent: official"]
    assert "nothing new for" in str(webhook.received[0]["message"])

    feed_server.serve("/feed.xml", rss([CALL, VISIT]))
    cycle(T0 + timedelta(hours=31))
    titles = [r["title"] for r in webhook.received]
    assert titles[1:] == [
        "In-person meeting: Donald Trump – Xi Jinping",
        "Source recovered: official",
    ]
    cycle(T0 + timedelta(hours=32))
    assert len(webhook.received) == 3


def test_failing_source_alerts_once_and_recovery_once_via_cli(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    url = feed_server.serve("/feed.xml", "down", status=500)
    cfg = write_config(
        tmp_path,
        [{"name": "official", "url": url}],
        [
            {"name": "ops", "url": webhook.apprise_url},
            {"name": "news", "url": webhook.apprise_url, "source_health": False},
        ],
        "\n[alerts]\nsource_failures = 2\n",
    )
    outs = [run_cli("once", "--config", str(cfg)) for _ in range(2)]
    assert [o.returncode for o in outs] == [1, 1]
    assert "source health" not in outs[0].stdout
    assert "source health: official failing" in outs[1].stdout
    # Said once, and only to the channel that takes source-health alerts.
    assert [r["title"] for r in webhook.received] == ["Source failing: official"]
    body = str(webhook.received[0]["message"])
    assert "has failed 2 polls in a row" in body and "HTTP 500" in body
    feed_server.serve("/feed.xml", rss([CALL]))
    back = run_cli("once", "--config", str(cfg))
    assert back.returncode == 0, back.stdout + back.stderr
    # Its first successful poll is a catch-up: the call it finds is recorded, not alerted.
    assert "first poll: recorded without alerting" in back.stdout
    assert [r["title"] for r in webhook.received][1:] == ["Source recovered: official"]


def test_gone_source_alerts_at_once_and_recovers_at_its_new_url(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    old = feed_server.handle("/old.xml", hostile.status(410))
    sources = [{"name": "official", "url": old}]
    channels = [{"name": "ops", "url": webhook.apprise_url}]
    cfg = write_config(tmp_path, sources, channels)
    first = run_cli("once", "--config", str(cfg))
    assert "source health: official gone" in first.stdout
    assert [r["title"] for r in webhook.received] == ["Source gone: official"]
    body = str(webhook.received[0]["message"])
    assert "410 Gone" in body and "no longer polled" in body
    # Skipped from now on, and polled by name it says nothing new.
    run_cli("once", "--config", str(cfg))
    run_cli("once", "--source", "official", "--config", str(cfg))
    assert len(webhook.received) == 1

    sources[0]["url"] = feed_server.serve("/new.xml", rss([CALL]))
    write_config(tmp_path, sources, channels)
    moved = run_cli("once", "--config", str(cfg))
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert [r["title"] for r in webhook.received][1:] == ["Source recovered: official"]
    assert "it was gone since" in str(webhook.received[1]["message"])


def test_new_source_catches_up_then_alerts_what_comes_next(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    url = feed_server.serve("/feed.xml", rss([CALL]))
    cfg = write_config(
        tmp_path, [{"name": "official", "url": url}], [{"name": "hook", "url": webhook.apprise_url}]
    )
    settings = config.load(cfg)
    store = Store(settings.db_path)
    try:
        ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
        first = pipeline.run_cycle(ctx, list(settings.sources), lambda: T0)
        assert first.polls[0].catchup and first.polls[0].new_events == 1
        assert webhook.received == [] and store.outbox.deliveries() == []
        feed_server.serve("/feed.xml", rss([CALL, VISIT]))
        second = pipeline.run_cycle(ctx, list(settings.sources), lambda: T0 + timedelta(hours=1))
        assert not second.polls[0].catchup
        assert [r["title"] for r in webhook.received] == [
            "In-person meeting: Donald Trump – Xi Jinping"
        ]
    finally:
        store.close()
