"""The article budget: one meaning of a cycle for `monitor once` and the daemon."""

from __future__ import annotations

import threading
from pathlib import Path

from helpers import write_config

from monitor import articles, config
from monitor.classify import Classifier
from monitor.daemon.service import Daemon


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_cycle_budget_is_spent_once_and_never_comes_back() -> None:
    budget = articles.Budget(3)
    assert budget.take(2) == 2 and budget.remaining == 1
    assert budget.take(5) == 1 and budget.take(1) == 0 and budget.remaining == 0


def test_a_shared_budget_comes_back_once_a_period() -> None:
    clock = Clock()
    budget = articles.Budget(4, period=300.0, clock=clock)
    assert budget.take(3) == 3
    clock.now += 299
    assert budget.take(3) == 1  # the same pass over the sources
    clock.now += 1
    assert budget.remaining == 4 and budget.take(10) == 4  # the next pass


def test_jobs_on_many_threads_never_spend_more_than_the_budget() -> None:
    budget = articles.Budget(50, period=3600.0)
    granted: list[int] = []
    lock = threading.Lock()

    def job() -> None:
        for _ in range(20):
            n = budget.take(1)
            with lock:
                granted.append(n)

    threads = [threading.Thread(target=job) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(granted) == 50 and len(granted) == 160


def test_the_daemons_jobs_share_one_budget_per_shortest_interval(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path,
        [
            {"name": "fast", "url": "http://127.0.0.1:9/a.xml", "interval": "5m"},
            {"name": "slow", "url": "http://127.0.0.1:9/b.xml", "interval": "1h"},
            {"name": "off", "url": "http://127.0.0.1:9/c.xml", "interval": "1m", "enabled": False},
        ],
        fetch={"host_spacing": "0s", "articles_per_cycle": 7},
    )
    settings = config.load(cfg)
    daemon = Daemon(settings, Classifier.load(settings.rules_path))
    *_, budget = daemon._config
    assert (budget.per_cycle, budget.period) == (7, 300.0)
