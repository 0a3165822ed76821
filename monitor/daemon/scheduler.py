"""When things run. The only importer of apscheduler (3.x).

A small surface over APScheduler's BackgroundScheduler: jobs that repeat at an interval with
jitter, and jobs that run daily at a local time. Every job coalesces missed runs into one,
never overlaps itself, and has an explicit misfire grace (APScheduler's default of 1 s
silently drops runs as soon as the pool is busy). Jobs run on one of three thread pools:
`work` (polls, sized like the fetch concurrency), `housekeeping` (outbox, digest, pruning)
and `liveness` (the heartbeat alone), so neither slow fetches nor a long prune delay the
heartbeat and make a working daemon look dead.
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

WORK = "work"
HOUSEKEEPING = "housekeeping"
LIVENESS = "liveness"


def jitter_for(interval: float) -> float:
    """Up to a tenth of the interval, at most 30 s: spreads sources without delaying them much."""
    return min(interval * 0.1, 30.0)


def misfire_grace_for(interval: float) -> int:
    """A run that is late by up to one interval (at least 30 s) still runs; later ones coalesce."""
    return int(max(interval, 30.0))


class Scheduler:
    def __init__(self, workers: int, housekeeping_workers: int = 2) -> None:
        self._s = BackgroundScheduler(
            executors={
                WORK: ThreadPoolExecutor(max_workers=workers),
                HOUSEKEEPING: ThreadPoolExecutor(max_workers=housekeeping_workers),
                LIVENESS: ThreadPoolExecutor(max_workers=1),
            },
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone=UTC,
        )

    def start(self, paused: bool = False) -> None:
        """Start the scheduler thread; `paused` computes run times but runs nothing yet."""
        self._s.start(paused=paused)

    def resume(self) -> None:
        self._s.resume()

    def shutdown(self) -> None:
        """Stop scheduling at once; jobs already running are left to finish (or be abandoned)."""
        if self._s.running:
            self._s.shutdown(wait=False)

    def every(
        self,
        job_id: str,
        func: Callable[..., Any],
        seconds: float,
        *,
        first: datetime | None = None,
        jitter: float = 0.0,
        grace: float | None = None,
        pool: str = WORK,
        args: tuple[Any, ...] = (),
    ) -> None:
        """Run `func(*args)` at `first` (default: one interval from now), then every `seconds`,
        each later run up to `jitter` seconds late."""
        start = first or datetime.now(UTC) + timedelta(seconds=seconds)
        trigger = IntervalTrigger(seconds=seconds, start_date=start, jitter=jitter or None)
        self._s.add_job(
            func,
            trigger,
            # Explicit: left to the trigger, a start a few microseconds past would move the
            # first run a whole interval later.
            next_run_time=start,
            args=args,
            id=job_id,
            name=job_id,
            executor=pool,
            misfire_grace_time=int(grace if grace is not None else misfire_grace_for(seconds)),
            replace_existing=True,
        )

    def daily(
        self,
        job_id: str,
        func: Callable[..., Any],
        at: str,
        tz: ZoneInfo,
        *,
        grace: float = 6 * 3600,
        pool: str = HOUSEKEEPING,
    ) -> None:
        """Run `func()` every day at `at` (HH:MM) in the time zone `tz`."""
        hour, minute = (int(part) for part in at.split(":"))
        self._s.add_job(
            func,
            CronTrigger(hour=hour, minute=minute, timezone=tz),
            id=job_id,
            name=job_id,
            executor=pool,
            misfire_grace_time=int(grace),
            replace_existing=True,
        )

    def remove(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):
            self._s.remove_job(job_id)

    def job_ids(self) -> set[str]:
        return {job.id for job in self._s.get_jobs()}

    def next_run(self, job_id: str) -> datetime | None:
        job = self._s.get_job(job_id)
        # A job added before the scheduler starts has no next run time yet.
        return getattr(job, "next_run_time", None) if job else None


def spread(start: datetime, seconds: float) -> datetime:
    """A moment in the `seconds` after `start`: sources due together do not all go at once."""
    return start + timedelta(seconds=random.uniform(0, seconds))
