"""The events' part of the store (`store.events`): events and the reports that make them up.

Each (event, item) row records what that item said
(its own kind and status), its source and the source's tier, and its instant, so an
event can be re-weighed from its own rows when a report arrives, in any process:
the tallies per status and kind in `event_tallies` are kept with them, so re-weighing
an event reads a few rows, not all of its reports.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from monitor.events import OUTLET_RANK, TIER_RANK
from monitor.models import Event, EventItem, EventReport, Item, KindTally
from monitor.store.items import CLASSIFIED, ITEM_COLUMNS, item_from_row
from monitor.store.repo import Repo
from monitor.store.rows import dt, evidence_from_json, evidence_json, pk
from monitor.timeutil import iso, iso_end, parse_iso

if TYPE_CHECKING:
    import sqlite_utils


def _rank_sql(column: str) -> str:
    """`events.TIER_RANK` as an SQL expression over a tier column."""
    whens = " ".join(f"WHEN '{tier}' THEN {rank}" for tier, rank in TIER_RANK.items())
    return f"CASE {column} {whens} ELSE {OUTLET_RANK} END"


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


def migrate_event_tallies(db: sqlite_utils.Database) -> None:
    """Per event, status ('' for none) and kind: the best tier (`events.TIER_RANK`), the
    distinct sources, the earliest report, and the best item (the earliest report of the
    best tier), maintained by `add_report`."""
    db.execute(
        "CREATE TABLE event_tallies (event_id INTEGER NOT NULL, status TEXT NOT NULL, "
        "kind TEXT NOT NULL, rank INTEGER NOT NULL, sources INTEGER NOT NULL, "
        "earliest TEXT NOT NULL, best_at TEXT NOT NULL, best_item_id INTEGER NOT NULL, "
        "PRIMARY KEY (event_id, status, kind))"
    )
    # Whether a report's source is already counted: one indexed lookup.
    db.execute(
        "CREATE INDEX idx_event_items_source ON event_items (event_id, status, kind, source)"
    )
    recount_tallies(db, None)


def recount_tallies(db: sqlite_utils.Database, event_id: int | None) -> None:
    """Rebuild the tallies of one event (or of all, with None) from its reports.

    Rows without an instant (an item pruned before reports recorded one) count for none.
    """
    only, args = ("event_id = ? AND ", [event_id]) if event_id is not None else ("", [])
    db.execute(f"DELETE FROM event_tallies WHERE {only}1", args)
    db.execute(
        "INSERT INTO event_tallies "
        "(event_id, status, kind, rank, sources, earliest, best_at, best_item_id) "
        f"SELECT event_id, coalesce(status, ''), coalesce(kind, 'none'), min({_rank_sql('tier')}), "
        "count(DISTINCT source), min(at), '', 0 "
        f"FROM event_items WHERE {only}at IS NOT NULL GROUP BY 1, 2, 3",
        args,
    )
    db.execute(
        "UPDATE event_tallies SET (best_at, best_item_id) = ("
        "SELECT e.at, e.item_id FROM event_items e "
        "WHERE e.event_id = event_tallies.event_id AND e.at IS NOT NULL "
        "AND coalesce(e.status, '') = event_tallies.status "
        "AND coalesce(e.kind, 'none') = event_tallies.kind "
        f"AND {_rank_sql('e.tier')} = event_tallies.rank "
        f"ORDER BY e.at, e.item_id LIMIT 1) WHERE {only}1",
        args,
    )


# One more report in a tally: the better of the two bests (tier, then earliest, then
# lowest id), and one more source unless it was counted (the last parameter, 0 or 1).
_BETTER = "(excluded.rank, excluded.best_at, excluded.best_item_id) < (rank, best_at, best_item_id)"
_TALLY_UPSERT = (
    "INSERT INTO event_tallies "
    "(event_id, status, kind, rank, sources, earliest, best_at, best_item_id) "
    "VALUES (?, ?, ?, ?, 1, ?, ?, ?) "
    "ON CONFLICT (event_id, status, kind) DO UPDATE SET "
    "sources = sources + ?, "
    "earliest = min(earliest, excluded.earliest), "
    f"best_at = CASE WHEN {_BETTER} THEN excluded.best_at ELSE best_at END, "
    f"best_item_id = CASE WHEN {_BETTER} THEN excluded.best_item_id ELSE best_item_id END, "
    "rank = min(rank, excluded.rank)"
)


class EventRepo(Repo):
    """Events, their reports, and whether an event was ever alerted."""

    def add_report(self, event_id: int, report: EventReport, now: datetime) -> None:
        """Record `report` in its event, and count it in the event's tallies."""
        self.db.execute("UPDATE items SET event_id = ? WHERE id = ?", [event_id, report.item_id])
        seen = self.db.execute(
            "SELECT 1 FROM event_items WHERE event_id = ? AND status IS ? AND kind = ? "
            "AND source = ? LIMIT 1",
            [event_id, report.status, report.kind, report.source],
        ).fetchone()
        row = [
            event_id,
            report.item_id,
            iso(now),
            report.source,
            report.tier,
            report.kind,
            report.status,
            iso(report.at),
            report.via,
        ]
        columns = "(event_id, item_id, added, source, tier, kind, status, at, via)"
        cur = self.db.execute(
            f"INSERT OR IGNORE INTO event_items {columns} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        if cur.rowcount == 1:
            rank = TIER_RANK.get(report.tier, OUTLET_RANK)
            at = iso(report.at)
            new_source = 0 if seen else 1
            self.db.execute(
                _TALLY_UPSERT,
                [
                    event_id,
                    report.status or "",
                    report.kind,
                    rank,
                    at,
                    at,
                    report.item_id,
                    new_source,
                ],
            )
        else:  # the item was in the event already: its row is replaced, the event recounted
            self.db.execute(
                f"INSERT OR REPLACE INTO event_items {columns} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            recount_tallies(self.db, event_id)

    def tallies(self, event_id: int) -> list[KindTally]:
        """What the event's reports add up to, per status and kind. Kept up to date as
        reports arrive, so reading them costs the same for three reports or thirty thousand."""
        rows = self.db.execute(
            "SELECT status, kind, rank, sources, earliest, best_at, best_item_id "
            "FROM event_tallies WHERE event_id = ?",
            [event_id],
        ).fetchall()
        return [
            KindTally(
                status=status or None,
                kind=kind,
                rank=rank,
                sources=sources,
                earliest=dt(earliest),
                best_at=dt(best_at),
                best_item_id=best_item_id,
            )
            for status, kind, rank, sources, earliest, best_at, best_item_id in rows
        ]

    def has_alerts(self, event_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM alerts WHERE event_id = ? LIMIT 1", [event_id])
        return row.fetchone() is not None

    def near(self, leader_key: str, start: datetime, end: datetime) -> list[Event]:
        rows = self.db.query(
            "SELECT * FROM events WHERE leader_key = ? AND at >= ? AND at <= ? ORDER BY at",
            [leader_key, iso(start), iso(end)],
        )
        return [self._event_from_row(r, with_items=False) for r in rows]

    def save(self, ev: Event, leader_key: str, best_item_id: int | None) -> int:
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

    def head(self, event_id: int) -> Event | None:
        """An event without its items: what clustering needs to extend it."""
        row = self._one("SELECT * FROM events WHERE id = ?", [event_id])
        return self._event_from_row(row, with_items=False) if row else None

    def get(self, event_id: int) -> Event | None:
        row = self._one("SELECT * FROM events WHERE id = ?", [event_id])
        return self._event_from_row(row) if row else None

    def all(self, since: datetime | None = None, until: datetime | None = None) -> list[Event]:
        sql, args = "SELECT * FROM events WHERE 1=1", []
        if since:
            sql += " AND (first_seen >= ? OR updated >= ?)"
            args += [iso(since), iso(since)]
        if until:
            sql += " AND first_seen < ?"
            args.append(iso_end(until))
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
                    "SELECT i.id, i.title, i.url, i.source, i.published, e.via FROM event_items e "
                    "JOIN items i ON i.id = e.item_id WHERE e.event_id = ? ORDER BY i.first_seen, i.id",
                    [ev.id],
                )
            )
            ev.items = [
                EventItem(
                    r["title"],
                    r["url"],
                    r["source"],
                    parse_iso(r["published"]),
                    follow_up=r["via"] == "follow-up",
                )
                for r in items
            ]
            # The sources reporting it: an analysis or a follow-up does not report it.
            ev.sources = len({r["source"] for r in items if r["via"] != "follow-up"})
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

    def alert_trail(self) -> list[tuple[int, str]]:
        """(event id, reason) of every event alert, in the order they were queued."""
        rows = self.db.execute(
            "SELECT event_id, coalesce(reason, '') FROM alerts "
            "WHERE kind = 'event' AND event_id IS NOT NULL ORDER BY id"
        ).fetchall()
        return [(int(event_id), reason) for event_id, reason in rows]

    def item_readings(self) -> dict[int, tuple[int | None, str, str | None]]:
        """Per stored item: its event (None if in none), and the kind and status read in it."""
        rows = self.db.execute(
            "SELECT i.id, i.event_id, coalesce(c.kind, 'none'), c.status FROM items i "
            "LEFT JOIN classifications c ON c.item_id = i.id"
        ).fetchall()
        return {int(i): (event_id, kind, status) for i, event_id, kind, status in rows}

    def reports(self, event_id: int) -> list[Item]:
        """An event's items with their text and classifications, oldest first."""
        sql = (
            f"{ITEM_COLUMNS} FROM event_items e JOIN items i ON i.id = e.item_id {CLASSIFIED} "
            "WHERE e.event_id = ? ORDER BY i.first_seen, i.id"
        )
        return [item_from_row(r) for r in self.db.query(sql, [event_id])]
