"""The scheduler's promises: the first run when asked, coalesced and single runs after."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from monitor.daemon.scheduler import Scheduler, jitter_for, misfire_grace_for


def test_a_first_run_now_is_not_pushed_an_interval_later() -> None:
    sched = Scheduler(workers=1)
    sched.start(paused=True)
    try:
        now = datetime.now(UTC)  # already in the past when the job is added
        sched.every("job", lambda: None, 3600, first=now)
        assert sched.next_run("job") == now
        sched.daily("daily", lambda: None, "07:00", ZoneInfo("Asia/Shanghai"))
        at = sched.next_run("daily")
        assert at is not None
        local = at.astimezone(ZoneInfo("Asia/Shanghai"))
        assert (local.hour, local.minute) == (7, 0) and at > now
        sched.remove("daily")
        sched.remove("daily")  # removing twice is harmless
        assert sched.job_ids() == {"job"}
    finally:
        sched.shutdown()


def test_a_slow_job_never_overlaps_itself() -> None:
    running, most = 0, 0
    runs: list[float] = []
    lock = threading.Lock()

    def slow() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        runs.append(time.monotonic())
        time.sleep(2.5)
        with lock:
            running -= 1

    sched = Scheduler(workers=4)
    sched.start()
    try:
        sched.every("slow", slow, 1, first=datetime.now(UTC) + timedelta(seconds=0.1))
        time.sleep(3.0)
    finally:
        sched.shutdown()
    time.sleep(0.5)
    assert most == 1 and len(runs) == 1  # the runs due meanwhile were skipped, not stacked


def test_jitter_and_grace_scale_with_the_interval() -> None:
    assert jitter_for(2) == 0.2 and jitter_for(3600) == 30
    assert misfire_grace_for(2) == 30 and misfire_grace_for(600) == 600
