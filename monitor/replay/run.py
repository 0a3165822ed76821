"""Replaying labelled items, with their dates, through the pipeline into a scratch state.

Each record becomes a feed entry of a source named after its outlet and is handed, in
published order, to the same `pipeline.new_items` and `pipeline.commit` that every poll
of `monitor once` runs (normalize, identity, near-duplicates, classify, events, outbox),
with the clock set to the record's date. Fetching and parsing are left out: they decide
what text arrives, not what it means, and a served feed would only add seconds. The
state lives in a temporary directory, removed afterwards; the outbox is read, never
flushed, so no alert leaves the machine.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor import dedupe, pipeline
from monitor import sources as sources_
from monitor.classify.records import parse_published
from monitor.config import Settings
from monitor.models import Channel, Entry, PollReport, Source
from monitor.store import Store

# Records dated by day only are taken as noon UTC: the middle of that day everywhere.
NOON = time(12, tzinfo=UTC)
CAPTURE = Channel(name="replay", url="json://127.0.0.1/")  # queued for, never sent to


@dataclass
class Replayed:
    """What the pipeline made of the records."""

    item_of: dict[str, int] = field(default_factory=dict)  # record id -> stored item id
    # item id -> (event id, kind read, status read)
    readings: dict[int, tuple[int | None, str, str | None]] = field(default_factory=dict)
    alerts: list[tuple[int, str]] = field(default_factory=list)  # (event id, reason)
    undated: int = 0  # records without a `published` date, replayed last


def instant(value: Any) -> datetime | None:
    """A record's `published`: an ISO datetime, or a date meaning noon UTC that day; any
    other form the labelled records may hold (RFC 822, ...) as `evaluate` reads it."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    if len(text) == 7:  # a bare month
        text += "-01"
    try:
        if len(text) == 10:
            return datetime.combine(datetime.fromisoformat(text).date(), NOON)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return parse_published(value)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def _source_name(outlet: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")[:48] or "unknown"


def _tier(settings: Settings, url: str | None) -> str:
    """The tier of the configured source on the same host as `url`, else an outlet's."""
    host = urlsplit(url or "").hostname
    for s in settings.sources:
        if host and urlsplit(s.url).hostname == host:
            return s.tier
    return "outlet"


def scratch_settings(settings: Settings, state_dir: Path) -> Settings:
    """The user's rules and [events] settings, a scratch state, one capturing channel."""
    return replace(settings, state_dir=state_dir, channels=(CAPTURE,), digest_channels=())


def replay(
    settings: Settings,
    classifier: pipeline.Classifies,
    records: Iterable[dict[str, Any]],
    now: datetime,
) -> Replayed:
    """Run `records` (each with `id`, `title` and a `published` date) through the pipeline.

    Records without a date come last, undated, as of `now` (or the last date, if later):
    as a feed entry without one is dated when first seen, and as the item-level
    evaluation judges them.
    """
    keyed = [(instant(r.get("published")), str(r.get("id", "")), r) for r in records]
    dated = sorted(((at, rid, r) for at, rid, r in keyed if at), key=lambda x: (x[0], x[1]))
    last = max([now, *(at for at, _, _ in dated)])
    undated = sorted(((rid, r) for at, rid, r in keyed if at is None), key=lambda x: x[0])
    ordered: list[tuple[datetime, datetime | None, str, dict[str, Any]]]
    ordered = [(at, at, rid, r) for at, rid, r in dated]
    ordered += [(last, None, rid, r) for rid, r in undated]
    out = Replayed(undated=len(undated))
    with tempfile.TemporaryDirectory(prefix="monitor-replay-") as tmp:
        scratch = scratch_settings(settings, Path(tmp))
        store = Store(scratch.db_path)
        try:
            ctx = pipeline.Context(scratch, store, classifier, near=dedupe.NearIndex())
            for at, published, rid, record in ordered:
                source = Source(
                    name=_source_name(str(record.get("source") or "")),
                    kind="rss",
                    url=str(record.get("url") or ""),
                    interval=600.0,
                    tier=_tier(settings, record.get("url")),
                )
                entry = Entry(
                    title=str(record.get("title") or ""),
                    url=record.get("url") if isinstance(record.get("url"), str) else None,
                    guid=rid or None,
                    summary=str(record.get("summary") or ""),
                    text=str(record.get("text") or ""),
                    published=published,
                )
                # Committed with `ctx` itself, never a catch-up one: every item may alert.
                state = sources_.state_for(store, source)
                items = pipeline.new_items(store, source, [entry], at)
                poll = pipeline.SourcePoll(source, state, PollReport(source.name, True), items)
                pipeline.commit(ctx, poll, at)
                for new in items:
                    if new.item.id is not None:
                        out.item_of[rid] = new.item.id
            out.readings = store.events.item_readings()
            out.alerts = store.events.alert_trail()
        finally:
            store.close()
    return out
