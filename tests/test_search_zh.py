"""Full-text search over Chinese and English items, and the migration of older databases."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import run_monitor, write_config

from monitor.models import Entry
from monitor.normalize import normalize
from monitor.store import MIGRATIONS, Store
from monitor.store.search import match_query, search_text
from monitor.store.sqlite_lib import sqlite_utils

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)

ITEMS = {
    "simplified": Entry(
        title="国家主席习近平应约同美国总统特朗普通电话",
        url="https://zh.example/1",
        summary="两国元首就双边经贸议题和地区局势交换意见。",
    ),
    "traditional": Entry(
        title="習近平與特朗普通電話 談及台灣與關稅",
        url="https://hk.example/2",
        summary="雙方同意保持溝通，外交部稍後發布通話內容。",
    ),
    "other_zh": Entry(
        title="李强会见来访的德国总理",
        url="https://zh.example/3",
        summary="双方就产业合作深入交流。",
    ),
    "english": Entry(
        title="Xi and Trump hold phone call on trade",
        url="https://en.example/4",
        summary="The leaders talked about tariffs and calling each other again soon.",
    ),
    "english_other": Entry(
        title="Senate calls for tariff review",
        url="https://en.example/5",
        summary="Lawmakers want phone records and a call log.",
    ),
}


def _fill(store: Store, items: dict[str, Entry]) -> dict[str, int]:
    ids = {}
    with store.transaction():
        for name, entry in items.items():
            item = normalize(entry, "src", NOW)
            ids[name] = store.items.add_item(item, [f"url:{entry.url}"])
    return ids


def _found(store: Store, query: str, ids: dict[str, int]) -> set[str]:
    names = {v: k for k, v in ids.items()}
    return {names[i.id] for i in store.items.search(query) if i.id is not None}


def _integrity(store: Store) -> None:
    # Raises unless the index holds exactly what the view gives for every stored row.
    store.db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "m.db")


def test_chinese_words_of_any_length_in_either_script(store: Store) -> None:
    ids = _fill(store, ITEMS)
    both = {"simplified", "traditional"}
    assert _found(store, "通电话", ids) == both
    assert _found(store, "通電話", ids) == both
    assert _found(store, "習近平", ids) == both
    assert _found(store, "习近平", ids) == both
    # Two characters, one character: shorter than any trigram.
    assert _found(store, "通话", ids) == {"traditional"}  # its summary says 通話
    assert _found(store, "李强", ids) == {"other_zh"}
    assert _found(store, "总理", ids) == {"other_zh"}
    # Words are ANDed, a quoted run is a phrase, and OR works as in English.
    assert _found(store, "特朗普 关税", ids) == {"traditional"}
    assert _found(store, '"特朗普通电话"', ids) == both
    assert _found(store, '"特朗普关税"', ids) == set()
    assert _found(store, "李强 OR 关税", ids) == {"other_zh", "traditional"}
    # Chinese punctuation in a query separates words like a space.
    assert _found(store, "习近平，特朗普", ids) == both
    assert _found(store, "《习近平》", ids) == both
    assert _found(store, "普京", ids) == set()


def test_english_search_is_unchanged(store: Store) -> None:
    ids = _fill(store, ITEMS)
    # Porter stemming: every form of "call" matches.
    assert _found(store, "calls", ids) == {"english", "english_other"}
    assert _found(store, "calling", ids) == {"english", "english_other"}
    assert _found(store, '"phone call"', ids) == {"english"}
    assert _found(store, '"call phone"', ids) == set()
    assert _found(store, "title:tariff", ids) == {"english_other"}
    assert _found(store, "tariff*", ids) == {"english", "english_other"}
    # Not valid FTS syntax: the words as a phrase, as before.
    assert _found(store, 'phone call"', ids) == {"english"}
    assert _found(store, "通电话)", ids) == {"simplified", "traditional"}
    # Full-width Latin letters, as Chinese keyboards type them, are plain letters.
    assert _found(store, "ＸＩ ａｎｄ", ids) == {"english"}
    assert _found(store, "Trump 通电话", ids) == set()  # no item has both


def test_mixed_item_and_prefix_queries(store: Store) -> None:
    ids = _fill(
        store,
        {"mixed": Entry(title="Trump says 通话 went well", url="https://x.example/m")},
    )
    assert _found(store, "Trump 通话", ids) == {"mixed"}
    assert _found(store, "通*", ids) == {"mixed"}


def test_index_follows_updates_and_deletes(store: Store) -> None:
    ids = _fill(store, ITEMS)
    store.db.execute(
        "UPDATE items SET text = '習近平複信美國青年' WHERE id = ?", [ids["english_other"]]
    )
    assert _found(store, "复信", ids) == {"english_other"}
    assert _found(store, "calls", ids) == {"english", "english_other"}  # the title stays
    store.db.execute("DELETE FROM items WHERE id = ?", [ids["traditional"]])
    assert _found(store, "习近平", ids) == {"simplified", "english_other"}
    _integrity(store)


def test_query_form() -> None:
    assert match_query("phone call") == "phone call"  # ASCII: untouched
    assert match_query("習近平") == ' "习 近 平" '
    assert match_query('"習近平 通話"') == '" 习  近  平   通  话 "'
    assert match_query("通*") == ' "通"* '
    assert search_text("习近平，通话") == " 习  近  平 , 通  话 "
    assert search_text("Café au lait") == "Café au lait"
    assert search_text(None) is None


def _old_database(path: Path) -> None:
    """A database as the release before the Chinese index wrote it, with items in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(conn)
    db.table("_migrations").create({"name": str, "applied": str}, pk="name")
    for name, func in MIGRATIONS:
        if name == "search_cjk":
            break
        func(db)
        db.table("_migrations").insert({"name": name, "applied": "2026-10-01T00:00:00+00:00"})
    for n, entry in enumerate(ITEMS.values(), 1):
        conn.execute(
            "INSERT INTO items (id, source, url, title, summary, text, first_seen) "
            "VALUES (?, 'src', ?, ?, ?, '', '2026-11-27T03:00:00+00:00')",
            [n, entry.url, entry.title, entry.summary],
        )
    # The old index splits no Chinese: a whole clause is one token.
    hits = conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH '通电话'").fetchall()
    assert hits == []
    conn.close()


