"""The cost of placing a report into an event, as the event grows.

    python bench/event_size.py [--sizes 10,100,1000,10000] [--reports 500] [--rounds 3]

For each size N, a fresh database holds one Trump-Xi call already reported N times (from
N/2 sources of mixed tiers, bulk-inserted and then tallied), then `--reports` more reports of it go
through `pipeline.place`, the step that finds the event, adds the report and re-weighs
the event (kind, status, anchor, best item), 50 to a transaction as a poll stores them.
CPU time per report (the best of `--rounds` rounds over all sizes, so a warming cache
favours none) is printed with its ratio to the first size, timed in the same run: a
flat cost means a summit reported thousands of times slows nothing down.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import pipeline  # noqa: E402
from monitor.config.schema import EventsSection  # noqa: E402
from monitor.models import Classification, Item  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.store.events import recount_tallies  # noqa: E402
from monitor.timeutil import iso  # noqa: E402

NOW = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)
CALL = Classification(
    kind="phone_call",
    status="occurred",
    leaders=["Donald Trump", "Xi Jinping"],
    topics=["trade_tariffs"],
)
TIERS = ["outlet", "outlet", "outlet", "wire", "official"]
POLL = 50


def _item(item_id: int, at: datetime) -> Item:
    return Item(
        source=f"outlet-{item_id % 400}",
        title=f"Report {item_id}",
        url=None,
        canonical_url=None,
        guid=None,
        summary="",
        text="",
        published=at,
        first_seen=NOW,
        content_hash=str(item_id),
        id=item_id,
    )


def measure(workdir: Path, size: int, reports: int) -> float:
    """CPU seconds per report placed into an event that already has `size` reports."""
    store = Store(Path(tempfile.mkdtemp(dir=workdir)) / "monitor.db")
    policy = EventsSection()
    start = NOW - timedelta(hours=12)
    with store.transaction():
        first = pipeline.place(store, _item(1, start), CALL, "outlet", None, policy, NOW)
    assert first is not None and first.event.id is not None
    rows = [
        (first.event.id, i, iso(NOW), f"src-{i // 2}", TIERS[i % len(TIERS)],
         "phone_call", "occurred", iso(start + timedelta(seconds=i)), "rules")
        for i in range(2, size + 1)
    ]  # fmt: skip
    with store.transaction():
        store.db.conn.executemany(
            "INSERT INTO event_items (event_id, item_id, added, source, tier, kind, status, "
            "at, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        recount_tallies(store.db, first.event.id)
    items = [_item(size + 1 + i, start + timedelta(minutes=i)) for i in range(reports)]
    cpu = time.process_time()
    for i in range(0, reports, POLL):
        with store.transaction():
            for item in items[i : i + POLL]:
                placed = pipeline.place(store, item, CALL, "outlet", None, policy, NOW)
                assert placed is not None and placed.event.id == first.event.id
    elapsed = time.process_time() - cpu
    store.close()
    return elapsed / reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000,10000", help="reports already in the event")
    parser.add_argument("--reports", type=int, default=500, help="reports placed per size")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all sizes")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    costs: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(max(1, args.rounds)):
            for size in sizes:
                cost = measure(Path(tmp), size, args.reports)
                costs[size] = min(cost, costs.get(size, cost))
    base = costs[sizes[0]]
    print(f"{'reports in event':>16} {'us/report':>10} {'x first':>11}")
    for size, cost in costs.items():
        print(f"{size:>16,} {cost * 1e6:>10.0f} {cost / base:>11.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
