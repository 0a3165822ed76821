"""The configured sources: which ones a cycle polls, and how.

Each source's stored state is read once a cycle and brought in line with the config
(`states`); the conditional request is made from it (`request_for`); `backoff` decides,
without I/O, what a poll's outcome means for the next one and whether a source is due;
`notices` decides when a source's failing, silence, gone or recovery is worth an alert.
"""

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
    st = store.sources.source_state(source.name) or SourceState(name=source.name)
    if backoff.reconcile(st, source).reset and announce:
        log.warning("source %s: url changed in the config; polling it afresh", source.name)
    return st


def states(
    store: Store, sources: Iterable[Source], announce: bool = False
) -> dict[str, SourceState]:
    """`state_for` each source, by name: what a cycle reads once and carries to its end."""
    return {s.name: state_for(store, s, announce) for s in sources}


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


def split_gone(
    sources: list[Source], known: dict[str, SourceState]
) -> tuple[list[Source], list[Source]]:
    """(pollable, gone): a gone source stays out of cycles until its config URL changes."""
    pollable: list[Source] = []
    gone: list[Source] = []
    for source in sources:
        (pollable if backoff.pollable(known[source.name]) else gone).append(source)
    return pollable, gone


def due_sources(
    sources: list[Source], known: dict[str, SourceState], now: datetime
) -> list[Source]:
    """The sources a scheduler should poll now (the rule is `backoff.wait_reason`)."""
    return [s for s in sources if backoff.due(known[s.name], s, now)]
