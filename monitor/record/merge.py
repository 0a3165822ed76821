"""The record and the monitor's own occurred events as one history, newest first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from monitor.models import Event
from monitor.record.model import HistoryEntry, RecordEntry
from monitor.record.query import SAME_DAYS, compatible


def merge(
    record: Sequence[RecordEntry], events: Iterable[Event], since: date | None = None
) -> list[HistoryEntry]:
    """Entries of `record` and occurred `events`, newest first. A detected event that
    matches a record entry (compatible kind, same leaders, within SAME_DAYS of it)
    becomes one entry of origin "both"."""
    occurred = [ev for ev in events if ev.status == "occurred"]
    pairs = _pairs(record, occurred)
    out: list[HistoryEntry] = []
    for n, ev in enumerate(occurred):
        urls = _event_urls(ev)
        if n not in pairs:
            out.append(
                HistoryEntry(
                    day=date.fromisoformat(ev.date),
                    kind=ev.kind,
                    leaders=list(ev.leaders),
                    origin="detected",
                    sources=urls,
                    event_id=ev.id,
                    title=ev.best_title or None,
                )
            )
            continue
        entry = _from_record(record[pairs[n]], "both")
        entry.sources += [u for u in urls if u not in entry.sources]
        entry.event_id = ev.id
        entry.title = ev.best_title or None
        out.append(entry)
    taken = set(pairs.values())
    out += [_from_record(r, "record") for i, r in enumerate(record) if i not in taken]
    if since is not None:
        out = [e for e in out if e.day >= since]
    out.sort(key=lambda e: e.day, reverse=True)
    return out


def _pairs(record: Sequence[RecordEntry], events: list[Event]) -> dict[int, int]:
    """Event index -> record index, closest pairs first, each side used once."""
    candidates = []
    for n, ev in enumerate(events):
        day = date.fromisoformat(ev.date)
        for i, r in enumerate(record):
            if compatible(r.kind, ev.kind) and set(r.leaders) == set(ev.leaders):
                gap = _distance(r, day)
                if gap <= SAME_DAYS:
                    candidates.append((gap, n, i))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _gap, n, i in sorted(candidates):
        if n not in pairs and i not in used:
            pairs[n] = i
            used.add(i)
    return pairs


def _distance(entry: RecordEntry, day: date) -> int:
    """Days from `day` to the entry's span (its local and UTC dates, and any end date)."""
    first = min(entry.day, entry.utc_day)
    last = max(entry.end_day or entry.day, entry.utc_day)
    if first <= day <= last:
        return 0
    return (first - day).days if day < first else (day - last).days


def _from_record(r: RecordEntry, origin: str) -> HistoryEntry:
    return HistoryEntry(
        day=r.day,
        kind=r.kind,
        leaders=list(r.leaders),
        origin=origin,
        sources=list(r.sources),
        venue=r.venue,
        initiated_by=r.initiated_by,
        note=r.note,
    )


def _event_urls(ev: Event) -> list[str]:
    urls: list[str] = []
    for u in [ev.best_url, *(i.url for i in ev.items)]:
        if u and u not in urls:
            urls.append(u)
    return urls
