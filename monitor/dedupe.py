"""Identity and near-duplicates: which stored item a new one repeats.

Identity (the same item) is a chain of keys: GUID within a source, then canonical URL
across sources, then a hash of the normalized title and text within a source. An item is
already known when any of its keys is; the keys outlive pruned items (tombstones), so
nothing old comes back as new.

A near-duplicate (wire copy in another outlet, a "Headline - Outlet" credit, a small
edit) is a new report of a stored item: it is stored, and points at its original. It is
found through MinHash band keys persisted in the store, looked up only among items first
seen within `HORIZON`, so the cost of a lookup does not grow with the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from monitor import minhash
from monitor.models import Item

HORIZON = timedelta(days=7)  # copies of a story appear within days, not weeks
NEAR = 0.5  # word-bigram Jaccard from which two texts are one story
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
    return f"{minhash.strip_outlet(title)} {body}"


@dataclass
class Fingerprint:
    grams: set[str]
    bands: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, item: Item) -> Fingerprint:
        grams = minhash.shingles(near_text(item.title, item.summary, item.text))
        bands = minhash.band_keys(minhash.signature(grams)) if grams else []
        return cls(grams, bands)


@dataclass(frozen=True)
class NearMatch:
    """The stored item a new one is a near-duplicate of."""

    item_id: int
    event_id: int | None
    similarity: float


class NearStore(Protocol):
    def first_item_since(self, since: datetime) -> int | None: ...

    def near_candidates(
        self, bands: list[int], min_item_id: int
    ) -> list[tuple[int, int | None, str, str, str]]: ...


def find_near(store: NearStore, fp: Fingerprint, now: datetime) -> NearMatch | None:
    """The most similar stored item first seen within HORIZON, if it is similar enough."""
    if not fp.bands:
        return None
    floor = store.first_item_since(now - HORIZON)
    if floor is None:
        return None
    best: NearMatch | None = None
    for item_id, event_id, title, summary, text in store.near_candidates(fp.bands, floor):
        score = minhash.jaccard(fp.grams, minhash.shingles(near_text(title, summary, text)))
        if score < NEAR:
            continue
        # Among equally close originals, one already in an event says more.
        if best is None or (score, event_id is not None) > (
            best.similarity,
            best.event_id is not None,
        ):
            best = NearMatch(item_id, event_id, score)
    return best
