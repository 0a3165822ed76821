"""The items' part of the store: identity keys, items, their classifications, search.

Rows never leave here: they become `Item` dataclasses first.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from monitor.models import Classification, Item
from monitor.store.repo import Repo
from monitor.store.rows import dt, evidence_from_json, evidence_json, list_json, pk
from monitor.store.search import match_query
from monitor.timeutil import iso, iso_end, parse_iso

# What `item_from_row` reads: an item `i` with its classification `c`, if it has one.
ITEM_COLUMNS = "SELECT i.*, c.kind, c.status, c.leaders, c.topics, c.score, c.evidence, c.named"
CLASSIFIED = "LEFT JOIN classifications c ON c.item_id = i.id"


def migrate_classification_named(db: Any) -> None:
    """The presidents a reading of kind none names (`Classification.named`); readings
    stored before have none."""
    db.table("classifications").add_column("named", str)


class ItemRepo(Repo):
    """What was seen: items with their identity keys and classifications."""

    def known_keys(self, keys: list[str]) -> set[str]:
        """Which of `keys` are known; one query per 500 keys (a whole feed at once)."""
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" for _ in chunk)
            rows = self.db.execute(f"SELECT key FROM item_keys WHERE key IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def add_item(self, item: Item, keys: list[str]) -> int:
        # Plain statements: this runs for every new item, and sqlite-utils' insert looks
        # the table up on every call, which cost more than the insert itself.
        cur = self.db.execute(
            "INSERT INTO items (source, guid, url, canonical_url, title, summary, text, "
            "published, first_seen, content_hash, event_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                item.source,
                item.guid,
                item.url,
                item.canonical_url,
                item.title,
                item.summary,
                item.text,
                iso(item.published),
                iso(item.first_seen),
                item.content_hash,
                item.event_id,
            ],
        )
        item_id = pk(cur.lastrowid)
        item.id = item_id
        created = iso(item.first_seen)
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO item_keys (key, item_id, created) VALUES (?, ?, ?)",
            [(k, item_id, created) for k in keys],
        )
        return item_id

    def save_classification(self, item_id: int, c: Classification, now: datetime) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO classifications (item_id, kind, status, leaders, topics, "
            "score, evidence, classified_at, named) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                item_id,
                c.kind,
                c.status,
                list_json(c.leaders),
                list_json(c.topics),
                c.score,
                evidence_json(c.evidence),
                iso(now),
                list_json(c.named),
            ],
        )

    def items_between(
        self,
        start: datetime,
        end: datetime,
        *,
        relevant_only: bool = False,
        coverage: bool = False,
    ) -> list[Item]:
        """Items first seen in [start, end), with their classifications: all of them, the
        relevant ones (a communication), or the coverage (relevant, or naming both
        presidents without a communication of its own: analysis, follow-ups)."""
        where = ""
        if coverage:
            where = " AND c.kind IS NOT NULL AND (c.kind != 'none' OR c.named LIKE '[%,%]')"
        elif relevant_only:
            where = " AND c.kind IS NOT NULL AND c.kind != 'none'"
        sql = (
            f"{ITEM_COLUMNS} FROM items i {CLASSIFIED} "
            f"WHERE i.first_seen >= ? AND i.first_seen < ?{where} ORDER BY i.first_seen"
        )
        return [item_from_row(r) for r in self.db.query(sql, [iso(start), iso_end(end)])]

    def search(self, query: str, limit: int = 50) -> list[Item]:
        """Items matching an FTS5 query, best first; Chinese in either script."""
        sql = (
            f"{ITEM_COLUMNS} FROM items_fts f JOIN items i ON i.id = f.rowid {CLASSIFIED} "
            "WHERE items_fts MATCH ? ORDER BY f.rank LIMIT ?"
        )
        try:
            return [item_from_row(r) for r in self.db.query(sql, [match_query(query), limit])]
        except sqlite3.OperationalError:
            # Not valid FTS syntax: search for the words as a plain phrase instead.
            quoted = match_query('"' + query.replace('"', '""') + '"')
            return [item_from_row(r) for r in self.db.query(sql, [quoted, limit])]

    def count_items(self) -> int:
        return int(self.db.table("items").count)


def item_from_row(row: dict[str, Any]) -> Item:
    item = Item(
        id=row["id"],
        source=row["source"],
        title=row["title"] or "",
        url=row["url"],
        canonical_url=row["canonical_url"],
        guid=row["guid"],
        summary=row["summary"] or "",
        text=row["text"] or "",
        published=parse_iso(row["published"]),
        first_seen=dt(row["first_seen"]),
        content_hash=row["content_hash"] or "",
        event_id=row["event_id"],
    )
    if row.get("kind"):
        item.classification = Classification(
            kind=row["kind"],
            status=row["status"],
            leaders=json.loads(row["leaders"] or "[]"),
            topics=json.loads(row["topics"] or "[]"),
            score=row["score"] or 0.0,
            evidence=evidence_from_json(row.get("evidence")),
            named=json.loads(row.get("named") or "[]"),
        )
    return item
