"""What a cycle carries: its context (settings, store, classifier, fetcher), the new items
it found and each source's poll between fetch and store."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from monitor import dedupe
from monitor.config import Settings
from monitor.fetch import DEFAULT_USER_AGENT, Fetcher
from monitor.models import Classification, Document, Item, PollReport, Source, SourceState
from monitor.store import Store


class Classifies(Protocol):
    def classify(self, doc: Document, now: datetime) -> Classification: ...

    def mentions_leader(self, text: str) -> bool: ...


@dataclass
class Context:
    settings: Settings
    store: Store
    classifier: Classifies
    catchup: bool = False
    rng: random.Random = field(default_factory=random.Random)  # backoff jitter
    fetcher: Fetcher | None = None  # made on first use; keeps per-host spacing across cycles
    # Band keys of recent items; None: the process-wide index of this database.
    near: dedupe.NearIndex | None = None

    def get_fetcher(self) -> Fetcher:
        if self.fetcher is None:
            self.fetcher = make_fetcher(self.settings)
        return self.fetcher


@dataclass(slots=True)
class NewItem:
    """An item not seen before, with the identity keys it was found new by."""

    item: Item
    keys: list[str]


@dataclass
class SourcePoll:
    """One source's poll between its fetch and its transaction."""

    source: Source
    state: SourceState
    report: PollReport  # its `catchup`: record without alerting
    items: list[NewItem] = field(default_factory=list)


def make_fetcher(settings: Settings) -> Fetcher:
    return Fetcher(settings.fetch, settings.user_agent or DEFAULT_USER_AGENT)
