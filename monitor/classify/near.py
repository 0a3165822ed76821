"""What is named near an offset, found by bisection rather than by a scan of the sentence."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Generic, TypeVar

from monitor.classify.roster import Head, Mention

T = TypeVar("T")


class Near(Generic[T]):
    """Things named in text order. Their mentions never overlap, so their ends are in
    order too."""

    __slots__ = ("_ends", "_items", "_starts")

    def __init__(self, items: list[T], mention: Callable[[T], Mention]) -> None:
        self._items = items
        spans = [mention(x) for x in items]
        self._starts = [m.start for m in spans]
        self._ends = [m.end for m in spans]

    def starting(self, lo: int, hi: int) -> list[T]:
        """The items whose mention starts within [lo, hi]."""
        return self._items[bisect_left(self._starts, lo) : bisect_right(self._starts, hi)]

    def ending(self, lo: int, hi: int) -> list[T]:
        """The items whose mention ends within [lo, hi]."""
        return self._items[bisect_left(self._ends, lo) : bisect_right(self._ends, hi)]

    def closest(self, at: int) -> T | None:
        """The item whose mention starts nearest `at` (the earlier of two as near)."""
        i = bisect_left(self._starts, at)
        if i == len(self._items):
            return self._items[i - 1] if i else None
        if i and at - self._starts[i - 1] <= self._starts[i] - at:
            return self._items[i - 1]
        return self._items[i]


def mentions(items: list[Mention]) -> Near[Mention]:
    return Near(items, lambda m: m)


def heads(items: list[Head]) -> Near[Head]:
    return Near(items, lambda h: h.mention)
