"""Fetch what an event's context needs from the store, and compute it.

Called only when an alert or the digest is rendered. The shipped record is read once per
process.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monitor.errors import MonitorError
from monitor.models import Event, Item
from monitor.record.context import Context, compute
from monitor.record.loader import load_record
from monitor.record.merge import merge
from monitor.record.model import HistoryEntry, RecordEntry
from monitor.record.readouts import Readouts, readouts
from monitor.record.reports import ReportText
from monitor.store import Store

if TYPE_CHECKING:
    from monitor.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventContext:
    context: Context
    readouts: Readouts | None


@functools.cache
def shipped() -> tuple[RecordEntry, ...]:
    return load_record()


def history(store: Store, record: Sequence[RecordEntry] | None = None) -> list[HistoryEntry]:
    """The record merged with the store's occurred events, newest first."""
    return merge(shipped() if record is None else record, store.events.all())


def texts(items: Sequence[Item]) -> list[ReportText]:
    return [(i.source, "\n".join(p for p in (i.title, i.summary, i.text) if p)) for i in items]


def for_event(
    store: Store,
    settings: Settings,
    event: Event,
    merged: Sequence[HistoryEntry] | None = None,
) -> EventContext:
    """The context and the readouts of `event`; `merged` saves reloading the history
    when many events are rendered at once."""
    items = store.events.reports(event.id) if event.id is not None else []
    # By source: reports that arrive in one cycle are stored in the order their fetches
    # ended, which must not change what the context says or the order it names sources.
    items.sort(key=lambda i: i.source)
    sides = {s.name: s.side for s in settings.sources}
    tiers = {s.name: s.tier for s in settings.sources}
    return EventContext(
        context=compute(event, history(store) if merged is None else merged, texts(items)),
        readouts=readouts(items, sides, tiers),
    )


def for_alert(
    store: Store,
    settings: Settings,
    event: Event,
    merged: Sequence[HistoryEntry] | None = None,
) -> EventContext | None:
    """As for_event, but an alert goes out without context rather than not at all."""
    try:
        return for_event(store, settings, event, merged)
    except (MonitorError, sqlite3.Error, ValueError) as exc:
        log.warning("context for event %s left out: %s", event.id, exc)
        return None


def alert_history(store: Store) -> list[HistoryEntry] | None:
    """The history for a round of alerts, read once for all of them; None (said once) when
    it cannot be read, and the alerts go out without context."""
    try:
        return history(store)
    except (MonitorError, sqlite3.Error, ValueError) as exc:
        log.warning("context left out of these alerts: %s", exc)
        return None


def safe_history(store: Store) -> list[HistoryEntry]:
    """The history, or only the detected events when the record cannot be read."""
    try:
        return history(store)
    except MonitorError as exc:
        log.warning("record left out: %s", exc)
        return history(store, record=())