def test_migration_indexes_stored_items(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path)
    store = Store(path)
    ids = {name: n for n, name in enumerate(ITEMS, 1)}
    assert store.items.count_items() == len(ITEMS)
    assert _found(store, "通电话", ids) == {"simplified", "traditional"}
    assert _found(store, "習近平", ids) == {"simplified", "traditional"}
    assert _found(store, "calls", ids) == {"english", "english_other"}
    _integrity(store)
    # New items after the migration are indexed by the new triggers.
    more = _fill(
        store, {"new": Entry(title="拜登与习近平举行视频会晤", url="https://zh.example/9")}
    )
    assert _found(store, "视频会晤", {**ids, **more}) == {"new"}
    store.close()
    again = Store(path)
    assert again.migrate() == []
    again.close()


def test_cli_search_in_both_scripts(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, [{"name": "src", "url": "https://zh.example/feed"}])
    store = Store(tmp_path / "state" / "monitor.db")
    _fill(store, ITEMS)
    store.close()
    for query in ("通电话", "習近平"):
        out = run_monitor("search", query, "--json", "--config", str(cfg))
        assert out.returncode == 0, out.stderr
        titles = {r["title"] for r in json.loads(out.stdout)}
        assert titles == {ITEMS["simplified"].title, ITEMS["traditional"].title}
    plain = run_monitor("search", "通話", "--config", str(cfg))
    assert plain.returncode == 0, plain.stderr
    assert ITEMS["traditional"].title in plain.stdout


def test_english_only_work_never_loads_opencc(tmp_path: Path) -> None:
    code = f"""
import sys
from datetime import UTC, datetime
from monitor.models import Entry
from monitor.normalize import normalize
from monitor.store import Store
store = Store({str(tmp_path / "m.db")!r})
item = normalize(Entry(title="Xi and Trump hold phone call", url="https://x.example/1"),
                 "src", datetime(2026, 11, 27, tzinfo=UTC))
with store.transaction():
    store.items.add_item(item, ["url:https://x.example/1"])
assert len(store.items.search("calls")) == 1
print("opencc" in sys.modules)
store.items.search("通话")
print("opencc" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
