"""An event's reports in SQLite: their tallies per status and kind, kept as reports come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import store_event

from monitor import events
from monitor.models import EventReport, KindTally
from monitor.store import Store
from monitor.store.events import recount_tallies
from monitor.timeutil import iso_end

T0 = datetime(2026, 9, 15, 22, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "m.db")


def _add(
    store: Store,
    event_id: int,
    item_id: int,
    source: str,
    tier: str = "outlet",
    kind: str = "phone_call",
    status: str | None = "occurred",
    hours: float = 0,
) -> None:
    report = EventReport(
        item_id=item_id,
        source=source,
        tier=tier,
        kind=kind,
        status=status,
        at=T0 + timedelta(hours=hours),
    )
    store.events.add_report(event_id, report, T0)


def _h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _tallies(store: Store, event_id: int) -> list[KindTally]:
    return sorted(store.events.tallies(event_id), key=lambda t: (str(t.status), t.kind))


def _fill(store: Store) -> tuple[int, int]:
    event_id = store_event(store, T0)
    _add(store, event_id, 1, "outlet-a", status="planned", hours=-48)
    _add(store, event_id, 2, "outlet-a", hours=3)
    _add(store, event_id, 3, "outlet-a", hours=1)
    _add(store, event_id, 4, "agency", tier="wire", hours=2)
    _add(store, event_id, 8, "agency", tier="wire", hours=1.5)
    _add(store, event_id, 5, "gov", tier="official", kind="letter_or_message", hours=4)
    _add(store, event_id, 6, "copycat", kind="none", status=None, hours=5)
    other = store_event(store, T0)
    _add(store, other, 7, "elsewhere", tier="official", hours=-1)
    return event_id, other


EXPECTED = [
    KindTally(None, "none", 2, 1, _h(5), _h(5), 6),
    KindTally("occurred", "letter_or_message", 0, 1, _h(4), _h(4), 5),
    KindTally("occurred", "phone_call", 1, 2, _h(1), _h(1.5), 8),
    KindTally("planned", "phone_call", 2, 1, _h(-48), _h(-48), 1),
]


def test_tallies_count_sources_once_and_keep_the_best_tier_and_earliest(store: Store) -> None:
    event_id, other = _fill(store)
    assert _tallies(store, event_id) == EXPECTED
    assert store.events.tallies(other) == [
        KindTally("occurred", "phone_call", 0, 1, _h(-1), _h(-1), 7)
    ]


def test_a_recount_from_the_reports_gives_the_same_tallies(store: Store) -> None:
    # What the migration does for a database that has reports but no tallies yet.
    event_id, other = _fill(store)
    store.db.execute("DELETE FROM event_tallies")
    recount_tallies(store.db, None)
    assert _tallies(store, event_id) == EXPECTED
    assert [t.best_item_id for t in store.events.tallies(other)] == [7]


def test_a_report_counted_again_replaces_its_row(store: Store) -> None:
    event_id = store_event(store, T0)
    _add(store, event_id, 1, "outlet-a", hours=1)
    _add(store, event_id, 2, "outlet-b", hours=3)
    _add(store, event_id, 1, "outlet-a", tier="wire", hours=2)
    assert store.events.tallies(event_id) == [
        KindTally("occurred", "phone_call", 1, 2, _h(2), _h(2), 1)
    ]
    assert store.db.execute("SELECT count(*) FROM event_items").fetchone()[0] == 2


def test_best_item_prefers_its_status_then_official_and_state_media_then_earliest(
    store: Store,
) -> None:
    event_id = store_event(store, T0)

    def best(status: str) -> int | None:
        return events.best_item(store.events.tallies(event_id), status)

    assert best("occurred") is None
    _add(store, event_id, 1, "outlet", status="planned", tier="official", hours=-5)
    assert best("occurred") == 1  # nothing of its status yet
    _add(store, event_id, 2, "outlet", hours=0)
    assert best("occurred") == 2
    _add(store, event_id, 3, "agency", tier="wire", hours=1)
    assert best("occurred") == 3
    _add(store, event_id, 4, "xinhua", tier="state_media", kind="video_call", hours=3)
    _add(store, event_id, 5, "gov", tier="official", hours=2)
    assert best("occurred") == 5
    assert best("planned") == 1


def test_an_unknown_tier_counts_as_an_outlet(store: Store) -> None:
    event_id = store_event(store, T0)
    _add(store, event_id, 1, "blog", tier="unheard-of", hours=-1)
    assert store.events.tallies(event_id)[0].rank == 2
    _add(store, event_id, 2, "agency", tier="wire", hours=1)
    assert events.best_item(store.events.tallies(event_id), "occurred") == 2


def test_tallies_survive_a_reopen_and_a_rolled_back_report(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    event_id = store_event(store, T0)
    _add(store, event_id, 1, "outlet-a")
    with pytest.raises(RuntimeError), store.transaction():
        _add(store, event_id, 2, "gov", tier="official", hours=-1)
        raise RuntimeError("killed mid-poll")
    store.close()
    again = Store(tmp_path / "m.db")
    assert again.events.tallies(event_id) == [KindTally("occurred", "phone_call", 2, 1, T0, T0, 1)]


def test_a_database_from_before_tallies_gets_them_when_opened(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    event_id, _ = _fill(store)
    store.db.execute("DROP TABLE event_tallies")
    store.db.execute("DROP INDEX idx_event_items_source")
    store.db.execute("DELETE FROM _migrations WHERE name = 'events_tallies'")
    store.close()
    again = Store(tmp_path / "m.db")
    assert _tallies(again, event_id) == EXPECTED
    _add(again, event_id, 9, "gov", tier="official", hours=0.5)
    assert _tallies(again, event_id)[2] == KindTally(
        "occurred", "phone_call", 0, 3, _h(0.5), _h(0.5), 9
    )


def test_a_recount_skips_reports_without_an_instant(store: Store) -> None:
    # Reports recorded from items pruned before reports kept their own instant.
    event_id = store_event(store, T0)
    _add(store, event_id, 1, "outlet-a", hours=2)
    store.db.execute(
        "INSERT INTO event_items (event_id, item_id, added, source, tier, kind, status, at) "
        "VALUES (?, 2, ?, NULL, 'outlet', NULL, NULL, NULL)",
        [event_id, T0.isoformat()],
    )
    recount_tallies(store.db, event_id)
    assert store.events.tallies(event_id) == [
        KindTally("occurred", "phone_call", 2, 1, _h(2), _h(2), 1)
    ]


def test_a_window_ending_now_takes_in_what_was_stored_in_its_last_second(store: Store) -> None:
    # Times are stored to the second: an event first seen at 22:00:00.3 is stored as
    # 22:00:00, and a digest asked for at 22:00:00.6 must still list it.
    seen = T0 + timedelta(milliseconds=300)
    event_id = store_event(store, T0, first_seen=seen)
    assert [e.id for e in store.events.all(until=seen + timedelta(milliseconds=300))] == [event_id]
    # A window that ends on the second exactly (a day's midnight) leaves that second out.
    assert store.events.all(until=T0) == []
    assert iso_end(T0) == "2026-09-15T22:00:00+00:00"
    assert iso_end(seen) == "2026-09-15T22:00:01+00:00"
