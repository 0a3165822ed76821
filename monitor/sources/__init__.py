"""Which sources a cycle polls, and how: each one's stored state reconciled with the config,
the conditional request made from it, and the sources that are gone or not yet due."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from monitor.config import Settings
from monitor.models import FetchRequest, Source, SourceState
from monitor.sources import backoff
from monitor.store import Store

log = logging.getLogger(__name__)


def state_for(store: Store, source: Source, announce: bool = False) -> SourceState:
    """The source's stored state (a fresh one for a new source), brought in line with the
    config; with `announce`, a changed URL is logged (once a cycle, by the cycle)."""
    st = store.source_state(source.name) or SourceState(name=source.name)
    if backoff.reconcile(st, source).reset and announce:
        log.warning("source %s: url changed in the config; polling it afresh", source.name)
    return st


def request_for(source: Source, st: SourceState) -> FetchRequest:
    """A conditional request at the source's current URL."""
    return FetchRequest(
        source=source.name,
        url=backoff.request_url(st, source),
        etag=st.etag,
        last_modified=st.last_modified,
        body_hash=st.body_hash,
    )


def select_sources(settings: Settings, names: Iterable[str] | None) -> list[Source]:
    """The named sources (enabled or not), else every enabled one."""
    if names:
        wanted = set(names)
        return [s for s in settings.sources if s.name in wanted]
    return [s for s in settings.sources if s.enabled]


def split_gone(store: Store, sources: list[Source]) -> tuple[list[Source], list[Source]]:
    """(pollable, gone): a gone source stays out of cycles until its config URL changes."""
    pollable: list[Source] = []
    gone: list[Source] = []
    for source in sources:
        (pollable if backoff.pollable(state_for(store, source)) else gone).append(source)
    return pollable, gone


def due_sources(store: Store, sources: list[Source], now: datetime) -> list[Source]:
    """The sources a scheduler should poll now: not gone, and their next poll has come."""
    return [s for s in sources if backoff.due(state_for(store, s), now)]
