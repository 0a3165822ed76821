"""A real `monitor once` process killed with SIGKILL at the worst moments, then run again
(in this process, as a fresh run): nothing is lost, and nothing is sent more than once more."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from helpers import (
    CALL,
    NO_CATCHUP,
    VISIT,
    FeedServer,
    Webhook,
    rss,
    run_cli,
    start_monitor,
    wait_until,
    write_config,
)


def _start(cfg: Path) -> subprocess.Popen[str]:
    return start_monitor(
        "once", "--config", str(cfg), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_killed_after_sending_before_marking_resends_at_most_once(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    url = feed_server.serve("/feed.xml", rss([CALL]))
    cfg = write_config(
        tmp_path,
        [{"name": "official", "url": url}],
        [{"name": "hook", "url": webhook.apprise_url}],
        NO_CATCHUP,
    )
    webhook.hold = True  # the alert arrives, but the sender never hears back
    proc = _start(cfg)
    assert webhook.got.wait(60)
    _kill(proc)
    assert len(webhook.received) == 1

    webhook.hold = False
    webhook.release.set()
    again = run_cli("once", "--config", str(cfg))
    assert again.returncode == 0, again.stdout + again.stderr
    # Sent, unmarked, so sent once more: the alert arrived, at most twice, never zero.
    assert len(webhook.received) == 2
    assert webhook.received[0]["title"] == webhook.received[1]["title"]
    assert run_cli("once", "--config", str(cfg)).returncode == 0
    assert len(webhook.received) == 2


def test_killed_mid_cycle_between_good_cycles_loses_and_repeats_nothing(
    tmp_path: Path, feed_server: FeedServer, webhook: Webhook
) -> None:
    url = feed_server.serve("/feed.xml", rss([CALL]))
    cfg = write_config(
        tmp_path,
        [{"name": "official", "url": url}],
        [{"name": "hook", "url": webhook.apprise_url}],
        NO_CATCHUP,
    )
    assert run_cli("once", "--config", str(cfg)).returncode == 0
    assert [r["title"] for r in webhook.received] == ["Phone call: Donald Trump – Xi Jinping"]

    # News arrives; the next process dies while the feed is still downloading.
    feed_server.serve("/feed.xml", rss([CALL, VISIT]), delay=30)
    seen = len(feed_server.requests)
    proc = _start(cfg)
    assert wait_until(lambda: len(feed_server.requests) > seen, 60) is not None, "timed out"
    _kill(proc)

    feed_server.serve("/feed.xml", rss([CALL, VISIT]))
    assert run_cli("once", "--config", str(cfg)).returncode == 0
    assert run_cli("once", "--config", str(cfg)).returncode == 0
    assert [r["title"] for r in webhook.received] == [
        "Phone call: Donald Trump – Xi Jinping",
        "In-person meeting: Donald Trump – Xi Jinping",
    ]
