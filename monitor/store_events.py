"""Store queries for the reports that make up an event.

A part of `Store` (mixed into it). Each (event, item) row records what that item said
(its own kind and status), its source and the source's tier, and its instant, so an
event can be re-weighed from its own rows when a report arrives, in any process:
`event_tallies` sums them up per status and kind, `best_report` picks its best item.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from monitor.events import OUTLET_RANK, TIER_RANK
from monitor.models import Event, EventItem, EventReport, KindTally
from monitor.store_rows import dt, evidence_from_json, evidence_json, pk
from monitor.timeutil import iso, parse_iso

if TYPE_CHECKING:
    import sqlite_utils

# `events.TIER_RANK` as SQL, over the event_items.tier column.
_RANK_SQL = (
    "CASE tier "
    + " ".join(f"WHEN '{tier}' THEN {rank}" for tier, rank in TIER_RANK.items())
    + f" ELSE {OUTLET_RANK} END"
)


def migrate_event_reports(db: sqlite_utils.Database) -> None:
    for column in ("source", "tier", "kind", "status", "at", "via"):
        db.execute(f"ALTER TABLE event_items ADD COLUMN {column} TEXT")
    db.execute(
        "UPDATE event_items SET "
        "source = (SELECT source FROM items WHERE id = item_id), "
        "tier = 'outlet', via = 'rules', "
        "kind = coalesce((SELECT kind FROM classifications WHERE item_id = "
        "event_items.item_id), 'none'), "
        "status = (SELECT status FROM classifications WHERE item_id = event_items.item_id), "
        "at = (SELECT coalesce(published, first_seen) FROM items WHERE id = item_id)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_alerts_event ON alerts (event_id)")


class EventQueries:
    """Events, their reports, and whether an event was ever alerted."""

    db: sqlite_utils.Database

    def add_report(self, event_id: int, report: EventReport, now: datetime) -> None:
        self.db.execute("UPDATE items SET event_id = ? WHERE id = ?", [event_id, report.item_id])
        self.db.execute(
            "INSERT OR REPLACE INTO event_items "
            "(event_id, item_id, added, source, tier, kind, status, at, via) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                event_id,
                report.item_id,
                iso(now),
                report.source,
                report.tier,
                report.kind,
                report.status,
                iso(report.at),
                report.via,
            ],
        )

    def event_tallies(self, event_id: int) -> list[KindTally]:
        """What the event's reports add up to, per status and kind, counted in SQLite so
        a report costs the same whether its event has three reports or three thousand."""
        rows = self.db.execute(
            f"SELECT status, coalesce(kind, 'none'), min({_RANK_SQL}), "
            "count(DISTINCT source), min(at) FROM event_items "
            "WHERE event_id = ? AND at IS NOT NULL GROUP BY 1, 2",
            [event_id],
        ).fetchall()
        return [
            KindTally(status=status, kind=kind, rank=rank, sources=sources, earliest=when)
            for status, kind, rank, sources, at in rows
            if (when := parse_iso(at)) is not None
        ]

    def best_report(self, event_id: int, status: str) -> int | None:
        """The item that best stands for the event: a report of its status first, then
        the highest source tier (`events.TIER_RANK`), then the earliest."""
        row = self.db.execute(
            "SELECT item_id FROM event_items WHERE event_id = ? "
            f"ORDER BY status IS NOT ?, {_RANK_SQL}, at IS NULL, at, item_id LIMIT 1",
            [event_id, status],
        ).fetchone()
        return row[0] if row else None

    def has_alerts(self, event_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM alerts WHERE event_id = ? LIMIT 1", [event_id])
        return row.fetchone() is not None

    def events_near(self, leader_key: str, start: datetime, end: datetime) -> list[Event]:
        rows = self.db.query(
            "SELECT * FROM events WHERE leader_key = ? AND at >= ? AND at <= ? ORDER BY at",
            [leader_key, iso(start), iso(end)],
        )
        return [self._event_from_row(r, with_items=False) for r in rows]

    def save_event(self, ev: Event, leader_key: str, best_item_id: int | None) -> int:
        row = {
            "kind": ev.kind,
            "status": ev.status,
            "leaders": json.dumps(ev.leaders),
            "leader_key": leader_key,
            "date": ev.date,
            "at": iso(ev.at),
            "first_seen": iso(ev.first_seen),
            "updated": iso(ev.updated or ev.first_seen),
            "topics": json.dumps(ev.topics),
            "best_item_id": best_item_id,
            "evidence": evidence_json(ev.evidence),
        }
        columns = list(row)
        if ev.id is None:
            cur = self.db.execute(
                f"INSERT INTO events ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                list(row.values()),
            )
            ev.id = pk(cur.lastrowid)
        else:
            self.db.execute(
                f"UPDATE events SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*row.values(), ev.id],
            )
        return ev.id

    def event_head(self, event_id: int) -> Event | None:
        """An event without its items: what clustering needs to extend it."""
        row = next(iter(self.db.query("SELECT * FROM events WHERE id = ?", [event_id])), None)
        return self._event_from_row(row, with_items=False) if row else None

    def event(self, event_id: int) -> Event | None:
        row = next(iter(self.db.query("SELECT * FROM events WHERE id = ?", [event_id])), None)
        return self._event_from_row(row) if row else None

    def events(self, since: datetime | None = None, until: datetime | None = None) -> list[Event]:
        sql, args = "SELECT * FROM events WHERE 1=1", []
        if since:
            sql += " AND (first_seen >= ? OR updated >= ?)"
            args += [iso(since), iso(since)]
        if until:
            sql += " AND first_seen < ?"
            args.append(iso(until))
        sql += " ORDER BY date DESC, first_seen DESC"
        return [self._event_from_row(r) for r in self.db.query(sql, args)]

    def _event_from_row(self, row: dict[str, Any], with_items: bool = True) -> Event:
        ev = Event(
            id=row["id"],
            kind=row["kind"],
            status=row["status"],
            leaders=json.loads(row["leaders"]),
            date=row["date"],
            first_seen=dt(row["first_seen"]),
            topics=json.loads(row["topics"] or "[]"),
            at=parse_iso(row["at"]),
            updated=parse_iso(row["updated"]),
            evidence=evidence_from_json(row.get("evidence")),
        )
        if with_items:
            items = list(
                self.db.query(
                    "SELECT i.id, i.title, i.url, i.source, i.published FROM event_items e "
                    "JOIN items i ON i.id = e.item_id WHERE e.event_id = ? ORDER BY i.first_seen, i.id",
                    [ev.id],
                )
            )
            ev.items = [
                EventItem(r["title"], r["url"], r["source"], parse_iso(r["published"]))
                for r in items
            ]
            ev.sources = len({r["source"] for r in items})
            best = next(
                (r for r in items if r["id"] == row["best_item_id"]), items[0] if items else None
            )
            if best:
                ev.best_title, ev.best_url, ev.best_source = (
                    best["title"],
                    best["url"],
                    best["source"],
                )
        return ev
