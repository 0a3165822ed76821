"""An event's reports in SQLite: their tallies per status and kind, and its best item."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.models import Event, EventReport, KindTally
from monitor.store import Store

T0 = datetime(2026, 9, 15, 22, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "m.db")


def _event(store: Store) -> int:
    event = Event(
        kind="phone_call",
        status="planned",
        leaders=["Donald Trump", "Xi Jinping"],
        date=T0.date().isoformat(),
        first_seen=T0,
        at=T0,
    )
    return store.save_event(event, "Donald Trump|Xi Jinping", None)


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
    store.add_report(event_id, report, T0)


def test_tallies_count_sources_once_and_keep_the_best_tier_and_earliest(store: Store) -> None:
    event_id = _event(store)
    _add(store, event_id, 1, "outlet-a", status="planned", hours=-48)
    _add(store, event_id, 2, "outlet-a", hours=3)
    _add(store, event_id, 3, "outlet-a", hours=1)
    _add(store, event_id, 4, "agency", tier="wire", hours=2)
    _add(store, event_id, 5, "gov", tier="official", kind="letter_or_message", hours=4)
    _add(store, event_id, 6, "copycat", kind="none", status=None, hours=5)
    other = _event(store)
    _add(store, other, 7, "elsewhere", tier="official", hours=-1)

    tallies = sorted(store.event_tallies(event_id), key=lambda t: (str(t.status), t.kind))
    assert tallies == [
        KindTally(None, "none", 2, 1, T0 + timedelta(hours=5)),
        KindTally("occurred", "letter_or_message", 0, 1, T0 + timedelta(hours=4)),
        KindTally("occurred", "phone_call", 1, 2, T0 + timedelta(hours=1)),
        KindTally("planned", "phone_call", 2, 1, T0 - timedelta(hours=48)),
    ]


def test_a_report_counted_again_replaces_its_row(store: Store) -> None:
    event_id = _event(store)
    _add(store, event_id, 1, "outlet-a", hours=1)
    _add(store, event_id, 1, "outlet-a", tier="wire", hours=2)
    assert store.event_tallies(event_id) == [
        KindTally("occurred", "phone_call", 1, 1, T0 + timedelta(hours=2))
    ]


def test_best_report_prefers_its_status_then_official_and_state_media_then_earliest(
    store: Store,
) -> None:
    event_id = _event(store)
    assert store.best_report(event_id, "occurred") is None
    _add(store, event_id, 1, "outlet", status="planned", tier="official", hours=-5)
    assert store.best_report(event_id, "occurred") == 1  # nothing of its status yet
    _add(store, event_id, 2, "outlet", hours=0)
    assert store.best_report(event_id, "occurred") == 2
    _add(store, event_id, 3, "agency", tier="wire", hours=1)
    assert store.best_report(event_id, "occurred") == 3
    _add(store, event_id, 4, "xinhua", tier="state_media", hours=3)
    _add(store, event_id, 5, "gov", tier="official", hours=2)
    assert store.best_report(event_id, "occurred") == 5
    assert store.best_report(event_id, "planned") == 1


def test_an_unknown_tier_counts_as_an_outlet(store: Store) -> None:
    event_id = _event(store)
    _add(store, event_id, 1, "blog", tier="unheard-of", hours=-1)
    assert store.event_tallies(event_id)[0].rank == 2
    _add(store, event_id, 2, "agency", tier="wire", hours=1)
    assert store.best_report(event_id, "occurred") == 2
