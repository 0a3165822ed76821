"""Store queries for near-duplicates and for pruning old items while keeping their keys.

A part of `Store` (mixed into it), kept apart so the store module stays readable; like
the rest of the store it speaks SQL, and hands back only plain values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from monitor.timeutil import iso

if TYPE_CHECKING:
    import sqlite_utils


def migrate_near_bands(db: sqlite_utils.Database) -> None:
    # One row per (band key, item): the primary key is the lookup index, and a table
    # without rowid keeps it to a single B-tree.
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


@dataclass
class PruneReport:
    deleted: int = 0  # items removed (their identity keys stay behind as tombstones)
    stripped: int = 0  # items kept for their events, with the body text dropped
    bands: int = 0  # near-duplicate band rows removed


class DedupeQueries:
    """Near-duplicate band keys, copies, and tombstone pruning."""

    db: sqlite_utils.Database

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # provided by Store

    def first_item_since(self, since: datetime) -> int | None:
        """The id of the first item first seen at or after `since` (ids grow with time)."""
        row = self.db.execute(
            "SELECT id FROM items WHERE first_seen >= ? ORDER BY first_seen, id LIMIT 1",
            [iso(since)],
        ).fetchone()
        return int(row[0]) if row else None

    def near_candidates(
        self, bands: list[int], min_item_id: int
    ) -> list[tuple[int, int | None, str, str, str]]:
        """Items from `min_item_id` on sharing a band key: (id, event_id, title, summary, text)."""
        marks = ",".join("?" for _ in bands)
        rows = self.db.execute(
            "SELECT i.id, i.event_id, i.title, i.summary, i.text FROM items i WHERE i.id IN "
            f"(SELECT DISTINCT item_id FROM near_bands WHERE band IN ({marks}) AND item_id >= ?)",
            [*bands, min_item_id],
        ).fetchall()
        return [(r[0], r[1], r[2] or "", r[3] or "", r[4] or "") for r in rows]

    def add_near_bands(self, item_id: int, bands: list[int]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO near_bands (band, item_id) VALUES (?, ?)",
            [(b, item_id) for b in bands],
        )

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
        listing, and lose their body text. Near-duplicate band rows of items first seen
        before `bands_before` (default: `before`) go too: they only serve recent lookups.
        Works in batches, each its own transaction, so a poll can run in between.
        """
        report = PruneReport()
        cutoff = iso(before) or ""
        for ids in self._batches(
            "SELECT id FROM items WHERE first_seen < ? AND event_id IS NULL LIMIT ?",
            cutoff,
            batch,
        ):
            marks = ",".join("?" for _ in ids)
            with self.transaction():
                self.db.execute(f"DELETE FROM classifications WHERE item_id IN ({marks})", ids)
                report.bands += self.db.execute(
                    f"DELETE FROM near_bands WHERE item_id IN ({marks})", ids
                ).rowcount
                self.db.execute(f"DELETE FROM items WHERE id IN ({marks})", ids)
            report.deleted += len(ids)
        with self.transaction():
            report.stripped = self.db.execute(
                "UPDATE items SET text = '' WHERE first_seen < ? AND event_id IS NOT NULL "
                "AND text != ''",
                [cutoff],
            ).rowcount
            floor = self.first_item_since(bands_before or before)
            if floor is None:
                floor = 1 + (self.db.execute("SELECT max(id) FROM items").fetchone()[0] or 0)
            report.bands += self.db.execute(
                "DELETE FROM near_bands WHERE item_id < ?", [floor]
            ).rowcount
        return report

    def _batches(self, sql: str, cutoff: str, size: int) -> Iterator[list[int]]:
        while True:
            ids = [r[0] for r in self.db.execute(sql, [cutoff, size]).fetchall()]
            if not ids:
                return
            yield ids
