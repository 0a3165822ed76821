"""Identity: which keys name an item, so the same story is stored once.

The chain is GUID within a source, then canonical URL across sources, then a hash of
the normalized title and text. An item is already known when any of its keys is.
"""

from __future__ import annotations

from monitor.models import Item


def identity_keys(item: Item) -> list[str]:
    keys = []
    if item.guid:
        keys.append(f"guid:{item.source}:{item.guid}")
    if item.canonical_url:
        keys.append(f"url:{item.canonical_url}")
    keys.append(f"hash:{item.content_hash}")
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
