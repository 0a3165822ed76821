"""Where an event stands: the last like it, how many this year, who asked, how long, where.

Pure: it takes the event, the merged history (record plus detected events) and the texts
of the event's reports, and returns the lines an alert or the digest shows. It decides
nothing about the event itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from monitor.models import Event, kind_label
from monitor.record.model import HistoryEntry
from monitor.record.query import SAME_DAYS, compatible, count_in_year, last_before
from monitor.record.reports import ReportText, stated_length, stated_venue, who_asked

_SIDE_NAMES = {"us": "the US side", "cn": "the Chinese side"}
# Parts of a venue that name the occasion rather than the place.
_OCCASION = re.compile(r"summit|G20|APEC|meeting|visit|conference", re.I)


@dataclass(frozen=True)
class Context:
    """What an alert says about where an event stands; None where nothing is known."""

    since_kind: str | None = None  # "first phone call since 2025-11-24 (72 days)"
    since_any: str | None = None  # "last contact: in-person meeting in Busan, 2025-10-30"
    this_year: str | None = None  # "their 3rd communication this year"
    asked: str | None = None  # "at the request of the US side (per xinhua)"
    length: str | None = None  # "two hours and 17 minutes (per whitehouse)"
    venue: str | None = None  # "Busan, South Korea (APEC)"

    @property
    def lines(self) -> list[str]:
        labelled = [
            (None, self.since_kind),
            (None, self.since_any),
            (None, self.this_year),
            ("Asked for", self.asked),
            ("Length", self.length),
            ("Venue", self.venue),
        ]
        return [f"{label}: {text}" if label else text for label, text in labelled if text]


def kind_words(kind: str) -> str:
    return kind_label(kind).lower()


def place(venue: str) -> str:
    """The short name of a venue: "Busan, South Korea (APEC)" -> "Busan"."""
    bare = re.sub(r"\s*\([^)]*\)", "", venue)
    parts = [p.strip() for p in bare.split(",") if p.strip()]
    named = [p for p in parts if not _OCCASION.search(p)]
    return (named or parts or [venue])[0]


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _is_self(entry: HistoryEntry, event: Event, day: date) -> bool:
    if event.id is not None and entry.event_id == event.id:
        return True
    return (
        compatible(entry.kind, event.kind)
        and set(entry.leaders) == set(event.leaders)
        and abs((entry.day - day).days) <= SAME_DAYS
    )


def _when(entry: HistoryEntry, day: date, planned: bool) -> str:
    where = f"{place(entry.venue)}, " if entry.venue and entry.kind == "in_person_meeting" else ""
    gap = "" if planned else f" ({_days((day - entry.day).days)})"
    return f"{where}{entry.day.isoformat()}{gap}"


def compute(
    event: Event, history: Sequence[HistoryEntry], reports: Sequence[ReportText]
) -> Context:
    """The context of `event` among `history` (which may hold the event itself)."""
    day = date.fromisoformat(event.date)
    planned = event.status == "planned"
    would = "would be the" if planned else ""
    own = [e for e in history if _is_self(e, event, day)]
    others = [e for e in history if not _is_self(e, event, day)]
    pair = list(event.leaders)
    words = kind_words(event.kind)

    last = last_before(others, event.kind, day, leaders=pair, loose=True)
    if last is None:
        since_kind = f"{would} first {words} between them on record"
    elif last.kind == event.kind:
        since_kind = f"{would} first {words} since {_when(last, day, planned)}"
    else:
        since_kind = (
            f"{would} first call since {_when(last, day, planned)}, a {kind_words(last.kind)}"
        )
    since_kind = since_kind.strip()
    since_kind = since_kind[0].upper() + since_kind[1:]

    since_any = None
    latest = last_before(others, None, day, leaders=pair)
    if latest is not None and (last is None or latest.day > last.day):
        since_any = f"Last contact: {kind_words(latest.kind)}, {_when(latest, day, planned)}"

    n = count_in_year(others, day.year, until=day, leaders=pair) + 1
    nth = "first" if n == 1 else ordinal(n)
    this_year = f"{'Would be their' if planned else 'Their'} {nth} communication this year"

    asked = None
    found = who_asked(reports)
    if found is not None:
        side, how, said = found
        asked = f"at the {how} of {_SIDE_NAMES[side]} (per {', '.join(said.sources)})"
    elif own and own[0].initiated_by in _SIDE_NAMES:
        asked = f"{_SIDE_NAMES[own[0].initiated_by]} (per the record)"

    said_length = stated_length(reports)
    length = f"{said_length.value} (per {said_length.sources[0]})" if said_length else None

    venue = None
    if event.kind == "in_person_meeting":
        recorded = next((e.venue for e in own if e.venue), None)
        said_venue = stated_venue(reports)
        if recorded:
            venue = recorded
        elif said_venue:
            venue = f"{said_venue.value} (per {said_venue.sources[0]})"
    return Context(
        since_kind=since_kind,
        since_any=since_any,
        this_year=this_year,
        asked=asked,
        length=length,
        venue=venue,
    )
