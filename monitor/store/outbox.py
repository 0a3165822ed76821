"""The outbox's part of the store: alerts, their deliveries per channel, and digests.

Rows never leave here: they become `Delivery` dataclasses first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from monitor.models import Delivery
from monitor.store.repo import Repo
from monitor.store.rows import pk
from monitor.timeutil import iso, parse_iso

_DELIVERY_SQL = (
    "SELECT d.*, a.event_id, a.reason, a.kind, a.subject, a.payload "
    "FROM deliveries d JOIN alerts a ON a.id = d.alert_id"
)


def migrate_alerts_outbox(db: Any) -> None:
    """Alerts about more than events (source health, digests), claims, health memory."""
    alerts = db.table("alerts")
    alerts.add_column("kind", str, not_null_default="event")
    alerts.add_column("key", str)  # set for alerts that must be queued once only
    alerts.add_column("subject", str)
    alerts.add_column("payload", str)
    alerts.create_index(["key"], unique=True)
    deliveries = db.table("deliveries")
    # A flusher claims rows before sending, so two flushers never send the same row.
    deliveries.add_column("claimed_by", str)
    deliveries.add_column("claimed_until", str)
    deliveries.create_index(["channel", "state"])
    db.table("source_health").create(
        {"name": str, "state": str, "since": str, "baseline": str, "alerted": str}, pk="name"
    )


class OutboxRepo(Repo):
    """Every query of the outbox: queueing, claiming, sending, retrying; digests kept."""

    # -- queueing -------------------------------------------------------------------------

    def enqueue_alert(
        self,
        kind: str,
        channels: Iterable[str],
        now: datetime,
        *,
        event_id: int | None = None,
        reason: str | None = None,
        key: str | None = None,
        subject: str = "",
        payload: dict[str, Any] | None = None,
    ) -> int | None:
        """One alert row and one pending delivery per channel; None if `key` was queued before."""
        channels = list(channels)
        if not channels:
            return None
        if key is not None and self._one("SELECT id FROM alerts WHERE key = ?", [key]):
            return None
        alert_id = pk(
            self.db.table("alerts")
            .insert(
                {
                    "event_id": event_id,
                    "reason": reason,
                    "created": iso(now),
                    "kind": kind,
                    "key": key,
                    "subject": subject,
                    "payload": json.dumps(payload or {}),
                }
            )
            .last_pk
        )
        self.db.table("deliveries").insert_all(
            [
                {
                    "alert_id": alert_id,
                    "channel": ch,
                    "state": "pending",
                    "attempts": 0,
                    "next_attempt": iso(now),
                    "created": iso(now),
                }
                for ch in channels
            ]
        )
        return alert_id

    # -- flushing -------------------------------------------------------------------------

    def claim_due(
        self, now: datetime, owner: str, until: datetime, alive: Callable[[str], bool]
    ) -> list[Delivery]:
        """Claim every due pending delivery not held by another live flusher, oldest first."""
        now_s = iso(now) or ""
        with self.transaction():
            rows = list(
                self.db.query(
                    f"{_DELIVERY_SQL} WHERE d.state = 'pending' AND d.next_attempt <= ? "
                    "ORDER BY d.id",
                    [now_s],
                )
            )
            free = [
                r
                for r in rows
                if not r["claimed_by"]
                or (r["claimed_until"] or "") <= now_s
                or not alive(r["claimed_by"])
            ]
            for r in free:
                self.db.execute(
                    "UPDATE deliveries SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                    [owner, iso(until), r["id"]],
                )
        return [_delivery(r) for r in free]

    def record_sent(self, delivery_id: int, attempts: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE deliveries SET state = 'sent', attempts = ?, sent_at = ?, last_error = NULL, "
            "claimed_by = NULL, claimed_until = NULL WHERE id = ?",
            [attempts, iso(now), delivery_id],
        )

    def record_failure(
        self, delivery_id: int, attempts: int, error: str, next_attempt: datetime | None
    ) -> None:
        """A failed attempt: retry at `next_attempt`, or dead when it is None."""
        state = "pending" if next_attempt else "dead"
        self.db.execute(
            "UPDATE deliveries SET state = ?, attempts = ?, last_error = ?, next_attempt = ?, "
            "claimed_by = NULL, claimed_until = NULL WHERE id = ?",
            [state, attempts, error, iso(next_attempt) if next_attempt else None, delivery_id],
        )

    def release(self, delivery_ids: Iterable[int], not_before: datetime | None = None) -> None:
        """Give claimed rows back unsent, without counting an attempt."""
        for delivery_id in delivery_ids:
            if not_before is None:
                self.db.execute(
                    "UPDATE deliveries SET claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                    [delivery_id],
                )
            else:
                self.db.execute(
                    "UPDATE deliveries SET claimed_by = NULL, claimed_until = NULL, "
                    "next_attempt = max(next_attempt, ?) WHERE id = ?",
                    [iso(not_before), delivery_id],
                )

    def defer_channel(self, channel: str, until: datetime) -> None:
        """Hold a failing channel's other pending rows until its next retry (no attempt counted)."""
        self.db.execute(
            "UPDATE deliveries SET next_attempt = ? WHERE channel = ? AND state = 'pending' "
            "AND next_attempt < ? AND claimed_by IS NULL",
            [iso(until), channel, iso(until)],
        )

    # -- listing and repair ---------------------------------------------------------------

    def deliveries(
        self, states: Iterable[str] | None = None, channel: str | None = None, limit: int = 1000
    ) -> list[Delivery]:
        sql, args = _DELIVERY_SQL + " WHERE 1=1", list[Any]()
        states = list(states or [])
        if states:
            sql += f" AND d.state IN ({','.join('?' for _ in states)})"
            args += states
        if channel:
            sql += " AND d.channel = ?"
            args.append(channel)
        sql += " ORDER BY d.id DESC LIMIT ?"
        args.append(limit)
        return [_delivery(r) for r in self.db.query(sql, args)]

    def delivery_counts(self) -> dict[str, int]:
        return {
            r["state"]: r["n"]
            for r in self.db.query("SELECT state, count(*) AS n FROM deliveries GROUP BY state")
        }

    def retry_dead(self, now: datetime, channel: str | None = None) -> int:
        """Dead deliveries become pending again, due now, with a fresh count of attempts."""
        sql = (
            "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt = ?, "
            "claimed_by = NULL, claimed_until = NULL WHERE state = 'dead'"
        )
        args: list[Any] = [iso(now)]
        if channel:
            sql += " AND channel = ?"
            args.append(channel)
        return int(self.db.execute(sql, args).rowcount)

    def event_score(self, event_id: int) -> float:
        """The highest classifier score among the event's reports."""
        row = self._one(
            "SELECT max(c.score) AS score FROM event_items e "
            "JOIN classifications c ON c.item_id = e.item_id WHERE e.event_id = ?",
            [event_id],
        )
        return float(row["score"] or 0.0) if row else 0.0

    def digest_files(self, day: str) -> tuple[str, str] | None:
        """The stored (markdown, html) of a digest, as last written."""
        row = self._one("SELECT markdown, html FROM digests WHERE date = ?", [day])
        return (row["markdown"], row["html"]) if row else None

    # -- digests --------------------------------------------------------------------------

    def record_digest(self, day: str, markdown: str, html: str, now: datetime) -> None:
        self.db.table("digests").upsert(
            {"date": day, "markdown": markdown, "html": html, "created": iso(now)}, pk="date"
        )


def _delivery(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=row["id"],
        alert_id=row["alert_id"],
        channel=row["channel"],
        state=row["state"],
        kind=row["kind"] or "event",
        attempts=row["attempts"] or 0,
        next_attempt=parse_iso(row["next_attempt"]),
        last_error=row["last_error"],
        sent_at=parse_iso(row["sent_at"]),
        created=parse_iso(row["created"]),
        event_id=row["event_id"],
        reason=row["reason"],
        subject=row["subject"] or "",
        payload=json.loads(row["payload"] or "{}"),
    )
