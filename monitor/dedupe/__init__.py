"""Identity and near-duplicates: which stored item a new one repeats.

Identity (the same item) is a chain of keys: GUID within a source, then canonical URL
across sources, then a hash of the normalized title and text within a source. An item is
already known when any of its keys is; the keys outlive pruned items (tombstones), so
nothing old comes back as new.

A near-duplicate (wire copy in another outlet, a "Headline - Outlet" credit, a small
edit) is a new report of a stored item: it is stored, and points at its original. It is
found through MinHash: signatures are stored with the items, and the band keys of the
items first seen within `HORIZON` are held in memory (`NearIndex`), so the cost of a
lookup does not grow with the store.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import ModuleType
from typing import Protocol

from monitor.models import Item


def _minhash() -> ModuleType:
    """minhash (and numpy, a third of a second to import), loaded on the first new item:
    a poll that finds nothing new never needs it."""
    from monitor.dedupe import minhash

    return minhash


HORIZON = timedelta(days=7)  # copies of a story appear within days, not weeks
NEAR = 0.5  # word-bigram Jaccard (estimated) from which two texts are one story
COPY = 0.8  # from here on a copy is near-verbatim: it joins its original's event on its own
BODY_WORDS = 80  # enough of the lead to tell copies apart; full bodies only add cost


def identity_keys(item: Item) -> list[str]:
    keys = []
    if item.guid:
        keys.append(f"guid:{item.source}:{item.guid}")
    if item.canonical_url:
        keys.append(f"url:{item.canonical_url}")
    # Within a source: the same text under a new GUID and URL (a feed that changed its
    # links). The same text from another source is another report: a near-duplicate.
    keys.append(f"hash:{item.source}:{item.content_hash}")
    return keys


def unique_within(items: list[Item]) -> list[Item]:
    """Drop repeats inside one batch (a feed listing the same entry twice)."""
    seen: set[str] = set()
    out = []
    for item in items:
        keys = identity_keys(item)
        if seen.intersection(keys):
            continue
        seen.update(keys)
        out.append(item)
    return out


def near_text(title: str, summary: str, text: str) -> str:
    """What near-duplicates are compared on: the headline without its outlet credit and the lead."""
    body = " ".join((summary or text).split()[:BODY_WORDS])
    return f"{_minhash().strip_outlet(title)} {body}"


@dataclass
class Fingerprint:
    """An item's MinHash signature (empty for an item without words) and its band keys."""

    signature: bytes
    bands: list[int]

    @classmethod
    def of(cls, item: Item) -> Fingerprint:
        return cls(*_minhash().fingerprint(near_text(item.title, item.summary, item.text)))


@dataclass(frozen=True)
class NearMatch:
    """The stored item a new one is a near-duplicate of."""

    item_id: int
    event_id: int | None
    similarity: float


class NearStore(Protocol):
    def first_item_since(self, since: datetime) -> int | None: ...

    def next_item_id(self) -> int: ...

    def near_signatures(self, after_id: int) -> list[tuple[int, bytes]]: ...

    def item_event(self, item_id: int) -> tuple[bool, int | None]: ...


class NearIndex:
    """Band keys of the items first seen within HORIZON, held in memory.

    Signatures are stored with their items; `sync` loads those this index has not seen
    (all of the window when a process starts, then what other processes added) and
    forgets items that left the window. A lookup reads at most `PER_BAND` newest items
    per band and estimates at most `CANDIDATES` of them, so neither the size of the store
    nor a band that boilerplate makes common changes its cost.
    """

    PER_BAND = 4
    CANDIDATES = 8

    def __init__(self) -> None:
        # Held for a whole poll's ingest, inside its write transaction; polls of one
        # database are serialized by SQLite anyway, so this never waits long.
        self.lock = threading.RLock()
        # Lists, not deques: nearly every band holds one item, and an empty deque alone
        # is many times the size of a one-item list.
        self._buckets: dict[int, list[int]] = {}
        self._sigs: dict[int, bytes] = {}
        self._order: deque[int] = deque()
        self._synced = 0  # every stored signature up to this id has been loaded

    def __len__(self) -> int:
        return len(self._sigs)

    def sync(self, store: NearStore, now: datetime) -> None:
        floor = store.first_item_since(now - HORIZON) or store.next_item_id()
        rows = store.near_signatures(max(self._synced, floor - 1))
        new = [(item_id, sig) for item_id, sig in rows if item_id not in self._sigs and sig]
        for (item_id, sig), bands in zip(
            new, _minhash().band_keys_many([sig for _, sig in new]), strict=True
        ):
            self.add(item_id, sig, bands)
        if rows:
            self._synced = max(self._synced, rows[-1][0])
        while self._order and self._order[0] < floor:
            self._forget(self._order.popleft())

    def add(self, item_id: int, sig: bytes, bands: list[int] | None = None) -> None:
        if not sig:
            return
        self._sigs[item_id] = sig
        self._order.append(item_id)
        for band in bands if bands is not None else _minhash().band_keys(sig):
            self._buckets.setdefault(band, []).append(item_id)

    def find(self, store: NearStore, fp: Fingerprint) -> NearMatch | None:
        """The most similar item in the window, if at least NEAR similar."""
        if not fp.signature:
            return None
        shared: Counter[int] = Counter()
        for band in fp.bands:
            bucket = self._buckets.get(band)
            if bucket:
                shared.update(bucket[-i] for i in range(1, min(len(bucket), self.PER_BAND) + 1))
        if not shared:
            return None
        ids = [i for i, _ in shared.most_common(self.CANDIDATES)]
        scores = _minhash().estimates(fp.signature, [self._sigs[i] for i in ids])
        score, item_id = max(zip(scores, ids, strict=True))
        if score < NEAR:
            return None
        stored, event_id = store.item_event(item_id)
        if not stored:  # added in a transaction that was rolled back
            self._forget(item_id)
            return None
        return NearMatch(item_id, event_id, score)

    def _forget(self, item_id: int) -> None:
        sig = self._sigs.pop(item_id, None)
        if sig is None:
            return
        for band in _minhash().band_keys(sig):
            bucket = self._buckets.get(band)
            if bucket is None:
                continue
            if item_id in bucket:
                bucket.remove(item_id)
            if not bucket:
                del self._buckets[band]


_SHARED: dict[str, NearIndex] = {}
_SHARED_LOCK = threading.Lock()


def shared_index(database: str) -> NearIndex:
    """The one index of a database in this process: loaded once, then kept up to date,
    whichever thread polls next (the daemon makes a context per poll)."""
    with _SHARED_LOCK:
        return _SHARED.setdefault(database, NearIndex())
