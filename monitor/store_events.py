"""Store queries for the reports that make up an event.

A part of `Store` (mixed into it). Each (event, item) row records what that item said
(its own kind and status), its source and the source's tier, and its instant, so an
event can be re-weighed from its own rows when a report arrives, in any process.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from monitor.models import EventReport
from monitor.timeutil import iso, parse_iso

if TYPE_CHECKING:
    import sqlite_utils


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
    """Reports of events, and whether an event was ever alerted."""

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

    def event_reports(self, event_id: int) -> list[EventReport]:
        rows = self.db.execute(
            "SELECT item_id, source, tier, kind, status, at, via FROM event_items "
            "WHERE event_id = ? ORDER BY at, item_id",
            [event_id],
        ).fetchall()
        out = []
        for item_id, source, tier, kind, status, at, via in rows:
            when = parse_iso(at)
            if when is None:
                continue
            out.append(
                EventReport(
                    item_id=item_id,
                    source=source or "",
                    tier=tier or "outlet",
                    kind=kind or "none",
                    status=status,
                    at=when,
                    via=via or "rules",
                )
            )
        return out

    def has_alerts(self, event_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM alerts WHERE event_id = ? LIMIT 1", [event_id])
        return row.fetchone() is not None
