"""The sources' part of the store: each source's polling state and its health record.

Rows never leave here: they become `SourceState` and `SourceHealth` dataclasses first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monitor.models import SourceHealth, SourceState
from monitor.store.repo import Repo
from monitor.timeutil import iso, parse_iso


class SourceRepo(Repo):
    """Each source's state between polls, and what its health alerts last said."""

    def source_state(self, name: str) -> SourceState | None:
        row = self._one("SELECT * FROM sources WHERE name = ?", [name])
        return _source_from_row(row) if row else None

    def source_states(self) -> list[SourceState]:
        return [_source_from_row(r) for r in self.db.query("SELECT * FROM sources ORDER BY name")]

    def save_source_state(self, st: SourceState) -> None:
        # A plain statement: it runs for every source of every poll, and sqlite-utils'
        # upsert reads the table's columns on each call, which costs more than the write.
        row = {k: (iso(v) if isinstance(v, datetime) else v) for k, v in vars(st).items()}
        cols = ", ".join(row)
        updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "name")
        self.db.execute(
            f"INSERT INTO sources ({cols}) VALUES ({', '.join('?' for _ in row)}) "
            f"ON CONFLICT(name) DO UPDATE SET {updates}",
            list(row.values()),
        )

    def source_health(self, name: str) -> SourceHealth | None:
        row = self._one("SELECT * FROM source_health WHERE name = ?", [name])
        if row is None:
            return None
        return SourceHealth(
            name=row["name"],
            state=row["state"],
            since=parse_iso(row["since"]),
            baseline=parse_iso(row["baseline"]),
            alerted=parse_iso(row["alerted"]),
        )

    def source_healths(self) -> dict[str, SourceHealth]:
        names = [r["name"] for r in self.db.query("SELECT name FROM source_health")]
        return {n: h for n in names if (h := self.source_health(n))}

    def save_source_health(self, health: SourceHealth) -> None:
        self.db.table("source_health").upsert(
            {
                "name": health.name,
                "state": health.state,
                "since": iso(health.since),
                "baseline": iso(health.baseline),
                "alerted": iso(health.alerted),
            },
            pk="name",
        )


def _source_from_row(row: dict[str, Any]) -> SourceState:
    st = SourceState(name=row["name"])
    for key in vars(st):
        if key in row and row[key] is not None:
            value = row[key]
            if key in {"last_poll", "last_success", "last_error_at", "next_poll", "last_new_item"}:
                value = parse_iso(value)
            setattr(st, key, value)
    return st
