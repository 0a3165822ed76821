"""The near-duplicates' part of the store (`store.dedupe`): signatures, copies, and pruning
old items while keeping their keys. Like the rest of the store it speaks SQL, and hands back
only plain values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from monitor.store.repo import Repo
from monitor.timeutil import iso_end

if TYPE_CHECKING:
    import sqlite_utils


def migrate_near_bands(db: sqlite_utils.Database) -> None:
    # One row per (band key, item); replaced by near_sigs (see migrate_near_sigs).
    db.execute(
        "CREATE TABLE near_bands (band INTEGER NOT NULL, item_id INTEGER NOT NULL, "
        "PRIMARY KEY (band, item_id)) WITHOUT ROWID"
    )
    db.execute("ALTER TABLE items ADD COLUMN dup_of INTEGER")
    db.execute("ALTER TABLE items ADD COLUMN similarity REAL")
    # The content-hash key is now scoped to its source (a copy elsewhere is another report).
    db.execute(
        "INSERT OR IGNORE INTO item_keys (key, item_id, created) "
        "SELECT 'hash:' || source || ':' || content_hash, id, first_seen FROM items"
    )


def migrate_near_sigs(db: sqlite_utils.Database) -> None:
    # Each recent item's signature; processes rebuild their in-memory band index from
    # these, which costs one row per item instead of one per band.
    db.execute("CREATE TABLE near_sigs (item_id INTEGER PRIMARY KEY, sig BLOB NOT NULL)")
    db.execute("DROP TABLE IF EXISTS near_bands")


def migrate_drop_identity_indexes(db: sqlite_utils.Database) -> None:
    # Identity is answered by item_keys (and its keys outlive items); these two indexes
    # served no query and cost two B-tree inserts per item.
    db.execute("DROP INDEX IF EXISTS idx_items_source_guid")
    db.execute("DROP INDEX IF EXISTS idx_items_canonical_url")


def migrate_fts_update_trigger(db: sqlite_utils.Database) -> None:
    # The search entry depends on title, summary and text only; the trigger fired on any
    # update (an item's event, its copy mark) and rewrote the entry each time.
    db.execute("DROP TRIGGER IF EXISTS items_au")
    db.execute(
        'CREATE TRIGGER "items_au" AFTER UPDATE OF title, summary, text ON "items" BEGIN\n'
        '  INSERT INTO "items_fts" ("items_fts", rowid, "title", "summary", "text") '
        'VALUES(\'delete\', old.rowid, old."title", old."summary", old."text");\n'
        '  INSERT INTO "items_fts" (rowid, "title", "summary", "text") '
        'VALUES (new.rowid, new."title", new."summary", new."text");\nEND'
    )


@dataclass
class PruneReport:
    deleted: int = 0  # items removed (their identity keys stay behind as tombstones)
    stripped: int = 0  # items kept for their events, with the body text dropped
    bands: int = 0  # near-duplicate index rows (signatures) removed


class DedupeRepo(Repo):
    """Near-duplicate signatures, copies, and tombstone pruning."""

    def first_item_since(self, since: datetime) -> int | None:
        """The id of the first item not first seen before `since` (ids grow with time): the
        complement of `first_seen < iso_end(since)`, as `prune` counts "before"."""
        row = self.db.execute(
            "SELECT id FROM items WHERE first_seen >= ? ORDER BY first_seen, id LIMIT 1",
            [iso_end(since)],
        ).fetchone()
        return int(row[0]) if row else None

    def next_item_id(self) -> int:
        return 1 + int(self.db.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0])

    def near_signatures(self, after_id: int) -> list[tuple[int, bytes]]:
        """Stored near-duplicate signatures of items after `after_id`, oldest first."""
        rows = self.db.execute(
            "SELECT item_id, sig FROM near_sigs WHERE item_id > ? ORDER BY item_id", [after_id]
        ).fetchall()
        return [(r[0], bytes(r[1])) for r in rows]

    def add_near_signature(self, item_id: int, signature: bytes) -> None:
        if signature:
            self.db.execute(
                "INSERT OR REPLACE INTO near_sigs (item_id, sig) VALUES (?, ?)",
                [item_id, signature],
            )

    def item_event(self, item_id: int) -> tuple[bool, int | None]:
        """Whether the item is stored, and its event."""
        row = self.db.execute("SELECT event_id FROM items WHERE id = ?", [item_id]).fetchone()
        return (True, row[0]) if row else (False, None)

    def set_copy_of(self, item_id: int, original_id: int, similarity: float) -> None:
        self.db.execute(
            "UPDATE items SET dup_of = ?, similarity = ? WHERE id = ?",
            [original_id, round(similarity, 3), item_id],
        )

    def prune(
        self, before: datetime, *, bands_before: datetime | None = None, batch: int = 5000
    ) -> PruneReport:
        """Forget items first seen before `before`, keeping every identity key.

        Items that belong to no event are deleted (with their classification and search
        entry); items of an event keep their row, title and summary for the event's
        listing, and lose their body text. Near-duplicate signatures of items first seen
        before `bands_before` (default: `before`) go too: they only serve recent lookups.
        Works in batches, each its own transaction, so a poll can run in between. An item
        stored a moment before a prune with no age is pruned with the rest (see `iso_end`).
        """
        report = PruneReport()
        cutoff = iso_end(before)
        for ids in self._batches(
            "SELECT id FROM items WHERE first_seen < ? AND event_id IS NULL LIMIT ?",
            cutoff,
            batch,
        ):
            marks = ",".join("?" for _ in ids)
            with self.transaction():
                self.db.execute(f"DELETE FROM classifications WHERE item_id IN ({marks})", ids)
                report.bands += self.db.execute(
                    f"DELETE FROM near_sigs WHERE item_id IN ({marks})", ids
                ).rowcount
                self.db.execute(f"DELETE FROM items WHERE id IN ({marks})", ids)
            report.deleted += len(ids)
        with self.transaction():
            report.stripped = self.db.execute(
                "UPDATE items SET text = '' WHERE first_seen < ? AND event_id IS NOT NULL "
                "AND text != ''",
                [cutoff],
            ).rowcount
            floor = self.first_item_since(bands_before or before) or self.next_item_id()
            report.bands += self.db.execute(
                "DELETE FROM near_sigs WHERE item_id < ?", [floor]
            ).rowcount
        return report

    def _batches(self, sql: str, cutoff: str, size: int) -> Iterator[list[int]]:
        while True:
            ids = [r[0] for r in self.db.execute(sql, [cutoff, size]).fetchall()]
            if not ids:
                return
            yield ids
