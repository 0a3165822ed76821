"""Questions the record answers for context: the last one before, how many this year."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol, TypeVar

_CALLS = frozenset({"phone_call", "video_call"})
# Reports date a communication by either capital and sometimes by the day it was
# announced: a record entry this many days from an event, of a compatible kind and with
# the same leaders, is that event (the history's merge and the alerts' context agree).
SAME_DAYS = 2


class Dated(Protocol):
    @property
    def day(self) -> date: ...

    @property
    def kind(self) -> str: ...

    @property
    def leaders(self) -> Sequence[str]: ...


T = TypeVar("T", bound=Dated)


def compatible(a: str, b: str) -> bool:
    """Same kind, counting a video call and a phone call as one: reports mix them up."""
    return a == b or (a in _CALLS and b in _CALLS)


def _leaders_match(entry: Dated, leaders: Iterable[str] | None) -> bool:
    return leaders is None or set(entry.leaders) == set(leaders)


def last_before(
    entries: Iterable[T],
    kind: str | None,
    day: date,
    *,
    leaders: Iterable[str] | None = None,
    loose: bool = False,
) -> T | None:
    """The latest entry strictly before `day` of `kind` (any kind when None), between
    exactly `leaders` when given. `loose` lets a phone call answer for a video call."""
    wanted = None if leaders is None else list(leaders)
    best: T | None = None
    for e in entries:
        if e.day >= day or not _leaders_match(e, wanted):
            continue
        if kind is not None and not (compatible(e.kind, kind) if loose else e.kind == kind):
            continue
        if best is None or e.day > best.day:
            best = e
    return best


def count_in_year(
    entries: Iterable[Dated],
    year: int,
    *,
    until: date | None = None,
    kind: str | None = None,
    leaders: Iterable[str] | None = None,
) -> int:
    """How many entries fall in `year` (up to and including `until` when given)."""
    wanted = None if leaders is None else list(leaders)
    return sum(
        1
        for e in entries
        if e.day.year == year
        and (until is None or e.day <= until)
        and (kind is None or e.kind == kind)
        and _leaders_match(e, wanted)
    )
