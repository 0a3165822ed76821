"""The outbox with real parts: feeds and webhooks on loopback, apprise, a SQLite file.

The pipeline runs in-process with a clock the test moves, so backoff can be stepped
through without sleeping.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import CALL, NO_CATCHUP, VISIT, FeedServer, Webhook, rss, write_config

from monitor import config, pipeline
from monitor.alerts import outbox
from monitor.classify import Classifier
from monitor.digest import job as digest_job
from monitor.record import gather
from monitor.store import Store

T0 = datetime(2026, 10, 15, 8, 0, tzinfo=UTC)


@dataclass
class Rig:
    settings: config.Settings
    store: Store
    ctx: pipeline.Context
    now: datetime = T0

    def cycle(self, after: timedelta = timedelta(0)) -> Any:
        self.now += after
        return pipeline.run_cycle(self.ctx, list(self.settings.sources), lambda: self.now)

    def flush(self, after: timedelta = timedelta(0)) -> outbox.FlushReport:
        self.now += after
        return outbox.flush(self.store, self.settings, self.now)

    def states(self, channel: str) -> list[tuple[str, int]]:
        return [
            (d.state, d.attempts) for d in reversed(self.store.outbox.deliveries(channel=channel))
        ]


@pytest.fixture
def make_rig(tmp_path: Path, feed_server: FeedServer) -> Iterator[Any]:
    made: list[Store] = []

    def make(channels: list[dict[str, Any]], entries: list[dict[str, str]], extra: str = "") -> Rig:
        url = feed_server.serve("/feed.xml", rss(entries))
        cfg = write_config(
            tmp_path,
            [{"name": "official", "url": url, "interval": "5m"}],
            channels,
            NO_CATCHUP + 'backoff = "60s"\nbackoff_max = "10m"\n' + extra,
        )
        settings = config.load(cfg)
        store = Store(settings.db_path)
        made.append(store)
        ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
        return Rig(settings, store, ctx)

    yield make
    for store in made:
        store.close()


def test_down_channel_gets_exactly_one_delivery_and_never_delays_the_other(
    make_rig: Any, webhook: Webhook, second_webhook: Webhook
) -> None:
    down, up = webhook, second_webhook
    down.fail = True
    rig = make_rig(
        [{"name": "down", "url": down.apprise_url}, {"name": "up", "url": up.apprise_url}],
        [CALL],
    )
    report = rig.cycle()
    # On time: the working channel got its alert in the very cycle that found the event.
    assert len(up.received) == 1 and report.alerts_sent == 1 and report.alerts_failed == 1
    assert down.posts == 1 and down.received == []
    assert rig.states("down") == [("pending", 1)]

    rig.cycle(timedelta(seconds=30))  # still backing off: not even tried
    assert down.posts == 1
    rig.cycle(timedelta(seconds=31))  # 61 s: second attempt, fails
    assert down.posts == 2
    rig.cycle(timedelta(seconds=60))  # next retry is 120 s after the second attempt
    assert down.posts == 2
    rig.cycle(timedelta(seconds=61))
    assert down.posts == 3 and rig.states("down") == [("pending", 3)]

    down.fail = False
    rig.cycle(timedelta(minutes=5))
    for _ in range(3):
        rig.cycle(timedelta(minutes=10))
    assert len(down.received) == 1 and len(up.received) == 1
    assert down.received[0]["title"] == up.received[0]["title"]
    assert rig.states("down") == [("sent", 4)] and rig.states("up") == [("sent", 1)]


def test_a_failing_channel_stops_for_the_flush_and_holds_its_queue(
    make_rig: Any, webhook: Webhook, second_webhook: Webhook
) -> None:
    webhook.fail = True
    rig = make_rig(
        [
            {"name": "down", "url": webhook.apprise_url},
            {"name": "up", "url": second_webhook.apprise_url},
        ],
        [CALL, VISIT],
    )
    report = rig.cycle()
    # Two alerts each: the failing channel was tried once, its second alert waits unattempted.
    assert webhook.posts == 1 and len(second_webhook.received) == 2
    assert report.alerts_failed == 1
    assert sorted(rig.states("down")) == [("pending", 0), ("pending", 1)]
    due = [d.next_attempt for d in rig.store.outbox.deliveries(channel="down")]
    assert all(d is not None and d >= T0 + timedelta(seconds=60) for d in due)
    webhook.fail = False
    rig.flush(timedelta(seconds=61))
    assert len(webhook.received) == 2
    assert [r["title"] for r in webhook.received] == [r["title"] for r in second_webhook.received]


def test_dead_after_max_attempts_shown_and_retried_once(
    make_rig: Any, webhook: Webhook, tmp_path: Path
) -> None:
    webhook.fail = True
    rig = make_rig([{"name": "hook", "url": webhook.apprise_url}], [CALL], "max_attempts = 2\n")
    rig.cycle()
    report = rig.flush(timedelta(minutes=2))
    assert report.dead == 1 and rig.states("hook") == [("dead", 2)]
    dead = rig.store.outbox.deliveries(states=["dead"])[0]
    assert dead.kind == "event" and "503" in (dead.last_error or "")
    assert "Phone call" in dead.subject
    rig.flush(timedelta(hours=2))
    assert webhook.posts == 2  # dead means no more attempts

    md_path, _ = digest_job.write(
        rig.settings, rig.store, T0 - timedelta(days=1), rig.now, "2026-10-15", rig.now
    )
    section = md_path.read_text().split("## Alerts not delivered")[1].split("##")[0]
    assert "hook: Phone call (occurred)" in section and "gave up after 2 attempts" in section

    webhook.fail = False
    assert outbox.retry_dead(rig.store, rig.now) == 1
    assert rig.flush().sent == 1 and rig.flush(timedelta(hours=1)).sent == 0
    assert len(webhook.received) == 1 and rig.states("hook") == [("sent", 1)]


def test_two_flushers_at_once_send_a_delivery_once(make_rig: Any, webhook: Webhook) -> None:
    rig = make_rig([{"name": "hook", "url": webhook.apprise_url}], [CALL])
    webhook.fail = True
    rig.cycle()  # queued, first attempt failed: due again in a minute
    webhook.fail, webhook.hold = False, True
    later = rig.now + timedelta(minutes=5)
    outcome: dict[str, Any] = {}

    def first() -> None:
        # Like the daemon's timer: another thread with its own connection. It blocks in the
        # send while the webhook holds its answer.
        store = Store(rig.settings.db_path)
        try:
            outcome["first"] = outbox.flush(store, rig.settings, later)
        finally:
            store.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert webhook.got.wait(20)
    outcome["second"] = outbox.flush(rig.store, rig.settings, later)
    webhook.release.set()
    thread.join(30)
    assert outcome["second"].sent == 0 and outcome["first"].sent == 1
    assert len(webhook.received) == 1 and rig.states("hook") == [("sent", 2)]


def test_claims_of_a_dead_process_are_taken_over_and_live_ones_respected(
    make_rig: Any, webhook: Webhook
) -> None:
    rig = make_rig([{"name": "hook", "url": webhook.apprise_url}], [CALL], "")
    webhook.fail = True
    rig.cycle()  # queued, failed once: pending
    webhook.fail = False
    later = rig.now + timedelta(minutes=5)
    host = outbox.OWNER.split("@")[1].split("#")[0]
    alive_owner = f"{os.getppid()}@{host}#another"
    claimed = rig.store.outbox.claim_due(later, alive_owner, later + outbox.LEASE, lambda o: False)
    assert len(claimed) == 1
    assert rig.flush(timedelta(minutes=5)).sent == 0  # a live flusher holds it
    # The same claim from a process that no longer exists is taken over at once.
    rig.store.outbox.release([claimed[0].id])
    rig.store.outbox.claim_due(
        later, f"{2**22 + 17}@{host}#gone", later + outbox.LEASE, lambda o: False
    )
    assert rig.flush().sent == 1 and len(webhook.received) == 1


def test_channel_filters_route_each_alert(
    make_rig: Any, webhook: Webhook, second_webhook: Webhook
) -> None:
    rig = make_rig(
        [
            {"name": "calls", "url": webhook.apprise_url, "kinds": ["phone_call"]},
            {
                "name": "meetings",
                "url": second_webhook.apprise_url,
                "kinds": ["in_person_meeting"],
                "leaders": ["Xi Jinping"],
                "sources": ["official"],
                "min_score": 0.5,
                "statuses": ["occurred"],
            },
        ],
        [CALL, VISIT],
    )
    rig.cycle()
    assert [r["title"] for r in webhook.received] == ["Phone call: Donald Trump – Xi Jinping"]
    assert [r["title"] for r in second_webhook.received] == [
        "In-person meeting: Donald Trump – Xi Jinping"
    ]


def test_min_score_and_topic_filters_can_exclude(make_rig: Any, webhook: Webhook) -> None:
    rig = make_rig(
        [
            {"name": "strict", "url": webhook.apprise_url, "min_score": 0.99},
            {"name": "topical", "url": webhook.apprise_url, "topics": ["nuclear_arms"]},
        ],
        [CALL],
    )
    rig.cycle()
    assert webhook.posts == 0 and rig.store.outbox.deliveries() == []


def test_removed_channel_leaves_a_visible_dead_row(
    make_rig: Any, webhook: Webhook, tmp_path: Path
) -> None:
    webhook.fail = True
    rig = make_rig([{"name": "old", "url": webhook.apprise_url}], [CALL])
    rig.cycle()
    gone = config.load(
        write_config(tmp_path, [], [], NO_CATCHUP)  # the same state dir, no channels left
    )
    report = outbox.flush(rig.store, gone, rig.now + timedelta(hours=1))
    assert report.dead == 1
    dead = rig.store.outbox.deliveries(states=["dead"])
    assert [d.last_error for d in dead] == ["channel no longer configured"]


def test_a_round_of_sends_reads_the_history_once_and_each_event_once(
    make_rig: Any, webhook: Webhook, second_webhook: Webhook, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Context comes from the whole history of communications: one read per round of sends,
    # and one read of an event's reports however many channels it goes to.
    rig = make_rig(
        [
            {"name": "one", "url": webhook.apprise_url},
            {"name": "two", "url": second_webhook.apprise_url},
        ],
        [CALL, VISIT],
    )
    reads: list[str] = []
    real_history, real_reports = gather.history, rig.store.events.reports

    def history(*args: Any, **kwargs: Any) -> Any:
        reads.append("history")
        return real_history(*args, **kwargs)

    def reports(event_id: int) -> Any:
        reads.append("reports")
        return real_reports(event_id)

    monkeypatch.setattr(gather, "history", history)
    monkeypatch.setattr(rig.store.events, "reports", reports)
    rig.cycle()
    assert len(webhook.received) == 2 and len(second_webhook.received) == 2
    assert sorted(r["message"] for r in webhook.received) == sorted(
        r["message"] for r in second_webhook.received
    )
    assert sorted(reads) == ["history", "reports", "reports"]
