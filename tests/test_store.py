from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.models import Classification, Entry, Evidence, SourceState
from monitor.normalize import normalize
from monitor.store import MIGRATIONS, Store

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)


def test_migrations_are_applied_once_and_wal(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.migrate() == []
    store.close()
    again = Store(tmp_path / "m.db")
    names = [r["name"] for r in again.db["_migrations"].rows]
    assert names == [name for name, _ in MIGRATIONS]
    again.close()


def test_items_keys_classifications_and_search(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    item = normalize(
        Entry(
            title="Xi and Trump hold phone call",
            url="https://x.example/1",
            guid="1",
            summary="They discussed tariffs.",
        ),
        "src",
        NOW,
    )
    with store.transaction():
        item_id = store.items.add_item(item, ["guid:src:1", "url:https://x.example/1"])
        store.items.save_classification(
            item_id,
            Classification(
                kind="phone_call",
                status="occurred",
                leaders=["Donald Trump", "Xi Jinping"],
                evidence=[Evidence("r", "title", "phone call")],
            ),
            NOW,
        )
    assert store.items.known_keys(["url:https://x.example/1", "url:other"]) == {
        "url:https://x.example/1"
    }
    found = store.items.search("tariffs")
    assert [f.title for f in found] == ["Xi and Trump hold phone call"]
    assert found[0].classification and found[0].classification.kind == "phone_call"
    # Bad FTS syntax is searched as a plain phrase instead of failing.
    assert [f.title for f in store.items.search('tariffs"')] == ["Xi and Trump hold phone call"]
    assert store.items.search("Putin") == []
    got = store.items.items_between(
        NOW - timedelta(hours=1), NOW + timedelta(hours=1), relevant_only=True
    )
    assert len(got) == 1


def test_search_follows_text_updates_and_ignores_other_columns(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    item = normalize(
        Entry(title="Leaders talk", url="https://x.example/3", text="About soybeans."), "src", NOW
    )
    with store.transaction():
        item_id = store.items.add_item(item, ["url:https://x.example/3"])
        store.dedupe.set_copy_of(item_id, item_id, 0.9)
        store.db.execute("UPDATE items SET event_id = 7 WHERE id = ?", [item_id])
    assert [f.id for f in store.items.search("soybeans")] == [item_id]
    store.db.execute("UPDATE items SET text = 'About fentanyl.' WHERE id = ?", [item_id])
    assert store.items.search("soybeans") == []
    assert [f.id for f in store.items.search("fentanyl")] == [item_id]
    # The index holds exactly the rows' text, as a rebuild from the table would.
    check = "INSERT INTO items_fts (items_fts) VALUES ('integrity-check')"
    store.db.execute(check)


def test_transaction_rolls_back_everything(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    item = normalize(Entry(title="t", url="https://x.example/2"), "src", NOW)
    with pytest.raises(RuntimeError), store.transaction():
        store.items.add_item(item, ["url:https://x.example/2"])
        raise RuntimeError("killed mid-write")
    assert store.items.count_items() == 0
    assert store.items.known_keys(["url:https://x.example/2"]) == set()


def test_source_state_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    st = SourceState(
        name="a",
        url="https://a/",
        etag='"x"',
        last_success=NOW,
        consecutive_failures=2,
        status="backoff",
    )
    store.sources.save_source_state(st)
    back = store.sources.source_state("a")
    assert back == st
